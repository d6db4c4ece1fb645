// The auth stage: Graph endpoints need a bearer token the authorizer accepts (mode from the
// scenario's server.auth); 401 carries WWW-Authenticate, 403 Graph's Authorization_RequestDenied.
#include "mockserver/stages/builder.h"

namespace tenantsim::mock {
namespace {

class AuthStage : public Stage {
 public:
  explicit AuthStage(const ServerContext& context) : context_(context) {}
  std::string_view name() const override { return "auth"; }

  bool handle(RequestContext& ctx) override {
    const std::vector<std::string>* roles = nullptr;
    if (ctx.endpoint == Endpoint::DirectoryAudits)
      roles = &auth::directoryAuditsRoles();
    else if (ctx.endpoint == Endpoint::AuditEvents)
      roles = &auth::auditEventsRoles();
    else
      return true;
    auth::AuthorizationDecision decision = context_.authorizer.decide(
        ctx.request.get_header_value("Authorization"), *roles, wallClockSeconds());
    ctx.appId = decision.appId;
    if (decision.allowed()) return true;
    if (!decision.wwwAuthenticate.empty())
      ctx.response.set_header("WWW-Authenticate", decision.wwwAuthenticate);
    writeGraphError(ctx, decision.httpStatus, decision.errorCode, decision.errorMessage);
    return false;
  }

 private:
  const ServerContext& context_;
};

}  // namespace

std::unique_ptr<Stage> makeAuthStage(const ServerContext& context) {
  return std::make_unique<AuthStage>(context);
}

}  // namespace tenantsim::mock
