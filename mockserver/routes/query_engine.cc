#include "mockserver/routes/query_engine.h"

#include <algorithm>
#include <functional>
#include <thread>

#include "mockserver/routes/event_fields.h"
#include "mockserver/routes/index_planner.h"
#include "mockserver/routes/record_pager.h"

namespace tenantsim::mock {
namespace {

using odata::SortDirection;

uint64_t hashId(std::string_view id) { return std::hash<std::string_view>{}(id); }

}  // namespace

Ticks retentionFloor(const Scenario& scenario, Source source, Ticks now) {
  int64_t days = 0;
  if (source == Source::Intune)
    days = scenario.server.intuneRetentionDays;
  else
    days = scenario.tenant.license == "Free" ? 7 : 30;
  return now - days * kTicksPerDay;
}

PageResult QueryEngine::page(const PageQuery& query) const {
  PageResult result;
  const odata::FilterPlan& plan = query.filter->plan();
  Ticks lo = query.retentionFloor;
  if (plan.timeLo) lo = std::max<Ticks>(lo, *plan.timeLo);
  Ticks hi = query.now;  // nothing after the clock is visible
  if (plan.timeHi) hi = std::min<Ticks>(hi, *plan.timeHi);
  if (lo > hi || plan.provablyEmpty()) {
    if (query.countTotal) result.totalCount = 0;
    return result;
  }
  EventFieldSource fields(simulation_);
  // Equalities on activity-level properties (loggedByService, category, activityDisplayName, ...)
  // are decided once per catalog activity: most events are then refused by one lookup.
  const std::vector<uint8_t> activityAllowed = activitiesSatisfying(plan);
  auto matches = [&](const Event& e) {
    if (e.visibleAt() > query.now) return false;
    if (query.filter->matchesEverything()) return true;
    if (!activityAllowed.empty() && !activityAllowed[e.activity]) return false;
    fields.reset(e);
    return query.filter->matches(fields);
  };
  PageWindow window{lo,
                    hi,
                    query.direction,
                    query.start,
                    query.pageSize,
                    query.skip,
                    query.countTotal,
                    query.deadline};
  store_.readIndexed(query.source, [&](std::span<const Event> events, const PostingIndex* index) {
    // The planner: the positions an index says can match, when that is much less than the range
    // to walk (the page's part of it, or all of it for $count).
    auto candidates = [&](uint32_t from, uint32_t to) -> std::optional<IndexCandidates> {
      if (!index || !query.useIndexes || query.filter->matchesEverything()) return std::nullopt;
      return indexCandidates(*index, plan, AuditIndexVocabulary(), from, to);
    };
    pageRecords(events, window, matches, candidates, result);
  });
  return result;
}

void QueryEngine::extendIndex(Source source, IdIndex& index) const {
  store_.read(source, [&](std::span<const Event> events) {
    if (index.indexed >= events.size()) return;
    size_t from = index.indexed, to = events.size();
    std::vector<std::pair<uint64_t, uint32_t>> added(to - from);
    unsigned threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        EventDetails d;
        for (size_t i = from + t; i < to; i += threads) {
          simulation_.describe(events[i], d);
          added[i - from] = {hashId(d.id), static_cast<uint32_t>(i)};
        }
      });
    }
    for (std::thread& w : workers) w.join();
    std::sort(added.begin(), added.end());
    std::vector<std::pair<uint64_t, uint32_t>> merged;
    merged.reserve(index.entries.size() + added.size());
    std::merge(index.entries.begin(), index.entries.end(), added.begin(), added.end(),
               std::back_inserter(merged));
    index.entries = std::move(merged);
    index.indexed = to;
  });
}

std::optional<Event> QueryEngine::findById(Source source, std::string_view id, Ticks now,
                                           Ticks floor) const {
  IdIndex& index = source == Source::Intune ? intuneIds_ : entraIds_;
  std::vector<uint32_t> candidates;
  {
    std::lock_guard lock(index.mutex);
    extendIndex(source, index);
    uint64_t h = hashId(id);
    auto range = std::equal_range(index.entries.begin(), index.entries.end(),
                                  std::pair<uint64_t, uint32_t>{h, 0},
                                  [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto it = range.first; it != range.second; ++it) candidates.push_back(it->second);
  }
  return store_.read(source, [&](std::span<const Event> events) -> std::optional<Event> {
    EventDetails d;
    for (uint32_t position : candidates) {
      if (position >= events.size()) continue;
      const Event& e = events[position];
      if (e.visibleAt() > now || e.time < floor) continue;
      simulation_.describe(e, d);
      if (d.id == id) return e;
    }
    return std::nullopt;
  });
}

}  // namespace tenantsim::mock
