#include "mockserver/stages/auth.h"

namespace tenantsim::mock {
namespace {

class AuthStage : public Stage {
 public:
  AuthStage(const AuthStageConfig& config, const auth::RequestAuthorizer& authorizer)
      : config_(config), authorizer_(authorizer) {}
  std::string_view name() const override { return "auth"; }

  bool handle(RequestContext& ctx) override {
    const std::vector<std::string>* roles = nullptr;
    if (ctx.endpoint == Endpoint::DirectoryAudits)
      roles = &config_.directoryAuditsRoles;
    else if (ctx.endpoint == Endpoint::AuditEvents)
      roles = &config_.auditEventsRoles;
    else
      return true;
    auth::AuthorizationDecision decision = authorizer_.decide(
        ctx.request.get_header_value("Authorization"), *roles, wallClockSeconds());
    ctx.appId = decision.appId;
    if (decision.allowed()) return true;
    if (!decision.wwwAuthenticate.empty())
      ctx.response.set_header("WWW-Authenticate", decision.wwwAuthenticate);
    writeGraphError(ctx, decision.httpStatus, decision.errorCode, decision.errorMessage);
    return false;
  }

 private:
  AuthStageConfig config_;
  const auth::RequestAuthorizer& authorizer_;
};

}  // namespace

std::unique_ptr<Stage> makeAuthStage(const AuthStageConfig& config, const StageDeps& deps) {
  return std::make_unique<AuthStage>(config, *deps.authorizer);
}

}  // namespace tenantsim::mock
