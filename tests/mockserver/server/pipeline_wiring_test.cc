// The whole pipeline as served: stages wired in order, one value per Graph header, metrics and
// the admin surface reachable through the server.
#include "mockserver/server/serving_state.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock {
namespace {

using testing::TestServer;

Scenario throttledScenario() {
  Scenario s = testing::smallScenario();
  s.server.throttling = true;
  s.server.directoryAuditsBudget = {2, 60};
  return s;
}

TEST(PipelineWiring, ThrottlingAnswers429AfterTheBudgetWithOneRequestIdHeader) {
  TestServer server(throttledScenario());
  const std::string& token = server.readerToken();
  httplib::Headers auth{{"Authorization", "Bearer " + token}, {"client-request-id", "my-id-1"}};
  EXPECT_EQ(server.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1", auth).status, 200);
  EXPECT_EQ(server.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1", auth).status, 200);
  testing::HttpAnswer third = server.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1", auth);
  EXPECT_EQ(third.status, 429);
  EXPECT_EQ(third.json["error"]["code"], "TooManyRequests");
  EXPECT_FALSE(third.header("Retry-After").empty());
  EXPECT_EQ(third.headers.count("request-id"), 1u);
  EXPECT_EQ(third.headers.count("client-request-id"), 1u);
  EXPECT_EQ(third.header("client-request-id"), "my-id-1");
  // Intune has its own budget.
  EXPECT_EQ(server.send("GET", "/v1.0/deviceManagement/auditEvents?$top=1", auth).status, 200);
}

TEST(PipelineWiring, ErrorsCarryEachRequestHeaderOnce) {
  Scenario s = testing::smallScenario();
  s.server.auth = "strict";
  TestServer server(s);
  testing::HttpAnswer a = server.send("GET", "/v1.0/auditLogs/directoryAudits");  // no token
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(a.headers.count("request-id"), 1u);
  EXPECT_EQ(a.headers.count("client-request-id"), 1u);
}

TEST(PipelineWiring, FaultRateOneAnswersEveryGraphRequestWithAFault) {
  Scenario s = testing::smallScenario();
  s.server.faults.rate = 1;
  s.server.faults.statuses = {503};
  TestServer server(s);
  testing::HttpAnswer a = server.get("/v1.0/auditLogs/directoryAudits?$top=1");
  EXPECT_EQ(a.status, 503);
  EXPECT_FALSE(a.header("Retry-After").empty());
}

TEST(PipelineWiring, MetricsCountServedRequestsAndItems) {
  TestServer server;
  ASSERT_EQ(server.get("/beta/auditLogs/directoryAudits?$top=3").status, 200);
  testing::HttpAnswer metrics = server.get("/_tenantsim/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("tenantsim_requests_total{route=\"directoryAudits\",status=\"200\"}"),
            std::string::npos)
      << metrics.body;
  testing::HttpAnswer health = server.get("/_tenantsim/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json["status"], "ok");
}

TEST(PipelineWiring, TokenResponsesCarryEachRequestIdOnce) {
  TestServer server;
  std::string body = std::string("grant_type=client_credentials&client_id=") +
                     testing::kReaderClientId + "&client_secret=" + testing::kReaderSecret +
                     "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default";
  testing::HttpAnswer a = server.send("POST", "/" + server.tenantId() + "/oauth2/v2.0/token", {},
                                      body, "application/x-www-form-urlencoded");
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.headers.count("x-ms-request-id"), 1u);
  EXPECT_EQ(a.headers.count("client-request-id"), 1u);
}

TEST(PipelineWiring, TheMemoryReportCountsEveryStore) {
  testing::TestServer& s = testing::sharedServer();
  std::shared_ptr<ServingState> state = s.server().state();
  std::string report = state->memoryReport();
  EXPECT_NE(report.find("audit events " + std::to_string(s.events().size()) + ": "),
            std::string::npos)
      << report;
  for (const char* part : {"sign-ins ", "risk detections ", "provisioning ", "resident ", "peak "})
    EXPECT_NE(report.find(part), std::string::npos) << part << " in " << report;
}

}  // namespace
}  // namespace tenantsim::mock
