// Bad requests of every kind get a Graph-shaped (or Entra-shaped) 4xx, and the server stays
// healthy afterwards.
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

void expectHealthy(TestServer& s) {
  HttpAnswer a = s.get("/v1.0/auditLogs/directoryAudits?$top=1");
  EXPECT_EQ(a.status, 200) << a.body;
}

TEST(BadRequests, MalformedFiltersAreInvalidFilterClause) {
  TestServer& s = sharedServer();
  for (std::string filter :
       {"activityDisplayName%20eq", "((((", "activityDateTime%20ge%20'yesterday'",
        "createdDateTime%20ge%202026-10-30", "activityDisplayName%20eq%20'unterminated",
        "targetResources/any(t:%20t/id%20eq%201)", "%FF%FE", "not%20not%20not"}) {
    HttpAnswer a = s.get("/v1.0/auditLogs/directoryAudits?$filter=" + filter);
    expectGraphError(a, 400, "BadRequest");
    EXPECT_TRUE(
        a.json["error"]["message"].get<std::string>().starts_with("Invalid filter clause") ||
        a.status == 400)
        << filter;
  }
  expectHealthy(s);
}

TEST(BadRequests, FilterBelowRetentionNamesTheMinimumTime) {
  TestServer& s = sharedServer();
  HttpAnswer a =
      s.get("/v1.0/auditLogs/directoryAudits?$filter=activityDateTime%20ge%202020-01-01");
  expectGraphError(a, 400, "BadRequest");
  EXPECT_EQ(a.json["error"]["message"], "Invalid filter clause");
  EXPECT_NE(a.json["error"]["innerError"]["detail"].get<std::string>().find("Minimum allowed time"),
            std::string::npos);
}

TEST(BadRequests, HugeOrNegativeTopIsHandled) {
  TestServer& s = sharedServer();
  HttpAnswer huge = s.get("/v1.0/deviceManagement/auditEvents?$top=99999999999");
  EXPECT_TRUE(huge.status == 200 || huge.status == 400) << huge.body;
  if (huge.status == 200) {
    EXPECT_LE(huge.json["value"].size(), 1000u);
  }
  expectGraphError(s.get("/v1.0/deviceManagement/auditEvents?$top=-1"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/deviceManagement/auditEvents?$top=abc"), 400, "BadRequest");
  expectHealthy(s);
}

TEST(BadRequests, GarbageBearerTokensAre401) {
  TestServer& s = sharedServer();
  for (std::string token :
       std::vector<std::string>{"x", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", std::string(5000, 'A')}) {
    HttpAnswer a =
        s.send("GET", "/v1.0/auditLogs/directoryAudits", {{"Authorization", "Bearer " + token}});
    expectGraphError(a, 401, "InvalidAuthenticationToken");
  }
  expectHealthy(s);
}

TEST(BadRequests, TwentyKilobyteUrlIsRejectedCleanly) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.get("/v1.0/auditLogs/directoryAudits?$filter=" + std::string(20 * 1024, 'a'));
  EXPECT_GE(a.status, 400);
  EXPECT_LT(a.status, 500);
  EXPECT_TRUE(a.json.is_object() && a.json.contains("error")) << a.body;
  expectHealthy(s);
}

TEST(BadRequests, BadTokenBodiesAreEntraErrors) {
  TestServer& s = sharedServer();
  std::string path = "/" + s.tenantId() + "/oauth2/v2.0/token";
  for (auto [body, type] : {std::pair<std::string, std::string>{
                                "{\"grant_type\":\"client_credentials\"}", "application/json"},
                            {"%%%&&&===", "application/x-www-form-urlencoded"},
                            {std::string(100 * 1024, 'x'), "application/x-www-form-urlencoded"},
                            {"grant_type=password", "application/x-www-form-urlencoded"},
                            {"", "application/x-www-form-urlencoded"}}) {
    HttpAnswer a = s.send("POST", path, {}, body, type);
    EXPECT_GE(a.status, 400) << a.body;
    EXPECT_LT(a.status, 500) << a.body;
    EXPECT_TRUE(a.json.is_object() && a.json.contains("error")) << a.body.substr(0, 200);
  }
  expectHealthy(s);
}

// Issue #15: query options whose percent-decoded bytes are not text are 400 with a precise
// detail, on every route, before any option is read.
TEST(BadRequests, QueryOptionsThatAreNotTextAre400WithThePreciseReason) {
  TestServer& s = sharedServer();
  const std::pair<std::string, std::string> cases[] = {
      {"/v1.0/auditLogs/directoryAudits?$filter=id%20eq%20'a%00b'",
       "query parameter '$filter' is not valid text: control character U+0000 at byte 8"},
      {"/beta/auditLogs/directoryAudits?$top=2&$filter=id%20eq%20'%C0%AF'",
       "query parameter '$filter' is not valid text: overlong encoding of U+002F at byte 7"},
      {"/v1.0/deviceManagement/auditEvents?$select=id%ED%A0%80",
       "query parameter '$select' is not valid text: UTF-16 surrogate U+D800 at byte 2"},
      {"/beta/deviceManagement/auditEvents/getAuditCategories?x=%FF",
       "query parameter 'x' is not valid text: byte 0xFF never appears in UTF-8 at byte 0"},
      {"/v1.0/auditLogs/directoryAudits/any-id?%C3=1",
       "query parameter 1 has a name that is not valid text: truncated 2-byte sequence at byte 0"},
  };
  for (const auto& [target, detail] : cases) {
    HttpAnswer a = s.get(target);
    expectGraphError(a, 400, "BadRequest");
    EXPECT_EQ(a.json["error"]["message"], "The query specified in the URI is not valid.") << target;
    EXPECT_EQ(a.json["error"]["innerError"].value("detail", ""), detail) << target;
  }
  expectHealthy(s);
}

TEST(BadRequests, IdentityRouteQueriesThatAreNotTextAreEntraMalformedRequests) {
  TestServer& s = sharedServer();
  for (const std::string& target :
       {"/" + s.tenantId() + "/v2.0/.well-known/openid-configuration?x=%00",
        std::string("/common/discovery/v2.0/keys?x=%E0%80%AF"),
        std::string(
            "/common/discovery/instance?api-version=1.1&authorization_endpoint=%ED%BF%BF")}) {
    HttpAnswer a = s.send("GET", target);
    EXPECT_EQ(a.status, 400) << target << " " << a.body;
    ASSERT_TRUE(a.json.is_object()) << a.body;
    EXPECT_EQ(a.json.value("error", ""), "invalid_request") << a.body;
    EXPECT_EQ(a.json["error_codes"][0], 9002313) << a.body;
    EXPECT_NE(a.json.value("error_description", "").find("is not valid text: "), std::string::npos)
        << a.body;
  }
}

TEST(BadRequests, TokenFormBodyThatIsNotTextIsAnEntraMalformedRequest) {
  TestServer& s = sharedServer();
  std::string body = clientCredentialsBody(kReaderClientId, kReaderSecret);
  for (const std::string& bad : {body + "%00", "grant_type=%FF&" + body, "%C0%80=1&" + body}) {
    HttpAnswer a = s.send("POST", "/" + s.tenantId() + "/oauth2/v2.0/token", {}, bad,
                          "application/x-www-form-urlencoded");
    EXPECT_EQ(a.status, 400) << a.body;
    ASSERT_TRUE(a.json.is_object()) << a.body;
    EXPECT_EQ(a.json["error_codes"][0], 9002313) << a.body;
    EXPECT_NE(a.json.value("error_description", "").find("not valid text: "), std::string::npos)
        << a.body;
  }
  HttpAnswer ok = s.send("POST", "/" + s.tenantId() + "/oauth2/v2.0/token", {}, body,
                         "application/x-www-form-urlencoded");
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST(BadRequests, UnknownOptionsAndEmptyParametersAreIgnored) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.get("/v1.0/auditLogs/directoryAudits?&=foo&unknown=1&$top=2&");
  EXPECT_EQ(a.status, 200) << a.body;
}

TEST(BadRequests, UnsupportedOptionsAre400) {
  TestServer& s = sharedServer();
  expectGraphError(s.get("/v1.0/auditLogs/directoryAudits?$expand=targetResources"), 400,
                   "BadRequest");
  expectGraphError(s.get("/v1.0/auditLogs/directoryAudits?$orderby=category"), 400, "BadRequest");
  expectHealthy(s);
}

}  // namespace
}  // namespace tenantsim::mock::testing
