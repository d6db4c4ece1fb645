// Specification of the token endpoint: client-credentials success paths and Entra's error shapes.
#include "mockserver/auth/token_endpoint.h"

#include <gtest/gtest.h>

#include <cctype>

#include "mockserver/auth/access_token.h"
#include "mockserver/auth/form_body.h"
#include "tests/support/auth_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::auth {
namespace {

using namespace fixtures;

constexpr char kGraphScope[] = "https%3A%2F%2Fgraph.microsoft.com%2F.default";

std::string urlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

const TokenEndpoint& endpoint() {
  static const TokenEndpoint instance(testDirectory(), testSigningKey());
  return instance;
}

TokenRequest formRequest(std::string body, std::string tenant = kTenantId) {
  TokenRequest request;
  request.tenantSegment = std::move(tenant);
  request.body = std::move(body);
  request.contentType = "application/x-www-form-urlencoded;charset=utf-8";
  request.tokenEndpointUrl =
      "https://127.0.0.1:8443/" + request.tenantSegment + "/oauth2/v2.0/token";
  request.now = kNow;
  return request;
}

std::string secretBody(std::string_view clientId = kReaderClientId,
                       std::string_view secret = kReaderSecret) {
  return "client_id=" + std::string(clientId) + "&scope=" + kGraphScope +
         "&client_secret=" + urlEncode(secret) + "&grant_type=client_credentials";
}

nlohmann::json bodyOf(const TokenResult& result) { return parseJson(result.response.body); }

void expectEntraError(const TokenResult& result, int status, std::string_view error, int code) {
  EXPECT_FALSE(result.issued);
  EXPECT_EQ(result.response.status, status);
  nlohmann::json body = bodyOf(result);
  EXPECT_EQ(body["error"], error);
  EXPECT_EQ(body["error_codes"], nlohmann::json::array({code}));
  EXPECT_EQ(
      body["error_description"].get<std::string>().rfind("AADSTS" + std::to_string(code) + ": ", 0),
      0u)
      << body["error_description"];
}

TEST(TokenEndpoint, SecretInBodyIssuesBearerToken) {
  TokenResult result = endpoint().handleTokenRequest(formRequest(secretBody()));
  ASSERT_EQ(result.response.status, 200) << result.response.body;
  nlohmann::json body = bodyOf(result);
  EXPECT_EQ(body["token_type"], "Bearer");
  EXPECT_TRUE(body["expires_in"].is_number_integer());
  EXPECT_EQ(body["expires_in"], 3599);
  EXPECT_EQ(body["ext_expires_in"], 3599);
  AccessTokenCheck check = validateAccessToken(body["access_token"].get<std::string>(),
                                               testSigningKey(), {kTenantId, kNow, 0});
  EXPECT_EQ(check.rejection, TokenRejection::Accepted);
  EXPECT_EQ(check.appId, kReaderClientId);
  EXPECT_EQ(result.clientId, kReaderClientId);
}

TEST(TokenEndpoint, SuccessBodyListsFieldsInEntraOrder) {
  TokenResult result = endpoint().handleTokenRequest(formRequest(secretBody()));
  EXPECT_EQ(result.response.body.rfind(R"({"token_type":"Bearer","expires_in":3599,)", 0), 0u);
}

TEST(TokenEndpoint, ResponsesAreJsonAndNotCacheable) {
  TokenResult result = endpoint().handleTokenRequest(formRequest(secretBody()));
  EXPECT_EQ(result.response.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(result.response.header("Cache-Control"), "no-store, no-cache");
  EXPECT_EQ(result.response.header("Pragma"), "no-cache");
}

TEST(TokenEndpoint, SecretInBasicHeaderIssuesToken) {
  TokenRequest request =
      formRequest(std::string("scope=") + kGraphScope + "&grant_type=client_credentials");
  request.authorizationHeader =
      "Basic " + base64Encode(std::string(kReaderClientId) + ":" + urlEncode(kReaderSecret));
  TokenResult result = endpoint().handleTokenRequest(request);
  EXPECT_EQ(result.response.status, 200) << result.response.body;
}

TEST(TokenEndpoint, WrongSecretInBasicHeaderIsInvalidClient) {
  TokenRequest request =
      formRequest(std::string("scope=") + kGraphScope + "&grant_type=client_credentials");
  request.authorizationHeader = "Basic " + base64Encode(std::string(kReaderClientId) + ":nope");
  expectEntraError(endpoint().handleTokenRequest(request), 401, "invalid_client", 7000215);
}

TEST(TokenEndpoint, MsalNodeTelemetryFieldsAreIgnored) {
  std::string body =
      std::string("client_id=") + kReaderClientId + "&scope=" + kGraphScope +
      "&grant_type=client_credentials&x-client-SKU=msal.js.node&x-client-VER=5.6.0"
      "&x-client-OS=linux&x-client-CPU=x64&x-ms-lib-capability=retry-after%2C%20h429"
      "&x-client-current-telemetry=5%7C771%2C2%2C%2C%2C%7C%2C&x-client-last-telemetry=5%7C0%7C%7C%"
      "7C0%2C0"
      "&client-request-id=6f0d5f0e-1c1a-4a59-9b0e-0b8f7c3c2a11"
      "&claims=%7B%22access_token%22%3A%7B%22xms_cc%22%3A%7B%22values%22%3A%5B%22CP1%22%5D%7D%7D%7D"
      "&client_secret=" +
      urlEncode(kReaderSecret);
  EXPECT_EQ(endpoint().handleTokenRequest(formRequest(body)).response.status, 200);
}

TEST(TokenEndpoint, PythonMsalClientInfoFieldIsIgnored) {
  std::string body =
      std::string("client_id=") + kReaderClientId +
      "&grant_type=client_credentials&client_info=1&client_secret=" + urlEncode(kReaderSecret) +
      "&scope=" + kGraphScope;
  EXPECT_EQ(endpoint().handleTokenRequest(formRequest(body)).response.status, 200);
}

TEST(TokenEndpoint, UnencodedScopeAsWazuhSendsIsAccepted) {
  TenantDirectory directory = testDirectory();
  directory.apps[1].secret = "plain";
  TokenEndpoint plain(directory, testSigningKey());
  std::string body =
      std::string(
          "scope=https://graph.microsoft.com/.default&grant_type=client_credentials&client_id=") +
      kNoRolesClientId + "&client_secret=plain";
  EXPECT_EQ(plain.handleTokenRequest(formRequest(body)).response.status, 200);
}

TEST(TokenEndpoint, GraphAppIdScopeIsAccepted) {
  std::string body =
      std::string("client_id=") + kReaderClientId +
      "&scope=00000003-0000-0000-c000-000000000000%2F.default&grant_type=client_credentials"
      "&client_secret=" +
      urlEncode(kReaderSecret);
  EXPECT_EQ(endpoint().handleTokenRequest(formRequest(body)).response.status, 200);
}

// Clients switched to the US Government clouds ask for their Graph; proxy mode serves them.
TEST(TokenEndpoint, UsGovernmentGraphScopesAreAccepted) {
  for (const char* scope : {"https%3A%2F%2Fgraph.microsoft.us%2F.default",
                            "https%3A%2F%2Fdod-graph.microsoft.us%2F.default"}) {
    std::string body = std::string("client_id=") + kReaderClientId + "&scope=" + scope +
                       "&grant_type=client_credentials&client_secret=" + urlEncode(kReaderSecret);
    EXPECT_EQ(endpoint().handleTokenRequest(formRequest(body)).response.status, 200) << scope;
  }
}

TEST(TokenEndpoint, OtherResourceScopeIsStillInvalid) {
  std::string body = std::string("client_id=") + kReaderClientId +
                     "&scope=https%3A%2F%2Fgraph.microsoft.example%2F.default"
                     "&grant_type=client_credentials&client_secret=" +
                     urlEncode(kReaderSecret);
  EXPECT_EQ(endpoint().handleTokenRequest(formRequest(body)).response.status, 400);
}

TEST(TokenEndpoint, V1ResourceParameterStandsInForScope) {
  std::string body = std::string("client_id=") + kReaderClientId +
                     "&resource=https%3A%2F%2Fgraph.microsoft.com%2F&grant_type=client_credentials"
                     "&client_secret=" +
                     urlEncode(kReaderSecret);
  EXPECT_EQ(endpoint().handleTokenRequest(formRequest(body)).response.status, 200);
}

TEST(TokenEndpoint, TenantDomainSegmentIsAccepted) {
  EXPECT_EQ(endpoint().handleTokenRequest(formRequest(secretBody(), kTenantDomain)).response.status,
            200);
}

TEST(TokenEndpoint, ClientRequestIdBecomesCorrelationId) {
  std::string body = secretBody(kReaderClientId, "wrong") +
                     "&client-request-id=6f0d5f0e-1c1a-4a59-9b0e-0b8f7c3c2a11";
  nlohmann::json error = bodyOf(endpoint().handleTokenRequest(formRequest(body)));
  EXPECT_EQ(error["correlation_id"], "6f0d5f0e-1c1a-4a59-9b0e-0b8f7c3c2a11");
}

TEST(TokenEndpoint, ErrorDescriptionCarriesTraceCorrelationAndTimestamp) {
  nlohmann::json error =
      bodyOf(endpoint().handleTokenRequest(formRequest(secretBody(kReaderClientId, "wrong"))));
  std::string description = error["error_description"];
  EXPECT_NE(description.find("\r\nTrace ID: " + error["trace_id"].get<std::string>() +
                             "\r\nCorrelation ID: " + error["correlation_id"].get<std::string>() +
                             "\r\nTimestamp: 2024-05-01 10:00:00Z"),
            std::string::npos);
  EXPECT_EQ(error["timestamp"], "2024-05-01 10:00:00Z");
  EXPECT_EQ(error["error_uri"], "https://login.microsoftonline.com/error?code=7000215");
}

TEST(TokenEndpoint, WrongSecretIsInvalidClient7000215) {
  expectEntraError(endpoint().handleTokenRequest(formRequest(secretBody(kReaderClientId, "wrong"))),
                   401, "invalid_client", 7000215);
}

TEST(TokenEndpoint, UnknownClientIsUnauthorizedClient700016) {
  expectEntraError(endpoint().handleTokenRequest(
                       formRequest(secretBody("99999999-0000-0000-0000-000000000000"))),
                   400, "unauthorized_client", 700016);
}

TEST(TokenEndpoint, OtherResourceScopeIsInvalidScope70011) {
  std::string body =
      std::string("client_id=") + kReaderClientId +
      "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default&grant_type=client_credentials"
      "&client_secret=" +
      urlEncode(kReaderSecret);
  expectEntraError(endpoint().handleTokenRequest(formRequest(body)), 400, "invalid_scope", 70011);
}

TEST(TokenEndpoint, DelegatedStyleScopeIsInvalidScope1002012) {
  std::string body = std::string("client_id=") + kReaderClientId +
                     "&scope=AuditLog.Read.All&grant_type=client_credentials&client_secret=" +
                     urlEncode(kReaderSecret);
  expectEntraError(endpoint().handleTokenRequest(formRequest(body)), 400, "invalid_scope", 1002012);
}

TEST(TokenEndpoint, UnsupportedGrantTypeIs70003) {
  std::string body =
      std::string("client_id=") + kReaderClientId + "&grant_type=password&scope=" + kGraphScope;
  expectEntraError(endpoint().handleTokenRequest(formRequest(body)), 400, "unsupported_grant_type",
                   70003);
}

TEST(TokenEndpoint, MissingGrantTypeIs900144NamingIt) {
  std::string body = std::string("client_id=") + kReaderClientId + "&scope=" + kGraphScope;
  TokenResult result = endpoint().handleTokenRequest(formRequest(body));
  expectEntraError(result, 400, "invalid_request", 900144);
  EXPECT_NE(bodyOf(result)["error_description"].get<std::string>().find(
                "The request body must contain the following parameter: 'grant_type'."),
            std::string::npos);
}

TEST(TokenEndpoint, MissingClientIdIs900144) {
  std::string body = std::string("grant_type=client_credentials&scope=") + kGraphScope;
  expectEntraError(endpoint().handleTokenRequest(formRequest(body)), 400, "invalid_request",
                   900144);
}

TEST(TokenEndpoint, MissingScopeIs900144) {
  std::string body = std::string("grant_type=client_credentials&client_id=") + kReaderClientId +
                     "&client_secret=x";
  expectEntraError(endpoint().handleTokenRequest(formRequest(body)), 400, "invalid_request",
                   900144);
}

TEST(TokenEndpoint, MissingCredentialIsInvalidClient7000218) {
  std::string body = std::string("grant_type=client_credentials&client_id=") + kReaderClientId +
                     "&scope=" + kGraphScope;
  expectEntraError(endpoint().handleTokenRequest(formRequest(body)), 401, "invalid_client",
                   7000218);
}

TEST(TokenEndpoint, UnknownTenantIsInvalidTenant90002) {
  expectEntraError(endpoint().handleTokenRequest(
                       formRequest(secretBody(), "00000000-1111-2222-3333-444444444444")),
                   400, "invalid_tenant", 90002);
}

TEST(TokenEndpoint, UnknownDomainIsInvalidTenant90002) {
  expectEntraError(endpoint().handleTokenRequest(formRequest(secretBody(), "fabrikam.com")), 400,
                   "invalid_tenant", 90002);
}

TEST(TokenEndpoint, NonsenseTenantIsInvalidRequest900023) {
  expectEntraError(endpoint().handleTokenRequest(formRequest(secretBody(), "not_a_tenant")), 400,
                   "invalid_request", 900023);
}

TEST(TokenEndpoint, CommonTenantIsRefusedForClientCredentials) {
  expectEntraError(endpoint().handleTokenRequest(formRequest(secretBody(), "common")), 400,
                   "invalid_request", 50059);
}

TEST(TokenEndpoint, OrganizationsTenantIsRefusedForClientCredentials) {
  expectEntraError(endpoint().handleTokenRequest(formRequest(secretBody(), "organizations")), 400,
                   "invalid_request", 50059);
}

TEST(TokenEndpoint, BodyOverLimitIsMalformedRequest) {
  std::string body = secretBody() + "&padding=" + std::string(70 * 1024, 'a');
  expectEntraError(endpoint().handleTokenRequest(formRequest(body)), 400, "invalid_request",
                   9002313);
}

TEST(TokenEndpoint, JsonBodyIsTreatedAsMissingParameters) {
  TokenRequest request = formRequest(R"({"grant_type":"client_credentials"})");
  request.contentType = "application/json";
  expectEntraError(endpoint().handleTokenRequest(request), 400, "invalid_request", 900144);
}

TEST(TokenEndpoint, DuplicateKeysUseFirstValue) {
  std::string body = secretBody() + "&client_secret=second-value-ignored";
  EXPECT_EQ(endpoint().handleTokenRequest(formRequest(body)).response.status, 200);
}

TEST(TokenEndpoint, ConfiguredLifetimeIsReportedAsExpiresIn) {
  TokenEndpoint shortLived(testDirectory(), testSigningKey(), {.accessTokenLifetimeSeconds = 120});
  EXPECT_EQ(bodyOf(shortLived.handleTokenRequest(formRequest(secretBody())))["expires_in"], 120);
}

}  // namespace
}  // namespace tenantsim::auth
