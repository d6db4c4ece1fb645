// GET /{v1.0|beta}/identityProtection/servicePrincipalRiskDetections[/{id}] and
// riskyServicePrincipals[/{id}[/history]] (fact sheet §3, docs/identity-protection.md
// #service-principals): the service principals' detections (RiskLog, raised by the
// compromisedServicePrincipal storyline's sign-ins) and their risk state at the server clock
// (risky_users.h), with their own $filter tables, $orderby, paging (20 per page by default, $top
// at most 500) and $count on riskyServicePrincipals. Identity Protection's auth, throttle class
// and faults apply (the routes classify as Endpoint::RiskDetections, like riskyUsers).
#pragma once

#include "mockserver/routes/graph_routes.h"

namespace tenantsim::mock {

void serveServicePrincipalRiskDetectionList(const GraphRequest& request, RequestContext& ctx);
void serveServicePrincipalRiskDetection(const GraphRequest& request, RequestContext& ctx);
void serveRiskyServicePrincipalList(const GraphRequest& request, RequestContext& ctx);
void serveRiskyServicePrincipal(const GraphRequest& request, RequestContext& ctx);
void serveRiskyServicePrincipalHistory(const GraphRequest& request, RequestContext& ctx);

}  // namespace tenantsim::mock
