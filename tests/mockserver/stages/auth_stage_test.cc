// Strict auth on Graph endpoints: 401 bodies with WWW-Authenticate, 403 for an app without roles,
// request ids echoed.
#include "mockserver/auth/authorizer.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

TEST(AuthStage, MissingTokenIs401WithWwwAuthenticate) {
  TestServer& s = sharedServer();
  HttpAnswer a =
      s.send("GET", "/v1.0/auditLogs/directoryAudits", {{"client-request-id", "my-id-1"}});
  expectGraphError(a, 401, "InvalidAuthenticationToken");
  EXPECT_EQ(a.json["error"]["message"], "Access token is empty.");
  EXPECT_EQ(a.header("WWW-Authenticate"), std::string(auth::kGraphWwwAuthenticate));
  EXPECT_EQ(a.json["error"]["innerError"]["client-request-id"], "my-id-1");
  EXPECT_EQ(a.header("client-request-id"), "my-id-1");
  EXPECT_EQ(a.json["error"]["innerError"]["request-id"], a.header("request-id"));
}

TEST(AuthStage, GarbageTokenIs401) {
  TestServer& s = sharedServer();
  HttpAnswer a =
      s.send("GET", "/beta/deviceManagement/auditEvents", {{"Authorization", "Bearer not.a.jwt"}});
  expectGraphError(a, 401, "InvalidAuthenticationToken");
  EXPECT_FALSE(a.header("WWW-Authenticate").empty());
}

TEST(AuthStage, AppWithoutRolesIs403) {
  TestServer& s = sharedServer();
  std::string token = s.tokenFor(kNoRolesClientId, kNoRolesSecret);
  HttpAnswer a =
      s.send("GET", "/v1.0/auditLogs/directoryAudits", {{"Authorization", "Bearer " + token}});
  expectGraphError(a, 403, "Authorization_RequestDenied");
  EXPECT_EQ(a.json["error"]["message"], "Insufficient privileges to complete the operation.");
}

TEST(AuthStage, FunctionsNeedATokenToo) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.send("GET", "/v1.0/deviceManagement/auditEvents/getAuditCategories");
  expectGraphError(a, 401, "InvalidAuthenticationToken");
}

TEST(AuthStage, AuthOffLetsAnonymousCallersList) {
  Scenario scenario = smallScenario();
  scenario.server.auth = "off";
  TestServer open(scenario);
  HttpAnswer a = open.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1");
  EXPECT_EQ(a.status, 200) << a.body;
}

}  // namespace
}  // namespace tenantsim::mock::testing
