// Compact JWS (JWT) encoding, decoding and signature checks. Knows nothing about Graph claims;
// access_token.h builds on it. Nothing here throws: malformed input yields nullopt/false.
#pragma once

#include <openssl/types.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace tenantsim::auth {

class SigningKey;

// Why decodeJwt() rejected a token.
enum class JwtDecodeError {
  None,
  NotThreeParts,  // not header.payload.signature
  BadBase64,      // a segment is not base64url
  BadJson,        // header or payload is not a JSON object
};

struct DecodedJwt {
  nlohmann::json header;     // always an object
  nlohmann::json payload;    // always an object
  std::string signingInput;  // "<header b64>.<payload b64>", the bytes the signature covers
  std::string signature;     // raw bytes (empty for alg "none")
};

// Structural decode only: no signature, time or claim checks.
std::optional<DecodedJwt> decodeJwt(std::string_view token, JwtDecodeError* error = nullptr);

// Serialises header and payload and signs with RS256. Sets header "alg":"RS256", "typ":"JWT",
// and "kid"/"x5t" from the key (other header members are kept). "" on signing failure.
std::string signJwtRs256(nlohmann::json header, const nlohmann::json& payload,
                         const SigningKey& key);

// An unsigned token ("alg":"none", empty signature), for tests and permissive-mode callers.
std::string encodeUnsignedJwt(const nlohmann::json& payload);

// True when the signature verifies under public_key with the algorithm named by the header's
// "alg": "RS256" always; "PS256" only when allow_ps256. Any other alg (incl. "none") is false.
bool verifyJwtSignature(const DecodedJwt& jwt, EVP_PKEY* publicKey, bool allowPs256);

// Claim readers that tolerate absent or wrongly typed members (they return nullopt).
std::optional<std::string> stringClaim(const nlohmann::json& object, std::string_view name);
std::optional<int64_t> integerClaim(const nlohmann::json& object, std::string_view name);

}  // namespace tenantsim::auth
