#include "mockserver/auth/directory.h"

#include <algorithm>
#include <cctype>

namespace tenantsim::auth {

const App* TenantDirectory::findApp(std::string_view clientId) const {
  for (const App& app : apps) {
    if (!clientId.empty() && equalsIgnoreAsciiCase(app.clientId, clientId)) return &app;
  }
  return nullptr;
}

bool TenantDirectory::matchesTenant(std::string_view segment) const {
  if (segment.empty()) return false;
  if (equalsIgnoreAsciiCase(segment, tenantId)) return true;
  return std::any_of(domains.begin(), domains.end(), [segment](const std::string& domain) {
    return equalsIgnoreAsciiCase(domain, segment);
  });
}

bool isMultiTenantAlias(std::string_view segment) {
  return equalsIgnoreAsciiCase(segment, "common") ||
         equalsIgnoreAsciiCase(segment, "organizations") ||
         equalsIgnoreAsciiCase(segment, "consumers");
}

}  // namespace tenantsim::auth
