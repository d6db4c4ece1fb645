// Verification of the JWT a confidential client signs with its certificate key instead of sending
// a secret (client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mockserver/auth/directory.h"

namespace tenantsim::auth {

inline constexpr std::string_view kJwtBearerAssertionType =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

enum class AssertionRejection {
  Accepted,
  Malformed,             // not a JWT
  NoCertificate,         // the app has no certificate, or its PEM has no usable public key
  InvalidSignature,      // alg not RS256/PS256, or the signature does not verify
  WrongAudience,         // aud is not one of the accepted token endpoint URLs
  WrongIssuerOrSubject,  // iss or sub is not the client id
  OutsideValidity,       // expired (exp), not yet valid (nbf), or exp missing
};

struct ClientAssertionPolicy {
  std::string clientId;
  std::vector<std::string> acceptedAudiences;  // compared case-insensitively
  UnixSeconds now = 0;
  int64_t clockSkewSeconds = 300;  // the leeway token services commonly allow
};

// Checks, in order: JWT structure, certificate, signature (RS256 or PS256 against the public key in
// certificate_pem), aud, iss == sub == clientId, exp/nbf.
AssertionRejection verifyClientAssertion(std::string_view assertion,
                                         std::string_view certificatePem,
                                         const ClientAssertionPolicy& policy);

}  // namespace tenantsim::auth
