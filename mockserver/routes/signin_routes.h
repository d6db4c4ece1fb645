// GET /{v1.0|beta}/auditLogs/signIns and /auditLogs/signIns/{id} (fact sheet §1,
// docs/signins.md#serving): licence, retention, the sign-in $filter table, populations, paging
// newest first, nextLink, evolvable enums.
#pragma once

#include "mockserver/routes/graph_routes.h"

namespace tenantsim::mock {

void serveSignInList(const GraphRequest& request, RequestContext& ctx);
void serveSignIn(const GraphRequest& request, RequestContext& ctx);

}  // namespace tenantsim::mock
