// The catalog tour (simulator/simulation/workloads/catalog_tour.cc): one event for every catalog
// activity, spread evenly over the window in catalog order.
#include <map>
#include <set>
#include <vector>

#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using testing::shippedScenario;

// catalog-tour.json with the tour alone.
Scenario tourOnly() {
  Scenario s = shippedScenario("catalog-tour.json");
  s.workloads.background.reset();
  s.workloads.pim.reset();
  s.workloads.conditionalAccess.reset();
  s.workloads.cloudPki.reset();
  s.workloads.signIns.reset();  // its risk remediations are audit rows too
  s.storylines.clear();
  EXPECT_TRUE(s.workloads.catalogTour);
  return s;
}

TEST(CatalogTourWorkload, TheShippedScenarioContainsEveryCatalogActivity) {
  Simulation sim(shippedScenario("catalog-tour.json"));
  std::set<ActivityId> seen;
  for (const Event& e : sim.generateWindow()) seen.insert(e.activity);
  for (const Activity& a : Catalog::instance().all())
    EXPECT_TRUE(seen.count(a.id)) << a.service << " / " << a.category << " / " << a.name;
}

TEST(CatalogTourWorkload, EmitsEachActivityExactlyOnce) {
  Simulation sim(tourOnly());
  std::map<ActivityId, int> counts;
  std::vector<Event> events = sim.generateWindow();
  for (const Event& e : events) {
    EXPECT_EQ(e.workload(), WorkloadKind::CatalogTour);
    ++counts[e.activity];
  }
  EXPECT_EQ(events.size(), sim.catalog().all().size());
  for (const auto& [id, n] : counts) EXPECT_EQ(n, 1) << sim.catalog().at(id).name;
}

TEST(CatalogTourWorkload, EventsAreEvenlySpacedInCatalogOrder) {
  Scenario s = tourOnly();
  Simulation sim(s);
  std::vector<Event> events = sim.generateWindow();  // sorted by time
  ASSERT_EQ(events.size(), sim.catalog().all().size());
  const double gap = static_cast<double>(s.windowEnd - s.windowStart()) / events.size();
  EXPECT_NEAR(static_cast<double>(events.front().time - s.windowStart()), gap / 2, 1);
  EXPECT_NEAR(static_cast<double>(s.windowEnd - events.back().time), gap / 2, 1);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].activity, i);
    if (i) {
      EXPECT_NEAR(static_cast<double>(events[i].time - events[i - 1].time), gap, 1) << i;
    }
  }
}

TEST(CatalogTourWorkload, ActorsAreAdminsAndSubjectsAreUsers) {
  Simulation sim(tourOnly());
  std::set<uint32_t> subjects;
  for (const Event& e : sim.generateWindow()) {
    EXPECT_LT(e.actor, static_cast<uint64_t>(sim.tenant().adminCount()));
    EXPECT_LT(e.subject, static_cast<uint64_t>(sim.tenant().userCount()));
    EXPECT_FALSE(e.flags & kActorIsApp);
    subjects.insert(e.subject);
  }
  EXPECT_GT(subjects.size(), 10u);  // drawn, not always the same user
}

TEST(CatalogTourWorkload, EventsOfARangeAreThoseOfTheWindowInIt) {
  Scenario s = tourOnly();
  Simulation sim(s);
  Ticks from = s.windowStart() + kTicksPerDay, to = from + kTicksPerDay;
  std::vector<Event> part = sim.generate(from, to);
  std::vector<Event> expected;
  for (const Event& e : sim.generateWindow())
    if (e.time >= from && e.time < to) expected.push_back(e);
  ASSERT_FALSE(part.empty());
  ASSERT_EQ(part.size(), expected.size());
  for (size_t i = 0; i < part.size(); ++i) {
    EXPECT_EQ(part[i].key, expected[i].key);
    EXPECT_EQ(part[i].subject, expected[i].subject);
    EXPECT_EQ(part[i].param, expected[i].param);
  }
}

TEST(CatalogTourWorkload, AnotherSeedDrawsOtherSubjectsAtTheSameTimes) {
  Scenario s = tourOnly();
  Simulation a(s);
  s.seed += 1;
  Simulation b(s);
  std::vector<Event> first = a.generateWindow(), second = b.generateWindow();
  ASSERT_EQ(first.size(), second.size());
  size_t sameSubject = 0;
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].time, second[i].time);
    EXPECT_EQ(first[i].activity, second[i].activity);
    sameSubject += first[i].subject == second[i].subject;
  }
  EXPECT_LT(sameSubject, first.size() / 4);
}

}  // namespace
}  // namespace tenantsim
