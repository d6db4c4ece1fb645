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
  decision.outcome = AuthorizationDecision::Outcome::kUnauthorized;
  decision.httpStatus = 401;
  decision.errorCode = "InvalidAuthenticationToken";
  decision.errorMessage = std::string(graphUnauthorizedMessage(check.rejection));
  decision.wwwAuthenticate = std::string(kGraphWwwAuthenticate);
  decision.rejection = check.rejection;
  decision.appId = check.appId;
  return decision;
}

AuthorizationDecision allowed(std::string app_id) {
  AuthorizationDecision decision;
  decision.appId = std::move(app_id);
  return decision;
}

}  // namespace

std::optional<AuthMode> parseAuthMode(std::string_view text) {
  if (equalsIgnoreCase(text, "strict")) return AuthMode::kStrict;
  if (equalsIgnoreCase(text, "permissive")) return AuthMode::kPermissive;
  if (equalsIgnoreCase(text, "off")) return AuthMode::kOff;
  return std::nullopt;
}

const std::vector<std::string>& directoryAuditsRoles() {
  static const std::vector<std::string> roles = {"AuditLog.Read.All"};
  return roles;
}

const std::vector<std::string>& auditEventsRoles() {
  static const std::vector<std::string> roles = {"DeviceManagementApps.Read.All",
                                                 "DeviceManagementApps.ReadWrite.All"};
  return roles;
}

std::string_view bearerToken(std::string_view authorization_header) {
  std::string_view header = trim(authorization_header);
  static constexpr std::string_view kScheme = "Bearer";
  if (header.size() < kScheme.size() || !equalsIgnoreCase(header.substr(0, 6), kScheme)) return {};
  std::string_view rest = header.substr(kScheme.size());
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return {};  // "Bearerx"
  return trim(rest);
}

RequestAuthorizer::RequestAuthorizer(AuthMode mode, std::string tenant_id, const SigningKey* key,
                                     int64_t clock_skew_seconds)
    : mode_(mode),
      tenant_id_(std::move(tenant_id)),
      key_(key),
      clock_skew_seconds_(clock_skew_seconds) {}

AuthorizationDecision RequestAuthorizer::decide(std::string_view authorization_header,
                                                const std::vector<std::string>& required_roles,
                                                UnixSeconds now) const {
  std::string_view token = bearerToken(authorization_header);
  if (mode_ == AuthMode::kOff) return allowed(inspectAccessToken(token).appId);

  if (mode_ == AuthMode::kPermissive || !key_) {
    AccessTokenCheck check = inspectAccessToken(token);
    if (check.rejection != TokenRejection::kAccepted) return unauthorized(check);
    if (mode_ == AuthMode::kPermissive) return allowed(check.appId);
    check.rejection = TokenRejection::kInvalidSignature;  // strict without a key
    return unauthorized(check);
  }

  AccessTokenCheck check =
      validateAccessToken(token, *key_, AccessTokenPolicy{tenant_id_, now, clock_skew_seconds_});
  if (check.rejection != TokenRejection::kAccepted) return unauthorized(check);
  if (!hasAnyRole(check.claims, required_roles)) {
    AuthorizationDecision decision;
    decision.outcome = AuthorizationDecision::Outcome::kForbidden;
    decision.httpStatus = 403;
    decision.errorCode = "Authorization_RequestDenied";
    decision.errorMessage = "Insufficient privileges to complete the operation.";
    decision.appId = check.appId;
    return decision;
  }
  return allowed(check.appId);
}

}  // namespace tenantsim::auth
