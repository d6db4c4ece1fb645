// GET /{v1.0|beta}/identityProtection/riskyUsers, /riskyUsers/{id} and /riskyUsers/{id}/history
// (fact sheet §3, docs/identity-protection.md#risky-users): the risky users at the server clock
// (simulator/simulation/risky_users.h, from the detections the risk store lists then), licence,
// the riskyUser $filter table, $orderby, paging (20 per page by default, $top at most 500), items
// by user id and their history. Identity Protection's auth, throttle class and faults apply
// (the routes classify as Endpoint::RiskDetections).
#pragma once

#include "mockserver/routes/graph_routes.h"

namespace tenantsim::mock {

void serveRiskyUserList(const GraphRequest& request, RequestContext& ctx);
void serveRiskyUser(const GraphRequest& request, RequestContext& ctx);
void serveRiskyUserHistory(const GraphRequest& request, RequestContext& ctx);

}  // namespace tenantsim::mock
