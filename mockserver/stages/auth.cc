#include "mockserver/stages/auth.h"

#include "mockserver/auth/access_token.h"

namespace tenantsim::mock {
namespace {

std::string describe(const auth::AuthorizationDecision& d) {
  std::string app = d.appId.empty() ? "unknown app" : "app " + d.appId;
  if (d.allowed()) return "allowed: " + app;
  return "denied " + std::to_string(d.httpStatus) + " " + d.errorCode + " (" +
         std::string(auth::rejectionName(d.rejection)) + "): " + d.errorMessage + "; " + app;
}

class AuthStage : public Stage {
 public:
  AuthStage(const AuthStageConfig& config, const auth::RequestAuthorizer& authorizer)
      : config_(config), authorizer_(authorizer) {}
  std::string_view name() const override { return "auth"; }

  bool handle(RequestContext& ctx) override {
    const std::vector<std::string>* roles = nullptr;
    // Sign-ins and provisioning need AuditLog.Read.All as directoryAudits do (fact sheet §1.1,
    // §2).
    if (ctx.endpoint == Endpoint::DirectoryAudits || ctx.endpoint == Endpoint::SignIns ||
        ctx.endpoint == Endpoint::Provisioning)
      roles = &config_.directoryAuditsRoles;
    else if (ctx.endpoint == Endpoint::AuditEvents)
      roles = &config_.auditEventsRoles;
    else if (ctx.endpoint == Endpoint::Alerts)
      roles = &config_.alertsRoles;
    else if (ctx.endpoint == Endpoint::Incidents)
      roles = &config_.incidentsRoles;
    else if (ctx.endpoint == Endpoint::RiskDetections)
      roles = &config_.riskDetectionsRoles;
    else
      return true;
    auth::AuthorizationDecision decision = authorizer_.decide(
        ctx.request.get_header_value("Authorization"), *roles, wallClockSeconds());
    ctx.appId = decision.appId;
    if (ctx.tracing()) ctx.note(name(), describe(decision));
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
