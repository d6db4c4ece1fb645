// Specification of access-token minting and validation: each rejection reason and its Graph text.
#include "mockserver/auth/access_token.h"

#include <gtest/gtest.h>

#include "mockserver/auth/jwt.h"
#include "tests/support/auth_test_support.h"

namespace tenantsim::auth {
namespace {

using namespace fixtures;

const App& readerApp() {
  static const TenantDirectory directory = testDirectory();
  return *directory.findApp(kReaderClientId);
}

nlohmann::json validClaims() {
  return accessTokenClaims({kTenantId, &readerApp(), ClientAuthMethod::Secret, kNow, 3599});
}

std::string signedToken(const nlohmann::json& claims) {
  return signJwtRs256(nlohmann::json::object(), claims, testSigningKey());
}

TokenRejection check(std::string_view token, UnixSeconds now = kNow) {
  return validateAccessToken(token, testSigningKey(), {kTenantId, now, 0}).rejection;
}

TEST(AccessToken, MintedTokenIsAccepted) {
  std::string token = mintAccessToken(
      testSigningKey(), {kTenantId, &readerApp(), ClientAuthMethod::Secret, kNow, 3599});
  AccessTokenCheck result = validateAccessToken(token, testSigningKey(), {kTenantId, kNow, 0});
  EXPECT_EQ(result.rejection, TokenRejection::Accepted);
  EXPECT_EQ(result.appId, kReaderClientId);
}

TEST(AccessToken, MintedTokenCarriesGraphAppOnlyClaims) {
  std::optional<DecodedJwt> jwt = decodeJwt(signedToken(validClaims()));
  ASSERT_TRUE(jwt);
  const nlohmann::json& claims = jwt->payload;
  EXPECT_EQ(claims["aud"], "https://graph.microsoft.com");
  EXPECT_EQ(claims["iss"], std::string("https://sts.windows.net/") + kTenantId + "/");
  EXPECT_EQ(claims["tid"], kTenantId);
  EXPECT_EQ(claims["appid"], kReaderClientId);
  EXPECT_EQ(claims["azp"], kReaderClientId);
  EXPECT_EQ(claims["idtyp"], "app");
  EXPECT_EQ(claims["ver"], "1.0");
  EXPECT_EQ(claims["oid"], claims["sub"]);
  EXPECT_EQ(claims["exp"], kNow + 3599);
  EXPECT_LE(claims["nbf"].get<int64_t>(), kNow);
  EXPECT_LE(claims["iat"].get<int64_t>(), kNow);
  EXPECT_EQ(claims["roles"],
            nlohmann::json({"AuditLog.Read.All", "DeviceManagementApps.Read.All"}));
  EXPECT_EQ(jwt->header["alg"], "RS256");
  EXPECT_EQ(jwt->header["kid"], testSigningKey().keyId());
}

TEST(AccessToken, AppWithoutPermissionsGetsNoRolesClaim) {
  TenantDirectory directory = testDirectory();
  nlohmann::json claims = accessTokenClaims(
      {kTenantId, directory.findApp(kNoRolesClientId), ClientAuthMethod::Secret, kNow, 3599});
  EXPECT_FALSE(claims.contains("roles"));
}

TEST(AccessToken, ServicePrincipalObjectIdIsStablePerTenantAndApp) {
  EXPECT_EQ(servicePrincipalObjectId(kTenantId, kReaderClientId),
            servicePrincipalObjectId(kTenantId, kReaderClientId));
  EXPECT_NE(servicePrincipalObjectId(kTenantId, kReaderClientId),
            servicePrincipalObjectId(kTenantId, kNoRolesClientId));
}

TEST(AccessToken, EmptyTokenIsMissing) { EXPECT_EQ(check(""), TokenRejection::Missing); }

TEST(AccessToken, TwoPartTokenIsMalformed) {
  EXPECT_EQ(check("eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ"), TokenRejection::Malformed);
}

TEST(AccessToken, FourPartTokenIsMalformed) {
  EXPECT_EQ(check(signedToken(validClaims()) + ".extra"), TokenRejection::Malformed);
}

TEST(AccessToken, InvalidBase64IsMalformed) {
  EXPECT_EQ(check("eyJhbGciOiJSUzI1NiJ9.not*base64.c2ln"), TokenRejection::Malformed);
}

TEST(AccessToken, NonJsonPayloadIsMalformed) {
  std::string token = "eyJhbGciOiJSUzI1NiJ9." + base64UrlEncode("not json") + ".c2ln";
  EXPECT_EQ(check(token), TokenRejection::Malformed);
}

TEST(AccessToken, OpaqueStringIsMalformed) {
  EXPECT_EQ(check("EwBwA8l6BAAU7p9QDpi"), TokenRejection::Malformed);
}

TEST(AccessToken, AlgNoneIsRejectedEvenWithValidClaims) {
  EXPECT_EQ(check(encodeUnsignedJwt(validClaims())), TokenRejection::UnsupportedAlgorithm);
}

TEST(AccessToken, Hs256IsRejectedAsUnsupportedAlgorithm) {
  std::string token = base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})") + "." +
                      base64UrlEncode(validClaims().dump()) + "." + base64UrlEncode("mac");
  EXPECT_EQ(check(token), TokenRejection::UnsupportedAlgorithm);
}

TEST(AccessToken, TokenSignedByAnotherKeyHasInvalidSignature) {
  std::string token = signJwtRs256(nlohmann::json::object(), validClaims(), otherSigningKey());
  EXPECT_EQ(check(token), TokenRejection::InvalidSignature);
}

TEST(AccessToken, AnotherKeyWithOurKidHasInvalidSignature) {
  std::string token = signWith(otherSigningKey().publicKey(),
                               {{"typ", "JWT"}, {"kid", testSigningKey().keyId()}}, validClaims());
  EXPECT_EQ(check(token), TokenRejection::InvalidSignature);
}

TEST(AccessToken, TamperedPayloadHasInvalidSignature) {
  std::string token = signedToken(validClaims());
  size_t first = token.find('.'), second = token.find('.', first + 1);
  nlohmann::json claims = validClaims();
  claims["roles"] = {"AuditLog.Read.All", "Directory.ReadWrite.All"};
  std::string tampered =
      token.substr(0, first + 1) + base64UrlEncode(claims.dump()) + token.substr(second);
  EXPECT_EQ(check(tampered), TokenRejection::InvalidSignature);
}

TEST(AccessToken, ExpiredTokenIsRejectedAtExp) {
  std::string token = signedToken(validClaims());
  EXPECT_EQ(check(token, kNow + 3598), TokenRejection::Accepted);
  EXPECT_EQ(check(token, kNow + 3599), TokenRejection::Expired);
}

TEST(AccessToken, ClockSkewExtendsExpiry) {
  std::string token = signedToken(validClaims());
  AccessTokenPolicy policy{kTenantId, kNow + 3700, 300};
  EXPECT_EQ(validateAccessToken(token, testSigningKey(), policy).rejection,
            TokenRejection::Accepted);
}

TEST(AccessToken, TokenWithoutExpIsExpired) {
  nlohmann::json claims = validClaims();
  claims.erase("exp");
  EXPECT_EQ(check(signedToken(claims)), TokenRejection::Expired);
}

TEST(AccessToken, TokenBeforeNbfIsNotYetValid) {
  nlohmann::json claims = validClaims();
  claims["nbf"] = kNow + 60;
  EXPECT_EQ(check(signedToken(claims)), TokenRejection::NotYetValid);
}

TEST(AccessToken, OtherTenantIsWrongIssuer) {
  nlohmann::json claims = validClaims();
  claims["tid"] = "00000000-1111-2222-3333-444444444444";
  claims["iss"] = "https://sts.windows.net/00000000-1111-2222-3333-444444444444/";
  EXPECT_EQ(check(signedToken(claims)), TokenRejection::WrongIssuer);
}

TEST(AccessToken, IssuerNotMatchingTidIsWrongIssuer) {
  nlohmann::json claims = validClaims();
  claims["iss"] = "https://evil.example/";
  EXPECT_EQ(check(signedToken(claims)), TokenRejection::WrongIssuer);
}

TEST(AccessToken, V2IssuerIsAccepted) {
  nlohmann::json claims = validClaims();
  claims["iss"] = std::string("https://login.microsoftonline.com/") + kTenantId + "/v2.0";
  EXPECT_EQ(check(signedToken(claims)), TokenRejection::Accepted);
}

TEST(AccessToken, OtherResourceIsWrongAudience) {
  nlohmann::json claims = validClaims();
  claims["aud"] = "https://graph.windows.net";
  EXPECT_EQ(check(signedToken(claims)), TokenRejection::WrongAudience);
}

TEST(AccessToken, GraphAppIdAudienceIsAccepted) {
  nlohmann::json claims = validClaims();
  claims["aud"] = "00000003-0000-0000-c000-000000000000";
  EXPECT_EQ(check(signedToken(claims)), TokenRejection::Accepted);
}

TEST(AccessToken, EachRejectionHasGraphMessage) {
  EXPECT_EQ(graphUnauthorizedMessage(TokenRejection::Missing), "Access token is empty.");
  EXPECT_EQ(graphUnauthorizedMessage(TokenRejection::Malformed),
            "CompactToken parsing failed with error code: 80049217");
  EXPECT_EQ(graphUnauthorizedMessage(TokenRejection::Expired),
            "Access token has expired or is not yet valid.");
  EXPECT_EQ(graphUnauthorizedMessage(TokenRejection::NotYetValid),
            "Access token has expired or is not yet valid.");
  EXPECT_EQ(graphUnauthorizedMessage(TokenRejection::WrongAudience),
            "Access token validation failure. Invalid audience.");
  EXPECT_EQ(graphUnauthorizedMessage(TokenRejection::InvalidSignature), "Signature is invalid.");
  EXPECT_EQ(graphUnauthorizedMessage(TokenRejection::UnsupportedAlgorithm),
            "Signature is invalid.");
  EXPECT_EQ(graphUnauthorizedMessage(TokenRejection::WrongIssuer),
            "Access token validation failure. Invalid issuer.");
}

TEST(AccessToken, InspectAcceptsUnsignedTokenAndReadsAppId) {
  AccessTokenCheck result = inspectAccessToken(encodeUnsignedJwt({{"appid", "abc"}}));
  EXPECT_EQ(result.rejection, TokenRejection::Accepted);
  EXPECT_EQ(result.appId, "abc");
}

TEST(AccessToken, InspectReadsAzpWhenAppIdAbsent) {
  EXPECT_EQ(inspectAccessToken(encodeUnsignedJwt({{"azp", "v2-app"}})).appId, "v2-app");
}

}  // namespace
}  // namespace tenantsim::auth
