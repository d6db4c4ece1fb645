// Live mode appends while several clients page (issue #6, and the TSan target for it): a real
// server on an indexed store with a LiveFeeder running at high speed (so every append also
// extends the indexes), four threads walking both audit endpoints to the end over and over. Every
// walk must be duplicate-free, end, and include at least every event that existed before the feeder
// started (no ingest delay); the feeder must have appended meanwhile. The rendered-item cache
// (mockserver/routes/item_cache.h) is kept small, so the walkers look up, insert and evict in it
// concurrently all the time.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "simulator/simulation/world/live_feeder.h"
#include "tests/support/json.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

struct WalkResult {
  size_t items = 0, duplicates = 0, pages = 0, errors = 0;
  bool ended = false;
};

WalkResult walk(int port, const std::string& token, const std::string& first) {
  httplib::Client client("127.0.0.1", port);
  client.set_url_encode(false);
  client.set_read_timeout(60, 0);
  WalkResult w;
  std::set<std::string> ids;
  std::string target = first;
  std::string origin = "http://127.0.0.1:" + std::to_string(port);
  for (int page = 0; page < 5000; ++page) {
    auto r = client.Get(target.c_str(), {{"Authorization", "Bearer " + token}});
    if (!r || r->status != 200) {
      ++w.errors;
      return w;
    }
    ++w.pages;
    auto json = parseJson(r->body);
    for (const auto& item : json["value"]) {
      ++w.items;
      if (!ids.insert(item["id"].get<std::string>()).second) ++w.duplicates;
    }
    if (!json.contains("@odata.nextLink")) {
      w.ended = true;
      return w;
    }
    target = json["@odata.nextLink"].get<std::string>().substr(origin.size());
  }
  return w;
}

TEST(LivePagingConcurrency, WalksStayCompleteAndDuplicateFreeWhileLiveModeAppends) {
  Scenario base = smallScenario();
  base.tenant.users = 600;
  base.server.ingestDelay = "none";  // every event before the live start is listable at once
  base.windowDays = 2;
  base.server.renderCacheMegabytes = 1;  // far less than the walks render: constant eviction
  base.live = LiveConfig{};
  base.live->speed = 3600;  // one simulated hour per second
  Simulation simulation(liveScenario(base));
  const Scenario& s = simulation.scenario();
  EventStore store(simulation.generate(s.windowStart(), liveStartOf(s), 2), simulation, 2);
  const size_t historyEntra = store.size(Source::Entra), historyIntune = store.size(Source::Intune);

  ServerOptions options;
  options.threads = 4;
  std::unique_ptr<GraphServer> server = startServer(
      GraphServer::create(simulation, store, ServerClock::live(liveStartOf(s), s.live->speed),
                          testServerOptions(options)));
  ASSERT_TRUE(server);
  auto feeder = makeLiveFeeder(simulation, store, server->clock());
  ASSERT_TRUE(feeder);

  httplib::Client tokenClient("127.0.0.1", server->port());
  auto tokenAnswer = tokenClient.Post(("/" + s.tenant.id + "/oauth2/v2.0/token").c_str(),
                                      clientCredentialsBody(kReaderClientId, kReaderSecret),
                                      "application/x-www-form-urlencoded");
  ASSERT_TRUE(tokenAnswer && tokenAnswer->status == 200);
  std::string token = parseJson(tokenAnswer->body)["access_token"];

  feeder->start();
  std::atomic<size_t> walks{0}, failures{0};
  std::vector<std::thread> clients;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&, i] {
      bool intune = i % 2 == 1;
      std::string first =
          intune ? "/v1.0/deviceManagement/auditEvents?$top=" + std::to_string(300 + 37 * i)
                 : "/v1.0/auditLogs/directoryAudits?$top=" + std::to_string(300 + 37 * i);
      for (int n = 0; n < 50 && (n == 0 || std::chrono::steady_clock::now() < until); ++n) {
        WalkResult w = walk(server->port(), token, first);
        size_t history = intune ? historyIntune : historyEntra;
        bool ok = w.ended && w.errors == 0 && w.duplicates == 0 && w.items >= history;
        if (!ok) {
          ++failures;
          ADD_FAILURE() << first << ": ended " << w.ended << ", errors " << w.errors
                        << ", duplicates " << w.duplicates << ", items " << w.items << " < history "
                        << history;
        }
        ++walks;
      }
    });
  }
  for (std::thread& t : clients) t.join();
  feeder->stop();
  server->stop();
  std::printf("%zu complete walks, %zu failures; feeder appended %llu events meanwhile\n",
              walks.load(), failures.load(),
              static_cast<unsigned long long>(feeder->eventsAppended()));
  EXPECT_EQ(failures.load(), 0u);
  EXPECT_GE(walks.load(), 4u);
  EXPECT_GT(feeder->eventsAppended(), 0u);
  EXPECT_FALSE(feeder->failed());
}

}  // namespace
}  // namespace tenantsim::mock::testing
