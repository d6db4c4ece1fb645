// Scenario reload (POST /_tenantsim/reload, GraphServer::reload): a valid file is swapped in
// without closing connections, a file that fails validation leaves the running scenario serving,
// the clock carries over, requests in flight keep working, and a live feeder keeps appending.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mockserver/server/graph_server.h"
#include "tests/support/files.h"
#include "tests/support/json.h"
#include "tests/support/raw_http.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

using nlohmann::json;

// A small scenario (auth off, no faults or throttling) with the given seed, users and live block.
// Audits only: reloading is what these tests exercise, and the sign-in half would triple the time
// of every load under the sanitizers.
std::string scenarioText(int seed, int users, const std::string& live = "") {
  return R"({
    "name": "reload-)" +
         std::to_string(seed) + R"(",
    "seed": )" +
         std::to_string(seed) + R"(,
    "tenant": { "id": "4f2c8a1e-6d3b-4e7a-9c5f-0b1d2e3f4a5b", "name": "Contoso",
                "domain": "contoso.onmicrosoft.com", "users": )" +
         std::to_string(users) + R"(, "license": "P2" },
    "window": { "end": "2026-11-01T00:00:00Z", "days": 2 },
    "workloads": { "background": { "eventsPerUserPerDay": 4, "intuneShare": 0.12 },
                   "pim": { "eligibleUsers": 10, "activationsPerEligibleUserPerDay": 1 },
                   "conditionalAccess": { "policies": 6, "namedLocations": 2, "changesPerWeek": 30 },
                   "cloudPki": { "rootCAs": 1, "issuingCAs": 1, "leafCertificatesPerCA": 50 },
                   "signIns": false, "provisioning": false },
    )" + (live.empty() ? "" : "\"live\": " + live + ",") +
         R"(
    "server": { "auth": "off", "throttling": false, "ingestDelay": "none", "faults": { "rate": 0 } }
  })";
}

class ReloadTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (server_) server_->stop();
    server_.reset();
  }

  void writeScenario(const std::string& text) { std::ofstream(path_, std::ios::trunc) << text; }

  // liveEpoch: as `serve --live-epoch`, over the file's live.epoch.
  void startServer(const std::string& text, std::optional<Ticks> liveEpoch = std::nullopt) {
    writeScenario(text);
    auto loaded = loadScenarioFile(path_);
    ASSERT_TRUE(loaded.ok()) << loaded.error()[0].toString();
    if (liveEpoch) loaded->live->epoch = liveEpoch;
    ServerOptions options;
    options.port = 0;
    options.accessLog = false;
    options.threads = 8;
    options.stateDir = dir_ / "state";
    options.scenarioPath = path_;
    options.liveEpoch = liveEpoch;
    server_ =
        testing::startServer(GraphServer::create(buildScenarioWorld(*loaded, nullptr, 2), options));
    ASSERT_TRUE(server_);
  }

  RawAnswer request(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return rawExchange(
        server_->port(),
        rawRequest(method, target, method == "GET" ? "" : "Content-Type: application/json\r\n",
                   body),
        60);
  }
  RawAnswer reload() { return request("POST", "/_tenantsim/reload"); }
  json health() { return request("GET", "/_tenantsim/health").json; }

  // The ids of one page of directory audits.
  std::vector<std::string> pageIds(const std::string& query = "$top=20") {
    RawAnswer a = request("GET", "/v1.0/auditLogs/directoryAudits?" + query);
    EXPECT_EQ(a.status, 200) << a.body.substr(0, 300);
    std::vector<std::string> ids;
    if (a.json.is_object())
      for (const json& item : a.json["value"]) ids.push_back(item["id"].get<std::string>());
    return ids;
  }

  tenantsim::testing::TempDir temp_{"tenantsim-reload"};
  std::filesystem::path dir_ = temp_.path();
  std::string path_ = (dir_ / "scenario.json").string();
  std::unique_ptr<GraphServer> server_;
};

// Reads one complete response (Content-Length framed) from a keep-alive socket.
RawAnswer readOneResponse(int fd) {
  std::string data;
  char buffer[16384];
  while (true) {
    size_t end = data.find("\r\n\r\n");
    if (end != std::string::npos) {
      RawAnswer partial = parseRawResponse(data);
      std::string length = partial.header("content-length");
      if (!length.empty() && data.size() >= end + 4 + std::stoul(length)) return partial;
    }
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return parseRawResponse(data);
    data.append(buffer, static_cast<size_t>(n));
  }
}

TEST_F(ReloadTest, ValidFileIsSwappedInAndServed) {
  startServer(scenarioText(1, 200));
  std::vector<std::string> before = pageIds();
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(health()["scenario"]["generation"], 1);

  writeScenario(scenarioText(2, 300));
  RawAnswer r = reload();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["status"], "reloaded");
  EXPECT_EQ(r.json["generation"], 2);

  // What is served now is exactly what the new file generates.
  auto loaded = loadScenarioFile(path_);
  ScenarioWorld expected = buildScenarioWorld(*loaded, nullptr, 1);
  EXPECT_EQ(r.json["events"]["directoryAudits"], expected.store->size(Source::Entra));
  EXPECT_EQ(r.json["events"]["auditEvents"], expected.store->size(Source::Intune));
  json h = health();
  EXPECT_EQ(h["scenario"]["generation"], 2);
  EXPECT_EQ(h["scenario"]["name"], "reload-2");
  EXPECT_EQ(h["events"]["directoryAudits"], expected.store->size(Source::Entra));
  std::vector<std::string> after = pageIds();
  ASSERT_FALSE(after.empty());
  EXPECT_NE(after, before);
  EXPECT_EQ(request("GET", "/_tenantsim/scenario").json["seed"], 2);
  EXPECT_NE(request("GET", "/_tenantsim/metrics")
                .body.find("tenantsim_scenario_reloads_total{result=\"ok\"} 1"),
            std::string::npos);
}

TEST_F(ReloadTest, InvalidFileKeepsTheRunningScenarioServing) {
  startServer(scenarioText(1, 200));
  std::vector<std::string> before = pageIds();

  writeScenario(R"({ "name": "broken", "seed": 1, "tenant": { "users": -5 }, "windw": {} })");
  RawAnswer r = reload();
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json["error"]["code"], "InvalidScenario");
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find("still serving 'reload-1'"),
            std::string::npos)
      << r.body;
  ASSERT_TRUE(r.json["error"]["details"].is_array());
  std::vector<std::string> targets;
  for (const json& d : r.json["error"]["details"])
    targets.push_back(d["target"].get<std::string>());
  EXPECT_NE(std::find(targets.begin(), targets.end(), "$.tenant.users"), targets.end()) << r.body;
  EXPECT_NE(std::find(targets.begin(), targets.end(), "$.windw"), targets.end()) << r.body;

  // Not JSON at all: refused too.
  writeScenario("{ this is not json");
  EXPECT_EQ(reload().status, 400);
  // Gone: refused.
  std::filesystem::remove(path_);
  EXPECT_EQ(reload().status, 400);

  EXPECT_EQ(health()["scenario"]["generation"], 1);
  EXPECT_EQ(pageIds(), before);
  EXPECT_NE(request("GET", "/_tenantsim/metrics")
                .body.find("tenantsim_scenario_reloads_total{result=\"failed\"} 3"),
            std::string::npos);

  // A fixed file reloads again.
  writeScenario(scenarioText(1, 250));
  EXPECT_EQ(reload().status, 200);
  EXPECT_EQ(health()["scenario"]["generation"], 2);
}

TEST_F(ReloadTest, KeepAliveConnectionSurvivesReload) {
  startServer(scenarioText(1, 200));
  int fd = connectLoopback(server_->port(), 30);
  ASSERT_GE(fd, 0);
  const std::string get = "GET /_tenantsim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_TRUE(sendAll(fd, get));
  RawAnswer first = readOneResponse(fd);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.json["scenario"]["generation"], 1);

  writeScenario(scenarioText(3, 200));
  ASSERT_EQ(reload().status, 200);

  // Same connection, next request: answered by the new scenario.
  ASSERT_TRUE(sendAll(fd, get));
  RawAnswer second = readOneResponse(fd);
  ::close(fd);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json["scenario"]["generation"], 2);
  EXPECT_EQ(second.json["scenario"]["name"], "reload-3");
}

TEST_F(ReloadTest, RequestsDuringReloadsAreAllAnswered) {
  startServer(scenarioText(1, 400));
  // cpp-httplib's client reads status lines with a function-local static regex. The Debian
  // library is not built with TSan, which cannot see the guard that publishes it, so four threads
  // making their first requests together look like a race. One request on this thread first.
  ASSERT_TRUE(httplib::Client("127.0.0.1", server_->port()).Get("/_tenantsim/health"));
  std::atomic<bool> done{false};
  std::atomic<int> answered{0}, failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", server_->port());
      client.set_keep_alive(true);
      client.set_read_timeout(30, 0);
      while (!done) {
        auto r = client.Get(c % 2 ? "/v1.0/auditLogs/directoryAudits?$top=50"
                                  : "/beta/deviceManagement/auditEvents?$top=50");
        if (!r || r->status != 200) ++failures;
        ++answered;
      }
    });
  }
  // The seed stays, so skiptokens stay valid; the tenant size changes what is served.
  for (int users : {300, 500, 200}) {
    writeScenario(scenarioText(1, users));
    RawAnswer r = reload();
    EXPECT_EQ(r.status, 200) << r.body;
  }
  done = true;
  for (std::thread& t : clients) t.join();
  EXPECT_GT(answered.load(), 0);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(health()["scenario"]["generation"], 4);

  // Every replaced state is freed once no request uses it (nothing keeps them alive).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (ServingState::liveCount() > 1 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(ServingState::liveCount(), 1u);
  EXPECT_NE(request("GET", "/_tenantsim/metrics").body.find("tenantsim_serving_states 1\n"),
            std::string::npos);
}

TEST_F(ReloadTest, WalksAcrossReloadsOfAnUnchangedLiveFileStayDuplicateFree) {
  // A small store: a walk is short, so many walks span a reload. At speed 60 the live horizon
  // (liveScenario: 30 real days) is five years, not ten, so each reload builds quickly.
  startServer(scenarioText(5, 100, R"({ "speed": 60, "start": "2026-11-01T00:00:00Z" })"));
  std::atomic<bool> done{false};
  std::atomic<int> walks{0}, duplicates{0}, incomplete{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 3; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", server_->port());
      client.set_read_timeout(30, 0);
      const std::string prefix = "http://127.0.0.1:" + std::to_string(server_->port());
      while (!done) {
        std::string url = c % 2 ? "/v1.0/auditLogs/directoryAudits?$top=100"
                                : "/beta/deviceManagement/auditEvents?$top=20";
        std::set<std::string> ids;
        bool ended = false;
        for (int pages = 0; pages < 1000; ++pages) {
          auto r = client.Get(url);
          if (!r || r->status != 200) break;
          json page = parseJson(r->body);
          for (const json& item : page["value"])
            if (!ids.insert(item["id"].get<std::string>()).second) ++duplicates;
          if (!page.contains("@odata.nextLink")) {
            ended = true;
            break;
          }
          url = page["@odata.nextLink"].get<std::string>().substr(prefix.size());
        }
        ++walks;
        if (!ended) ++incomplete;
      }
    });
  }
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    RawAnswer r = reload();
    EXPECT_EQ(r.status, 200) << r.body;
  }
  done = true;
  for (std::thread& t : clients) t.join();
  EXPECT_GT(walks.load(), 3);
  EXPECT_EQ(duplicates.load(), 0);
  EXPECT_EQ(incomplete.load(), 0);
}

TEST_F(ReloadTest, LiveClockCarriesOverAndFeederKeepsAppending) {
  const std::string live = R"({ "speed": 60, "start": "2026-11-01T00:00:00Z" })";
  startServer(scenarioText(1, 200, live));
  // Let the clock run a little so a clock reset to live.start would show.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Ticks before = server_->clock().now();
  ASSERT_GT(before, *parseIsoTime("2026-11-01T00:00:20Z"));

  writeScenario(scenarioText(2, 200, live));
  auto realStart = std::chrono::steady_clock::now();
  ASSERT_EQ(reload().status, 200);
  Ticks after = server_->clock().now();
  double realSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - realStart).count();
  EXPECT_GE(after, before);  // never back to live.start
  EXPECT_LE(after - before,
            static_cast<Ticks>((realSeconds + 1) * 60 * kTicksPerSecond));  // nor forward
  EXPECT_EQ(health()["mode"], "live");

  // The new state's feeder appends as the clock moves: jump it an hour ahead.
  uint64_t count = health()["events"]["directoryAudits"].get<uint64_t>();
  RawAnswer pin = request("PUT", "/_tenantsim/clock", R"({"now":"2026-11-01T02:00:00Z"})");
  ASSERT_EQ(pin.status, 200) << pin.body;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (health()["events"]["directoryAudits"].get<uint64_t>() == count &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_GT(health()["events"]["directoryAudits"].get<uint64_t>(), count);

  // A pinned clock stays pinned across a reload.
  writeScenario(scenarioText(3, 200, live));
  ASSERT_EQ(reload().status, 200);
  EXPECT_EQ(request("GET", "/_tenantsim/clock").json["now"], "2026-11-01T02:00:00.0000000Z");
  EXPECT_EQ(health()["scenario"]["generation"], 3);
}

TEST_F(ReloadTest, LiveEpochFlagSurvivesReload) {
  // The file has no epoch (or another one); the flag's epoch decides the clock before and after.
  const std::string live = R"({ "speed": 60, "start": "2026-11-01T00:00:00Z" })";
  Ticks epoch = *parseIsoTime("2099-01-01T00:00:00Z");  // ahead: the clock stands at the start
  startServer(scenarioText(1, 200, live), epoch);
  ASSERT_EQ(server_->clock().epoch(), epoch);
  ASSERT_EQ(reload().status, 200);
  EXPECT_EQ(server_->clock().epoch(), epoch);
  writeScenario(scenarioText(
      2, 200,
      R"({ "speed": 60, "start": "2026-11-01T00:00:00Z", "epoch": "2099-02-01T00:00:00Z" })"));
  ASSERT_EQ(reload().status, 200);
  EXPECT_EQ(server_->clock().epoch(), epoch);
  EXPECT_EQ(health()["scenario"]["generation"], 3);
  EXPECT_EQ(request("GET", "/_tenantsim/clock").json["epoch"], "2099-01-01T00:00:00.0000000Z");
}

TEST_F(ReloadTest, ReloadingAnUnchangedLiveFileServesTheSameEvents) {
  const std::string text =
      scenarioText(4, 200, R"({ "speed": 60, "start": "2026-11-01T00:00:00Z" })");
  startServer(text);
  // Pin the clock a few simulated hours in, and wait for the feeder to get there.
  ASSERT_EQ(request("PUT", "/_tenantsim/clock", R"({"now":"2026-11-01T05:00:00Z"})").status, 200);
  auto caughtUp = [&] {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    uint64_t last = 0, now = 0;
    do {  // stable for 300 ms = the feeder has reached the pinned clock
      last = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      now = health()["events"]["directoryAudits"].get<uint64_t>();
    } while (now != last && std::chrono::steady_clock::now() < deadline);
  };
  caughtUp();
  json before = health()["events"];
  std::vector<std::string> entra = pageIds("$top=200");
  std::string intune = request("GET", "/beta/deviceManagement/auditEvents?$top=200").body;

  ASSERT_EQ(reload().status, 200);
  caughtUp();
  EXPECT_EQ(health()["events"], before);
  EXPECT_EQ(pageIds("$top=200"), entra);
  // Byte-identical pages (compared without printing them: they are long).
  EXPECT_TRUE(request("GET", "/beta/deviceManagement/auditEvents?$top=200").body == intune);
}

TEST_F(ReloadTest, PinnedHistoryClockStaysPinned) {
  startServer(scenarioText(1, 200));
  ASSERT_EQ(request("PUT", "/_tenantsim/clock", R"({"now":"2026-10-31T12:00:00Z"})").status, 200);
  writeScenario(scenarioText(2, 200));
  ASSERT_EQ(reload().status, 200);
  EXPECT_EQ(request("GET", "/_tenantsim/clock").json["now"], "2026-10-31T12:00:00.0000000Z");
}

TEST(ReloadWithoutFile, BorrowedWorldAnswers501) {
  auto loaded = loadScenarioText(scenarioText(1, 100));
  ASSERT_TRUE(loaded.ok());
  Simulation simulation(*loaded);
  EventStore store(simulation.generateWindow(1));
  std::unique_ptr<GraphServer> server = startServer(
      GraphServer::create(simulation, store, ServerClock::history(simulation.scenario().windowEnd),
                          testServerOptions()));
  ASSERT_TRUE(server);
  RawAnswer r = rawExchange(
      server->port(),
      "POST /_tenantsim/reload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 501) << r.body;
  EXPECT_EQ(server->reload().status, ReloadOutcome::Status::Unavailable);
  // GET on the reload route: wrong method.
  EXPECT_EQ(rawExchange(server->port(),
                        "GET /_tenantsim/reload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .status,
            405);
  server->stop();
}

}  // namespace
}  // namespace tenantsim::mock::testing
