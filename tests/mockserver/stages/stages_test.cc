// The pipeline stages that shape traffic: throttling, fault injection, latency, and the metrics
// they feed. Stages are driven with hand-made requests; time is injected, never slept.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mockserver/http/metrics.h"
#include "mockserver/stages/faults.h"
#include "mockserver/stages/latency.h"
#include "mockserver/stages/throttling.h"
#include "tests/support/json.h"

namespace tenantsim::mock {
namespace {

using std::chrono::seconds;
using std::chrono::steady_clock;

// One request through one stage: a fresh request/response pair per call.
struct Call {
  httplib::Request request;
  httplib::Response response;
  bool passed = false;

  Call(Stage& stage, Endpoint endpoint, std::string appId, uint64_t sequence = 0,
       std::string ip = "10.0.0.1") {
    request.remote_addr = std::move(ip);
    RequestContext ctx{request,    response,         endpoint,   "req-" + std::to_string(sequence),
                       "client-1", std::move(appId), "tenant-1", sequence};
    passed = stage.handle(ctx);
  }
  nlohmann::json body() const { return parseJson(response.body); }
};

struct FakeClock {
  steady_clock::time_point now = steady_clock::time_point{} + std::chrono::hours(1);
  SteadyNow fn() {
    return [this] { return now; };
  }
};

std::unique_ptr<Stage> throttlingStage(FakeClock& clock, Metrics* metrics = nullptr) {
  ThrottlingStageConfig config;  // directoryAudits 5 / 10 s, auditEvents 1000 / 20 s
  StageDeps deps;
  deps.now = clock.fn();
  deps.metrics = metrics;
  return makeThrottlingStage(config, deps);
}

TEST(Throttling, AllowsExactlyTheBudgetThenAnswers429WithGraphsBody) {
  FakeClock clock;
  auto stage = throttlingStage(clock);
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(Call(*stage, Endpoint::DirectoryAudits, "app-a").passed) << i;
  Call refused(*stage, Endpoint::DirectoryAudits, "app-a", 6);
  ASSERT_FALSE(refused.passed);
  EXPECT_EQ(refused.response.status, 429);
  nlohmann::json error = refused.body().at("error");
  EXPECT_EQ(error.at("code"), "TooManyRequests");
  EXPECT_EQ(error.at("message"), "Please retry again later.");
  const nlohmann::json& inner = error.at("innerError");
  EXPECT_EQ(inner.at("code"), "429");
  EXPECT_EQ(inner.at("message"), "Please retry after");
  EXPECT_EQ(inner.at("status"), "429");
  EXPECT_EQ(inner.at("request-id"), "req-6");
  EXPECT_EQ(inner.at("date").get<std::string>().size(), 19u);  // 2020-08-18T12:51:51
  EXPECT_EQ(refused.response.get_header_value("request-id"), "req-6");
  EXPECT_EQ(refused.response.get_header_value("client-request-id"), "client-1");
  EXPECT_EQ(refused.response.get_header_value("Content-Type"), kGraphContentType);
  EXPECT_EQ(refused.response.get_header_value("Retry-After"), "10");
}

TEST(Throttling, RetryAfterIsTheWaitForTheOldestSlotRoundedUp) {
  FakeClock clock;
  auto stage = throttlingStage(clock);
  for (int i = 0; i < 5; ++i) {
    Call(*stage, Endpoint::DirectoryAudits, "app-a");
    clock.now += std::chrono::milliseconds(1500);  // slots at 0, 1.5, 3, 4.5, 6 s
  }
  Call refused(*stage, Endpoint::DirectoryAudits, "app-a");  // at 7.5 s: the first frees at 10 s
  EXPECT_EQ(refused.response.get_header_value("Retry-After"), "3");
}

TEST(Throttling, SeparateAppsHaveSeparateBudgets) {
  FakeClock clock;
  auto stage = throttlingStage(clock);
  for (int i = 0; i < 5; ++i) Call(*stage, Endpoint::DirectoryAudits, "app-a");
  EXPECT_FALSE(Call(*stage, Endpoint::DirectoryAudits, "app-a").passed);
  EXPECT_TRUE(Call(*stage, Endpoint::DirectoryAudits, "app-b").passed);
}

TEST(Throttling, UnknownAppsAreBudgetedByClientAddress) {
  FakeClock clock;
  auto stage = throttlingStage(clock);
  for (int i = 0; i < 5; ++i) Call(*stage, Endpoint::DirectoryAudits, "", 0, "10.0.0.1");
  EXPECT_FALSE(Call(*stage, Endpoint::DirectoryAudits, "", 0, "10.0.0.1").passed);
  EXPECT_TRUE(Call(*stage, Endpoint::DirectoryAudits, "", 0, "10.0.0.2").passed);
}

TEST(Throttling, EndpointsHaveSeparateBudgets) {
  FakeClock clock;
  auto stage = throttlingStage(clock);
  for (int i = 0; i < 5; ++i) Call(*stage, Endpoint::DirectoryAudits, "app-a");
  EXPECT_TRUE(Call(*stage, Endpoint::AuditEvents, "app-a").passed);
}

TEST(Throttling, WindowSlides) {
  FakeClock clock;
  auto stage = throttlingStage(clock);
  for (int i = 0; i < 5; ++i) {
    Call(*stage, Endpoint::DirectoryAudits, "app-a");
    clock.now += seconds(1);  // slots at 0..4 s
  }
  clock.now = clock.now - seconds(5) + seconds(10);  // 10 s: only the slot at 0 s has expired
  EXPECT_TRUE(Call(*stage, Endpoint::DirectoryAudits, "app-a").passed);
  EXPECT_FALSE(Call(*stage, Endpoint::DirectoryAudits, "app-a").passed);
  clock.now += seconds(1);  // 11 s: the slot at 1 s has expired
  EXPECT_TRUE(Call(*stage, Endpoint::DirectoryAudits, "app-a").passed);
}

TEST(Throttling, AuditEventsBudgetIsAThousandPerTwentySeconds) {
  FakeClock clock;
  auto stage = throttlingStage(clock);
  for (int i = 0; i < 1000; ++i)
    ASSERT_TRUE(Call(*stage, Endpoint::AuditEvents, "app-a").passed) << i;
  Call refused(*stage, Endpoint::AuditEvents, "app-a");
  EXPECT_FALSE(refused.passed);
  EXPECT_EQ(refused.response.get_header_value("Retry-After"), "20");
}

TEST(Throttling, TokenAndAdminAreNeverThrottled) {
  FakeClock clock;
  auto stage = throttlingStage(clock);
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(Call(*stage, Endpoint::Token, "app-a").passed);
    EXPECT_TRUE(Call(*stage, Endpoint::Admin, "app-a").passed);
    EXPECT_TRUE(Call(*stage, Endpoint::Discovery, "app-a").passed);
  }
}

TEST(Throttling, IsOffWhenTheScenarioSaysSo) {
  Scenario scenario;
  scenario.server.throttling = false;
  EXPECT_EQ(makeThrottlingStage(ThrottlingStageConfig::fromScenario(scenario), {}), nullptr);
}

TEST(Throttling, ForgetsIdleKeysBeyondTheKeyCap) {
  FakeClock clock;
  ThrottlingStageConfig config;
  config.maxKeys = 16;  // one key per shard
  StageDeps deps;
  deps.now = clock.fn();
  auto stage = makeThrottlingStage(config, deps);
  for (int i = 0; i < 5; ++i) Call(*stage, Endpoint::DirectoryAudits, "app-a");
  for (int i = 0; i < 2000; ++i) {
    clock.now += std::chrono::milliseconds(1);
    Call(*stage, Endpoint::DirectoryAudits, "other-" + std::to_string(i));
  }
  // app-a's window was evicted, so it starts afresh (memory stays bounded by the cap).
  EXPECT_TRUE(Call(*stage, Endpoint::DirectoryAudits, "app-a").passed);
}

TEST(Throttling, CountsThrottledRequestsInMetrics) {
  FakeClock clock;
  Metrics metrics;
  auto stage = throttlingStage(clock, &metrics);
  for (int i = 0; i < 7; ++i) Call(*stage, Endpoint::DirectoryAudits, "app-a");
  EXPECT_EQ(metrics.throttled(Endpoint::DirectoryAudits), 2u);
}

// A budget store that answers what the test says and records the keys it was asked about.
struct ScriptedBudgetStore final : BudgetStore {
  Admission answer;
  std::vector<std::string> keys;
  Admission admit(std::string_view key, int64_t, steady_clock::duration) override {
    keys.emplace_back(key);
    return answer;
  }
};

std::unique_ptr<Stage> throttlingStageOn(std::shared_ptr<BudgetStore> store, Metrics* metrics) {
  StageDeps deps;
  deps.budgetStore = std::move(store);
  deps.metrics = metrics;
  return makeThrottlingStage(ThrottlingStageConfig{}, deps);
}

TEST(ThrottlingStore, AsksTheSharedStorePerAppTenantAndEndpoint) {
  auto store = std::make_shared<ScriptedBudgetStore>();
  auto stage = throttlingStageOn(store, nullptr);
  EXPECT_TRUE(Call(*stage, Endpoint::DirectoryAudits, "app-a").passed);
  EXPECT_TRUE(Call(*stage, Endpoint::AuditEvents, "app-b").passed);
  EXPECT_EQ(store->keys, (std::vector<std::string>{"app:app-a|tenant-1|directoryAudits",
                                                   "app:app-b|tenant-1|auditEvents"}));
}

TEST(ThrottlingStore, ARefusalOfTheSharedStoreIsA429WithItsWait) {
  auto store = std::make_shared<ScriptedBudgetStore>();
  store->answer = {false, std::chrono::milliseconds(2300), false};
  Metrics metrics;
  auto stage = throttlingStageOn(store, &metrics);
  Call refused(*stage, Endpoint::DirectoryAudits, "app-a");
  EXPECT_FALSE(refused.passed);
  EXPECT_EQ(refused.response.status, 429);
  EXPECT_EQ(refused.response.get_header_value("Retry-After"), "3");
  EXPECT_EQ(metrics.throttled(Endpoint::DirectoryAudits), 1u);
}

TEST(ThrottlingStore, AnUnavailableStoreLetsRequestsThroughAndIsCounted) {
  auto store = std::make_shared<ScriptedBudgetStore>();
  store->answer = {true, {}, true};
  Metrics metrics;
  auto stage = throttlingStageOn(store, &metrics);
  for (int i = 0; i < 7; ++i) EXPECT_TRUE(Call(*stage, Endpoint::DirectoryAudits, "app-a").passed);
  EXPECT_EQ(metrics.budgetStoreUnavailable(), 7u);
  EXPECT_EQ(metrics.throttled(Endpoint::DirectoryAudits), 0u);
  EXPECT_NE(metrics.prometheusText().find("tenantsim_throttle_store_unavailable_total 7\n"),
            std::string::npos);
}

TEST(RetryAfter, RoundsUpToWholeSecondsAndIsAtLeastOne) {
  EXPECT_EQ(retryAfterSeconds(std::chrono::milliseconds(0)), 1);
  EXPECT_EQ(retryAfterSeconds(std::chrono::milliseconds(1)), 1);
  EXPECT_EQ(retryAfterSeconds(std::chrono::milliseconds(2000)), 2);
  EXPECT_EQ(retryAfterSeconds(std::chrono::milliseconds(2001)), 3);
  EXPECT_EQ(formatRetryAfter(2), "2");
  EXPECT_EQ(formatRetryAfter(2.128), "2.128");
  EXPECT_EQ(formatRetryAfter(0.5), "0.5");
}

// ---- Faults

Scenario faultScenario(double rate, std::vector<int> statuses = {500, 503, 504}) {
  Scenario s;
  s.seed = 7;
  s.server.faults.rate = rate;
  s.server.faults.statuses = std::move(statuses);
  s.server.faults.retryAfterSeconds = 2;
  return s;
}

std::unique_ptr<Stage> faultStage(const Scenario& s, Metrics* metrics = nullptr) {
  StageDeps deps;
  deps.seed = s.seed;
  deps.metrics = metrics;
  return makeFaultStage(FaultStageConfig::fromScenario(s), deps);
}

std::vector<int> statusesOf(Stage& stage, int requests) {
  std::vector<int> out;
  for (int i = 0; i < requests; ++i) {
    Call c(stage, Endpoint::DirectoryAudits, "app-a", static_cast<uint64_t>(i));
    out.push_back(c.passed ? 0 : c.response.status);
  }
  return out;
}

TEST(Faults, RateZeroNeverFaults) {
  EXPECT_EQ(faultStage(faultScenario(0)), nullptr);
  for (uint64_t i = 0; i < 1000; ++i)
    EXPECT_EQ(faultStatusFor(FaultConfig{}, 7, Endpoint::DirectoryAudits, i), 0);
}

TEST(Faults, RateOneAlwaysFaults) {
  auto stage = faultStage(faultScenario(1));
  for (int status : statusesOf(*stage, 200))
    EXPECT_TRUE(status == 500 || status == 503 || status == 504) << status;
}

TEST(Faults, SameSeedGivesTheSameSequenceOfStatuses) {
  auto a = faultStage(faultScenario(0.3)), b = faultStage(faultScenario(0.3));
  std::vector<int> first = statusesOf(*a, 500);
  EXPECT_EQ(first, statusesOf(*b, 500));
  int faults =
      static_cast<int>(std::count_if(first.begin(), first.end(), [](int s) { return s != 0; }));
  EXPECT_GT(faults, 100);  // 30 % of 500, give or take
  EXPECT_LT(faults, 200);
  Scenario other = faultScenario(0.3);
  other.seed = 8;
  EXPECT_NE(first, statusesOf(*faultStage(other), 500));
}

TEST(Faults, ServiceUnavailableCarriesRetryAfterAndGraphsEnvelope) {
  Scenario s = faultScenario(1, {503});
  s.server.faults.retryAfterSeconds = 4;
  auto stage = faultStage(s);
  Call c(*stage, Endpoint::DirectoryAudits, "app-a", 1);
  ASSERT_FALSE(c.passed);
  EXPECT_EQ(c.response.status, 503);
  EXPECT_EQ(c.response.get_header_value("Retry-After"), "4");
  EXPECT_EQ(c.body().at("error").at("code"), "UnknownError");
  EXPECT_EQ(c.body().at("error").at("innerError").at("request-id"), "req-1");
}

TEST(Faults, GatewayTimeoutHasNoRetryAfter) {
  auto stage = faultStage(faultScenario(1, {504}));
  Call c(*stage, Endpoint::AuditEvents, "app-a", 1);
  EXPECT_EQ(c.response.status, 504);
  EXPECT_EQ(c.body().at("error").at("code"), "GatewayTimeout");
  EXPECT_FALSE(c.response.has_header("Retry-After"));
}

TEST(Faults, A429FaultLooksLikeThrottling) {
  auto stage = faultStage(faultScenario(1, {429}));
  Call c(*stage, Endpoint::DirectoryAudits, "app-a", 1);
  EXPECT_EQ(c.response.status, 429);
  EXPECT_EQ(c.body().at("error").at("innerError").at("status"), "429");
  EXPECT_EQ(c.response.get_header_value("Retry-After"), "2");
}

TEST(Faults, GlobalRateSparesTokenDiscoveryAndAdmin) {
  auto stage = faultStage(faultScenario(1));
  for (Endpoint e : {Endpoint::Token, Endpoint::Discovery, Endpoint::Admin})
    EXPECT_TRUE(Call(*stage, e, "app-a", 3).passed) << endpointName(e);
}

TEST(Faults, EndpointBlockOverridesTheGlobalRate) {
  Scenario s = faultScenario(0);
  s.server.endpoints["auditEvents"].faults = FaultConfig{.rate = 1};
  s.server.endpoints["token"].faults = FaultConfig{.rate = 1};
  auto stage = faultStage(s);
  EXPECT_TRUE(Call(*stage, Endpoint::DirectoryAudits, "app-a", 1).passed);
  EXPECT_FALSE(Call(*stage, Endpoint::AuditEvents, "app-a", 1).passed);
  EXPECT_FALSE(Call(*stage, Endpoint::Token, "app-a", 1).passed);
}

TEST(Faults, EndpointRateZeroTurnsTheGlobalRateOffThere) {
  Scenario s = faultScenario(1);
  s.server.endpoints["auditEvents"].faults = FaultConfig{.rate = 0};
  auto stage = faultStage(s);
  EXPECT_FALSE(Call(*stage, Endpoint::DirectoryAudits, "app-a", 1).passed);
  for (uint64_t i = 0; i < 50; ++i)
    EXPECT_TRUE(Call(*stage, Endpoint::AuditEvents, "app-a", i).passed);
}

TEST(Latency, EndpointNoneTurnsTheGlobalLatencyOffThere) {
  ServerConfig config;
  config.latency = {.distribution = "fixed", .ms = 40};
  config.endpoints["token"].latency = LatencyConfig{};
  EXPECT_FALSE(latencyConfigFor(config, Endpoint::Token));
  ASSERT_TRUE(latencyConfigFor(config, Endpoint::DirectoryAudits));
  EXPECT_EQ(latencyConfigFor(config, Endpoint::DirectoryAudits)->ms, 40);
}

TEST(Faults, CountsInjectedFaultsInMetrics) {
  Metrics metrics;
  auto stage = faultStage(faultScenario(1, {500}), &metrics);
  statusesOf(*stage, 3);
  EXPECT_EQ(metrics.faults(Endpoint::DirectoryAudits), 3u);
}

// ---- Latency

std::vector<double> draws(const LatencyConfig& config, int n) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    Rng rng(11, "latency-test", static_cast<uint64_t>(i));
    out.push_back(sampleLatencyMs(config, rng));
  }
  return out;
}

TEST(Latency, NoneIsZero) {
  for (double ms : draws(LatencyConfig{}, 100)) EXPECT_EQ(ms, 0);
}

TEST(Latency, FixedIsExact) {
  LatencyConfig c{.distribution = "fixed", .ms = 125};
  for (double ms : draws(c, 100)) EXPECT_EQ(ms, 125);
}

TEST(Latency, UniformStaysInRangeAndCoversIt) {
  LatencyConfig c{.distribution = "uniform", .minMs = 20, .maxMs = 80};
  std::vector<double> d = draws(c, 10000);
  for (double ms : d) {
    EXPECT_GE(ms, 20);
    EXPECT_LE(ms, 80);
  }
  EXPECT_LT(*std::min_element(d.begin(), d.end()), 21);
  EXPECT_GT(*std::max_element(d.begin(), d.end()), 79);
}

TEST(Latency, LognormalMedianIsRoughlyTheConfiguredMedian) {
  LatencyConfig c{.distribution = "lognormal", .ms = 200, .sigma = 0.5};
  std::vector<double> d = draws(c, 20001);
  std::nth_element(d.begin(), d.begin() + 10000, d.end());
  EXPECT_NEAR(d[10000], 200, 10);
}

TEST(Latency, ASingleDelayIsCappedAtThirtySeconds) {
  LatencyConfig c{.distribution = "fixed", .ms = 1e9};
  EXPECT_EQ(draws(c, 1)[0], kMaxLatencyMs);
}

TEST(Latency, SameSeedSameDelays) {
  LatencyConfig c{.distribution = "uniform", .minMs = 0, .maxMs = 1000};
  for (uint64_t i = 0; i < 50; ++i)
    EXPECT_EQ(latencyFor(c, 3, Endpoint::AuditEvents, i),
              latencyFor(c, 3, Endpoint::AuditEvents, i));
  EXPECT_NE(latencyFor(c, 3, Endpoint::AuditEvents, 1), latencyFor(c, 4, Endpoint::AuditEvents, 1));
}

TEST(Latency, StageWaitsPerEndpointOverride) {
  Scenario s;
  s.server.latency = {.distribution = "fixed", .ms = 10};
  s.server.endpoints["token"].latency = LatencyConfig{.distribution = "fixed", .ms = 250};
  std::vector<std::chrono::microseconds> waits;
  StageDeps deps;
  deps.seed = s.seed;
  deps.sleep = [&](std::chrono::microseconds d) { waits.push_back(d); };
  auto stage = makeLatencyStage(LatencyStageConfig::fromScenario(s), deps);
  EXPECT_TRUE(Call(*stage, Endpoint::DirectoryAudits, "app-a").passed);
  EXPECT_TRUE(Call(*stage, Endpoint::Token, "app-a").passed);
  EXPECT_TRUE(Call(*stage, Endpoint::Admin, "app-a").passed);  // never delayed
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_EQ(waits[0], std::chrono::milliseconds(10));
  EXPECT_EQ(waits[1], std::chrono::milliseconds(250));
}

TEST(Latency, NoStageWithoutLatency) {
  EXPECT_EQ(makeLatencyStage(LatencyStageConfig::fromScenario(Scenario{}), {}), nullptr);
}

// ---- Metrics

TEST(Metrics, PrometheusTextHasTheRecordedCounters) {
  Metrics m;
  for (int i = 0; i < 12; ++i) m.recordResponse(Endpoint::DirectoryAudits, 200, 10, 0.004);
  m.recordResponse(Endpoint::AuditEvents, 429, 0, 0.0001);
  m.recordThrottled(Endpoint::AuditEvents);
  m.recordFault(Endpoint::DirectoryAudits, 503);
  std::string text = m.prometheusText();
  EXPECT_NE(text.find("# TYPE tenantsim_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find("tenantsim_requests_total{route=\"directoryAudits\",status=\"200\"} 12\n"),
            std::string::npos);
  EXPECT_NE(text.find("tenantsim_requests_total{route=\"auditEvents\",status=\"429\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("tenantsim_throttled_total{route=\"auditEvents\"} 1\n"), std::string::npos);
  EXPECT_NE(
      text.find("tenantsim_faults_injected_total{route=\"directoryAudits\",status=\"503\"} 1\n"),
      std::string::npos);
  EXPECT_NE(text.find("tenantsim_events_served_total{route=\"directoryAudits\"} 120\n"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          "tenantsim_request_duration_seconds_bucket{route=\"directoryAudits\",le=\"0.005\"} 12\n"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          "tenantsim_request_duration_seconds_bucket{route=\"directoryAudits\",le=\"0.0025\"} 0\n"),
      std::string::npos);
  EXPECT_NE(text.find("tenantsim_request_duration_seconds_count{route=\"directoryAudits\"} 12\n"),
            std::string::npos);
  EXPECT_NE(
      text.find("tenantsim_request_duration_seconds_sum{route=\"directoryAudits\"} 0.048000\n"),
      std::string::npos);
}

TEST(Metrics, CountersAreReadable) {
  Metrics m;
  m.recordResponse(Endpoint::Token, 200, 0, 0.01);
  m.recordResponse(Endpoint::Token, 200, 0, 0.01);
  EXPECT_EQ(m.requests(Endpoint::Token, 200), 2u);
  EXPECT_EQ(m.requests(Endpoint::Token, 500), 0u);
}

}  // namespace
}  // namespace tenantsim::mock
