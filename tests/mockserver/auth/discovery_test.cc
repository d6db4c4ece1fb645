// Specification of the OIDC and instance discovery documents and the JWKS.
#include "mockserver/auth/discovery.h"

#include <gtest/gtest.h>

#include "tests/support/auth_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::auth {
namespace {

using namespace fixtures;

constexpr char kBase[] = "https://127.0.0.1:8443";

nlohmann::json v2Document(std::string_view tenant = kTenantId) {
  AuthResponse response =
      openIdConfiguration(testDirectory(), kBase, tenant, OidcVersion::V2, kNow);
  EXPECT_EQ(response.status, 200) << response.body;
  return parseJson(response.body);
}

TEST(Discovery, V2DocumentHasEveryRecordedKey) {
  nlohmann::json doc = v2Document();
  for (const char* key : {"token_endpoint",
                          "token_endpoint_auth_methods_supported",
                          "jwks_uri",
                          "response_modes_supported",
                          "subject_types_supported",
                          "id_token_signing_alg_values_supported",
                          "response_types_supported",
                          "scopes_supported",
                          "issuer",
                          "request_uri_parameter_supported",
                          "userinfo_endpoint",
                          "authorization_endpoint",
                          "device_authorization_endpoint",
                          "http_logout_supported",
                          "frontchannel_logout_supported",
                          "end_session_endpoint",
                          "claims_supported",
                          "kerberos_endpoint",
                          "tenant_region_scope",
                          "cloud_instance_name",
                          "cloud_graph_host_name",
                          "msgraph_host",
                          "rbac_url"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
}

TEST(Discovery, V2EndpointsUseTheClientsSchemeHostAndPort) {
  nlohmann::json doc = v2Document();
  std::string root = std::string(kBase) + "/" + kTenantId;
  EXPECT_EQ(doc["token_endpoint"], root + "/oauth2/v2.0/token");
  EXPECT_EQ(doc["authorization_endpoint"], root + "/oauth2/v2.0/authorize");
  EXPECT_EQ(doc["jwks_uri"], root + "/discovery/v2.0/keys");
  EXPECT_EQ(doc["issuer"], root + "/v2.0");
  EXPECT_EQ(doc["device_authorization_endpoint"], root + "/oauth2/v2.0/devicecode");
  EXPECT_EQ(doc["end_session_endpoint"], root + "/oauth2/v2.0/logout");
}

TEST(Discovery, GlobalHostNamesTheGlobalCloud) {
  nlohmann::json doc = v2Document();
  EXPECT_EQ(doc["cloud_instance_name"], "microsoftonline.com");
  EXPECT_EQ(doc["msgraph_host"], "graph.microsoft.com");
  EXPECT_EQ(doc["userinfo_endpoint"], "https://graph.microsoft.com/oidc/userinfo");
}

// Proxy mode answers for login.microsoftonline.us: the document names that cloud's hosts.
TEST(Discovery, UsGovernmentLoginHostNamesTheUsGovernmentCloud) {
  AuthResponse response = openIdConfiguration(testDirectory(), "https://login.microsoftonline.us",
                                              kTenantId, OidcVersion::V2, kNow);
  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json doc = parseJson(response.body);
  EXPECT_EQ(doc["token_endpoint"],
            std::string("https://login.microsoftonline.us/") + kTenantId + "/oauth2/v2.0/token");
  EXPECT_EQ(doc["cloud_instance_name"], "microsoftonline.us");
  EXPECT_EQ(doc["msgraph_host"], "graph.microsoft.us");
  EXPECT_EQ(doc["userinfo_endpoint"], "https://graph.microsoft.us/oidc/userinfo");
}

TEST(Discovery, TrailingSlashOnBaseUrlIsNotDoubled) {
  AuthResponse response = openIdConfiguration(testDirectory(), "http://localhost:8080/", kTenantId,
                                              OidcVersion::V2, kNow);
  EXPECT_EQ(parseJson(response.body)["token_endpoint"],
            std::string("http://localhost:8080/") + kTenantId + "/oauth2/v2.0/token");
}

TEST(Discovery, DomainSegmentResolvesToTenantId) {
  EXPECT_EQ(v2Document(kTenantDomain)["issuer"], std::string(kBase) + "/" + kTenantId + "/v2.0");
}

TEST(Discovery, CommonKeepsAliasAndUsesTenantIdPlaceholderInIssuer) {
  nlohmann::json doc = v2Document("common");
  EXPECT_EQ(doc["issuer"], std::string(kBase) + "/{tenantid}/v2.0");
  EXPECT_EQ(doc["token_endpoint"], std::string(kBase) + "/common/oauth2/v2.0/token");
}

TEST(Discovery, UnknownTenantIsEntra90002) {
  AuthResponse response =
      openIdConfiguration(testDirectory(), kBase, "fabrikam.com", OidcVersion::V2, kNow);
  EXPECT_EQ(response.status, 400);
  nlohmann::json body = parseJson(response.body);
  EXPECT_EQ(body["error"], "invalid_tenant");
  EXPECT_EQ(body["error_codes"], nlohmann::json::array({90002}));
}

TEST(Discovery, V1DocumentUsesV1EndpointsAndStsIssuer) {
  AuthResponse response =
      openIdConfiguration(testDirectory(), kBase, kTenantId, OidcVersion::V1, kNow);
  nlohmann::json doc = parseJson(response.body);
  EXPECT_EQ(doc["token_endpoint"], std::string(kBase) + "/" + kTenantId + "/oauth2/token");
  EXPECT_EQ(doc["authorization_endpoint"],
            std::string(kBase) + "/" + kTenantId + "/oauth2/authorize");
  EXPECT_EQ(doc["issuer"], std::string("https://sts.windows.net/") + kTenantId + "/");
}

TEST(Discovery, DocumentsAreCacheableForADay) {
  AuthResponse response =
      openIdConfiguration(testDirectory(), kBase, kTenantId, OidcVersion::V2, kNow);
  EXPECT_EQ(response.header("Cache-Control"), "max-age=86400, private");
  EXPECT_EQ(response.header("Access-Control-Allow-Origin"), "*");
}

TEST(Discovery, JwksListsTheSigningKey) {
  nlohmann::json keys = parseJson(jwksDocument(testSigningKey()).body)["keys"];
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0]["kid"], testSigningKey().keyId());
  EXPECT_EQ(keys[0]["kty"], "RSA");
  EXPECT_EQ(keys[0]["use"], "sig");
  EXPECT_EQ(keys[0]["e"], "AQAB");
  EXPECT_TRUE(keys[0]["x5c"].is_array());
}

nlohmann::json instance(std::string_view base, std::string_view authorizationEndpoint,
                        int expectedStatus = 200) {
  AuthResponse response = instanceDiscovery(base, authorizationEndpoint, "1.1", kNow);
  EXPECT_EQ(response.status, expectedStatus) << response.body;
  return parseJson(response.body);
}

TEST(InstanceDiscovery, MockHostPointsTenantDiscoveryAtTheMock) {
  nlohmann::json body =
      instance(kBase, std::string(kBase) + "/" + kTenantId + "/oauth2/v2.0/authorize");
  EXPECT_EQ(body["tenant_discovery_endpoint"],
            std::string(kBase) + "/" + kTenantId + "/v2.0/.well-known/openid-configuration");
  EXPECT_EQ(body["api-version"], "1.1");
}

TEST(InstanceDiscovery, MetadataListsMockHostAndMicrosoftAliases) {
  nlohmann::json metadata =
      instance(kBase, std::string(kBase) + "/common/oauth2/v2.0/authorize")["metadata"];
  EXPECT_EQ(metadata[0]["preferred_network"], "127.0.0.1:8443");
  EXPECT_EQ(metadata[0]["aliases"], nlohmann::json({"127.0.0.1:8443", "127.0.0.1"}));
  EXPECT_EQ(metadata[1]["preferred_network"], "login.microsoftonline.com");
  EXPECT_EQ(metadata[1]["aliases"],
            nlohmann::json({"login.microsoftonline.com", "login.windows.net", "login.microsoft.com",
                            "sts.windows.net"}));
}

TEST(InstanceDiscovery, ProxyModeAnswersForMicrosoftHost) {
  nlohmann::json body =
      instance("https://login.microsoftonline.com",
               "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize");
  EXPECT_EQ(body["tenant_discovery_endpoint"],
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/"
            "openid-configuration");
  EXPECT_EQ(body["metadata"][0]["preferred_network"], "login.microsoftonline.com");
}

TEST(InstanceDiscovery, PortlessAuthorityOfMockHostIsKnown) {
  // MSAL Python drops the port when it builds authorization_endpoint.
  instance(kBase, std::string("https://127.0.0.1/") + kTenantId + "/oauth2/v2.0/authorize");
}

TEST(InstanceDiscovery, UnknownHostIsInvalidInstance) {
  nlohmann::json body = instance(kBase, "https://login.example.com/x/oauth2/v2.0/authorize", 400);
  EXPECT_EQ(body["error"], "invalid_instance");
  EXPECT_EQ(body["error_codes"], nlohmann::json::array({50049}));
}

}  // namespace
}  // namespace tenantsim::auth
