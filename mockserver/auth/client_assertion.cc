#include "mockserver/auth/client_assertion.h"

#include "mockserver/auth/certificate_builder.h"
#include "mockserver/auth/jwt.h"

namespace tenantsim::auth {
namespace {

bool audienceMatches(const nlohmann::json& payload, const std::vector<std::string>& accepted) {
  auto matches = [&accepted](const std::string& audience) {
    for (const std::string& candidate : accepted) {
      if (equalsIgnoreAsciiCase(candidate, audience)) return true;
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
                                         std::string_view certificatePem,
                                         const ClientAssertionPolicy& policy) {
  std::optional<DecodedJwt> jwt = decodeJwt(assertion);
  if (!jwt) return AssertionRejection::Malformed;
  if (certificatePem.empty()) return AssertionRejection::NoCertificate;
  Result<PkeyPtr> publicKey = publicKeyFromPem(certificatePem);
  if (!publicKey) return AssertionRejection::NoCertificate;
  if (!verifyJwtSignature(*jwt, publicKey->get(), /*allowPs256=*/true)) {
    return AssertionRejection::InvalidSignature;
  }
  if (!audienceMatches(jwt->payload, policy.acceptedAudiences)) {
    return AssertionRejection::WrongAudience;
  }
  std::optional<std::string> iss = stringClaim(jwt->payload, "iss");
  std::optional<std::string> sub = stringClaim(jwt->payload, "sub");
  if (!iss || !sub || !equalsIgnoreAsciiCase(*iss, policy.clientId) ||
      !equalsIgnoreAsciiCase(*sub, policy.clientId)) {
    return AssertionRejection::WrongIssuerOrSubject;
  }
  std::optional<int64_t> exp = integerClaim(jwt->payload, "exp");
  std::optional<int64_t> nbf = integerClaim(jwt->payload, "nbf");
  if (!exp || policy.now - policy.clockSkewSeconds >= *exp ||
      (nbf && policy.now + policy.clockSkewSeconds < *nbf)) {
    return AssertionRejection::OutsideValidity;
  }
  return AssertionRejection::Accepted;
}

}  // namespace tenantsim::auth
