// auditLogs/signIns and auditLogs/provisioning count against directoryAudits' "identity and
// access reports" budget (fact sheet §1.1: 5 requests / 10 s per app per tenant, shared).
#include <gtest/gtest.h>

#include <chrono>

#include "mockserver/stages/throttling.h"

namespace tenantsim::mock {
namespace {

bool admitted(Stage& stage, Endpoint endpoint, std::string app) {
  httplib::Request request;
  httplib::Response response;
  request.remote_addr = "10.0.0.1";
  RequestContext ctx{request, response, endpoint, "req", "client", std::move(app), "tenant", 1};
  return stage.handle(ctx);
}

std::unique_ptr<Stage> stageAt(std::chrono::steady_clock::time_point now) {
  StageDeps deps;
  deps.now = [now] { return now; };
  return makeThrottlingStage(ThrottlingStageConfig{}, deps);
}

TEST(SignInThrottling, SignInsAndDirectoryAuditsShareOneBudget) {
  auto stage = stageAt(std::chrono::steady_clock::time_point{} + std::chrono::hours(1));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(admitted(*stage, Endpoint::DirectoryAudits, "a")) << i;
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(admitted(*stage, Endpoint::SignIns, "a")) << i;
  EXPECT_FALSE(admitted(*stage, Endpoint::SignIns, "a"));
  EXPECT_FALSE(admitted(*stage, Endpoint::DirectoryAudits, "a"));
  EXPECT_TRUE(admitted(*stage, Endpoint::AuditEvents, "a"));  // its own budget
  EXPECT_TRUE(admitted(*stage, Endpoint::SignIns, "b"));      // per app
}

TEST(SignInThrottling, SignInsAloneHaveTheReportsBudget) {
  auto stage = stageAt(std::chrono::steady_clock::time_point{} + std::chrono::hours(1));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(admitted(*stage, Endpoint::SignIns, "a")) << i;
  EXPECT_FALSE(admitted(*stage, Endpoint::SignIns, "a"));
}

// security/alerts_v2 and security/incidents: one budget of 150 requests a minute per app per
// tenant (fact sheet §4.4), apart from the reports budget.
TEST(SecurityThrottling, AlertsAndIncidentsShareOne150PerMinuteBudget) {
  auto stage = stageAt(std::chrono::steady_clock::time_point{} + std::chrono::hours(1));
  for (int i = 0; i < 150; ++i)
    ASSERT_TRUE(admitted(*stage, i % 2 ? Endpoint::Alerts : Endpoint::Incidents, "a")) << i;
  EXPECT_FALSE(admitted(*stage, Endpoint::Alerts, "a"));
  EXPECT_FALSE(admitted(*stage, Endpoint::Incidents, "a"));
  EXPECT_TRUE(admitted(*stage, Endpoint::Alerts, "b"));       // per app
  EXPECT_TRUE(admitted(*stage, Endpoint::SignIns, "a"));      // the reports budget is apart
  EXPECT_TRUE(admitted(*stage, Endpoint::AuditEvents, "a"));  // and so is Intune's
}

TEST(SecurityThrottling, TheRefusalIsGraphs429WithRetryAfter) {
  auto stage = stageAt(std::chrono::steady_clock::time_point{} + std::chrono::hours(1));
  for (int i = 0; i < 150; ++i) ASSERT_TRUE(admitted(*stage, Endpoint::Alerts, "a")) << i;
  httplib::Request request;
  httplib::Response response;
  RequestContext ctx{request, response, Endpoint::Alerts, "req", "client", "a", "tenant", 1};
  EXPECT_FALSE(stage->handle(ctx));
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.get_header_value("Retry-After"), "60");
  EXPECT_NE(response.body.find("\"TooManyRequests\""), std::string::npos);
}

// auditLogs/provisioning is in the same reports class (fact sheet §2, GP §5.4).
TEST(SignInThrottling, ProvisioningSharesTheReportsBudget) {
  auto stage = stageAt(std::chrono::steady_clock::time_point{} + std::chrono::hours(1));
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(admitted(*stage, Endpoint::Provisioning, "a")) << i;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(admitted(*stage, Endpoint::SignIns, "a")) << i;
  EXPECT_FALSE(admitted(*stage, Endpoint::Provisioning, "a"));
  EXPECT_FALSE(admitted(*stage, Endpoint::DirectoryAudits, "a"));
}

}  // namespace
}  // namespace tenantsim::mock
