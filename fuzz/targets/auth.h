// Fuzz entry points for the identity layer: the token endpoint (form body, Basic header, client
// assertions), access-token (JWT) validation and client-assertion verification. Shared by the
// libFuzzer targets and the regression replay test. Keys and the app certificate are generated
// once per process.
#pragma once

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/base64.h"
#include "mockserver/auth/access_token.h"
#include "mockserver/auth/certificate_builder.h"
#include "mockserver/auth/client_assertion.h"
#include "mockserver/auth/directory.h"
#include "mockserver/auth/signing_key.h"
#include "mockserver/auth/token_endpoint.h"

namespace tenantsim::fuzz {

inline constexpr char kFuzzTenantId[] = "72f988bf-86f1-41af-91ab-2d7cd011db47";
inline constexpr char kFuzzClientId[] = "11111111-2222-3333-4444-555555555555";
inline constexpr char kFuzzCertClientId[] = "33333333-4444-5555-6666-777777777777";
inline constexpr char kFuzzTokenUrl[] =
    "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token";
inline constexpr auth::UnixSeconds kFuzzNow = 1714557600;  // 2024-05-01T10:00:00Z

inline void authCheck(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

inline const auth::SigningKey& fuzzSigningKey() {
  static const auth::SigningKey key = *auth::SigningKey::generate();
  return key;
}

struct FuzzCertificate {
  std::string pem;
  EVP_PKEY* key;  // lives for the whole process
};

inline const FuzzCertificate& fuzzCertificate() {
  static const FuzzCertificate certificate = [] {
    EVP_PKEY* key = auth::generateRsaKey(2048)->release();
    auth::CertificateSpec spec;
    spec.commonName = "fuzz app certificate";
    spec.notBeforeUnix = kFuzzNow - 86400;
    spec.notAfterUnix = kFuzzNow + 365 * 86400;
    auth::X509Ptr x509 = std::move(*auth::buildCertificate(spec, key, nullptr, key));
    return FuzzCertificate{auth::certificateToPem(x509.get()), key};
  }();
  return certificate;
}

// header.payload signed RS256 with key: lets the fuzzer reach the checks after the signature.
inline std::string fuzzSign(EVP_PKEY* key, std::string_view header, std::string_view payload) {
  std::string input = base64UrlEncode(header) + "." + base64UrlEncode(payload);
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  std::string signature;
  size_t length = 0;
  if (EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestSign(context, nullptr, &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1) {
    signature.resize(length);
    if (EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1)
      signature.resize(length);
    else
      signature.clear();
  }
  EVP_MD_CTX_free(context);
  return input + "." + base64UrlEncode(signature);
}

// Splits "a\nb" at the first newline (no newline: all of it is `a`).
inline std::pair<std::string_view, std::string_view> splitLine(std::string_view text) {
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return {text, {}};
  return {text.substr(0, nl), text.substr(nl + 1)};
}

// Byte 0 bit 0 = 0: the rest is a bearer token as presented. Bit 0 = 1: the rest is
// "<header JSON>\n<payload JSON>", signed with the server key (bit 1 = 0) or another key (bit 1 =
// 1).
inline int fuzzAccessToken(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string token(rest);
  if (data[0] & 1) {
    auto [header, payload] = splitLine(rest);
    EVP_PKEY* key = (data[0] & 2) ? fuzzCertificate().key : fuzzSigningKey().publicKey();
    token = fuzzSign(key, header, payload);
  }
  auth::AccessTokenPolicy policy{kFuzzTenantId, kFuzzNow, (data[0] & 4) ? 300 : 0};
  auth::AccessTokenCheck check = auth::validateAccessToken(token, fuzzSigningKey(), policy);
  if (check.rejection == auth::TokenRejection::Accepted) {
    authCheck(check.claims.is_object(), "accepted token without object claims");
    authCheck((data[0] & 3) == 1, "accepted a token not signed with the server key");
  }
  (void)auth::graphUnauthorizedMessage(check.rejection);
  (void)auth::inspectAccessToken(token);
  return 0;
}

// Byte 0 bit 0 = 0: the rest is an assertion as presented. Bit 0 = 1: "<header>\n<payload>" signed
// with the app certificate's key (bit 1 = 0) or the server key (bit 1 = 1).
inline int fuzzClientAssertion(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string assertion(rest);
  if (data[0] & 1) {
    auto [header, payload] = splitLine(rest);
    EVP_PKEY* key = (data[0] & 2) ? fuzzSigningKey().publicKey() : fuzzCertificate().key;
    assertion = fuzzSign(key, header, payload);
  }
  auth::ClientAssertionPolicy policy{kFuzzCertClientId, {kFuzzTokenUrl}, kFuzzNow, 300};
  auth::AssertionRejection rejection =
      auth::verifyClientAssertion(assertion, fuzzCertificate().pem, policy);
  if (rejection == auth::AssertionRejection::Accepted)
    authCheck((data[0] & 3) == 1, "accepted an assertion not signed with the certificate key");
  // The same assertion against a certificate that is not PEM at all.
  (void)auth::verifyClientAssertion(
      assertion, (data[0] & 8) ? std::string_view(rest) : std::string_view(), policy);
  return 0;
}

inline const auth::TokenEndpoint& fuzzTokenService() {
  static const auth::TokenEndpoint endpoint = [] {
    auth::TenantDirectory directory;
    directory.tenantId = kFuzzTenantId;
    directory.displayName = "Contoso";
    directory.domains = {"contoso.onmicrosoft.com"};
    directory.apps.push_back(
        {"Audit Reader", kFuzzClientId, "tenantsim-demo-secret", {"AuditLog.Read.All"}, ""});
    directory.apps.push_back(
        {"No Roles", "66666666-7777-8888-9999-000000000000", "no-permissions-secret", {}, ""});
    directory.apps.push_back(
        {"Cert App", kFuzzCertClientId, "", {"AuditLog.Read.All"}, fuzzCertificate().pem});
    return auth::TokenEndpoint(directory, fuzzSigningKey());
  }();
  return endpoint;
}

// Byte 0: tenant segment (bits 0-1), content type (bits 2-3). Rest: "<Authorization
// header>\n<body>".
inline int fuzzTokenEndpoint(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const char* const tenants[4] = {kFuzzTenantId, "contoso.onmicrosoft.com", "common",
                                         "organizations"};
  static const char* const contentTypes[4] = {"", "application/x-www-form-urlencoded",
                                              "application/x-www-form-urlencoded; charset=utf-8",
                                              "application/json"};
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  auto [authorization, body] = splitLine(rest);
  auth::TokenRequest request;
  request.tenantSegment = tenants[data[0] & 3];
  request.contentType = contentTypes[(data[0] >> 2) & 3];
  request.authorizationHeader = std::string(authorization);
  request.body = std::string(body);
  request.tokenEndpointUrl = kFuzzTokenUrl;
  request.now = kFuzzNow;
  auth::TokenResult result = fuzzTokenService().handleTokenRequest(request);
  int status = result.response.status;
  authCheck(result.issued ? status == 200 : (status >= 400 && status < 500),
            "token endpoint status");
  if (result.issued) {
    // A token we issue must validate.
    auto json = nlohmann::json::parse(result.response.body, nullptr, false);
    authCheck(json.is_object() && json.contains("access_token"), "issued without access_token");
  }
  return 0;
}

}  // namespace tenantsim::fuzz
