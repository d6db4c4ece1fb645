// Internal helpers shared by SigningKey and the local CA: key generation, PEM/DER conversion and
// X.509 certificate construction with the OpenSSL 3 EVP APIs. Failures return null/empty and put
// a reason in *error when error is non-null.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/auth/openssl_handles.h"

namespace tenantsim::auth {

PkeyPtr generateRsaKey(unsigned int bits, std::string* error);
std::string privateKeyToPem(EVP_PKEY* key);
PkeyPtr privateKeyFromPem(std::string_view pem, std::string* error);
// Accepts a certificate ("BEGIN CERTIFICATE") or a public key ("BEGIN PUBLIC KEY") PEM.
PkeyPtr publicKeyFromPem(std::string_view pem, std::string* error);

std::string certificateToPem(X509* certificate);
std::string certificateToDer(X509* certificate);
X509Ptr certificateFromPem(std::string_view pem, std::string* error);

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
X509Ptr buildCertificate(const CertificateSpec& spec, EVP_PKEY* subject_key,
                         X509* issuer_certificate, EVP_PKEY* issuer_key, std::string* error);

// Raw digest of bytes with the named algorithm ("SHA1", "SHA256").
std::string digest(std::string_view algorithm, std::string_view bytes);

}  // namespace tenantsim::auth
