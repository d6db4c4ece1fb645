// Issue #15's token forgery classes, each sent as a bearer token to a real server: every one is
// 401 InvalidAuthenticationToken, while the same claims signed properly are served.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include "base/base64.h"
#include "mockserver/auth/jwt.h"
#include "mockserver/auth/signing_key.h"
#include "tests/support/json.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

// The key every test server signs with (testStateDir() is their shared --state-dir).
const auth::SigningKey& serverKey() {
  static const auth::SigningKey key = [] {
    Result<auth::SigningKey> loaded =
        auth::SigningKey::loadOrCreate(testStateDir() / "signing-key.pem");
    EXPECT_TRUE(loaded.ok());
    return std::move(*loaded);
  }();
  return key;
}

const auth::SigningKey& anotherKey() {
  static const auth::SigningKey key = *auth::SigningKey::generate();
  return key;
}

// The claims of a token the server issued to the reader app.
nlohmann::json issuedClaims(TestServer& s) {
  const std::string token = s.readerToken();
  const size_t first = token.find('.'), second = token.find('.', first + 1);
  std::optional<std::string> payload = base64UrlDecode(token.substr(first + 1, second - first - 1));
  EXPECT_TRUE(payload);
  return parseJson(payload.value_or("{}"));
}

// RS256 over header and claims with `key` (header is written as given, alg included).
std::string signRs256(const auth::SigningKey& key, const nlohmann::json& header,
                      const nlohmann::json& claims) {
  std::string input = base64UrlEncode(header.dump()) + "." + base64UrlEncode(claims.dump());
  return input + "." + base64UrlEncode(key.signRs256(input));
}

std::string publicKeyPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(length));
  BIO_free(bio);
  return pem;
}

// The classic algorithm-confusion forgery: HS256 keyed with the server's public key.
std::string hs256WithPublicKey(const nlohmann::json& header, const nlohmann::json& claims,
                               const std::string& secret) {
  std::string input = base64UrlEncode(header.dump()) + "." + base64UrlEncode(claims.dump());
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return input + "." + base64UrlEncode(std::string_view(reinterpret_cast<char*>(mac), length));
}

nlohmann::json rs256Header(const std::string& kid) {
  return {{"typ", "JWT"}, {"alg", "RS256"}, {"kid", kid}};
}

HttpAnswer listWith(TestServer& s, const std::string& token) {
  return s.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1",
                {{"Authorization", "Bearer " + token}});
}

void expectRefused(TestServer& s, const std::string& token, const std::string& message) {
  HttpAnswer a = listWith(s, token);
  expectGraphError(a, 401, "InvalidAuthenticationToken");
  EXPECT_EQ(a.json["error"]["message"], message) << a.body;
  EXPECT_FALSE(a.header("WWW-Authenticate").empty());
}

TEST(TokenForgery, TheIssuedClaimsSignedWithTheServersKeyAreServed) {
  TestServer& s = sharedServer();
  HttpAnswer a =
      listWith(s, signRs256(serverKey(), rs256Header(serverKey().keyId()), issuedClaims(s)));
  EXPECT_EQ(a.status, 200) << a.body;
}

TEST(TokenForgery, Hs256KeyedWithThePublicKeyIs401) {
  TestServer& s = sharedServer();
  nlohmann::json header = {{"typ", "JWT"}, {"alg", "HS256"}, {"kid", serverKey().keyId()}};
  for (const std::string& secret :
       {publicKeyPem(serverKey().publicKey()), serverKey().certificatePem(),
        serverKey().jwk()["n"].get<std::string>()})
    expectRefused(s, hs256WithPublicKey(header, issuedClaims(s), secret), "Signature is invalid.");
}

TEST(TokenForgery, KidPointingNowhereIs401) {
  TestServer& s = sharedServer();
  expectRefused(s, signRs256(serverKey(), rs256Header("no-such-key"), issuedClaims(s)),
                "Signature is invalid.");
}

TEST(TokenForgery, KidOfAnotherKeyIs401) {
  TestServer& s = sharedServer();
  // Signed by the other key and naming it, or naming ours.
  expectRefused(s, signRs256(anotherKey(), rs256Header(anotherKey().keyId()), issuedClaims(s)),
                "Signature is invalid.");
  expectRefused(s, signRs256(anotherKey(), rs256Header(serverKey().keyId()), issuedClaims(s)),
                "Signature is invalid.");
  // Signed by our key but naming the other one.
  expectRefused(s, signRs256(serverKey(), rs256Header(anotherKey().keyId()), issuedClaims(s)),
                "Signature is invalid.");
}

TEST(TokenForgery, NbfInTheFutureIs401) {
  TestServer& s = sharedServer();
  nlohmann::json claims = issuedClaims(s);
  claims["nbf"] = wallClockSeconds() + 3600;
  claims["exp"] = wallClockSeconds() + 7200;
  expectRefused(s, signRs256(serverKey(), rs256Header(serverKey().keyId()), claims),
                "Access token has expired or is not yet valid.");
}

TEST(TokenForgery, WrongIssuerIs401) {
  TestServer& s = sharedServer();
  nlohmann::json claims = issuedClaims(s);
  claims["iss"] = "https://sts.windows.net/00000000-1111-2222-3333-444444444444/";
  expectRefused(s, signRs256(serverKey(), rs256Header(serverKey().keyId()), claims),
                "Access token validation failure. Invalid issuer.");
  claims["iss"] = "https://evil.example/" + s.tenantId() + "/";
  expectRefused(s, signRs256(serverKey(), rs256Header(serverKey().keyId()), claims),
                "Access token validation failure. Invalid issuer.");
}

TEST(TokenForgery, WrongAudienceIs401) {
  TestServer& s = sharedServer();
  nlohmann::json claims = issuedClaims(s);
  for (const char* audience : {"https://management.azure.com", "https://graph.microsoft.com.evil",
                               "00000002-0000-0000-c000-000000000000"}) {
    claims["aud"] = audience;
    expectRefused(s, signRs256(serverKey(), rs256Header(serverKey().keyId()), claims),
                  "Access token validation failure. Invalid audience.");
  }
}

TEST(TokenForgery, WrongTenantIs401) {
  TestServer& s = sharedServer();
  nlohmann::json claims = issuedClaims(s);
  const std::string other = "00000000-1111-2222-3333-444444444444";
  claims["tid"] = other;  // with an issuer that matches it, and with ours
  claims["iss"] = "https://sts.windows.net/" + other + "/";
  expectRefused(s, signRs256(serverKey(), rs256Header(serverKey().keyId()), claims),
                "Access token validation failure. Invalid issuer.");
  claims["iss"] = "https://sts.windows.net/" + s.tenantId() + "/";
  expectRefused(s, signRs256(serverKey(), rs256Header(serverKey().keyId()), claims),
                "Access token validation failure. Invalid issuer.");
}

// Two servers for two tenants' scenarios share a state directory, hence the signing key: a token
// the other one issued verifies, and is refused for its tenant.
TEST(TokenForgery, TokenFromAnotherTenantsScenarioIs401) {
  TestServer& s = sharedServer();
  Scenario otherScenario = smallScenario();
  otherScenario.tenant.id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  otherScenario.tenant.domain = "fabrikam.onmicrosoft.com";
  TestServer other(otherScenario);
  const std::string token = other.readerToken();
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(listWith(other, token).status, 200);
  expectRefused(s, token, "Access token validation failure. Invalid issuer.");
}

}  // namespace
}  // namespace tenantsim::mock::testing
