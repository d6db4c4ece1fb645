// The admin surface (/_tenantsim/) and the live feeder, driven through their handlers and a
// pinned clock: no sockets, no sleeping beyond a few short waits for the feeder's thread.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "mockserver/routes/admin.h"
#include "simulator/simulation/world/live_feeder.h"
#include "tests/support/json.h"
#include "tests/support/scenarios.h"

namespace tenantsim::mock {
namespace {

Scenario quickstart() { return tenantsim::testing::shippedScenario("quickstart.json"); }

// ---- Admin

struct AdminFixture : ::testing::Test {
  Scenario scenario = quickstart();
  ServerClock clock = ServerClock::history(scenario.windowEnd);
  EventStore store;
  Metrics metrics;
  AdminContext admin{scenario, clock, store, metrics};

  httplib::Response call(const std::string& method, const std::string& path,
                         const std::string& body = "", const std::string& from = "127.0.0.1") {
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.body = body;
    request.remote_addr = from;
    httplib::Response response;
    EXPECT_TRUE(handleAdminRequest(admin, request, response));
    return response;
  }
};

TEST_F(AdminFixture, ClockSetAndResetRoundTrip) {
  httplib::Response set = call("PUT", "/_tenantsim/clock", R"({"now":"2026-10-15T12:00:00Z"})");
  ASSERT_EQ(set.status, 200);
  EXPECT_EQ(parseJson(set.body).at("now"), "2026-10-15T12:00:00.0000000Z");
  EXPECT_EQ(clock.now(), *parseIsoTime("2026-10-15T12:00:00Z"));
  EXPECT_EQ(parseJson(call("GET", "/_tenantsim/clock").body).at("now"),
            "2026-10-15T12:00:00.0000000Z");

  httplib::Response reset = call("POST", "/_tenantsim/clock", R"({"reset":true})");
  ASSERT_EQ(reset.status, 200);
  EXPECT_EQ(clock.now(), scenario.windowEnd);
  EXPECT_EQ(parseJson(reset.body).at("mode"), "history");
}

TEST_F(AdminFixture, ClockRejectsBadBodies) {
  for (std::string body : {"", "not json", "[]", R"({"now":"yesterday"})", R"({"now":5})",
                           R"({"reset":false})", R"({"now":"2026-10-15T12:00:00Z","reset":true})"})
    EXPECT_EQ(call("PUT", "/_tenantsim/clock", body).status, 400) << body;
  EXPECT_EQ(clock.now(), scenario.windowEnd);
}

TEST_F(AdminFixture, RefusesNonLoopbackCallers) {
  EXPECT_EQ(
      call("PUT", "/_tenantsim/clock", R"({"now":"2026-10-15T12:00:00Z"})", "10.1.2.3").status,
      403);
  EXPECT_EQ(call("GET", "/_tenantsim/health", "", "192.168.0.7").status, 403);
  EXPECT_EQ(clock.now(), scenario.windowEnd);
  EXPECT_EQ(call("GET", "/_tenantsim/health", "", "::1").status, 200);
  EXPECT_EQ(call("GET", "/_tenantsim/health", "", "::ffff:127.0.0.1").status, 200);
}

TEST_F(AdminFixture, ErrorsCarryGraphInnerError) {
  httplib::Response r = call("GET", "/_tenantsim/health", "", "10.1.2.3");
  nlohmann::json body = parseJson(r.body);
  EXPECT_EQ(body["error"]["code"], "Forbidden");
  EXPECT_TRUE(body["error"]["innerError"].contains("date"));
  EXPECT_TRUE(body["error"]["innerError"].contains("request-id"));
}

TEST_F(AdminFixture, TokenExposesTheSurfaceToCallersThatPresentIt) {
  admin.token = "s3cret-admin-token";
  auto callWith = [&](const std::string& authorization, const std::string& from) {
    httplib::Request request;
    request.method = "GET";
    request.path = "/_tenantsim/health";
    request.remote_addr = from;
    if (!authorization.empty()) request.set_header("Authorization", authorization);
    httplib::Response response;
    EXPECT_TRUE(handleAdminRequest(admin, request, response));
    return response;
  };
  EXPECT_EQ(callWith("Bearer s3cret-admin-token", "10.1.2.3").status, 200);
  EXPECT_EQ(callWith("bearer s3cret-admin-token", "10.1.2.3").status, 200);
  for (std::string bad :
       {"", "Bearer", "Bearer ", "Bearer s3cret-admin-toke", "Bearer s3cret-admin-token2",
        "Basic s3cret-admin-token", "Bearer S3CRET-ADMIN-TOKEN"}) {
    httplib::Response r = callWith(bad, "10.1.2.3");
    EXPECT_EQ(r.status, 401) << bad;
    EXPECT_EQ(r.get_header_value("WWW-Authenticate"), "Bearer realm=\"tenantsim-admin\"");
  }
  // Loopback callers need it too once it is set (a proxy tunnel looks like loopback).
  EXPECT_EQ(callWith("", "127.0.0.1").status, 401);
  EXPECT_EQ(callWith("Bearer s3cret-admin-token", "127.0.0.1").status, 200);
}

TEST_F(AdminFixture, HealthCountsEventsPerEndpoint) {
  Event entra{};
  entra.activity = Catalog::instance().all().front().id;
  ASSERT_EQ(Catalog::instance().at(entra.activity).source, Source::Entra);
  store.append({entra, entra});
  nlohmann::json health = parseJson(call("GET", "/_tenantsim/health").body);
  EXPECT_EQ(health.at("status"), "ok");
  EXPECT_EQ(health.at("events").at("directoryAudits"), 2);
  EXPECT_EQ(health.at("events").at("auditEvents"), 0);
  EXPECT_EQ(health.at("mode"), "history");
  EXPECT_EQ(health.at("clock"), formatIsoTime(scenario.windowEnd));
}

TEST_F(AdminFixture, MetricsArePrometheusText) {
  metrics.recordResponse(Endpoint::DirectoryAudits, 200, 3, 0.01);
  httplib::Response r = call("GET", "/_tenantsim/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_NE(r.body.find("tenantsim_requests_total{route=\"directoryAudits\",status=\"200\"} 1"),
            std::string::npos);
}

TEST_F(AdminFixture, ScenarioSummaryNamesTheScenario) {
  nlohmann::json s = parseJson(call("GET", "/_tenantsim/scenario").body);
  EXPECT_EQ(s.at("name"), "quickstart");
  EXPECT_EQ(s.at("seed"), 42);
  EXPECT_EQ(s.at("tenant").at("users"), 1000);
  EXPECT_EQ(s.at("window").at("end"), formatIsoTime(scenario.windowEnd));
  EXPECT_TRUE(s.at("workloads").contains("pim"));
}

TEST_F(AdminFixture, UnknownRoutesAndMethods) {
  EXPECT_EQ(call("GET", "/_tenantsim/nothing").status, 404);
  EXPECT_EQ(call("DELETE", "/_tenantsim/clock").status, 405);
  httplib::Request other;
  other.path = "/v1.0/auditLogs/directoryAudits";
  other.remote_addr = "127.0.0.1";
  httplib::Response response;
  EXPECT_FALSE(handleAdminRequest(admin, other, response));
}

// ---- Live

Scenario liveQuickstart() {
  Scenario s = quickstart();
  s.tenant.users = 20000;  // ~3.5 events per simulated second
  s.windowDays = 2;
  s.storylines.clear();
  s.live = LiveConfig{};
  return s;
}

void expectSortedAndUnique(const EventStore& store, Source source) {
  store.read(source, [](std::span<const Event> events) {
    EXPECT_TRUE(std::is_sorted(events.begin(), events.end()));
    std::set<uint64_t> keys;
    for (const Event& e : events)
      EXPECT_TRUE(keys.insert(e.key).second) << "duplicate key " << e.key;
    return 0;
  });
}

std::vector<Event> everything(const EventStore& store) {
  std::vector<Event> all;
  for (Source source : {Source::Entra, Source::Intune})
    store.read(source, [&](std::span<const Event> events) {
      all.insert(all.end(), events.begin(), events.end());
      return 0;
    });
  std::sort(all.begin(), all.end());
  return all;
}

TEST(LiveScenario, KeepsTheWindowStartAndOpensTheEnd) {
  Scenario s = liveQuickstart();
  s.live->speed = 10;
  Scenario live = liveScenario(s);
  EXPECT_EQ(live.windowStart(), s.windowStart());
  EXPECT_GE(live.windowEnd,
            s.windowEnd + static_cast<Ticks>(kLiveHorizonRealDays * 10) * kTicksPerDay);
  EXPECT_EQ(liveStartOf(s), s.windowEnd);
  EXPECT_EQ(liveStartOf(live), s.windowEnd);
}

TEST(LiveFeeder, AppendsWhatTheSimulationMakesAsTheClockAdvances) {
  Simulation sim(liveScenario(liveQuickstart()));
  Ticks start = liveStartOf(sim.scenario());
  ServerClock clock = ServerClock::live(start, 1);
  clock.set(start);
  EventStore store;
  LiveFeeder feeder(sim, store, clock, start);
  EXPECT_EQ(feeder.advance(), 0u);
  Ticks end = start + 10 * kTicksPerMinute;
  for (Ticks t = start; t < end; t += 7 * kTicksPerSecond) {
    clock.set(t);
    feeder.advance();
    EXPECT_EQ(feeder.appendedUpTo(), t);
    for (const Event& e : everything(store)) ASSERT_LT(e.time, t);
  }
  clock.set(end);
  feeder.advance();
  expectSortedAndUnique(store, Source::Entra);
  expectSortedAndUnique(store, Source::Intune);
  std::vector<Event> expected = sim.generate(start, end);
  EXPECT_GT(expected.size(), 100u);  // a Sunday night: ~200
  std::vector<Event> got = everything(store);
  ASSERT_EQ(got.size(), expected.size());
  EXPECT_TRUE(std::equal(
      got.begin(), got.end(), expected.begin(),
      [](const Event& a, const Event& b) { return a.key == b.key && a.time == b.time; }));
  EXPECT_EQ(feeder.eventsAppended(), expected.size());
}

TEST(LiveFeeder, AppendsTheSignInsOfEachStep) {
  Simulation sim(liveScenario(liveQuickstart()));
  SignInLog log(sim);
  ASSERT_TRUE(log.enabled());
  Ticks start = liveStartOf(sim.scenario());
  ServerClock clock = ServerClock::live(start, 1);
  clock.set(start);
  EventStore store;
  std::unique_ptr<SignInStore> signIns = makeSignInStore(log);
  LiveFeeder feeder(sim, store, clock, start);
  feeder.feedSignIns(log, *signIns);
  Ticks end = start + 2 * kTicksPerHour;
  for (Ticks t = start; t <= end; t += 13 * kTicksPerMinute) {
    clock.set(t);
    feeder.advance();
  }
  std::vector<SignIn> expected = log.generate(start, feeder.appendedUpTo());
  EXPECT_GT(expected.size(), 10u);
  signIns->read([&](std::span<const SignIn> got, const PostingIndex*) {
    ASSERT_EQ(got.size(), expected.size());
    EXPECT_TRUE(std::equal(got.begin(), got.end(), expected.begin()));
  });
}

TEST(LiveFeeder, IgnoresAClockSetBackwards) {
  Simulation sim(liveScenario(liveQuickstart()));
  Ticks start = liveStartOf(sim.scenario());
  ServerClock clock = ServerClock::live(start, 1);
  EventStore store;
  LiveFeeder feeder(sim, store, clock, start);
  clock.set(start + 5 * kTicksPerMinute);
  size_t first = feeder.advance();
  EXPECT_GT(first, 0u);
  clock.set(start + kTicksPerMinute);
  EXPECT_EQ(feeder.advance(), 0u);
  EXPECT_EQ(feeder.appendedUpTo(), start + 5 * kTicksPerMinute);
}

TEST(LiveFeeder, NeverPassesTheSimulationsWindowEnd) {
  Scenario closed = liveQuickstart();  // not extended: the window ends where live begins
  Simulation sim(closed);
  ServerClock clock = ServerClock::live(closed.windowEnd, 1);
  clock.set(closed.windowEnd + kTicksPerHour);
  EventStore store;
  LiveFeeder feeder(sim, store, clock, closed.windowEnd);
  EXPECT_EQ(feeder.advance(), 0u);
  EXPECT_EQ(store.size(Source::Entra) + store.size(Source::Intune), 0u);
}

TEST(LiveFeeder, ThreadFollowsTheClockAndStopsCleanly) {
  Simulation sim(liveScenario(liveQuickstart()));
  Ticks start = liveStartOf(sim.scenario());
  ServerClock clock = ServerClock::live(start, 1);
  clock.set(start);
  EventStore store;
  LiveFeederOptions options;
  options.tick = std::chrono::milliseconds(10);
  auto feeder = makeLiveFeeder(sim, store, clock, options);
  ASSERT_NE(feeder, nullptr);
  feeder->start();
  Ticks target = start + 3 * kTicksPerMinute;
  clock.set(target);
  for (int i = 0; i < 100 && feeder->appendedUpTo() < target; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  feeder->stop();
  EXPECT_EQ(feeder->appendedUpTo(), target);
  EXPECT_FALSE(feeder->failed());
  EXPECT_EQ(everything(store).size(), sim.generate(start, target).size());
  expectSortedAndUnique(store, Source::Entra);
  feeder->stop();  // idempotent
}

TEST(LiveFeeder, NoFeederWithoutLive) {
  Scenario s = liveQuickstart();
  s.live.reset();
  Simulation sim(s);
  ServerClock clock = ServerClock::history(s.windowEnd);
  EventStore store;
  EXPECT_EQ(makeLiveFeeder(sim, store, clock), nullptr);
}

}  // namespace
}  // namespace tenantsim::mock
