// The rendered-item cache (mockserver/routes/item_cache.h): the cache's own bound and eviction,
// and the bytes a server answers with the cache on against a server with it off: a randomized
// run over both API versions, $select, Prefer, filters and paging walks of directoryAudits,
// auditEvents and signIns, with live appends in between, and a reload that changes what the same
// records render to.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/rng.h"
#include "mockserver/routes/item_cache.h"
#include "mockserver/server/graph_server.h"
#include "tests/support/files.h"
#include "tests/support/json.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

CachedItemKey keyOf(uint64_t n, PropertyMask select = kAllProperties) {
  return {static_cast<int64_t>(n / 3), n, select, 0, 0, 0};
}

TEST(RenderedItemCache, KeepsWhatItWasGivenAndTellsVariantsApart) {
  RenderedItemCache cache(1 << 20);
  std::string out = "[";
  EXPECT_FALSE(cache.appendTo(keyOf(7), out));
  cache.insert(keyOf(7), "{\"id\":\"seven\"}");
  cache.insert(keyOf(7, 1), "{\"id\":\"seven, id only\"}");
  EXPECT_TRUE(cache.appendTo(keyOf(7), out));
  EXPECT_EQ(out, "[{\"id\":\"seven\"}");
  out.clear();
  EXPECT_TRUE(cache.appendTo(keyOf(7, 1), out));
  EXPECT_EQ(out, "{\"id\":\"seven, id only\"}");
  EXPECT_FALSE(cache.appendTo(keyOf(8), out));
  const RenderCacheStats stats = cache.stats();
  EXPECT_EQ(stats.entries, 2u);
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.misses, 2u);
}

TEST(RenderedItemCache, EvictionKeepsTheByteBoundAndRecentlyUsedItems) {
  const size_t budget = 1 << 20;  // 16 KB a shard: about 15 of these items
  RenderedItemCache cache(budget);
  const std::string item(900, 'x');
  // A working set that fits, touched again and again while a stream of one-off items passes.
  std::vector<uint64_t> hot;
  for (uint64_t n = 0; n < 64; ++n) hot.push_back(n * 1'000'003);
  for (uint64_t hotKey : hot) cache.insert(keyOf(hotKey), item);
  size_t hotMisses = 0;
  std::string out;
  for (uint64_t n = 1; n <= 8'000; ++n) {
    cache.insert(keyOf(n), item);
    EXPECT_LE(cache.stats().bytes, budget) << n;
    if (n % 8 == 0) {
      for (uint64_t hotKey : hot) {
        out.clear();
        if (!cache.appendTo(keyOf(hotKey), out)) {
          ++hotMisses;
          cache.insert(keyOf(hotKey), item);
        }
      }
    }
  }
  const RenderCacheStats stats = cache.stats();
  EXPECT_GT(stats.evictions, 6'000u);
  EXPECT_GT(stats.bytes, budget / 2);  // it fills up to its bound
  // CLOCK gives the referenced items a second chance: the one-off items go first.
  EXPECT_EQ(hotMisses, 0u);
  // An item larger than a shard's share is not kept at all.
  cache.insert(keyOf(1'000'000'007), std::string(budget, 'y'));
  EXPECT_FALSE(cache.appendTo(keyOf(1'000'000'007), out));
  EXPECT_LE(cache.stats().bytes, budget);
}

// The index is an open-addressing table whose deletions move entries back: after heavy churn
// (inserts, evictions, lookups of keys alike in all but a few bits) every key the cache holds must
// still find its own bytes, and every key it dropped must miss, never another key's bytes.
TEST(RenderedItemCache, ChurnNeverAnswersWithAnotherItemsBytes) {
  RenderedItemCache cache(1 << 19);  // about half of the keys' items
  auto bytesOf = [](uint64_t n) {
    return "{\"n\":" + std::to_string(n) + std::string(n % 300, ' ') + "}";
  };
  Rng r(7, "render-cache-churn");
  std::vector<uint64_t> keys;
  for (uint64_t n = 0; n < 3'000; ++n) keys.push_back(n < 1'500 ? n : r.next() >> 20);
  std::string out;
  for (int round = 0; round < 4; ++round) {
    for (size_t i = 0; i < keys.size(); ++i) {
      const uint64_t n = keys[(i * 7 + static_cast<size_t>(round) * 131) % keys.size()];
      out.clear();
      if (cache.appendTo(keyOf(n), out))
        ASSERT_EQ(out, bytesOf(n)) << n;
      else
        cache.insert(keyOf(n), bytesOf(n));
    }
  }
  size_t held = 0;
  for (uint64_t n : keys) {
    out.clear();
    if (!cache.appendTo(keyOf(n), out)) continue;
    ASSERT_EQ(out, bytesOf(n)) << n;
    ++held;
  }
  const RenderCacheStats stats = cache.stats();
  EXPECT_GT(stats.evictions, 1'000u);
  EXPECT_EQ(held, stats.entries);
  EXPECT_GT(held, 100u);
}

TEST(RenderedItemCache, OffKeepsNothing) {
  RenderedItemCache cache(0);
  EXPECT_FALSE(cache.enabled());
  cache.insert(keyOf(1), "{}");
  std::string out;
  EXPECT_FALSE(cache.appendTo(keyOf(1), out));
  EXPECT_TRUE(out.empty());
}

// ---- Over HTTP: a server with the cache and one without, on the same records.

Scenario cacheScenario(int64_t megabytes) {
  Scenario s = tenantsim::testing::smallScenario(120, 2);
  if (s.workloads.background) s.workloads.background->bursts.clear();
  s.server.auth = "off";
  s.server.throttling = false;
  s.server.faults.rate = 0;
  s.server.endpoints.clear();
  s.server.ingestDelay = "none";
  s.server.renderCacheMegabytes = megabytes;
  return s;
}

// One served store that the test appends to.
struct Served {
  explicit Served(int64_t megabytes, Ticks historyEnd)
      : simulation(cacheScenario(megabytes)),
        store(simulation.generate(simulation.scenario().windowStart(), historyEnd), simulation),
        server(startServer(GraphServer::create(
            simulation, store, ServerClock::history(simulation.scenario().windowEnd),
            testServerOptions()))) {}
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

  Simulation simulation;
  EventStore store;
  std::unique_ptr<GraphServer> server;
};

// The body with this server's origin replaced (nextLinks and contexts name the port).
std::string fetch(int port, const std::string& target, bool preferUnknownMembers) {
  httplib::Client client("127.0.0.1", port);
  client.set_url_encode(false);
  client.set_read_timeout(30, 0);
  httplib::Headers headers;
  if (preferUnknownMembers) headers.emplace("Prefer", "include-unknown-enum-members");
  httplib::Result r = client.Get(target.c_str(), headers);
  if (!r) return "no answer";
  std::string body = std::to_string(r->status) + " " + r->body;
  const std::string origin = "http://127.0.0.1:" + std::to_string(port);
  for (size_t at = body.find(origin); at != std::string::npos; at = body.find(origin, at))
    body.replace(at, origin.size(), "ORIGIN");
  return body;
}

// The nextLink of a page body (after fetch's rewrite), relative; "" on the last page.
std::string nextTarget(const std::string& body) {
  constexpr std::string_view kKey = "\"@odata.nextLink\":\"ORIGIN";
  const size_t at = body.find(kKey);
  if (at == std::string::npos) return "";
  const size_t from = at + kKey.size();
  return body.substr(from, body.find('"', from) - from);
}

std::string randomTarget(Rng& rng, Ticks windowEnd) {
  const bool beta = rng.chance(0.5);
  std::string target = beta ? "/beta/" : "/v1.0/";
  std::vector<std::string> options = {
      "$top=" + std::to_string(std::vector<int>{1, 2, 5, 10, 20}[rng.below(5)])};
  const std::string since = formatIsoTime(windowEnd - kTicksPerHour * rng.between(2, 30));
  switch (rng.below(3)) {
    case 0:
      target += "auditLogs/directoryAudits";
      if (rng.chance(0.4))
        options.push_back(std::vector<std::string>{"$select=id,activityDateTime,result",
                                                   "$select=initiatedBy,targetResources,id",
                                                   "$select=category"}[rng.below(3)]);
      if (rng.chance(0.4))
        options.push_back(rng.chance(0.5)
                              ? "$filter=activityDateTime%20ge%20" + since
                              : "$filter=loggedByService%20eq%20%27Core%20Directory%27");
      if (rng.chance(0.2)) options.push_back("$orderby=activityDateTime%20asc");
      break;
    case 1:
      target += "deviceManagement/auditEvents";
      if (rng.chance(0.4))
        options.push_back(rng.chance(0.5) ? "$select=id,activityDateTime,actor"
                                          : "$select=resources,displayName");
      if (rng.chance(0.3)) options.push_back("$filter=activityDateTime%20ge%20" + since);
      break;
    default:
      target += "auditLogs/signIns";
      if (rng.chance(0.4))
        options.push_back(rng.chance(0.5) ? "$filter=createdDateTime%20ge%20" + since
                                          : "$filter=status/errorCode%20ne%200");
      break;
  }
  target += "?";
  for (size_t i = 0; i < options.size(); ++i) target += (i ? "&" : "") + options[i];
  return target;
}

TEST(RenderCacheOverHttp, PagesAreByteIdenticalWithTheCacheOnAndOff) {
  const Scenario probe = cacheScenario(0);
  const Ticks start = probe.windowStart(), end = probe.windowEnd;
  const Ticks historyEnd = start + (end - start) * 2 / 3;
  // 1 MB: small enough that the walks below evict, large enough that repeats hit.
  Served cached(1, historyEnd), plain(0, historyEnd);
  ASSERT_TRUE(cached.server && plain.server);

  Rng rng(20261207);
  size_t pages = 0, items = 0;
  std::vector<std::string> asked;
  for (int round = 0; round < 4; ++round) {
    for (int n = 0; n < 14; ++n) {
      // Half of the requests repeat an earlier one (the cache's case), the rest are new.
      const bool repeat = !asked.empty() && rng.chance(0.5);
      std::string target = repeat ? asked[rng.below(asked.size())] : randomTarget(rng, end);
      if (!repeat) asked.push_back(target);
      const bool prefer = rng.chance(0.3);
      for (int page = 0; page < 2 && !target.empty(); ++page) {
        const std::string a = fetch(cached.server->port(), target, prefer);
        const std::string b = fetch(plain.server->port(), target, prefer);
        ASSERT_EQ(a, b) << "round " << round << ": " << target;
        ASSERT_EQ(a.rfind("200 ", 0), 0u) << target << ": " << a.substr(0, 300);
        ++pages;
        items += std::stoul(target.substr(target.find("$top=") + 5));  // at most
        target = nextTarget(a);
      }
    }
    // Live appends between rounds: the same new events into both stores.
    const Ticks from = historyEnd + (end - historyEnd) * round / 4;
    const Ticks to = historyEnd + (end - historyEnd) * (round + 1) / 4;
    std::vector<Event> more = cached.simulation.generate(from, to);
    cached.store.append(more);
    plain.store.append(more);
  }
  // The cache served some of it, within its bound; the plain server has none.
  const std::string metrics = fetch(cached.server->port(), "/_tenantsim/metrics", false);
  const size_t hitsAt = metrics.find("\ntenantsim_render_cache_hits_total ");
  ASSERT_NE(hitsAt, std::string::npos) << metrics;
  EXPECT_GT(std::stoul(metrics.substr(hitsAt + 35)), 50u);
  const size_t bytesAt = metrics.find("\ntenantsim_render_cache_bytes ");
  ASSERT_NE(bytesAt, std::string::npos);
  EXPECT_LE(std::stoul(metrics.substr(bytesAt + 30)), 1u << 20);
  EXPECT_EQ(fetch(plain.server->port(), "/_tenantsim/metrics", false).find("render_cache"),
            std::string::npos);
  EXPECT_GT(pages, 60u);
  EXPECT_LT(items, 1'000u);  // each through both servers: the test's budget of items over HTTP
  EXPECT_GT(items, 300u);
}

// A reload builds a new serving state with an empty cache: the same records rendered for another
// tenant domain must not come from the old state's cache.
TEST(RenderCacheOverHttp, AReloadStartsWithAnEmptyCache) {
  nlohmann::json doc = tenantsim::parseJsonWithComments(
      tenantsim::testing::readFile(tenantsim::testing::sourcePath("scenarios/quickstart.json")));
  doc.erase("storylines");
  doc["workloads"]["background"].erase("bursts");
  doc["tenant"]["users"] = 100;
  doc["window"]["days"] = 1;
  doc["server"] = {{"auth", "off"},
                   {"throttling", false},
                   {"ingestDelay", "none"},
                   {"faults", {{"rate", 0}}},
                   {"renderCache", {{"megabytes", 4}}}};
  tenantsim::testing::TempDir dir("tenantsim-render-cache");
  const std::string path = (dir.path() / "scenario.json").string();
  std::ofstream(path) << doc.dump();
  auto loaded = loadScenarioFile(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error()[0].toString();
  ServerOptions options = testServerOptions();
  options.scenarioPath = path;
  std::unique_ptr<GraphServer> server =
      startServer(GraphServer::create(buildScenarioWorld(*loaded, nullptr, 2), options));
  ASSERT_TRUE(server);
  const std::vector<std::string> targets = {"/v1.0/auditLogs/directoryAudits?$top=30",
                                            "/beta/deviceManagement/auditEvents?$top=30",
                                            "/v1.0/auditLogs/signIns?$top=30"};
  std::vector<std::string> before;
  for (const std::string& t : targets) before.push_back(fetch(server->port(), t, false));

  doc["tenant"]["domain"] = "fabrikam.onmicrosoft.com";
  std::ofstream(path, std::ios::trunc) << doc.dump();
  ASSERT_EQ(server->reload().status, ReloadOutcome::Status::Reloaded);
  doc["server"]["renderCache"]["megabytes"] = 0;
  std::ofstream(path, std::ios::trunc) << doc.dump();
  auto fresh = loadScenarioFile(path);
  ASSERT_TRUE(fresh.ok());
  std::unique_ptr<GraphServer> reference =
      startServer(GraphServer::create(buildScenarioWorld(*fresh, nullptr, 2), testServerOptions()));
  ASSERT_TRUE(reference);
  for (size_t i = 0; i < targets.size(); ++i) {
    const std::string after = fetch(server->port(), targets[i], false);
    EXPECT_NE(after, before[i]) << targets[i];  // the domain is in every item
    EXPECT_NE(after.find("fabrikam"), std::string::npos) << targets[i];
    EXPECT_EQ(after, fetch(reference->port(), targets[i], false)) << targets[i];
  }
}

}  // namespace
}  // namespace tenantsim::mock::testing
