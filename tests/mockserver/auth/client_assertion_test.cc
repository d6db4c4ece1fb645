// Specification of certificate-based client authentication (private_key_jwt) at the token
// endpoint, and of verifyClientAssertion's rejection reasons.
#include "mockserver/auth/client_assertion.h"

#include <gtest/gtest.h>

#include "mockserver/auth/access_token.h"
#include "mockserver/auth/token_endpoint.h"
#include "tests/support/auth_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::auth {
namespace {

using namespace fixtures;

const std::string kTokenUrl =
    std::string("https://127.0.0.1:8443/") + kTenantId + "/oauth2/v2.0/token";

nlohmann::json assertionClaims() {
  return {{"aud", kTokenUrl},
          {"iss", kCertificateClientId},
          {"sub", kCertificateClientId},
          {"jti", "5b1c0a7e-0000-4000-8000-000000000001"},
          {"nbf", kNow - 10},
          {"exp", kNow + 600}};
}

std::string assertion(const nlohmann::json& claims, const std::string& alg = "RS256",
                      EVP_PKEY* key = appCertificate().privateKey) {
  return signWith(key, {{"typ", "JWT"}, {"x5t", "thumbprint"}}, claims, alg);
}

TokenResult requestWithAssertion(const std::string& jwt) {
  static const TokenEndpoint endpoint(testDirectory(), testSigningKey());
  TokenRequest request;
  request.tenantSegment = kTenantId;
  request.tokenEndpointUrl = kTokenUrl;
  request.now = kNow;
  request.body =
      std::string("client_id=") + kCertificateClientId +
      "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&grant_type=client_credentials"
      "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
      "&client_assertion=" +
      jwt;
  return endpoint.handleTokenRequest(request);
}

int aadstsCodeOf(const TokenResult& result) { return result.aadstsCode; }

AssertionRejection verify(const std::string& jwt) {
  ClientAssertionPolicy policy{kCertificateClientId, {kTokenUrl}, kNow, 300};
  return verifyClientAssertion(jwt, appCertificate().certificatePem, policy);
}

TEST(ClientAssertion, Rs256AssertionIssuesToken) {
  TokenResult result = requestWithAssertion(assertion(assertionClaims()));
  EXPECT_EQ(result.response.status, 200) << result.response.body;
  EXPECT_TRUE(result.issued);
}

TEST(ClientAssertion, Ps256AssertionIssuesToken) {
  EXPECT_EQ(requestWithAssertion(assertion(assertionClaims(), "PS256")).response.status, 200);
}

TEST(ClientAssertion, CertificateTokenHasAppIdAcr2) {
  TokenResult result = requestWithAssertion(assertion(assertionClaims()));
  std::string token = parseJson(result.response.body)["access_token"];
  AccessTokenCheck check = validateAccessToken(token, testSigningKey(), {kTenantId, kNow, 0});
  EXPECT_EQ(check.claims["appidacr"], "2");
}

TEST(ClientAssertion, MicrosoftTokenEndpointAudienceIsAccepted) {
  nlohmann::json claims = assertionClaims();
  claims["aud"] =
      std::string("https://login.microsoftonline.com/") + kTenantId + "/oauth2/v2.0/token";
  EXPECT_EQ(requestWithAssertion(assertion(claims)).response.status, 200);
}

TEST(ClientAssertion, AssertionSignedByOtherKeyFails700027) {
  TokenResult result =
      requestWithAssertion(assertion(assertionClaims(), "RS256", otherSigningKey().publicKey()));
  EXPECT_EQ(result.response.status, 401);
  EXPECT_EQ(aadstsCodeOf(result), 700027);
}

TEST(ClientAssertion, WrongAudienceFails700023) {
  nlohmann::json claims = assertionClaims();
  claims["aud"] = "https://example.com/token";
  EXPECT_EQ(aadstsCodeOf(requestWithAssertion(assertion(claims))), 700023);
}

TEST(ClientAssertion, IssuerNotClientIdFails700021) {
  nlohmann::json claims = assertionClaims();
  claims["iss"] = kReaderClientId;
  EXPECT_EQ(aadstsCodeOf(requestWithAssertion(assertion(claims))), 700021);
}

TEST(ClientAssertion, ExpiredAssertionFails700024) {
  nlohmann::json claims = assertionClaims();
  claims["exp"] = kNow - 3600;
  EXPECT_EQ(aadstsCodeOf(requestWithAssertion(assertion(claims))), 700024);
}

TEST(ClientAssertion, GarbageAssertionIsMalformed50027) {
  TokenResult result = requestWithAssertion("not-a-jwt");
  EXPECT_EQ(result.response.status, 400);
  EXPECT_EQ(aadstsCodeOf(result), 50027);
}

TEST(ClientAssertion, AppWithoutCertificateFails700027) {
  ClientAssertionPolicy policy{kCertificateClientId, {kTokenUrl}, kNow, 300};
  EXPECT_EQ(verifyClientAssertion(assertion(assertionClaims()), "", policy),
            AssertionRejection::NoCertificate);
}

TEST(ClientAssertion, AlgNoneIsInvalidSignature) {
  std::string unsignedJwt =
      base64UrlEncode(R"({"alg":"none"})") + "." + base64UrlEncode(assertionClaims().dump()) + ".";
  EXPECT_EQ(verify(unsignedJwt), AssertionRejection::InvalidSignature);
}

TEST(ClientAssertion, SubjectMustEqualClientId) {
  nlohmann::json claims = assertionClaims();
  claims["sub"] = "someone-else";
  EXPECT_EQ(verify(assertion(claims)), AssertionRejection::WrongIssuerOrSubject);
}

TEST(ClientAssertion, NotYetValidAssertionIsOutsideValidity) {
  nlohmann::json claims = assertionClaims();
  claims["nbf"] = kNow + 3600;
  EXPECT_EQ(verify(assertion(claims)), AssertionRejection::OutsideValidity);
}

TEST(ClientAssertion, AudienceArrayContainingEndpointIsAccepted) {
  nlohmann::json claims = assertionClaims();
  claims["aud"] = {"https://other", kTokenUrl};
  EXPECT_EQ(verify(assertion(claims)), AssertionRejection::Accepted);
}

}  // namespace
}  // namespace tenantsim::auth
