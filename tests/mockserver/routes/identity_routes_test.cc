// The Entra side of the mock over HTTP: token flow (secret in the body and HTTP Basic), then a
// listing with the token; discovery documents built from the origin the client used.
#include "base/base64.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

std::string base64(std::string_view text) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < text.size(); i += 3) {
    uint32_t v = (uint8_t(text[i]) << 16) | (uint8_t(text[i + 1]) << 8) | uint8_t(text[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += alphabet[(v >> s) & 63];
  }
  if (size_t rest = text.size() - i) {
    uint32_t v = uint8_t(text[i]) << 16 | (rest == 2 ? uint8_t(text[i + 1]) << 8 : 0);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += rest == 2 ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

TEST(IdentityRoutes, SecretInBodyGivesATokenThatListsDirectoryAudits) {
  TestServer& s = sharedServer();
  HttpAnswer token =
      s.send("POST", "/" + s.tenantId() + "/oauth2/v2.0/token", {},
             "client_id=" + std::string(kReaderClientId) + "&client_secret=" + kReaderSecret +
                 "&grant_type=client_credentials&scope=https://graph.microsoft.com/.default",
             "application/x-www-form-urlencoded");
  ASSERT_EQ(token.status, 200) << token.body;
  EXPECT_EQ(token.json["token_type"], "Bearer");
  EXPECT_TRUE(token.json["expires_in"].is_number());
  HttpAnswer list =
      s.send("GET", "/v1.0/auditLogs/directoryAudits?$top=3",
             {{"Authorization", "Bearer " + token.json["access_token"].get<std::string>()}});
  EXPECT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["value"].size(), 3u);
}

TEST(IdentityRoutes, BasicAuthenticationGivesAToken) {
  TestServer& s = sharedServer();
  HttpAnswer token = s.send(
      "POST", "/" + s.tenantId() + "/oauth2/v2.0/token",
      {{"Authorization", "Basic " + base64(std::string(kReaderClientId) + ":" + kReaderSecret)}},
      "grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
      "application/x-www-form-urlencoded");
  ASSERT_EQ(token.status, 200) << token.body;
  HttpAnswer list =
      s.send("GET", "/beta/deviceManagement/auditEvents?$top=1",
             {{"Authorization", "Bearer " + token.json["access_token"].get<std::string>()}});
  EXPECT_EQ(list.status, 200) << list.body;
}

TEST(IdentityRoutes, WrongSecretIsEntraInvalidClient) {
  TestServer& s = sharedServer();
  HttpAnswer token =
      s.send("POST", "/" + s.tenantId() + "/oauth2/v2.0/token", {},
             "grant_type=client_credentials&client_id=" + std::string(kReaderClientId) +
                 "&client_secret=wrong&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
             "application/x-www-form-urlencoded");
  EXPECT_EQ(token.status, 401) << token.body;
  EXPECT_EQ(token.json["error"], "invalid_client");
  EXPECT_EQ(token.json["error_codes"][0], 7000215);
}

TEST(IdentityRoutes, OpenIdConfigurationUsesTheHostTheClientUsed) {
  TestServer& s = sharedServer();
  HttpAnswer doc = s.send("GET", "/" + s.tenantId() + "/v2.0/.well-known/openid-configuration",
                          {{"Host", "mock.example:4443"}});
  ASSERT_EQ(doc.status, 200) << doc.body;
  EXPECT_EQ(doc.json["token_endpoint"],
            "http://mock.example:4443/" + s.tenantId() + "/oauth2/v2.0/token");
  HttpAnswer v1 = s.send("GET", "/" + s.tenantId() + "/.well-known/openid-configuration");
  EXPECT_EQ(v1.status, 200) << v1.body;
}

TEST(IdentityRoutes, KeysAndInstanceDiscoveryAnswer) {
  TestServer& s = sharedServer();
  HttpAnswer keys = s.send("GET", "/" + s.tenantId() + "/discovery/v2.0/keys");
  ASSERT_EQ(keys.status, 200) << keys.body;
  EXPECT_EQ(keys.json["keys"].size(), 1u);
  HttpAnswer instance = s.send("GET", "/common/discovery/instance?api-version=1.1");
  EXPECT_EQ(instance.status, 200) << instance.body;
  EXPECT_TRUE(instance.json.contains("tenant_discovery_endpoint")) << instance.body;
}

TEST(IdentityRoutes, GetOnTheTokenEndpointIsAnEntraError) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.send("GET", "/" + s.tenantId() + "/oauth2/v2.0/token");
  EXPECT_EQ(a.status, 400) << a.body;
  EXPECT_EQ(a.json["error_codes"][0], 900561);
}

}  // namespace
}  // namespace tenantsim::mock::testing
