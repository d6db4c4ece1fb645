// Internal helpers shared by SigningKey and the local CA: key generation, PEM/DER conversion and
// X.509 certificate construction with the OpenSSL 3 EVP APIs. Failures carry OpenSSL's reason.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "mockserver/auth/openssl_handles.h"

namespace tenantsim::auth {

Result<PkeyPtr> generateRsaKey(unsigned int bits);
std::string privateKeyToPem(EVP_PKEY* key);
Result<PkeyPtr> privateKeyFromPem(std::string_view pem);
// Accepts a certificate ("BEGIN CERTIFICATE") or a public key ("BEGIN PUBLIC KEY") PEM.
Result<PkeyPtr> publicKeyFromPem(std::string_view pem);

std::string certificateToPem(X509* certificate);
std::string certificateToDer(X509* certificate);
Result<X509Ptr> certificateFromPem(std::string_view pem);

struct CertificateSpec {
  std::string commonName;
  std::vector<std::string> subjectAltNames;  // host names or IP literals; empty = no SAN extension
  bool isCertificateAuthority = false;
  int64_t notBeforeUnix = 0;
  int64_t notAfterUnix = 0;
  std::string serialBytes;  // big-endian; empty = 16 random bytes
};

// Signs with SHA-256. issuer_certificate == nullptr makes a self-signed certificate (issuer_key
// must then be the subject key).
Result<X509Ptr> buildCertificate(const CertificateSpec& spec, EVP_PKEY* subjectKey,
                                 X509* issuerCertificate, EVP_PKEY* issuerKey);

// Raw digest of bytes with the named algorithm ("SHA1", "SHA256").
std::string digest(std::string_view algorithm, std::string_view bytes);

}  // namespace tenantsim::auth
