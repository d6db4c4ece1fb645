#include "mockserver/auth/access_token.h"

#include <openssl/rand.h>

#include "base/base64.h"
#include "base/guid.h"
#include "mockserver/auth/jwt.h"

namespace tenantsim::auth {
namespace {

constexpr int64_t kBackdateSeconds = 300;

std::string randomTokenId() {
  unsigned char bytes[16] = {};
  RAND_bytes(bytes, sizeof(bytes));
  return base64UrlEncode(std::string_view(reinterpret_cast<char*>(bytes), sizeof(bytes)));
}

bool isGraphAudience(std::string_view audience) {
  return audience == kGraphResource || audience == "https://graph.microsoft.com/" ||
         equalsIgnoreAsciiCase(audience, kGraphAppId);
}

bool audienceAccepted(const nlohmann::json& claims) {
  if (std::optional<std::string> single = stringClaim(claims, "aud")) {
    return isGraphAudience(*single);
  }
  auto it = claims.find("aud");
  if (it == claims.end() || !it->is_array()) return false;
  for (const nlohmann::json& entry : *it) {
    if (entry.is_string() && isGraphAudience(entry.get<std::string>())) return true;
  }
  return false;
}

bool issuerAccepted(const nlohmann::json& claims, std::string_view tenantId) {
  std::optional<std::string> tid = stringClaim(claims, "tid");
  std::optional<std::string> iss = stringClaim(claims, "iss");
  if (!tid || !iss || !equalsIgnoreAsciiCase(*tid, tenantId)) return false;
  std::string tenant(tenantId);
  return equalsIgnoreAsciiCase(*iss, "https://sts.windows.net/" + tenant + "/") ||
         equalsIgnoreAsciiCase(*iss, "https://login.microsoftonline.com/" + tenant + "/v2.0");
}

std::string appIdOf(const nlohmann::json& claims) {
  if (std::optional<std::string> appid = stringClaim(claims, "appid")) return *appid;
  return stringClaim(claims, "azp").value_or("");
}

}  // namespace

std::string servicePrincipalObjectId(std::string_view tenantId, std::string_view clientId) {
  return nameBasedGuid("tenantsim-service-principal:" + std::string(tenantId) + ":" +
                       std::string(clientId));
}

nlohmann::json accessTokenClaims(const AccessTokenGrant& grant) {
  const App& app = *grant.app;
  std::string issuer = "https://sts.windows.net/" + grant.tenantId + "/";
  std::string objectId = servicePrincipalObjectId(grant.tenantId, app.clientId);
  std::string acr = grant.method == ClientAuthMethod::Certificate ? "2" : "1";
  nlohmann::json claims = {
      {"aud", kGraphResource},
      {"iss", issuer},
      {"iat", grant.now - kBackdateSeconds},
      {"nbf", grant.now - kBackdateSeconds},
      {"exp", grant.now + grant.lifetimeSeconds},
      {"aio", randomTokenId()},
      {"app_displayname", app.displayName},
      {"appid", app.clientId},
      {"appidacr", acr},
      {"azp", app.clientId},
      {"azpacr", acr},
      {"idp", issuer},
      {"idtyp", "app"},
      {"oid", objectId},
      {"rh", "0.tenantsim." + randomTokenId()},
      {"sub", objectId},
      {"tenant_region_scope", "WW"},
      {"tid", grant.tenantId},
      {"uti", randomTokenId()},
      {"ver", "1.0"},
  };
  if (!app.permissions.empty()) claims["roles"] = app.permissions;
  return claims;
}

std::string mintAccessToken(const SigningKey& key, const AccessTokenGrant& grant) {
  return signJwtRs256(nlohmann::json::object(), accessTokenClaims(grant), key);
}

AccessTokenCheck inspectAccessToken(std::string_view token) {
  AccessTokenCheck check;
  if (token.empty()) return check;  // kMissing
  std::optional<DecodedJwt> jwt = decodeJwt(token);
  if (!jwt) {
    check.rejection = TokenRejection::Malformed;
    return check;
  }
  check.appId = appIdOf(jwt->payload);
  check.claims = std::move(jwt->payload);
  check.rejection = TokenRejection::Accepted;
  return check;
}

AccessTokenCheck validateAccessToken(std::string_view token, const SigningKey& key,
                                     const AccessTokenPolicy& policy) {
  AccessTokenCheck check;
  if (token.empty()) return check;  // kMissing
  std::optional<DecodedJwt> jwt = decodeJwt(token);
  if (!jwt) {
    check.rejection = TokenRejection::Malformed;
    return check;
  }
  check.appId = appIdOf(jwt->payload);
  check.claims = jwt->payload;
  auto reject = [&check](TokenRejection reason) {
    check.rejection = reason;
    return check;
  };

  if (stringClaim(jwt->header, "alg").value_or("") != "RS256") {
    return reject(TokenRejection::UnsupportedAlgorithm);
  }
  std::optional<std::string> kid = stringClaim(jwt->header, "kid");
  if ((kid && *kid != key.keyId()) || !verifyJwtSignature(*jwt, key.publicKey(), false)) {
    return reject(TokenRejection::InvalidSignature);
  }
  std::optional<int64_t> exp = integerClaim(jwt->payload, "exp");
  if (!exp || policy.now - policy.clockSkewSeconds >= *exp) {
    return reject(TokenRejection::Expired);
  }
  std::optional<int64_t> nbf = integerClaim(jwt->payload, "nbf");
  if (nbf && policy.now + policy.clockSkewSeconds < *nbf) {
    return reject(TokenRejection::NotYetValid);
  }
  if (!issuerAccepted(jwt->payload, policy.tenantId)) return reject(TokenRejection::WrongIssuer);
  if (!audienceAccepted(jwt->payload)) return reject(TokenRejection::WrongAudience);
  return reject(TokenRejection::Accepted);
}

std::string_view graphUnauthorizedMessage(TokenRejection rejection) {
  switch (rejection) {
    case TokenRejection::Accepted:
      return "";
    case TokenRejection::Missing:
      return "Access token is empty.";
    case TokenRejection::Malformed:
      return "CompactToken parsing failed with error code: 80049217";
    case TokenRejection::UnsupportedAlgorithm:
    case TokenRejection::InvalidSignature:
      return "Signature is invalid.";
    case TokenRejection::Expired:
    case TokenRejection::NotYetValid:
      return "Access token has expired or is not yet valid.";
    case TokenRejection::WrongIssuer:
      return "Access token validation failure. Invalid issuer.";
    case TokenRejection::WrongAudience:
      return "Access token validation failure. Invalid audience.";
  }
  return "Access token validation failure.";
}

std::string_view rejectionName(TokenRejection rejection) {
  switch (rejection) {
    case TokenRejection::Accepted:
      return "accepted";
    case TokenRejection::Missing:
      return "missing";
    case TokenRejection::Malformed:
      return "malformed";
    case TokenRejection::UnsupportedAlgorithm:
      return "unsupported_algorithm";
    case TokenRejection::InvalidSignature:
      return "invalid_signature";
    case TokenRejection::Expired:
      return "expired";
    case TokenRejection::NotYetValid:
      return "not_yet_valid";
    case TokenRejection::WrongIssuer:
      return "wrong_issuer";
    case TokenRejection::WrongAudience:
      return "wrong_audience";
  }
  return "unknown";
}

}  // namespace tenantsim::auth
