// The Graph audit routes: list and single item of auditLogs/directoryAudits and
// deviceManagement/auditEvents, the two Intune audit functions, and Graph's answers for paths
// and methods it does not serve.
#pragma once

#include <string>

#include "mockserver/http/pipeline.h"
#include "mockserver/http/request_target.h"
#include "mockserver/http/router.h"
#include "mockserver/http/server_context.h"

namespace tenantsim::mock {

struct GraphRequest {
  const ServerContext& context;
  const Route& route;
  const RequestTarget& target;
  std::string origin;  // scheme://host[:port] the client used
};

// Answers every Graph route kind (and UnknownVersion/UnknownSegment/NotFound/405).
void serveGraphRoute(const GraphRequest& request, RequestContext& ctx);

}  // namespace tenantsim::mock
