#include "mockserver/auth/directory.h"

#include <algorithm>
#include <cctype>

namespace tenantsim::auth {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

const App* TenantDirectory::findApp(std::string_view client_id) const {
  for (const App& app : apps) {
    if (!client_id.empty() && equalsIgnoreCase(app.clientId, client_id)) return &app;
  }
  return nullptr;
}

bool TenantDirectory::matchesTenant(std::string_view segment) const {
  if (segment.empty()) return false;
  if (equalsIgnoreCase(segment, tenantId)) return true;
  return std::any_of(domains.begin(), domains.end(), [segment](const std::string& domain) {
    return equalsIgnoreCase(domain, segment);
  });
}

bool isMultiTenantAlias(std::string_view segment) {
  return equalsIgnoreCase(segment, "common") || equalsIgnoreCase(segment, "organizations") ||
         equalsIgnoreCase(segment, "consumers");
}

}  // namespace tenantsim::auth
