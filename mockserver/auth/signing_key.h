// The RSA-2048 key the mock signs access tokens with, and its public JWKS form.
//
// The key is a PEM file several replicas share: loadOrCreate() makes it once (race-safe) and
// every replica loads the same bytes. The key id (`kid`, equal to `x5t`) is the SHA-1 thumbprint
// of a self-signed certificate derived deterministically from the key, so all replicas publish
// the same JWKS and accept each other's tokens.
#pragma once

#include <openssl/types.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tenantsim::auth {

class SigningKey {
 public:
  // A fresh RSA-2048 key; an error only if OpenSSL fails.
  static Result<SigningKey> generate();

  // From a PEM private key (PKCS#8 or PKCS#1); must be RSA of at least 2048 bits.
  static Result<SigningKey> fromPem(std::string_view privateKeyPem);

  // Loads path; if it does not exist, generates a key and publishes it there (mode 0600) unless
  // another process wins the race, in which case that process's key is loaded.
  static Result<SigningKey> loadOrCreate(const std::filesystem::path& path);

  const std::string& keyId() const { return keyId_; }
  std::string privateKeyPem() const;
  const std::string& certificatePem() const { return certificatePem_; }

  // RSASSA-PKCS1-v1_5 with SHA-256 over data (the JWS "RS256" signature); "" on failure.
  std::string signRs256(std::string_view data) const;

  // The key pair (OpenSSL uses its public half to verify). Owned by this object and its copies.
  EVP_PKEY* publicKey() const { return key_.get(); }

  // {"kty":"RSA","use":"sig","kid","x5t","n","e","x5c":[base64 DER],"issuer"?}
  nlohmann::json jwk() const;
  // {"keys":[jwk()]}
  nlohmann::json jwks() const;

 private:
  SigningKey() = default;
  static Result<SigningKey> fromKey(std::shared_ptr<EVP_PKEY> key);

  std::shared_ptr<EVP_PKEY> key_;
  std::string certificatePem_;
  std::string certificateDer_;
  std::string keyId_;
};

}  // namespace tenantsim::auth
