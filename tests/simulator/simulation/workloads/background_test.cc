// The background workload (simulator/simulation/workloads/background.cc): every weighted catalog
// activity at the scenario's per-user daily volume, shaped by hour and weekday, with bursts.
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using testing::smallScenario;

// Only the background workload, without bursts: no PIM, Conditional Access, Cloud PKI,
// storylines or sign-ins (whose risk remediations are audit rows too).
Scenario backgroundOnly(int64_t users, double days) {
  Scenario s = smallScenario(users, days);
  s.workloads.signIns.reset();
  s.workloads.pim.reset();
  s.workloads.conditionalAccess.reset();
  s.workloads.cloudPki.reset();
  s.workloads.catalogTour = false;
  s.workloads.background->bursts.clear();
  s.storylines.clear();
  return s;
}

size_t countIn(const std::vector<Event>& events, Ticks from, Ticks to) {
  size_t n = 0;
  for (const Event& e : events) n += e.time >= from && e.time < to;
  return n;
}

// 1970-01-01 was a Thursday: 0 is Sunday, 6 Saturday.
int weekday(Ticks t) { return static_cast<int>((t / kTicksPerDay + 4) % 7); }

TEST(BackgroundWorkload, EveryEventComesFromTheBackgroundWorkload) {
  Simulation sim(backgroundOnly(200, 2));
  std::vector<Event> events = sim.generateWindow();
  ASSERT_FALSE(events.empty());
  for (const Event& e : events) EXPECT_EQ(e.workload(), WorkloadKind::Background);
}

TEST(BackgroundWorkload, WholeWeeksAverageEventsPerUserPerDay) {
  // The hour-of-week shape has mean 1 over a week, so two whole weeks from midnight average the
  // configured rate; the Poisson noise on ~210,000 events is well under 1%.
  Scenario s = backgroundOnly(1000, 14);
  ASSERT_EQ(s.windowEnd % kTicksPerDay, 0);
  Simulation sim(s);
  double expected = 1000 * s.workloads.background->eventsPerUserPerDay * 14;
  EXPECT_NEAR(static_cast<double>(sim.generateWindow().size()), expected, expected * 0.02);
}

TEST(BackgroundWorkload, VolumeFollowsTheDayShape) {
  Simulation sim(backgroundOnly(2000, 14));
  size_t night = 0, day = 0;
  for (const Event& e : sim.generateWindow()) {
    int hour = static_cast<int>((e.time / kTicksPerHour) % 24);
    if (hour >= 1 && hour < 4) ++night;
    if (hour >= 9 && hour < 12) ++day;
  }
  EXPECT_GT(day, night * 4);
}

TEST(BackgroundWorkload, WeekendDaysCarryTheWeekendFactorOfAWeekday) {
  Scenario s = backgroundOnly(1000, 14);
  Simulation sim(s);
  double weekend = 0, weekdays = 0;
  for (const Event& e : sim.generateWindow()) {
    int d = weekday(e.time);
    (d == 0 || d == 6 ? weekend : weekdays) += 1;
  }
  // Four weekend days and ten weekdays in two weeks.
  EXPECT_NEAR((weekend / 4) / (weekdays / 10), s.workloads.background->weekendFactor, 0.03);
}

TEST(BackgroundWorkload, IntuneShareOfEventsFollowsTheConfig) {
  for (double share : {0.0, 0.5, 1.0}) {
    Scenario s = backgroundOnly(500, 7);
    s.workloads.background->intuneShare = share;
    Simulation sim(s);
    std::vector<Event> events = sim.generateWindow();
    ASSERT_GT(events.size(), 10'000u);
    double intune = 0;
    for (const Event& e : events) intune += sim.catalog().at(e.activity).source == Source::Intune;
    EXPECT_NEAR(intune / static_cast<double>(events.size()), share, 0.01) << "share " << share;
  }
}

TEST(BackgroundWorkload, OnlyActivitiesWithABackgroundWeightAppear) {
  Simulation sim(backgroundOnly(500, 7));
  for (const Event& e : sim.generateWindow()) {
    const Activity& a = sim.catalog().at(e.activity);
    ASSERT_GT(a.backgroundWeight, 0) << a.service << " / " << a.name;
    EXPECT_NE(a.service, "PIM");  // PIM and Conditional Access have their own workloads
    EXPECT_NE(a.service, "Conditional Access");
  }
}

TEST(BackgroundWorkload, TheHeaviestActivityIsTheMostFrequent) {
  Simulation sim(backgroundOnly(500, 7));
  std::map<ActivityId, size_t> counts;
  for (const Event& e : sim.generateWindow()) ++counts[e.activity];
  ActivityId heaviest = 0, mostFrequent = 0;
  for (const Activity& a : sim.catalog().all())
    if (a.backgroundWeight > sim.catalog().at(heaviest).backgroundWeight) heaviest = a.id;
  for (const auto& [id, n] : counts)
    if (n > counts[mostFrequent]) mostFrequent = id;
  EXPECT_EQ(sim.catalog().at(mostFrequent).name, sim.catalog().at(heaviest).name);
  EXPECT_EQ(sim.catalog().at(heaviest).name, "Update user");
}

TEST(BackgroundWorkload, SelfServiceActivitiesAreInitiatedByTheirSubject) {
  Simulation sim(backgroundOnly(500, 7));
  size_t selfService = 0;
  for (const Event& e : sim.generateWindow()) {
    if (sim.catalog().at(e.activity).service != "Self-service Password Management") continue;
    ++selfService;
    EXPECT_EQ(e.actor, e.subject);
    EXPECT_FALSE(e.flags & kActorIsApp);
  }
  EXPECT_GT(selfService, 0u);
}

TEST(BackgroundWorkload, InitiatorsAreAdminsOrTenantApps) {
  Simulation sim(backgroundOnly(500, 7));
  const Tenant& t = sim.tenant();
  size_t byApp = 0, entraOthers = 0;
  for (const Event& e : sim.generateWindow()) {
    const Activity& a = sim.catalog().at(e.activity);
    if (e.flags & kActorIsApp) {
      ++byApp;
      // Not the Intune portal extension or MS-PIM (applications 0 and 1).
      EXPECT_GE(e.actor, 2u);
      EXPECT_LT(e.actor, t.applications().size());
    } else if (e.actor != e.subject || a.source == Source::Intune) {
      EXPECT_LT(e.actor, static_cast<uint64_t>(t.adminCount())) << a.name;
    }
    if (a.source == Source::Entra) ++entraOthers;
  }
  EXPECT_GT(byApp, 0u);
  EXPECT_LT(byApp, entraOthers);
}

TEST(BackgroundWorkload, AboutOnePointFivePercentOfEventsFail) {
  Simulation sim(backgroundOnly(500, 7));
  std::vector<Event> events = sim.generateWindow();
  double failed = 0;
  for (const Event& e : events) failed += e.result == OperationResult::Failure;
  EXPECT_NEAR(failed / static_cast<double>(events.size()), 0.015, 0.003);
}

TEST(BackgroundWorkload, AnIntegerBurstMultipliesItsHourExactly) {
  // Each event of a burst hour is copied multiplier times inside the same hour; other hours keep
  // their count.
  Scenario plain = backgroundOnly(1000, 7);
  Ticks at = plain.windowStart() + 3 * kTicksPerDay + 10 * kTicksPerHour;
  Scenario bursty = plain;
  bursty.workloads.background->bursts.push_back({at, 60, 5});
  Simulation a(plain), b(bursty);
  std::vector<Event> without = a.generateWindow(), with = b.generateWindow();
  size_t base = countIn(without, at, at + kTicksPerHour);
  ASSERT_GT(base, 100u);
  EXPECT_EQ(countIn(with, at, at + kTicksPerHour), 5 * base);
  EXPECT_EQ(countIn(with, plain.windowStart(), at), countIn(without, plain.windowStart(), at));
  EXPECT_EQ(countIn(with, at + kTicksPerHour, plain.windowEnd),
            countIn(without, at + kTicksPerHour, plain.windowEnd));
}

TEST(BackgroundWorkload, GeneratingTwoRangesGivesTheWholeRange) {
  Scenario s = backgroundOnly(300, 2);
  Ticks mid = s.windowStart() + kTicksPerDay + 17 * kTicksPerMinute + 3;  // not hour-aligned
  s.workloads.background->bursts.push_back({mid - 10 * kTicksPerMinute, 30, 3.5});
  Simulation sim(s);
  std::vector<Event> whole = sim.generateWindow();
  std::vector<Event> joined = sim.generate(s.windowStart(), mid);
  std::vector<Event> second = sim.generate(mid, s.windowEnd);
  joined.insert(joined.end(), second.begin(), second.end());
  ASSERT_EQ(joined.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(joined[i].key, whole[i].key) << i;
    EXPECT_EQ(joined[i].time, whole[i].time) << i;
    EXPECT_EQ(joined[i].activity, whole[i].activity) << i;
  }
}

}  // namespace
}  // namespace tenantsim
