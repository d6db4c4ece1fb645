// Specification of the per-request authorization decision in each mode.
#include "mockserver/auth/authorizer.h"

#include <gtest/gtest.h>

#include "mockserver/auth/jwt.h"
#include "tests/support/auth_test_support.h"

namespace tenantsim::auth {
namespace {

using namespace fixtures;
using Outcome = AuthorizationDecision::Outcome;

std::string tokenFor(std::string_view clientId, UnixSeconds issuedAt = kNow) {
  static const TenantDirectory directory = testDirectory();
  return mintAccessToken(testSigningKey(), {kTenantId, directory.findApp(clientId),
                                            ClientAuthMethod::Secret, issuedAt, 3599});
}

AuthorizationDecision decide(AuthMode mode, std::string_view header,
                             const std::vector<std::string>& roles = directoryAuditsRoles()) {
  RequestAuthorizer authorizer(mode, kTenantId, &testSigningKey());
  return authorizer.decide(header, roles, kNow);
}

TEST(Authorizer, StrictAllowsTokenWithRequiredRole) {
  AuthorizationDecision decision = decide(AuthMode::Strict, "Bearer " + tokenFor(kReaderClientId));
  EXPECT_TRUE(decision.allowed());
  EXPECT_EQ(decision.httpStatus, 200);
  EXPECT_EQ(decision.appId, kReaderClientId);
}

TEST(Authorizer, StrictAllowsIntuneReadRoleForAuditEvents) {
  EXPECT_TRUE(decide(AuthMode::Strict, "Bearer " + tokenFor(kReaderClientId), auditEventsRoles())
                  .allowed());
}

TEST(Authorizer, StrictForbidsTokenWithoutRequiredRole) {
  AuthorizationDecision decision = decide(AuthMode::Strict, "Bearer " + tokenFor(kNoRolesClientId));
  EXPECT_EQ(decision.outcome, Outcome::Forbidden);
  EXPECT_EQ(decision.httpStatus, 403);
  EXPECT_EQ(decision.errorCode, "Authorization_RequestDenied");
  EXPECT_EQ(decision.errorMessage, "Insufficient privileges to complete the operation.");
  EXPECT_EQ(decision.appId, kNoRolesClientId);
  EXPECT_TRUE(decision.wwwAuthenticate.empty());
}

TEST(Authorizer, StrictForbidsAuditEventsForDirectoryOnlyApp) {
  AuthorizationDecision decision =
      decide(AuthMode::Strict, "Bearer " + tokenFor(kCertificateClientId), auditEventsRoles());
  EXPECT_EQ(decision.httpStatus, 403);
}

TEST(Authorizer, MissingHeaderIs401AccessTokenIsEmpty) {
  AuthorizationDecision decision = decide(AuthMode::Strict, "");
  EXPECT_EQ(decision.outcome, Outcome::Unauthorized);
  EXPECT_EQ(decision.httpStatus, 401);
  EXPECT_EQ(decision.errorCode, "InvalidAuthenticationToken");
  EXPECT_EQ(decision.errorMessage, "Access token is empty.");
}

TEST(Authorizer, UnauthorizedCarriesGraphWwwAuthenticate) {
  EXPECT_EQ(decide(AuthMode::Strict, "").wwwAuthenticate,
            "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/"
            "oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"");
}

TEST(Authorizer, BearerWithoutTokenIsEmpty) {
  EXPECT_EQ(decide(AuthMode::Strict, "Bearer ").errorMessage, "Access token is empty.");
}

TEST(Authorizer, BasicSchemeCountsAsNoToken) {
  EXPECT_EQ(decide(AuthMode::Strict, "Basic dXNlcjpwYXNz").rejection, TokenRejection::Missing);
}

TEST(Authorizer, BearerSchemeIsCaseInsensitive) {
  EXPECT_TRUE(decide(AuthMode::Strict, "bearer " + tokenFor(kReaderClientId)).allowed());
}

TEST(Authorizer, GarbageTokenIsCompactTokenParsingFailure) {
  AuthorizationDecision decision = decide(AuthMode::Strict, "Bearer abc");
  EXPECT_EQ(decision.httpStatus, 401);
  EXPECT_EQ(decision.errorMessage, "CompactToken parsing failed with error code: 80049217");
}

TEST(Authorizer, StrictRejectsExpiredToken) {
  AuthorizationDecision decision =
      decide(AuthMode::Strict, "Bearer " + tokenFor(kReaderClientId, kNow - 7200));
  EXPECT_EQ(decision.httpStatus, 401);
  EXPECT_EQ(decision.rejection, TokenRejection::Expired);
  EXPECT_EQ(decision.appId, kReaderClientId);
}

TEST(Authorizer, StrictRejectsUnsignedToken) {
  std::string token =
      encodeUnsignedJwt({{"appid", kReaderClientId}, {"roles", {"AuditLog.Read.All"}}});
  EXPECT_EQ(decide(AuthMode::Strict, "Bearer " + token).rejection,
            TokenRejection::UnsupportedAlgorithm);
}

TEST(Authorizer, PermissiveAcceptsUnsignedTokenAndReadsAppId) {
  std::string token = encodeUnsignedJwt({{"appid", "any-app"}});
  AuthorizationDecision decision = decide(AuthMode::Permissive, "Bearer " + token);
  EXPECT_TRUE(decision.allowed());
  EXPECT_EQ(decision.appId, "any-app");
}

TEST(Authorizer, PermissiveAcceptsExpiredTokenWithoutRoles) {
  EXPECT_TRUE(
      decide(AuthMode::Permissive, "Bearer " + tokenFor(kNoRolesClientId, kNow - 86400)).allowed());
}

TEST(Authorizer, PermissiveStillRejectsMissingToken) {
  EXPECT_EQ(decide(AuthMode::Permissive, "").httpStatus, 401);
}

TEST(Authorizer, PermissiveRejectsMalformedToken) {
  EXPECT_EQ(decide(AuthMode::Permissive, "Bearer not.a-jwt").rejection, TokenRejection::Malformed);
}

TEST(Authorizer, OffAllowsMissingToken) {
  AuthorizationDecision decision = decide(AuthMode::Off, "");
  EXPECT_TRUE(decision.allowed());
  EXPECT_EQ(decision.appId, "");
}

TEST(Authorizer, OffStillReportsAppIdWhenTokenPresent) {
  EXPECT_EQ(decide(AuthMode::Off, "Bearer " + tokenFor(kReaderClientId)).appId, kReaderClientId);
}

TEST(Authorizer, ParsesModeNames) {
  EXPECT_EQ(parseAuthMode("strict"), AuthMode::Strict);
  EXPECT_EQ(parseAuthMode("Permissive"), AuthMode::Permissive);
  EXPECT_EQ(parseAuthMode("off"), AuthMode::Off);
  EXPECT_EQ(parseAuthMode("none"), std::nullopt);
}

}  // namespace
}  // namespace tenantsim::auth
