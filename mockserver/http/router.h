// Maps a request (method + decoded path segments) to what answers it, the way Graph and Entra
// resolve paths: segment names case-insensitively, ids and function arguments verbatim.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mockserver/http/pipeline.h"
#include "simulator/graph/render.h"

namespace tenantsim::mock {

enum class RouteKind {
  DirectoryAuditList,
  DirectoryAuditItem,
  AuditEventList,
  AuditEventItem,
  SignInList,           // auditLogs/signIns
  SignInItem,           // auditLogs/signIns/{id}
  AlertList,            // security/alerts_v2
  AlertItem,            // security/alerts_v2/{id}
  IncidentList,         // security/incidents
  IncidentItem,         // security/incidents/{id}
  ProvisioningList,     // auditLogs/provisioning (beta also auditLogs/directoryProvisioning)
  ProvisioningItem,     // auditLogs/provisioning/{id}
  RiskDetectionList,    // identityProtection/riskDetections
  RiskDetectionItem,    // identityProtection/riskDetections/{id}
  RiskyUserList,        // identityProtection/riskyUsers
  RiskyUserItem,        // identityProtection/riskyUsers/{id}
  RiskyUserHistory,     // identityProtection/riskyUsers/{id}/history
  SpRiskDetectionList,  // identityProtection/servicePrincipalRiskDetections
  SpRiskDetectionItem,  // identityProtection/servicePrincipalRiskDetections/{id}
  RiskySpList,          // identityProtection/riskyServicePrincipals
  RiskySpItem,          // identityProtection/riskyServicePrincipals/{id}
  RiskySpHistory,       // identityProtection/riskyServicePrincipals/{id}/history
  AuditCategories,      // deviceManagement/auditEvents/getAuditCategories[()]
  AuditActivityTypes,   // deviceManagement/auditEvents/getAuditActivityTypes(category='X')
  Token,                // /{tenant}/oauth2[/v2.0]/token
  OpenIdConfiguration,  // /{tenant}[/v2.0]/.well-known/openid-configuration
  Keys,                 // /{tenant}/discovery[/v2.0]/keys
  InstanceDiscovery,    // /common/discovery/instance
  Admin,                // /_tenantsim/... (answered by the admin stage when present)
  UnknownVersion,       // /v2.0/..., /v1/...: 404
  UnknownSegment,       // a Graph path naming something we do not have: 400
  BadFunctionCall,      // getAuditActivityTypes without a usable category: 400
  NotFound,             // anything else: 404
};

struct Route {
  RouteKind kind = RouteKind::NotFound;
  Endpoint endpoint = Endpoint::Other;
  ApiVersion api = ApiVersion::V1;
  bool methodAllowed = true;  // false: the path exists but not for this method (405)
  std::string allow;          // the methods it takes, for the Allow header
  std::string argument;       // item id, function argument, unknown segment or version
  std::string tenant;         // identity routes: the {tenant} segment
  bool oidcV2 = true;         // OpenIdConfiguration: v2.0 document (else v1)
};

Route matchRoute(std::string_view method, const std::vector<std::string>& segments);

}  // namespace tenantsim::mock
