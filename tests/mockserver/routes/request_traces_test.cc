// Per-request traces as served: the trace header, /_tenantsim/requests and its records (each
// stage's decision, the query plan, redaction), the stats and capabilities the dashboard reads,
// and the dashboard's files.
#include "tests/support/server_test_support.h"

namespace tenantsim::mock {
namespace {

using testing::HttpAnswer;
using testing::TestServer;

Scenario throttledScenario() {
  Scenario s = testing::smallScenario();
  s.server.auth = "strict";
  s.server.throttling = true;
  s.server.directoryAuditsBudget = {2, 10};
  return s;
}

httplib::Headers tracedWith(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"x-tenantsim-trace", "1"}};
}

TEST(RequestTraces, TraceHeaderCarriesTheIdOfTheRecord) {
  TestServer server(throttledScenario());
  HttpAnswer a = server.send("GET", "/v1.0/auditLogs/directoryAudits?$top=2",
                             tracedWith(server.readerToken()));
  ASSERT_EQ(a.status, 200);
  std::string id = a.header("x-tenantsim-trace-id");
  ASSERT_FALSE(id.empty());
  HttpAnswer record = server.send("GET", "/_tenantsim/requests/" + id);
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_EQ(record.json["id"].get<uint64_t>(), std::stoull(id));
  EXPECT_EQ(record.json["status"], 200);
  EXPECT_EQ(record.json["appId"], testing::kReaderClientId);
  EXPECT_EQ(record.json["endpoint"], "directoryAudits");
  EXPECT_EQ(record.json["requestId"], a.header("request-id"));
  EXPECT_EQ(record.json["authorization"], "Bearer [redacted]");
  EXPECT_EQ(record.json["bytes"].get<size_t>(), a.body.size());
}

TEST(RequestTraces, NoTraceHeaderUnlessTheClientAsks) {
  TestServer server(throttledScenario());
  HttpAnswer a = server.get("/v1.0/auditLogs/directoryAudits?$top=1");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.headers.count("x-tenantsim-trace-id"), 0u);
}

TEST(RequestTraces, ThrottledRequestSaysWhichRequestOfTheWindowItWasAndWhenToRetry) {
  TestServer server(throttledScenario());
  httplib::Headers headers = tracedWith(server.readerToken());
  server.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1", headers);
  server.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1", headers);
  HttpAnswer third = server.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1", headers);
  ASSERT_EQ(third.status, 429);
  HttpAnswer record =
      server.send("GET", "/_tenantsim/requests/" + third.header("x-tenantsim-trace-id"));
  const nlohmann::json& decisions = record.json["decisions"];
  ASSERT_EQ(decisions.size(), 2u) << record.body;
  EXPECT_EQ(decisions[0]["stage"], "auth");
  EXPECT_EQ(decisions[0]["decision"], std::string("allowed: app ") + testing::kReaderClientId);
  EXPECT_EQ(decisions[1]["stage"], "throttling");
  EXPECT_EQ(decisions[1]["decision"], std::string("throttled: 3rd request in 10 s for app ") +
                                          testing::kReaderClientId +
                                          " on directoryAudits (budget 2); retry after " +
                                          third.header("Retry-After") + " s");
}

TEST(RequestTraces, AdmittedRequestSaysTheBudgetLeft) {
  TestServer server(throttledScenario());
  HttpAnswer a = server.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1",
                             tracedWith(server.readerToken()));
  HttpAnswer record =
      server.send("GET", "/_tenantsim/requests/" + a.header("x-tenantsim-trace-id"));
  EXPECT_EQ(record.json["decisions"][1]["decision"],
            std::string("admitted: 1st request in 10 s for app ") + testing::kReaderClientId +
                " on directoryAudits; 1 of 2 left");
}

TEST(RequestTraces, DeniedRequestGivesTheAuthReason) {
  TestServer server(throttledScenario());
  HttpAnswer a =
      server.send("GET", "/v1.0/auditLogs/directoryAudits", {{"x-tenantsim-trace", "1"}});
  ASSERT_EQ(a.status, 401);
  HttpAnswer record =
      server.send("GET", "/_tenantsim/requests/" + a.header("x-tenantsim-trace-id"));
  std::string decision = record.json["decisions"][0]["decision"];
  EXPECT_EQ(decision.rfind("denied 401 InvalidAuthenticationToken", 0), 0u) << decision;
}

TEST(RequestTraces, FaultAndLatencyStagesRecordTheirDraws) {
  Scenario s = testing::smallScenario();
  s.server.faults.rate = 1;
  s.server.faults.statuses = {503};
  TestServer server(s);
  HttpAnswer a = server.get("/v1.0/auditLogs/directoryAudits?$top=1", {{"x-tenantsim-trace", "1"}});
  ASSERT_EQ(a.status, 503);
  HttpAnswer record =
      server.send("GET", "/_tenantsim/requests/" + a.header("x-tenantsim-trace-id"));
  std::string last = record.json["decisions"].back()["decision"];
  EXPECT_EQ(record.json["decisions"].back()["stage"], "faults");
  EXPECT_EQ(last.rfind("injected 503 (draw for request #", 0), 0u) << last;
}

TEST(RequestTraces, ListRequestRecordsItsQueryPlan) {
  TestServer server;
  HttpAnswer a = server.get(
      "/v1.0/auditLogs/directoryAudits?$top=3&$filter=activityDateTime%20ge%202026-10-30T00:00:00Z",
      {{"x-tenantsim-trace", "1"}});
  ASSERT_EQ(a.status, 200) << a.body;
  HttpAnswer record =
      server.send("GET", "/_tenantsim/requests/" + a.header("x-tenantsim-trace-id"));
  std::string plan = record.json["plan"];
  EXPECT_EQ(plan.rfind("activityDateTime 2026-10-30T00:00:00.0000000Z .. (open)", 0), 0u) << plan;
  EXPECT_NE(plan.find("page size 3; 3 returned"), std::string::npos) << plan;
  EXPECT_NE(plan.find("; scan, "), std::string::npos) << plan;  // no selective equality
}

TEST(RequestTraces, SelectiveFilterRecordsTheIndexAndTheEventsItExamined) {
  TestServer server;
  HttpAnswer a =
      server.get("/v1.0/auditLogs/directoryAudits?$top=3&$filter=loggedByService%20eq%20'PIM'",
                 {{"x-tenantsim-trace", "1"}});
  ASSERT_EQ(a.status, 200) << a.body;
  HttpAnswer record =
      server.send("GET", "/_tenantsim/requests/" + a.header("x-tenantsim-trace-id"));
  std::string plan = record.json["plan"];
  size_t at = plan.find("; index, ");
  ASSERT_NE(at, std::string::npos) << plan;
  // The index hands the filter only PIM events, so it examines about a page's worth.
  uint64_t examined = std::stoull(plan.substr(at + 9));
  EXPECT_GE(examined, 3u) << plan;
  EXPECT_LE(examined, 10u) << plan;
}

TEST(RequestTraces, TokenRequestRecordsItsAppButNeverItsSecret) {
  TestServer server;
  server.readerToken();
  HttpAnswer list = server.send("GET", "/_tenantsim/requests?path=token");
  ASSERT_EQ(list.json["value"].size(), 1u) << list.body;
  HttpAnswer record =
      server.send("GET", "/_tenantsim/requests/" + list.json["value"][0]["id"].dump());
  EXPECT_EQ(record.json["appId"], testing::kReaderClientId);
  EXPECT_EQ(record.json["decisions"][0]["decision"],
            "grant_type client_credentials; credential client_secret (redacted)");
  EXPECT_EQ(record.body.find(testing::kReaderSecret), std::string::npos);
}

TEST(RequestTraces, ListFiltersByStatusNewestFirstAndSkipsAdminRequests) {
  TestServer server(throttledScenario());
  httplib::Headers headers = tracedWith(server.readerToken());
  for (int i = 0; i < 4; ++i) server.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1", headers);
  server.send("GET", "/_tenantsim/health");
  HttpAnswer throttled = server.send("GET", "/_tenantsim/requests?status=429");
  ASSERT_EQ(throttled.json["value"].size(), 2u) << throttled.body;
  EXPECT_GT(throttled.json["value"][0]["id"], throttled.json["value"][1]["id"]);
  HttpAnswer all = server.send("GET", "/_tenantsim/requests");
  EXPECT_EQ(all.json["value"].size(), 5u);  // the token request and four list requests
  for (const nlohmann::json& t : all.json["value"]) EXPECT_NE(t["endpoint"], "admin");
}

TEST(RequestTraces, UnknownIdIs404AndABadIdIs400) {
  TestServer server;
  EXPECT_EQ(server.send("GET", "/_tenantsim/requests/999").status, 404);
  EXPECT_EQ(server.send("GET", "/_tenantsim/requests/abc").status, 400);
  EXPECT_EQ(server.send("GET", "/_tenantsim/requests?status=abc").status, 400);
}

TEST(RequestTraces, TraceBufferZeroTurnsTracingOff) {
  ServerOptions options;
  options.traceBuffer = 0;
  TestServer server(testing::smallScenario(), options);
  HttpAnswer a = server.get("/v1.0/auditLogs/directoryAudits?$top=1", {{"x-tenantsim-trace", "1"}});
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.headers.count("x-tenantsim-trace-id"), 0u);
  EXPECT_EQ(server.send("GET", "/_tenantsim/requests").status, 404);
}

TEST(DashboardRoutes, StatsCountWhatTheMetricsCount) {
  TestServer server(throttledScenario());
  httplib::Headers headers = tracedWith(server.readerToken());
  for (int i = 0; i < 3; ++i) server.send("GET", "/v1.0/auditLogs/directoryAudits?$top=1", headers);
  HttpAnswer stats = server.send("GET", "/_tenantsim/stats");
  ASSERT_EQ(stats.status, 200);
  const nlohmann::json& audits = stats.json["endpoints"][0];
  EXPECT_EQ(audits["endpoint"], "directoryAudits");
  EXPECT_EQ(audits["requests"], 3);
  EXPECT_EQ(audits["byStatus"]["200"], 2);
  EXPECT_EQ(audits["byStatus"]["429"], 1);
  EXPECT_EQ(audits["throttled"], server.server().metrics().throttled(Endpoint::DirectoryAudits));
  EXPECT_EQ(stats.json["latency"]["sample"], 4);  // the token request and three list requests
}

TEST(DashboardRoutes, CapabilitiesListWhatEachEndpointFilterAccepts) {
  TestServer server;
  HttpAnswer caps = server.send("GET", "/_tenantsim/capabilities");
  ASSERT_EQ(caps.status, 200);
  ASSERT_EQ(caps.json["value"].size(), 14u);  // seven collections, two versions
  EXPECT_EQ(caps.json["value"][4]["path"], "/v1.0/auditLogs/signIns");
  EXPECT_EQ(caps.json["value"][6]["path"], "/v1.0/identityProtection/riskDetections");
  EXPECT_EQ(caps.json["value"][12]["path"], "/v1.0/auditLogs/provisioning");
  const nlohmann::json& audits = caps.json["value"][0];
  EXPECT_EQ(audits["path"], "/v1.0/auditLogs/directoryAudits");
  bool found = false;
  for (const nlohmann::json& p : audits["properties"])
    if (p["path"] == "activityDateTime") {
      found = true;
      EXPECT_EQ(p["type"], "dateTime");
      EXPECT_NE(std::find(p["operators"].begin(), p["operators"].end(), "ge"),
                p["operators"].end());
    }
  EXPECT_TRUE(found) << audits.dump();
}

TEST(DashboardRoutes, DashboardIsServedFromTheBinaryWithNoExternalSources) {
  TestServer server;
  HttpAnswer page = server.send("GET", "/_tenantsim/ui/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<script src=\"dashboard.js\"></script>"), std::string::npos);
  EXPECT_NE(page.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(page.body.find("http://"), std::string::npos);
  EXPECT_EQ(page.body.find("https://"), std::string::npos);
  EXPECT_EQ(server.send("GET", "/_tenantsim/ui/dashboard.js").status, 200);
  EXPECT_EQ(server.send("GET", "/_tenantsim/ui/dashboard.css").status, 200);
  EXPECT_EQ(server.send("GET", "/_tenantsim/ui/missing.js").status, 404);
}

}  // namespace
}  // namespace tenantsim::mock
