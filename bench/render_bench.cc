// Render benchmark: what a served page costs beyond the connection, on one thread. Large pages
// ($top=1000 of the newest events: describing each event and rendering it as Graph JSON, the
// server's appendGraphItems) in items/s and MB/s, and the first page ($top=100) of the four
// selective filters of issue #14 (the query through the store's indexes, then the same
// rendering, and with the items from a warm render cache as a server under repeated requests
// serves them) in pages/s, with the events the filter examined per page.
//
//   build/render_bench [scenario.json] [threads for generation and indexes] [only]
//       (default bench/scenarios/bench-10k.json, 2 threads; `only` runs just the cases whose
//       name contains it, e.g. "PIM", for a profile)
//
// Each case runs in rounds of about 0.3 s of the thread's CPU time (not wall time: the machine is
// often shared, and CPU time moves much less with the neighbours' load); the table gives the
// median and the best round.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "mockserver/odata/capabilities.h"
#include "mockserver/routes/item_cache.h"
#include "mockserver/routes/query_engine.h"
#include "simulator/graph/render.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/store.h"

using namespace tenantsim;

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double threadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Rate {
  double median = 0, best = 0;  // units per second
};

// Runs `once` (which returns the units it did) in rounds of ~0.3 s of CPU; units per CPU second.
Rate measure(const std::function<size_t()>& once, int rounds = 7) {
  for (auto warm = Clock::now(); seconds(warm) < 0.1;) once();
  std::vector<double> rates;
  for (int round = 0; round < rounds; ++round) {
    size_t units = 0;
    const double t0 = threadCpuSeconds();
    do units += once();
    while (threadCpuSeconds() - t0 < 0.3);
    rates.push_back(static_cast<double>(units) / (threadCpuSeconds() - t0));
  }
  std::sort(rates.begin(), rates.end());
  return {rates[rates.size() / 2], rates.back()};
}

std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "bench/scenarios/bench-10k.json";
  unsigned threads = argc > 2 ? static_cast<unsigned>(std::stoi(argv[2])) : 2;
  const std::string only = argc > 3 ? argv[3] : "";
  auto selected = [&](std::string_view name) { return name.find(only) != std::string_view::npos; };
  auto loaded = loadScenarioFile(path);
  if (!loaded) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), loaded.error()[0].toString().c_str());
    return 1;
  }
  Simulation sim(std::move(*loaded));
  const Scenario& s = sim.scenario();
  std::vector<Event> events = sim.generateWindow(threads);
  EventStore store(events, sim, threads);
  events = {};
  const Ticks now = s.windowEnd;
  std::printf("scenario %s, %zu directory audits, %zu Intune audit events\n\n", path.c_str(),
              store.size(Source::Entra), store.size(Source::Intune));

  // ---- Large pages: the newest 20,000 events of an endpoint, rendered 1,000 at a time.
  std::printf(
      "| page | items/s median | best | MB/s median | best | bytes/item |\n"
      "|---|---:|---:|---:|---:|---:|\n");
  struct PageCase {
    const char* name;
    Source source;
    ApiVersion api;
  };
  const PageCase pages[] = {{"directoryAudits v1.0 $top=1000", Source::Entra, ApiVersion::V1},
                            {"directoryAudits beta $top=1000", Source::Entra, ApiVersion::Beta},
                            {"auditEvents v1.0 $top=1000", Source::Intune, ApiVersion::V1}};
  for (const PageCase& c : pages) {
    if (!selected(c.name)) continue;
    std::vector<Event> newest = store.read(c.source, [](std::span<const Event> all) {
      size_t n = std::min<size_t>(all.size(), 20'000);
      return std::vector<Event>(all.end() - static_cast<std::ptrdiff_t>(n), all.end());
    });
    size_t next = 0, bytes = 0, items = 0;
    auto once = [&] {
      if (next + 1000 > newest.size()) next = 0;
      std::string body;
      beginPage(body, "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits", "");
      appendGraphItems(sim, std::span<const Event>(newest).subspan(next, 1000), c.api, body);
      endPage(body);
      next += 1000;
      bytes += body.size();
      items += 1000;
      return size_t{1000};
    };
    Rate r = measure(once);
    const double perItem = static_cast<double>(bytes) / static_cast<double>(items);
    std::printf("| %s | %.0f | %.0f | %.0f | %.0f | %.0f |\n", c.name, r.median, r.best,
                r.median * perItem / 1e6, r.best * perItem / 1e6, perItem);
  }

  // ---- Selective filters: sample values from the newest events, as store_index_bench does.
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
  const std::pair<const char*, std::string> filters[] = {
      {"PIM, last day",
       "loggedByService eq 'PIM' and activityDateTime ge " + formatIsoTime(now - kTicksPerDay)},
      {"one user, 30 days", "initiatedBy/user/userPrincipalName eq " + quote(upn)},
      {"one correlationId", "correlationId eq " + quote(correlation)},
      {"one target id", "targetResources/any(t: t/id eq " + quote(target) + ")"},
  };
  mock::QueryEngine engine(sim, store);
  const odata::EndpointCapabilities caps =
      odata::EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits);
  std::printf(
      "\n| filter, $top=100 | items | examined | query+render pages/s median | best "
      "| query+cached items median | best | query only pages/s median | best |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& [name, text] : filters) {
    if (!selected(name)) continue;
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
    mock::PageResult first = engine.page(query);
    Rate queryOnly = measure([&] {
      mock::PageResult r = engine.page(query);
      return size_t{1};
    });
    Rate whole = measure([&] {
      mock::PageResult r = engine.page(query);
      std::string body;
      beginPage(body, "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits", "");
      appendGraphItems(sim, r.events, ApiVersion::V1, body);
      endPage(body);
      return size_t{1};
    });
    // The server's case under a load that repeats requests: the items come from the render cache.
    mock::RenderedItemCache cache(64 << 20);
    const mock::RenderVariant variant{Endpoint::DirectoryAudits, ApiVersion::V1,
                                      UnknownEnumMembers::AsSentinel, kAllProperties};
    Rate cached = measure([&] {
      mock::PageResult r = engine.page(query);
      std::string body;
      beginPage(body, "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits", "");
      mock::appendCachedItems(
          &cache, variant, std::span<const Event>(r.events), body,
          [&](const Event& e, std::string& out) { renderGraphEvent(sim, e, ApiVersion::V1, out); });
      endPage(body);
      return size_t{1};
    });
    std::printf("| %s | %zu | %llu | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |\n", name,
                first.events.size(), static_cast<unsigned long long>(first.examined), whole.median,
                whole.best, cached.median, cached.best, queryOnly.median, queryOnly.best);
  }
  return 0;
}
