// Shared fixtures for the auth layer's tests: a tenant, its apps, a signing key generated once per
// test binary, an app certificate for client assertions, and a JWS signer for hand-made tokens.
#pragma once

#include <openssl/rsa.h>

#include <nlohmann/json.hpp>
#include <string>

#include "base/base64.h"
#include "mockserver/auth/certificate_builder.h"
#include "mockserver/auth/directory.h"
#include "mockserver/auth/signing_key.h"

namespace tenantsim::auth::fixtures {

inline constexpr char kTenantId[] = "72f988bf-86f1-41af-91ab-2d7cd011db47";
inline constexpr char kTenantDomain[] = "contoso.onmicrosoft.com";
inline constexpr char kReaderClientId[] = "11111111-2222-3333-4444-555555555555";
inline constexpr char kReaderSecret[] = "test-secret~with.special+chars&=%";
inline constexpr char kNoRolesClientId[] = "22222222-3333-4444-5555-666666666666";
inline constexpr char kCertificateClientId[] = "33333333-4444-5555-6666-777777777777";
inline constexpr UnixSeconds kNow = 1714557600;  // 2024-05-01T10:00:00Z

inline const SigningKey& testSigningKey() {
  static const SigningKey key = *SigningKey::generate();
  return key;
}

inline const SigningKey& otherSigningKey() {
  static const SigningKey key = *SigningKey::generate();
  return key;
}

struct AppCertificate {
  std::string certificatePem;
  EVP_PKEY* privateKey;  // lives for the whole test binary
};

inline const AppCertificate& appCertificate() {
  static const AppCertificate certificate = [] {
    EVP_PKEY* key = generateRsaKey(2048)->release();
    CertificateSpec spec;
    spec.commonName = "app certificate";
    spec.notBeforeUnix = kNow - 86400;
    spec.notAfterUnix = kNow + 365 * 86400;
    X509Ptr x509 = std::move(*buildCertificate(spec, key, nullptr, key));
    return AppCertificate{certificateToPem(x509.get()), key};
  }();
  return certificate;
}

inline TenantDirectory testDirectory() {
  TenantDirectory directory;
  directory.tenantId = kTenantId;
  directory.displayName = "Contoso";
  directory.domains = {kTenantDomain};
  directory.apps.push_back({"Audit Reader",
                            kReaderClientId,
                            kReaderSecret,
                            {"AuditLog.Read.All", "DeviceManagementApps.Read.All"},
                            ""});
  directory.apps.push_back({"No Roles", kNoRolesClientId, "no-roles-secret", {}, ""});
  directory.apps.push_back({"Cert App",
                            kCertificateClientId,
                            "",
                            {"AuditLog.Read.All"},
                            appCertificate().certificatePem});
  return directory;
}

// A compact JWS over header/payload signed with key using alg "RS256" or "PS256" (header "alg"
// is set accordingly; other header members are kept).
inline std::string signWith(EVP_PKEY* key, nlohmann::json header, const nlohmann::json& payload,
                            const std::string& alg = "RS256") {
  header["alg"] = alg;
  std::string input = base64UrlEncode(header.dump()) + "." + base64UrlEncode(payload.dump());
  MdCtxPtr context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* keyContext = nullptr;
  EVP_DigestSignInit(context.get(), &keyContext, EVP_sha256(), nullptr, key);
  if (alg == "PS256") {
    EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST);
  }
  size_t length = 0;
  EVP_DigestSign(context.get(), nullptr, &length,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  std::string signature(length, '\0');
  EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  signature.resize(length);
  return input + "." + base64UrlEncode(signature);
}

}  // namespace tenantsim::auth::fixtures
