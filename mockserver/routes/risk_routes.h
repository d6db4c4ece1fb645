// GET /{v1.0|beta}/identityProtection/riskDetections and /riskDetections/{id} (fact sheet §3,
// docs/identity-protection.md#serving): licence, the riskDetection $filter table, $select,
// $orderby, paging oldest first (20 per page by default, $top at most 500), nextLink, evolvable
// enums.
#pragma once

#include "mockserver/routes/graph_routes.h"

namespace tenantsim::mock {

void serveRiskDetectionList(const GraphRequest& request, RequestContext& ctx);
void serveRiskDetection(const GraphRequest& request, RequestContext& ctx);

}  // namespace tenantsim::mock
