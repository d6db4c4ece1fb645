// Store index benchmark: what the secondary indexes cost (bytes per event, build time) and what
// they buy (one query's latency with the planner and with the scan forced, in process, at one
// connection), for the four selective filters of issue #14: the PIM filter over the last day, one
// user's events over the whole retention (30 days), one correlationId, one target id.
//
//   build/store_index_bench [scenario.json] [threads] [noscan]
//       (default bench/scenarios/bench-10k.json, 2 threads; noscan skips the forced scans, which
//       take minutes on a 45 M-event store)
//
// Targets (issue #14): <= 64 bytes per event with indexes; selective filters p50 < 2 ms.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "base/strings.h"
#include "mockserver/odata/capabilities.h"
#include "mockserver/routes/query_engine.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/store.h"

using namespace tenantsim;

namespace {

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

struct Timing {
  double p50Ms = 0, maxMs = 0;
  size_t items = 0;
  bool usedIndex = false;
};

// Median of `runs` first pages (at most ~3 s of runs).
Timing timeQuery(const mock::QueryEngine& engine, mock::PageQuery query, bool useIndexes) {
  query.useIndexes = useIndexes;
  std::vector<double> ms;
  auto started = std::chrono::steady_clock::now();
  Timing t;
  for (int run = 0; run < 51 && (run < 1 || seconds(started) < 3); ++run) {
    auto t0 = std::chrono::steady_clock::now();
    mock::PageResult r = engine.page(query);
    ms.push_back(seconds(t0) * 1000);
    t.items = r.events.size();
    t.usedIndex = r.usedIndex;
  }
  std::sort(ms.begin(), ms.end());
  t.p50Ms = ms[ms.size() / 2];
  t.maxMs = ms.back();
  return t;
}

std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "bench/scenarios/bench-10k.json";
  unsigned threads = argc > 2 ? static_cast<unsigned>(std::stoi(argv[2])) : 2;
  const bool scan = !(argc > 3 && std::string(argv[3]) == "noscan");
  auto loaded = loadScenarioFile(path);
  if (!loaded) {
    const std::vector<ScenarioError>& errors = loaded.error();
    std::fprintf(stderr, "%s: %s\n", path.c_str(), errors[0].toString().c_str());
    return 1;
  }
  Simulation sim(std::move(*loaded));
  const Scenario& s = sim.scenario();

  auto t0 = std::chrono::steady_clock::now();
  std::vector<Event> events = sim.generateWindow(threads);
  const double generateSeconds = seconds(t0);
  auto t1 = std::chrono::steady_clock::now();
  auto plain = std::make_unique<EventStore>(events);
  const double plainSeconds = seconds(t1);
  const size_t plainBytes = plain->memoryBytes();
  plain.reset();
  auto t2 = std::chrono::steady_clock::now();
  EventStore store(events, sim, threads);
  const double indexSeconds = seconds(t2);
  const size_t count = events.size();

  // Sample values from the newest events: a user-initiated directory audit, a targeted one.
  EventDetails d;
  std::string upn, correlation, target;
  store.read(Source::Entra, [&](std::span<const Event> list) {
    for (size_t i = list.size(); i-- > 0 && (upn.empty() || target.empty());) {
      sim.describe(list[i], d);
      if (upn.empty() && !d.byApp()) upn = d.userPrincipalName, correlation = d.correlationId;
      if (target.empty() && d.targetCount > 0 && d.targets[0].type == "User")
        target = d.targets[0].id;
    }
    return 0;
  });

  const Ticks now = s.windowEnd;
  const std::string lastDay = formatIsoTime(now - kTicksPerDay);
  const std::pair<const char*, std::string> filters[] = {
      {"PIM, last day", "loggedByService eq 'PIM' and activityDateTime ge " + lastDay},
      {"one user, 30 days", "initiatedBy/user/userPrincipalName eq " + quote(upn)},
      {"one correlationId", "correlationId eq " + quote(correlation)},
      {"one target id", "targetResources/any(t: t/id eq " + quote(target) + ")"},
  };
  mock::QueryEngine engine(sim, store);
  const odata::EndpointCapabilities caps =
      odata::EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits);

  std::printf("scenario              %s\n", path.c_str());
  std::printf("events                %zu (generated in %.1f s on %u threads)\n", count,
              generateSeconds, threads);
  std::printf("store, no index       %.1f bytes/event (built in %.2f s)\n",
              static_cast<double>(plainBytes) / count, plainSeconds);
  std::printf(
      "store with indexes    %.1f bytes/event, of which index %.1f (built in %.1f s on %u "
      "threads; target <= 64)\n",
      static_cast<double>(store.memoryBytes()) / count,
      static_cast<double>(store.indexBytes()) / count, indexSeconds, threads);
  std::printf(
      "\n| filter ($top=100, newest first) | items | indexed p50 ms | max ms | scan p50 ms "
      "| max ms | speed-up |\n|---|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& [name, text] : filters) {
    Result<odata::CompiledFilter> filter = odata::CompiledFilter::compile(text, caps);
    if (!filter) {
      std::fprintf(stderr, "%s: %s\n", text.c_str(), filter.error().message.c_str());
      return 1;
    }
    mock::PageQuery query;
    query.filter = &filter.value();
    query.pageSize = 100;
    query.now = now;
    query.retentionFloor = mock::retentionFloor(s, Source::Entra, now);
    Timing indexed = timeQuery(engine, query, true);
    Timing scanned = scan ? timeQuery(engine, query, false) : Timing{};
    std::printf("| %s%s | %zu | %.3f | %.3f | %.1f | %.1f | %.0fx |\n", name,
                indexed.usedIndex ? "" : " (no index)", indexed.items, indexed.p50Ms, indexed.maxMs,
                scanned.p50Ms, scanned.maxMs, scan ? scanned.p50Ms / indexed.p50Ms : 0.0);
  }
  return 0;
}
