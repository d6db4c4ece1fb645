// Robustness: bounded, deterministic random inputs to every parser must never crash, throw or
// hang, and must never yield an accepted token or an issued access token.
#include <gtest/gtest.h>

#include <random>

#include "base/url_encoding.h"
#include "mockserver/auth/access_token.h"
#include "mockserver/auth/authorizer.h"
#include "mockserver/auth/client_assertion.h"
#include "mockserver/auth/form_body.h"
#include "mockserver/auth/jwt.h"
#include "mockserver/auth/token_endpoint.h"
#include "tests/support/auth_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::auth {
namespace {

using namespace fixtures;

constexpr int kIterations = 3000;

// Random bytes biased towards the characters that matter to the parsers.
std::string randomInput(std::mt19937& random, size_t maxLength) {
  static constexpr std::string_view kInteresting = ".=&%+-_{}\":,[]eyJ0123456789abcdefABCDEF ";
  std::uniform_int_distribution<size_t> length(0, maxLength);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(length(random), '\0');
  for (char& c : out) {
    int pick = byte(random);
    c = pick < 128 ? kInteresting[static_cast<size_t>(pick) % kInteresting.size()]
                   : char(byte(random));
  }
  return out;
}

// A syntactically plausible JWT whose segments are base64url of random JSON-ish text.
std::string randomJwt(std::mt19937& random) {
  return base64UrlEncode(randomInput(random, 40)) + "." + base64UrlEncode(randomInput(random, 80)) +
         "." + base64UrlEncode(randomInput(random, 40));
}

TEST(GarbageInput, JwtParserAndValidatorNeverAcceptRandomTokens) {
  std::mt19937 random(12345);
  for (int i = 0; i < kIterations; ++i) {
    std::string token = i % 2 ? randomInput(random, 200) : randomJwt(random);
    decodeJwt(token);
    EXPECT_NE(validateAccessToken(token, testSigningKey(), {kTenantId, kNow, 0}).rejection,
              TokenRejection::Accepted);
  }
}

TEST(GarbageInput, RandomJsonClaimsNeverValidate) {
  std::mt19937 random(777);
  for (int i = 0; i < kIterations / 3; ++i) {
    nlohmann::json claims = {{"exp", random()}, {"aud", randomInput(random, 10)}, {"tid", i}};
    if (i % 3 == 0) claims["roles"] = randomInput(random, 5);
    std::string token = signJwtRs256(nlohmann::json::object(), claims, testSigningKey());
    EXPECT_NE(validateAccessToken(token, testSigningKey(), {kTenantId, kNow, 0}).rejection,
              TokenRejection::Accepted);
  }
}

TEST(GarbageInput, AuthorizerNeverAllowsRandomHeadersInStrictMode) {
  std::mt19937 random(4242);
  RequestAuthorizer authorizer(AuthMode::Strict, kTenantId, &testSigningKey());
  for (int i = 0; i < kIterations; ++i) {
    std::string header = (i % 2 ? "Bearer " : "") + randomInput(random, 120);
    EXPECT_FALSE(authorizer.decide(header, directoryAuditsRoles(), kNow).allowed());
  }
}

TEST(GarbageInput, FormParserHandlesRandomBodies) {
  std::mt19937 random(99);
  for (int i = 0; i < kIterations; ++i) {
    std::string body = randomInput(random, 300);
    std::optional<FormBody> form = FormBody::parse(body);
    ASSERT_TRUE(form);
    EXPECT_LE(form->fields().size(), body.size() / 1 + 1);
    EXPECT_LE((i % 2 == 0 ? decodeFormComponent(body) : decodePathSegment(body)).size(),
              body.size());
  }
}

TEST(GarbageInput, TokenEndpointNeverIssuesForRandomRequests) {
  std::mt19937 random(2024);
  TokenEndpoint endpoint(testDirectory(), testSigningKey());
  for (int i = 0; i < kIterations / 3; ++i) {
    TokenRequest request;
    request.tenantSegment = i % 4 == 0 ? std::string(kTenantId) : randomInput(random, 20);
    request.body = i % 2
                       ? randomInput(random, 300)
                       : "grant_type=client_credentials&client_id=" + std::string(kReaderClientId) +
                             "&scope=https://graph.microsoft.com/.default&client_secret=" +
                             randomInput(random, 20);
    request.authorizationHeader = i % 3 == 0 ? "Basic " + randomInput(random, 40) : "";
    request.now = kNow;
    TokenResult result = endpoint.handleTokenRequest(request);
    EXPECT_FALSE(result.issued);
    EXPECT_TRUE(result.response.status == 400 || result.response.status == 401)
        << result.response.status;
    EXPECT_FALSE(parseJsonOrDiscarded(result.response.body).is_discarded());
  }
}

TEST(GarbageInput, ClientAssertionVerifierRejectsRandomAssertions) {
  std::mt19937 random(31337);
  ClientAssertionPolicy policy{kCertificateClientId, {"https://x/token"}, kNow, 300};
  for (int i = 0; i < kIterations; ++i) {
    std::string assertion = i % 2 ? randomInput(random, 200) : randomJwt(random);
    EXPECT_NE(verifyClientAssertion(assertion, appCertificate().certificatePem, policy),
              AssertionRejection::Accepted);
  }
}

TEST(GarbageInput, RandomPemNeverLoadsAsSigningKey) {
  std::mt19937 random(5);
  for (int i = 0; i < 200; ++i) {
    std::string pem = "-----BEGIN PRIVATE KEY-----\n" + base64Encode(randomInput(random, 300)) +
                      "\n-----END PRIVATE KEY-----\n";
    EXPECT_FALSE(SigningKey::fromPem(pem).ok());
  }
}

}  // namespace
}  // namespace tenantsim::auth
