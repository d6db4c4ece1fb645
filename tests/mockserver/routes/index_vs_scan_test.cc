// The planner against the scan: random stores (the small test scenarios) and random filters over
// every indexed property (activity-level fields, initiating user by id and principal name,
// initiating app, correlation id, target and resource ids), mixed with time bounds, `and`, `or`
// (top-level and as a conjunct, which the planner answers with unions) and `not`, in both orders
// with various $top and $count, walked page by page through the positions a skiptoken carries:
// pages, next positions and counts are identical with the indexes and without.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "base/strings.h"
#include "base/time.h"
#include "mockserver/odata/capabilities.h"
#include "mockserver/routes/event_fields.h"
#include "mockserver/routes/query_engine.h"
#include "tests/support/scenarios.h"

namespace tenantsim::mock {
namespace {

using odata::SortDirection;

// Values the events of one endpoint render, to build filters that match something.
struct Samples {
  std::vector<std::string> correlationIds, userIds, upns, appIds, targetIds, activities, services,
      categories, components;
  std::vector<Ticks> times;
};

Samples collectSamples(const Simulation& simulation, const std::vector<Event>& events,
                       Source source) {
  Samples s;
  EventDetails d;
  std::mt19937_64 rng(7);
  for (const Event& e : events) {
    const Activity& a = Catalog::instance().at(e.activity);
    if (a.source != source || rng() % 8 != 0) continue;
    simulation.describe(e, d);
    s.correlationIds.push_back(d.correlationId);
    if (!d.byApp()) s.userIds.push_back(d.userId), s.upns.push_back(d.userPrincipalName);
    if (!d.appId.empty()) s.appIds.push_back(d.appId);
    for (size_t t = 0; t < d.targetCount; ++t) s.targetIds.push_back(d.targets[t].id);
    s.activities.push_back(a.name);
    s.services.push_back(a.service);
    s.categories.push_back(a.category);
    s.components.push_back(a.componentName);
    s.times.push_back(e.time);
  }
  return s;
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

class FilterMaker {
 public:
  FilterMaker(const Samples& samples, bool intune, uint64_t seed)
      : s_(samples), intune_(intune), rng_(seed) {}

  std::string make() {
    if (rng_() % 6 == 0)  // an `or` conjunct: answered as the union of its disjuncts' candidates
      return "(" + indexed() + " or " + indexed() + ") and " + clause();
    std::string text = clause();
    for (int extra = static_cast<int>(rng_() % 3); extra > 0; --extra)
      text += (rng_() % 5 == 0 ? " or " : " and ") + clause();
    return text;
  }

 private:
  const std::string& pick(const std::vector<std::string>& v) { return v[rng_() % v.size()]; }
  // Sometimes another case: Graph's case rules (the filter's) must decide, not the index.
  std::string recase(std::string v) {
    if (rng_() % 4 == 0) v = asciiLowercase(v);
    if (rng_() % 8 == 0)
      for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return v;
  }
  std::string time() {
    const Ticks t = s_.times[rng_() % s_.times.size()];
    return std::string(rng_() % 2 ? "activityDateTime ge " : "activityDateTime le ") +
           formatIsoTime(t);
  }
  std::string indexed() {
    if (intune_) {
      switch (rng_() % 6) {
        case 0:
          return "correlationId eq " + quote(recase(pick(s_.correlationIds)));
        case 1:
          return "actor/userPrincipalName eq " + quote(recase(pick(s_.upns)));
        case 2:
          return "actor/userId eq " + quote(pick(s_.userIds));
        case 3:
          return "actor/applicationId eq " + quote(recase(pick(s_.appIds)));
        case 4:
          return "resources/any(r: r/resourceId eq " + quote(recase(pick(s_.targetIds))) + ")";
        default:
          return "activityType eq " + quote(pick(s_.activities));
      }
    }
    switch (rng_() % 8) {
      case 0:
        return "correlationId eq " + quote(recase(pick(s_.correlationIds)));
      case 1:
        return "initiatedBy/user/userPrincipalName eq " + quote(recase(pick(s_.upns)));
      case 2:
        return "initiatedBy/user/id eq " + quote(recase(pick(s_.userIds)));
      case 3:
        return s_.appIds.empty() ? time() : "initiatedBy/app/appId eq " + quote(pick(s_.appIds));
      case 4:
        return "targetResources/any(t: t/id eq " + quote(recase(pick(s_.targetIds))) + ")";
      case 5:
        return "targetResources/any(t: t/type eq 'User' and t/id eq " + quote(pick(s_.targetIds)) +
               ")";
      case 6:
        return "loggedByService eq " + quote(pick(s_.services));
      default:
        return "activityDisplayName eq " + quote(pick(s_.activities));
    }
  }
  std::string clause() {
    const int kind = static_cast<int>(rng_() % 10);
    if (kind < 6) return indexed();
    if (kind < 8) return time();
    if (intune_ && kind == 8) return "not (" + indexed() + ")";
    if (intune_) return "componentName eq " + quote(pick(s_.components));
    return kind == 8 ? "category eq " + quote(pick(s_.categories)) : "result eq 'failure'";
  }

  const Samples& s_;
  bool intune_;
  std::mt19937_64 rng_;
};

std::string describePage(const PageResult& r) {
  std::string out = std::to_string(r.events.size()) + " events";
  if (r.next) out += ", next at " + std::to_string(r.next->eventKey);
  if (r.totalCount) out += ", count " + std::to_string(*r.totalCount);
  return out;
}

// Walks every page of one query with and without indexes; returns whether the index was used.
bool expectSameWalk(const QueryEngine& engine, PageQuery query, const std::string& text) {
  bool used = false;
  for (int page = 0; page < 25; ++page) {  // enough to cross many pages, bounded in time
    PageQuery scan = query;
    scan.useIndexes = false;
    const PageResult indexed = engine.page(query), scanned = engine.page(scan);
    used = used || indexed.usedIndex;
    EXPECT_FALSE(scanned.usedIndex);
    bool same = indexed.events.size() == scanned.events.size() &&
                indexed.next.has_value() == scanned.next.has_value() &&
                indexed.totalCount == scanned.totalCount;
    for (size_t i = 0; same && i < indexed.events.size(); ++i)
      same = indexed.events[i].key == scanned.events[i].key &&
             indexed.events[i].time == scanned.events[i].time;
    if (same && indexed.next)
      same = indexed.next->eventKey == scanned.next->eventKey &&
             indexed.next->activityTicks == scanned.next->activityTicks;
    if (!same) {
      ADD_FAILURE() << text << " (page " << page << ", top " << query.pageSize << "): indexed "
                    << describePage(indexed) << ", scanned " << describePage(scanned);
      return used;
    }
    if (!indexed.next) return used;
    query.start = indexed.next;
  }
  return used;
}

void compareRandomFilters(Source source, uint64_t seed, int64_t users, double days) {
  Simulation simulation(testing::smallScenario(users, days));
  const std::vector<Event> events = simulation.generateWindow(2);
  EventStore store(events, simulation, 2);
  QueryEngine engine(simulation, store);
  const Samples samples = collectSamples(simulation, events, source);
  ASSERT_FALSE(samples.correlationIds.empty());
  const bool intune = source == Source::Intune;
  const odata::EndpointCapabilities caps = odata::EndpointCapabilities::forEndpoint(
      intune ? Endpoint::AuditEvents : Endpoint::DirectoryAudits);
  FilterMaker maker(samples, intune, seed);
  std::mt19937_64 rng(seed);
  const Ticks now = simulation.scenario().windowEnd;
  int usedIndex = 0, filters = 0;
  for (int round = 0; round < 100; ++round) {
    const std::string text = maker.make();
    odata::FilterOptions options;
    options.caseInsensitiveStrings = rng() % 4 == 0;
    Result<odata::CompiledFilter> filter = odata::CompiledFilter::compile(text, caps, options);
    ASSERT_TRUE(filter.ok()) << text << ": " << filter.error().message;
    PageQuery query;
    query.source = source;
    query.filter = &filter.value();
    query.direction = rng() % 2 ? SortDirection::Ascending : SortDirection::Descending;
    const size_t tops[] = {1, 3, 10, 100, 1000};
    query.pageSize = tops[rng() % 5];
    query.countTotal = rng() % 3 == 0;
    query.now = now - static_cast<Ticks>(rng() % 3) * kTicksPerHour;
    query.retentionFloor = retentionFloor(simulation.scenario(), source, query.now);
    usedIndex += expectSameWalk(engine, query, text);
    ++filters;
  }
  std::printf("%d of %d filters answered from the index\n", usedIndex, filters);
  EXPECT_GT(usedIndex, filters / 4);
}

TEST(IndexVsScan, DirectoryAuditPagesTokensAndCountsAreIdentical) {
  compareRandomFilters(Source::Entra, 1, 200, 4);
}

TEST(IndexVsScan, DirectoryAuditsOfAnotherStoreToo) {
  compareRandomFilters(Source::Entra, 2, 80, 9);
}

TEST(IndexVsScan, IntuneAuditEventPagesTokensAndCountsAreIdentical) {
  compareRandomFilters(Source::Intune, 3, 200, 4);
}

TEST(IndexVsScan, SelectiveFiltersUseTheIndex) {
  Simulation simulation(testing::smallScenario(300, 5));
  const std::vector<Event> events = simulation.generateWindow(2);
  EventStore store(events, simulation);
  QueryEngine engine(simulation, store);
  const Samples samples = collectSamples(simulation, events, Source::Entra);
  const odata::EndpointCapabilities caps =
      odata::EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits);
  for (const std::string& text :
       {"correlationId eq " + quote(samples.correlationIds[0]),
        "targetResources/any(t: t/id eq " + quote(samples.targetIds[0]) + ")",
        std::string("loggedByService eq 'PIM'"),
        "correlationId eq " + quote(samples.correlationIds[0]) + " or correlationId eq " +
            quote(samples.correlationIds[1]),
        "(correlationId eq " + quote(samples.correlationIds[0]) + " or loggedByService eq 'PIM')" +
            " and activityDateTime ge " + formatIsoTime(samples.times[0])}) {
    Result<odata::CompiledFilter> filter = odata::CompiledFilter::compile(text, caps);
    ASSERT_TRUE(filter.ok());
    PageQuery query;
    query.filter = &filter.value();
    query.now = simulation.scenario().windowEnd;
    query.retentionFloor = retentionFloor(simulation.scenario(), Source::Entra, query.now);
    const PageResult result = engine.page(query);
    EXPECT_TRUE(result.usedIndex) << text;
    EXPECT_FALSE(result.events.empty()) << text;
    expectSameWalk(engine, query, text);
  }
}

TEST(IndexVsScan, OrWithAnUnindexedDisjunctScans) {
  Simulation simulation(testing::smallScenario(100, 3));
  EventStore store(simulation.generateWindow(), simulation);
  QueryEngine engine(simulation, store);
  const Samples samples = collectSamples(simulation, simulation.generateWindow(), Source::Entra);
  const odata::EndpointCapabilities caps =
      odata::EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits);
  const std::string text =
      "correlationId eq " + quote(samples.correlationIds[0]) + " or result eq 'failure'";
  Result<odata::CompiledFilter> filter = odata::CompiledFilter::compile(text, caps);
  ASSERT_TRUE(filter.ok());
  PageQuery query;
  query.filter = &filter.value();
  query.now = simulation.scenario().windowEnd;
  query.retentionFloor = retentionFloor(simulation.scenario(), Source::Entra, query.now);
  EXPECT_FALSE(engine.page(query).usedIndex);
  expectSameWalk(engine, query, text);
}

// The filter reads a candidate's correlation id, initiator and target ids from partial
// descriptions (a principal name kept for the next event of the same user) and describes it only
// for other fields: in store order, so consecutive events share or change actors, random filters
// mixing those terms with describe-only ones decide every event as on its whole description.
TEST(IndexVsScan, PartialDescriptionsDecideAsTheWholeDescription) {
  Simulation simulation(testing::smallScenario(60, 2));
  const std::vector<Event> events = simulation.generateWindow(2);
  for (Source source : {Source::Entra, Source::Intune}) {
    const Samples samples = collectSamples(simulation, events, source);
    const bool intune = source == Source::Intune;
    const odata::EndpointCapabilities caps = odata::EndpointCapabilities::forEndpoint(
        intune ? Endpoint::AuditEvents : Endpoint::DirectoryAudits);
    FilterMaker maker(samples, intune, 11);
    std::mt19937_64 rng(5);
    EventFieldSource partial(simulation), whole(simulation);
    int matched = 0;
    for (int round = 0; round < 40; ++round) {
      std::string text = maker.make();
      // Terms the partial descriptions do not answer (a principal name's prefix reads the kept
      // one), before or after the others.
      const std::string described[] = {
          intune ? "startswith(actor/userPrincipalName, 'a')"
                 : "startswith(initiatedBy/user/userPrincipalName, 'a')",
          intune ? "resources/any(r: r/type eq 'User')"
                 : "targetResources/any(t: t/type eq 'User')",
          intune ? "actor/auditActorType eq 'ItPro'" : "initiatedBy/app/displayName eq 'x'",
          "id eq 'x'"};
      const std::string& term = described[rng() % 4];
      const std::string joint = rng() % 2 ? " and " : " or ";
      if (rng() % 3 == 0)
        text = term + joint + "(" + text + ")";
      else if (rng() % 2 == 0)
        text = "(" + text + ")" + joint + term;
      odata::FilterOptions options;
      options.caseInsensitiveStrings = rng() % 2 == 0;
      Result<odata::CompiledFilter> filter = odata::CompiledFilter::compile(text, caps, options);
      ASSERT_TRUE(filter.ok()) << text << ": " << filter.error().message;
      for (const Event& e : events) {
        if (Catalog::instance().at(e.activity).source != source) continue;
        partial.reset(e);
        whole.reset(e);
        whole.string(odata::Field::Id);  // describes e: every later answer is the description's
        const bool expected = filter->matches(whole);
        ASSERT_EQ(filter->matches(partial), expected) << text << ", event " << e.key;
        matched += expected;
      }
    }
    EXPECT_GT(matched, 0);
  }
}

}  // namespace
}  // namespace tenantsim::mock
