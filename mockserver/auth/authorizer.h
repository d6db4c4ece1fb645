// The per-request authorization decision for Graph endpoints: reads the Authorization header and
// answers allow, 401 (InvalidAuthenticationToken + WWW-Authenticate) or 403
// (Authorization_RequestDenied), plus the caller's app id for per-app throttling.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/auth/access_token.h"
#include "mockserver/auth/directory.h"
#include "mockserver/auth/signing_key.h"

namespace tenantsim::auth {

// strict: the token must be one the mock issued (signature, lifetime, tenant, audience) and carry
// one of the required roles. permissive: any well-formed JWT is accepted, roles are not checked
// (unsigned and expired tokens pass); a missing or unparsable token is still 401. off: everything
// is allowed, the app id is read from the token when there is one.
enum class AuthMode { Strict, Permissive, Off };

// "strict" | "permissive" | "off" (case-insensitive); nullopt otherwise.
std::optional<AuthMode> parseAuthMode(std::string_view text);

inline constexpr std::string_view kGraphWwwAuthenticate =
    "Bearer realm=\"\", "
    "authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", "
    "client_id=\"00000003-0000-0000-c000-000000000000\"";

// Application roles that grant each endpoint (any one suffices).
const std::vector<std::string>& directoryAuditsRoles();    // AuditLog.Read.All
const std::vector<std::string>& auditEventsRoles();        // DeviceManagementApps.Read(Write).All
const std::vector<std::string>& securityAlertsRoles();     // SecurityAlert.Read(Write).All
const std::vector<std::string>& securityIncidentsRoles();  // SecurityIncident.Read(Write).All
// IdentityRiskEvent.Read.All or .ReadWrite.All (identityProtection/riskDetections).
const std::vector<std::string>& riskDetectionsRoles();

struct AuthorizationDecision {
  enum class Outcome { Allow, Unauthorized, Forbidden };
  Outcome outcome = Outcome::Allow;
  int httpStatus = 200;         // 200, 401 or 403
  std::string errorCode;        // InvalidAuthenticationToken | Authorization_RequestDenied
  std::string errorMessage;     // Graph's error.message
  std::string wwwAuthenticate;  // set on 401 only
  TokenRejection rejection = TokenRejection::Accepted;
  std::string appId;  // caller's appid/azp claim, "" when unknown

  bool allowed() const { return outcome == Outcome::Allow; }
};

class RequestAuthorizer {
 public:
  // key may be null in permissive/off modes; strict mode without a key rejects every token.
  RequestAuthorizer(AuthMode mode, std::string tenantId, const SigningKey* key,
                    int64_t clockSkewSeconds = 0);

  // authorization_header: the raw header value ("" if absent). required_roles: any one of them
  // grants access (empty = any valid token). Thread-safe (const, no shared mutable state).
  AuthorizationDecision decide(std::string_view authorizationHeader,
                               const std::vector<std::string>& requiredRoles,
                               UnixSeconds now) const;

  AuthMode mode() const { return mode_; }

 private:
  AuthMode mode_;
  std::string tenantId_;
  const SigningKey* key_;
  int64_t clockSkewSeconds_;
};

// The bare token of a "Bearer <token>" header (scheme case-insensitive, surrounding spaces
// trimmed); "" for a missing header, another scheme or an empty token.
std::string_view bearerToken(std::string_view authorizationHeader);

}  // namespace tenantsim::auth
