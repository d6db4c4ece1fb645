// The Entra ID routes the mock serves beside Graph: the token endpoint, OIDC discovery (v2 and
// v1), instance discovery and the signing keys. URLs in the answers use the origin the client
// used, so issuer and endpoints match the authority it configured.
#pragma once

#include <string>

#include "mockserver/auth/directory.h"
#include "mockserver/http/pipeline.h"
#include "mockserver/http/request_target.h"
#include "mockserver/http/router.h"
#include "mockserver/http/server_context.h"

namespace tenantsim::mock {

struct IdentityRequest {
  const ServerContext& context;
  const Route& route;
  const RequestTarget& target;
  std::string origin;
};

// The directory (tenant and app registrations) the identity layer serves for a scenario.
auth::TenantDirectory directoryFor(const Scenario& scenario);

void serveIdentityRoute(const IdentityRequest& request, RequestContext& ctx);

}  // namespace tenantsim::mock
