// Graph access tokens: minting the app-only token the token endpoint issues, and validating a
// presented bearer token with a specific rejection reason and Graph's 401 message for it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "mockserver/auth/directory.h"
#include "mockserver/auth/signing_key.h"

namespace tenantsim::auth {

inline constexpr std::string_view kGraphResource = "https://graph.microsoft.com";
inline constexpr std::string_view kGraphAppId = "00000003-0000-0000-c000-000000000000";

// How the client authenticated at the token endpoint (the appidacr / azpacr claim).
enum class ClientAuthMethod { Secret, Certificate };

struct AccessTokenGrant {
  std::string tenantId;
  const App* app = nullptr;  // must be non-null
  ClientAuthMethod method = ClientAuthMethod::Secret;
  UnixSeconds now = 0;
  int64_t lifetimeSeconds = 3599;  // exp = now + lifetime; iat = nbf = now - 300 as Entra does
};

// The claims of the token mintAccessToken() signs: aud, iss (https://sts.windows.net/{tid}/),
// iat, nbf, exp, idp, tid, appid, azp, appidacr, azpacr, app_displayname, oid, sub, roles
// (omitted when the app has no permissions, as Entra does), idtyp "app", ver "1.0", uti, rh.
nlohmann::json accessTokenClaims(const AccessTokenGrant& grant);

// An RS256 JWT of accessTokenClaims(grant) with kid/x5t of key; "" if signing fails.
std::string mintAccessToken(const SigningKey& key, const AccessTokenGrant& grant);

// The service principal object id the mock uses for an app in a tenant (stable).
std::string servicePrincipalObjectId(std::string_view tenantId, std::string_view clientId);

enum class TokenRejection {
  Accepted,
  Missing,               // no Authorization header, other scheme, or empty bearer value
  Malformed,             // not three parts, bad base64url, or non-object JSON
  UnsupportedAlgorithm,  // header alg is not RS256 (incl. "none")
  InvalidSignature,      // wrong key, unknown kid, or any byte of header/payload changed
  Expired,               // now >= exp (+ skew), or exp missing
  NotYetValid,           // now < nbf (- skew)
  WrongIssuer,           // tid is not our tenant or iss is not one of its issuers
  WrongAudience,         // aud is not Microsoft Graph
};

struct AccessTokenPolicy {
  std::string tenantId;
  UnixSeconds now = 0;
  int64_t clockSkewSeconds = 0;  // Entra/Graph validators allow ~300 s; the mock is exact
};

struct AccessTokenCheck {
  TokenRejection rejection = TokenRejection::Missing;
  nlohmann::json claims;  // the payload whenever it could be decoded, else null
  std::string appId;      // appid (or azp) claim when decodable, else ""
};

// Checks in this order: present, well formed, alg, signature, exp, nbf, tid/iss, aud. token is
// the bare JWT (no "Bearer ").
AccessTokenCheck validateAccessToken(std::string_view token, const SigningKey& key,
                                     const AccessTokenPolicy& policy);

// Structural decode only, for permissive mode: kAccepted for any well-formed JWT (even unsigned or
// expired), else kMissing/kMalformed.
AccessTokenCheck inspectAccessToken(std::string_view token);

// Graph's 401 "message" for a rejection (code is always InvalidAuthenticationToken).
std::string_view graphUnauthorizedMessage(TokenRejection rejection);

// A short stable name ("expired", "wrong_audience", ...) for logs and tests.
std::string_view rejectionName(TokenRejection rejection);

}  // namespace tenantsim::auth
