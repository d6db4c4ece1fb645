// GET /{v1.0|beta}/security/alerts_v2[/{id}] and /security/incidents[/{id}] (fact sheet §4,
// docs/security-alerts.md#serving): $filter, $orderby, $skip/$top paging with a $skip nextLink,
// $count, incidents' $expand=alerts, evolvable enums.
#pragma once

#include "mockserver/routes/graph_routes.h"

namespace tenantsim::mock {

void serveSecurityList(const GraphRequest& request, RequestContext& ctx);
void serveSecurityItem(const GraphRequest& request, RequestContext& ctx);

}  // namespace tenantsim::mock
