// The identities the mock knows: one tenant (id and verified domains) and its app registrations.
// A plain copy of the scenario's data, so the auth layer does not depend on simulator headers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"

namespace tenantsim::auth {

// Seconds since the Unix epoch (UTC), the unit of JWT NumericDate claims.
using UnixSeconds = int64_t;

struct App {
  std::string displayName;
  std::string clientId;                  // GUID, the token's appid/azp
  std::string secret;                    // empty = secrets not accepted
  std::vector<std::string> permissions;  // application roles, e.g. "AuditLog.Read.All"
  std::string certificatePem;            // empty = client assertions not accepted
};

struct TenantDirectory {
  std::string tenantId;              // GUID, lower case
  std::string displayName;           // e.g. "Contoso"
  std::vector<std::string> domains;  // e.g. "contoso.onmicrosoft.com"
  std::vector<App> apps;

  // The app whose clientId equals client_id (GUIDs compare case-insensitively), or nullptr.
  const App* findApp(std::string_view clientId) const;

  // True when segment names this tenant: its id or one of its domains (case-insensitive).
  bool matchesTenant(std::string_view segment) const;
};

// "common", "organizations" or "consumers": multi-tenant aliases, no tenant of their own.
bool isMultiTenantAlias(std::string_view segment);

}  // namespace tenantsim::auth
