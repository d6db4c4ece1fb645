// GET /{v1.0|beta}/auditLogs/provisioning and /auditLogs/provisioning/{id} (beta also
// auditLogs/directoryProvisioning; fact sheet §2, docs/provisioning.md#serving): licence,
// retention, the provisioning $filter table (eq, contains, gt, lt, tolower(), case-sensitive),
// paging newest first, nextLink, evolvable enums.
#pragma once

#include "mockserver/routes/graph_routes.h"

namespace tenantsim::mock {

void serveProvisioningList(const GraphRequest& request, RequestContext& ctx);
void serveProvisioningItem(const GraphRequest& request, RequestContext& ctx);

}  // namespace tenantsim::mock
