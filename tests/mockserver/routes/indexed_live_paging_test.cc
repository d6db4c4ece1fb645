// Index maintenance during live appends (issue #14; a TSan target, tests/load/tsan.sh): one
// thread appends the second half of the window in small batches, which also merges the index
// tails again and again, while reader threads walk selective filters page by page through the
// planner. Walks at a clock before the appended events must give exactly the pages they gave
// before the appends began; walks at the newest clock must stay ordered and duplicate-free.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "mockserver/odata/capabilities.h"
#include "mockserver/routes/query_engine.h"
#include "tests/support/scenarios.h"

namespace tenantsim::mock {
namespace {

struct Walk {
  std::vector<uint64_t> keys;
  bool ordered = true, usedIndex = false;
};

Walk walk(const QueryEngine& engine, PageQuery query) {
  Walk w;
  for (int page = 0; page < 10'000; ++page) {
    const PageResult r = engine.page(query);
    w.usedIndex = w.usedIndex || r.usedIndex;
    for (const Event& e : r.events) w.keys.push_back(e.key);
    if (!r.next) break;
    query.start = r.next;
  }
  return w;
}

TEST(IndexedLivePaging, PagesStayExactWhileAppendsExtendTheIndex) {
  Scenario scenario = testing::smallScenario(300, 4);
  scenario.server.ingestDelay = "none";
  Simulation simulation(scenario);
  const Scenario& s = simulation.scenario();
  const Ticks middle = s.windowStart() + (s.windowEnd - s.windowStart()) / 2;
  const std::vector<Event> history = simulation.generate(s.windowStart(), middle);
  EventStore store(history, simulation);
  QueryEngine engine(simulation, store);

  // Selective filters on values of the history.
  EventDetails d;
  std::vector<std::string> filters;
  for (size_t i = history.size() / 3; filters.size() < 6 && i < history.size(); i += 97) {
    const Event& e = history[i];
    if (Catalog::instance().at(e.activity).source != Source::Entra) continue;
    simulation.describe(e, d);
    filters.push_back("correlationId eq '" + d.correlationId + "'");
    if (d.targetCount > 0)
      filters.push_back("targetResources/any(t: t/id eq '" + d.targets[0].id + "')");
    if (!d.byApp())
      filters.push_back("initiatedBy/user/userPrincipalName eq '" + d.userPrincipalName + "'");
  }
  const odata::EndpointCapabilities caps =
      odata::EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits);
  std::vector<odata::CompiledFilter> compiled;
  for (const std::string& text : filters)
    compiled.push_back(*odata::CompiledFilter::compile(text, caps));

  auto queryFor = [&](size_t f, Ticks now) {
    PageQuery q;
    q.filter = &compiled[f];
    q.pageSize = 3 + f * 5;
    q.direction = f % 2 ? odata::SortDirection::Ascending : odata::SortDirection::Descending;
    q.now = now;
    q.retentionFloor = retentionFloor(s, Source::Entra, now);
    return q;
  };
  const Ticks before = middle - 1;  // nothing appended later is visible at this clock
  std::vector<Walk> expected;
  for (size_t f = 0; f < compiled.size(); ++f)
    expected.push_back(walk(engine, queryFor(f, before)));

  std::atomic<bool> done{false};
  std::atomic<size_t> walks{0}, mismatches{0}, disordered{0}, indexed{0};
  std::thread writer([&] {
    for (Ticks t = middle; t < s.windowEnd; t += kTicksPerHour)
      store.append(simulation.generate(t, std::min(s.windowEnd, t + kTicksPerHour)));
    done = true;
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&, r] {
      for (size_t n = r; (!done && n < 120) || n < 2 * compiled.size() + r; ++n) {
        const size_t f = n % compiled.size();
        Walk old = walk(engine, queryFor(f, before));
        indexed += old.usedIndex;
        mismatches += old.keys != expected[f].keys;
        Walk latest = walk(engine, queryFor(f, s.windowEnd));
        disordered +=
            std::set<uint64_t>(latest.keys.begin(), latest.keys.end()).size() != latest.keys.size();
        ++walks;
      }
    });
  }
  writer.join();
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(store.size(Source::Entra) + store.size(Source::Intune),
            simulation.generateWindow().size());
  EXPECT_EQ(mismatches.load(), 0u);
  EXPECT_EQ(disordered.load(), 0u);
  EXPECT_GT(indexed.load(), walks.load() / 2);
  EXPECT_GE(walks.load(), 3 * compiled.size());
}

}  // namespace
}  // namespace tenantsim::mock
