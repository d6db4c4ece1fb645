#include "mockserver/auth/signing_key.h"

#include <openssl/core_names.h>

#include "mockserver/auth/atomic_file.h"
#include "mockserver/auth/base64url.h"
#include "mockserver/auth/certificate_builder.h"

namespace tenantsim::auth {
namespace {

constexpr int64_t kCertificateNotBefore = 1704067200;  // 2024-01-01T00:00:00Z
constexpr int64_t kCertificateNotAfter = 2524607999;   // 2049-12-31T23:59:59Z

std::string bignumParameter(EVP_PKEY* key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return {};
  BignumPtr number(raw);
  std::string bytes(static_cast<size_t>(BN_num_bytes(number.get())), '\0');
  BN_bn2bin(number.get(), reinterpret_cast<unsigned char*>(bytes.data()));
  return bytes;
}

std::string publicKeyDer(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(key, &der);
  if (length <= 0) return {};
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::optional<SigningKey> SigningKey::generate(std::string* error) {
  PkeyPtr key = generateRsaKey(2048, error);
  if (!key) return std::nullopt;
  return fromKey(std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free), error);
}

std::optional<SigningKey> SigningKey::fromPem(std::string_view private_key_pem,
                                              std::string* error) {
  PkeyPtr key = privateKeyFromPem(private_key_pem, error);
  if (!key) return std::nullopt;
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key.get()) < 2048) {
    if (error) *error = "signing key must be RSA with at least 2048 bits";
    return std::nullopt;
  }
  return fromKey(std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free), error);
}

std::optional<SigningKey> SigningKey::loadOrCreate(const std::filesystem::path& path,
                                                   std::string* error) {
  if (std::optional<std::string> pem = readWholeFile(path)) return fromPem(*pem, error);
  std::optional<SigningKey> fresh = generate(error);
  if (!fresh) return std::nullopt;
  switch (createFileExclusively(path, fresh->privateKeyPem(), 0600, error)) {
    case CreateOutcome::kCreated:
      return fresh;
    case CreateOutcome::kAlreadyExists:
      if (std::optional<std::string> pem = readWholeFile(path)) return fromPem(*pem, error);
      if (error) *error = "cannot read " + path.string();
      return std::nullopt;
    case CreateOutcome::kFailed:
      break;
  }
  return std::nullopt;
}

std::optional<SigningKey> SigningKey::fromKey(std::shared_ptr<EVP_PKEY> key, std::string* error) {
  // Deterministic certificate: fixed names and dates, serial from the public key, and
  // PKCS#1 v1.5 signatures are deterministic, so every replica derives identical bytes.
  CertificateSpec spec;
  spec.commonName = "tenantsim token signing";
  spec.notBeforeUnix = kCertificateNotBefore;
  spec.notAfterUnix = kCertificateNotAfter;
  spec.serialBytes = digest("SHA256", publicKeyDer(key.get())).substr(0, 12);
  if (spec.serialBytes.empty()) {
    if (error) *error = "cannot hash the public key";
    return std::nullopt;
  }
  spec.serialBytes[0] = char(spec.serialBytes[0] & 0x7F);
  X509Ptr certificate = buildCertificate(spec, key.get(), nullptr, key.get(), error);
  if (!certificate) return std::nullopt;

  SigningKey signing_key;
  signing_key.key_ = std::move(key);
  signing_key.certificate_pem_ = certificateToPem(certificate.get());
  signing_key.certificate_der_ = certificateToDer(certificate.get());
  signing_key.key_id_ = base64UrlEncode(digest("SHA1", signing_key.certificate_der_));
  return signing_key;
}

std::string SigningKey::privateKeyPem() const { return privateKeyToPem(key_.get()); }

std::string SigningKey::signRs256(std::string_view data) const {
  MdCtxPtr context(EVP_MD_CTX_new());
  size_t length = 0;
  if (!context ||
      EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    takeOpenSslError();
    return {};
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    takeOpenSslError();
    return {};
  }
  signature.resize(length);
  return signature;
}

nlohmann::json SigningKey::jwk() const {
  return {
      {"kty", "RSA"},
      {"use", "sig"},
      {"kid", key_id_},
      {"x5t", key_id_},
      {"n", base64UrlEncode(bignumParameter(key_.get(), OSSL_PKEY_PARAM_RSA_N))},
      {"e", base64UrlEncode(bignumParameter(key_.get(), OSSL_PKEY_PARAM_RSA_E))},
      {"x5c", nlohmann::json::array({base64Encode(certificate_der_)})},
  };
}

nlohmann::json SigningKey::jwks() const { return {{"keys", nlohmann::json::array({jwk()})}}; }

}  // namespace tenantsim::auth
