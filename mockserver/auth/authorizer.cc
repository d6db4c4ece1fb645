#include "mockserver/auth/authorizer.h"

#include <algorithm>

namespace tenantsim::auth {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool hasAnyRole(const nlohmann::json& claims, const std::vector<std::string>& required) {
  if (required.empty()) return true;
  auto roles = claims.find("roles");
  if (roles == claims.end() || !roles->is_array()) return false;
  return std::any_of(roles->begin(), roles->end(), [&required](const nlohmann::json& role) {
    return role.is_string() &&
           std::find(required.begin(), required.end(), role.get<std::string>()) != required.end();
  });
}

AuthorizationDecision unauthorized(const AccessTokenCheck& check) {
  AuthorizationDecision decision;
  decision.outcome = AuthorizationDecision::Outcome::Unauthorized;
  decision.httpStatus = 401;
  decision.errorCode = "InvalidAuthenticationToken";
  decision.errorMessage = std::string(graphUnauthorizedMessage(check.rejection));
  decision.wwwAuthenticate = std::string(kGraphWwwAuthenticate);
  decision.rejection = check.rejection;
  decision.appId = check.appId;
  return decision;
}

AuthorizationDecision allowed(std::string appId) {
  AuthorizationDecision decision;
  decision.appId = std::move(appId);
  return decision;
}

}  // namespace

std::optional<AuthMode> parseAuthMode(std::string_view text) {
  if (equalsIgnoreAsciiCase(text, "strict")) return AuthMode::Strict;
  if (equalsIgnoreAsciiCase(text, "permissive")) return AuthMode::Permissive;
  if (equalsIgnoreAsciiCase(text, "off")) return AuthMode::Off;
  return std::nullopt;
}

const std::vector<std::string>& directoryAuditsRoles() {
  static const std::vector<std::string> roles = {"AuditLog.Read.All"};
  return roles;
}

const std::vector<std::string>& riskDetectionsRoles() {
  static const std::vector<std::string> roles = {"IdentityRiskEvent.Read.All",
                                                 "IdentityRiskEvent.ReadWrite.All"};
  return roles;
}

const std::vector<std::string>& auditEventsRoles() {
  static const std::vector<std::string> roles = {"DeviceManagementApps.Read.All",
                                                 "DeviceManagementApps.ReadWrite.All"};
  return roles;
}

const std::vector<std::string>& securityAlertsRoles() {
  static const std::vector<std::string> roles = {"SecurityAlert.Read.All",
                                                 "SecurityAlert.ReadWrite.All"};
  return roles;
}

const std::vector<std::string>& securityIncidentsRoles() {
  static const std::vector<std::string> roles = {"SecurityIncident.Read.All",
                                                 "SecurityIncident.ReadWrite.All"};
  return roles;
}

std::string_view bearerToken(std::string_view authorizationHeader) {
  std::string_view header = trim(authorizationHeader);
  static constexpr std::string_view kScheme = "Bearer";
  if (header.size() < kScheme.size() || !equalsIgnoreAsciiCase(header.substr(0, 6), kScheme))
    return {};
  std::string_view rest = header.substr(kScheme.size());
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return {};  // "Bearerx"
  return trim(rest);
}

RequestAuthorizer::RequestAuthorizer(AuthMode mode, std::string tenantId, const SigningKey* key,
                                     int64_t clockSkewSeconds)
    : mode_(mode), tenantId_(std::move(tenantId)), key_(key), clockSkewSeconds_(clockSkewSeconds) {}

AuthorizationDecision RequestAuthorizer::decide(std::string_view authorizationHeader,
                                                const std::vector<std::string>& requiredRoles,
                                                UnixSeconds now) const {
  std::string_view token = bearerToken(authorizationHeader);
  if (mode_ == AuthMode::Off) return allowed(inspectAccessToken(token).appId);

  if (mode_ == AuthMode::Permissive || !key_) {
    AccessTokenCheck check = inspectAccessToken(token);
    if (check.rejection != TokenRejection::Accepted) return unauthorized(check);
    if (mode_ == AuthMode::Permissive) return allowed(check.appId);
    check.rejection = TokenRejection::InvalidSignature;  // strict without a key
    return unauthorized(check);
  }

  AccessTokenCheck check =
      validateAccessToken(token, *key_, AccessTokenPolicy{tenantId_, now, clockSkewSeconds_});
  if (check.rejection != TokenRejection::Accepted) return unauthorized(check);
  if (!hasAnyRole(check.claims, requiredRoles)) {
    AuthorizationDecision decision;
    decision.outcome = AuthorizationDecision::Outcome::Forbidden;
    decision.httpStatus = 403;
    decision.errorCode = "Authorization_RequestDenied";
    decision.errorMessage = "Insufficient privileges to complete the operation.";
    decision.appId = check.appId;
    return decision;
  }
  return allowed(check.appId);
}

}  // namespace tenantsim::auth
