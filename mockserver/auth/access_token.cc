#include "mockserver/auth/access_token.h"

#include <openssl/rand.h>

#include "mockserver/auth/base64url.h"
#include "mockserver/auth/guid.h"
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
         equalsIgnoreCase(audience, kGraphAppId);
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

bool issuerAccepted(const nlohmann::json& claims, std::string_view tenant_id) {
  std::optional<std::string> tid = stringClaim(claims, "tid");
  std::optional<std::string> iss = stringClaim(claims, "iss");
  if (!tid || !iss || !equalsIgnoreCase(*tid, tenant_id)) return false;
  std::string tenant(tenant_id);
  return equalsIgnoreCase(*iss, "https://sts.windows.net/" + tenant + "/") ||
         equalsIgnoreCase(*iss, "https://login.microsoftonline.com/" + tenant + "/v2.0");
}

std::string appIdOf(const nlohmann::json& claims) {
  if (std::optional<std::string> appid = stringClaim(claims, "appid")) return *appid;
  return stringClaim(claims, "azp").value_or("");
}

}  // namespace

std::string servicePrincipalObjectId(std::string_view tenant_id, std::string_view client_id) {
  return nameBasedGuid("tenantsim-service-principal:" + std::string(tenant_id) + ":" +
                       std::string(client_id));
}

nlohmann::json accessTokenClaims(const AccessTokenGrant& grant) {
  const App& app = *grant.app;
  std::string issuer = "https://sts.windows.net/" + grant.tenantId + "/";
  std::string object_id = servicePrincipalObjectId(grant.tenantId, app.clientId);
  std::string acr = grant.method == ClientAuthMethod::kCertificate ? "2" : "1";
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
      {"oid", object_id},
      {"rh", "0.tenantsim." + randomTokenId()},
      {"sub", object_id},
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
    check.rejection = TokenRejection::kMalformed;
    return check;
  }
  check.appId = appIdOf(jwt->payload);
  check.claims = std::move(jwt->payload);
  check.rejection = TokenRejection::kAccepted;
  return check;
}

AccessTokenCheck validateAccessToken(std::string_view token, const SigningKey& key,
                                     const AccessTokenPolicy& policy) {
  AccessTokenCheck check;
  if (token.empty()) return check;  // kMissing
  std::optional<DecodedJwt> jwt = decodeJwt(token);
  if (!jwt) {
    check.rejection = TokenRejection::kMalformed;
    return check;
  }
  check.appId = appIdOf(jwt->payload);
  check.claims = jwt->payload;
  auto reject = [&check](TokenRejection reason) {
    check.rejection = reason;
    return check;
  };

  if (stringClaim(jwt->header, "alg").value_or("") != "RS256") {
    return reject(TokenRejection::kUnsupportedAlgorithm);
  }
  std::optional<std::string> kid = stringClaim(jwt->header, "kid");
  if ((kid && *kid != key.keyId()) || !verifyJwtSignature(*jwt, key.publicKey(), false)) {
    return reject(TokenRejection::kInvalidSignature);
  }
  std::optional<int64_t> exp = integerClaim(jwt->payload, "exp");
  if (!exp || policy.now - policy.clockSkewSeconds >= *exp) {
    return reject(TokenRejection::kExpired);
  }
  std::optional<int64_t> nbf = integerClaim(jwt->payload, "nbf");
  if (nbf && policy.now + policy.clockSkewSeconds < *nbf) {
    return reject(TokenRejection::kNotYetValid);
  }
  if (!issuerAccepted(jwt->payload, policy.tenantId)) return reject(TokenRejection::kWrongIssuer);
  if (!audienceAccepted(jwt->payload)) return reject(TokenRejection::kWrongAudience);
  return reject(TokenRejection::kAccepted);
}

std::string_view graphUnauthorizedMessage(TokenRejection rejection) {
  switch (rejection) {
    case TokenRejection::kAccepted:
      return "";
    case TokenRejection::kMissing:
      return "Access token is empty.";
    case TokenRejection::kMalformed:
      return "CompactToken parsing failed with error code: 80049217";
    case TokenRejection::kUnsupportedAlgorithm:
    case TokenRejection::kInvalidSignature:
      return "Signature is invalid.";
    case TokenRejection::kExpired:
    case TokenRejection::kNotYetValid:
      return "Access token has expired or is not yet valid.";
    case TokenRejection::kWrongIssuer:
      return "Access token validation failure. Invalid issuer.";
    case TokenRejection::kWrongAudience:
      return "Access token validation failure. Invalid audience.";
  }
  return "Access token validation failure.";
}

std::string_view rejectionName(TokenRejection rejection) {
  switch (rejection) {
    case TokenRejection::kAccepted:
      return "accepted";
    case TokenRejection::kMissing:
      return "missing";
    case TokenRejection::kMalformed:
      return "malformed";
    case TokenRejection::kUnsupportedAlgorithm:
      return "unsupported_algorithm";
    case TokenRejection::kInvalidSignature:
      return "invalid_signature";
    case TokenRejection::kExpired:
      return "expired";
    case TokenRejection::kNotYetValid:
      return "not_yet_valid";
    case TokenRejection::kWrongIssuer:
      return "wrong_issuer";
    case TokenRejection::kWrongAudience:
      return "wrong_audience";
  }
  return "unknown";
}

}  // namespace tenantsim::auth
