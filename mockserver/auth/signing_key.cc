#include "mockserver/auth/signing_key.h"

#include <openssl/core_names.h>

#include "base/atomic_file.h"
#include "base/base64.h"
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

Result<SigningKey> SigningKey::generate() {
  Result<PkeyPtr> key = generateRsaKey(2048);
  if (!key) return std::move(key).error();
  return fromKey(std::shared_ptr<EVP_PKEY>(key->release(), EVP_PKEY_free));
}

Result<SigningKey> SigningKey::fromPem(std::string_view privateKeyPem) {
  Result<PkeyPtr> key = privateKeyFromPem(privateKeyPem);
  if (!key) return std::move(key).error();
  if (EVP_PKEY_get_base_id(key->get()) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key->get()) < 2048)
    return plainError("signing key must be RSA with at least 2048 bits");
  return fromKey(std::shared_ptr<EVP_PKEY>(key->release(), EVP_PKEY_free));
}

Result<SigningKey> SigningKey::loadOrCreate(const std::filesystem::path& path) {
  if (Result<std::string> pem = readWholeFile(path)) return fromPem(*pem);
  Result<SigningKey> fresh = generate();
  if (!fresh) return fresh;
  Result<CreateOutcome> published =
      createFileExclusively(path, fresh->privateKeyPem(), {.permissions = 0600, .durable = true});
  if (!published) return std::move(published).error();
  if (*published == CreateOutcome::Created) return fresh;
  // Another process published its key first: everyone uses that one.
  Result<std::string> pem = readWholeFile(path);
  if (!pem) return std::move(pem).error();
  return fromPem(*pem);
}

Result<SigningKey> SigningKey::fromKey(std::shared_ptr<EVP_PKEY> key) {
  // Deterministic certificate: fixed names and dates, serial from the public key, and
  // PKCS#1 v1.5 signatures are deterministic, so every replica derives identical bytes.
  CertificateSpec spec;
  spec.commonName = "tenantsim token signing";
  spec.notBeforeUnix = kCertificateNotBefore;
  spec.notAfterUnix = kCertificateNotAfter;
  spec.serialBytes = digest("SHA256", publicKeyDer(key.get())).substr(0, 12);
  if (spec.serialBytes.empty()) return plainError("cannot hash the public key");
  spec.serialBytes[0] = char(spec.serialBytes[0] & 0x7F);
  Result<X509Ptr> certificate = buildCertificate(spec, key.get(), nullptr, key.get());
  if (!certificate) return std::move(certificate).error();

  SigningKey signingKey;
  signingKey.key_ = std::move(key);
  signingKey.certificatePem_ = certificateToPem(certificate->get());
  signingKey.certificateDer_ = certificateToDer(certificate->get());
  signingKey.keyId_ = base64UrlEncode(digest("SHA1", signingKey.certificateDer_));
  return signingKey;
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
      {"kid", keyId_},
      {"x5t", keyId_},
      {"n", base64UrlEncode(bignumParameter(key_.get(), OSSL_PKEY_PARAM_RSA_N))},
      {"e", base64UrlEncode(bignumParameter(key_.get(), OSSL_PKEY_PARAM_RSA_E))},
      {"x5c", nlohmann::json::array({base64Encode(certificateDer_)})},
  };
}

nlohmann::json SigningKey::jwks() const { return {{"keys", nlohmann::json::array({jwk()})}}; }

}  // namespace tenantsim::auth
