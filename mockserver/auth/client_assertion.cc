#include "mockserver/auth/client_assertion.h"

#include "mockserver/auth/certificate_builder.h"
#include "mockserver/auth/jwt.h"

namespace tenantsim::auth {
namespace {

bool audienceMatches(const nlohmann::json& payload, const std::vector<std::string>& accepted) {
  auto matches = [&accepted](const std::string& audience) {
    for (const std::string& candidate : accepted) {
      if (equalsIgnoreCase(candidate, audience)) return true;
    }
    return false;
  };
  if (std::optional<std::string> single = stringClaim(payload, "aud")) return matches(*single);
  auto it = payload.find("aud");
  if (it == payload.end() || !it->is_array()) return false;
  for (const nlohmann::json& entry : *it) {
    if (entry.is_string() && matches(entry.get<std::string>())) return true;
  }
  return false;
}

}  // namespace

AssertionRejection verifyClientAssertion(std::string_view assertion,
                                         std::string_view certificate_pem,
                                         const ClientAssertionPolicy& policy) {
  std::optional<DecodedJwt> jwt = decodeJwt(assertion);
  if (!jwt) return AssertionRejection::kMalformed;
  if (certificate_pem.empty()) return AssertionRejection::kNoCertificate;
  PkeyPtr public_key = publicKeyFromPem(certificate_pem, nullptr);
  if (!public_key) return AssertionRejection::kNoCertificate;
  if (!verifyJwtSignature(*jwt, public_key.get(), /*allow_ps256=*/true)) {
    return AssertionRejection::kInvalidSignature;
  }
  if (!audienceMatches(jwt->payload, policy.acceptedAudiences)) {
    return AssertionRejection::kWrongAudience;
  }
  std::optional<std::string> iss = stringClaim(jwt->payload, "iss");
  std::optional<std::string> sub = stringClaim(jwt->payload, "sub");
  if (!iss || !sub || !equalsIgnoreCase(*iss, policy.clientId) ||
      !equalsIgnoreCase(*sub, policy.clientId)) {
    return AssertionRejection::kWrongIssuerOrSubject;
  }
  std::optional<int64_t> exp = integerClaim(jwt->payload, "exp");
  std::optional<int64_t> nbf = integerClaim(jwt->payload, "nbf");
  if (!exp || policy.now - policy.clockSkewSeconds >= *exp ||
      (nbf && policy.now + policy.clockSkewSeconds < *nbf)) {
    return AssertionRejection::kOutsideValidity;
  }
  return AssertionRejection::kAccepted;
}

}  // namespace tenantsim::auth
