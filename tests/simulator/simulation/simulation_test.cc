// The simulation as a whole: determinism, sharding, volume, coverage of the catalog.
#include <set>

#include "simulator/simulation/store.h"
#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using testing::renderNdjsonText;
using testing::shippedScenario;
using testing::smallScenario;

TEST(Simulation, SameScenarioAndSeedGiveByteIdenticalEvents) {
  Simulation a(smallScenario()), b(smallScenario());
  std::string first = renderNdjsonText(a, a.generateWindow());
  std::string second = renderNdjsonText(b, b.generateWindow());
  EXPECT_GT(first.size(), 100'000u);
  EXPECT_EQ(first, second);
}

TEST(Simulation, AnotherSeedGivesOtherEvents) {
  Scenario s = smallScenario();
  Simulation a(s);
  s.seed += 1;
  Simulation b(s);
  EXPECT_NE(renderNdjsonText(a, a.generateWindow()), renderNdjsonText(b, b.generateWindow()));
}

TEST(Simulation, UnionOfFourShardsEqualsTheUnshardedOutput) {
  Scenario s = smallScenario();
  s.storylines = shippedScenario("quickstart.json").storylines;
  s.windowDays = 30;
  Simulation sim(s);
  std::vector<Event> whole = sim.generateWindow();
  std::vector<Event> joined;
  for (int i = 0; i < 4; ++i) {
    auto [from, to] = shardRange(sim.scenario(), i, 4);
    std::vector<Event> part = sim.generate(from, to);
    joined.insert(joined.end(), part.begin(), part.end());
  }
  EXPECT_EQ(renderNdjsonText(sim, joined), renderNdjsonText(sim, whole));
}

TEST(Simulation, ThreadCountDoesNotChangeTheEvents) {
  Simulation sim(smallScenario());
  EXPECT_EQ(renderNdjsonText(sim, sim.generateWindow(1)),
            renderNdjsonText(sim, sim.generateWindow(7)));
}

TEST(Simulation, EventsAreSortedAndKeysUnique) {
  Simulation sim(smallScenario(500, 7));
  std::vector<Event> events = sim.generateWindow();
  std::set<uint64_t> keys;
  for (size_t i = 0; i < events.size(); ++i) {
    if (i) {
      EXPECT_FALSE(events[i] < events[i - 1]);
    }
    EXPECT_TRUE(keys.insert(events[i].key).second) << "duplicate key " << events[i].key;
    EXPECT_GE(events[i].visibleAt(), events[i].time);
  }
}

TEST(Simulation, QuickstartVolumeIsWithin15PercentOfUsersTimes15TimesDays) {
  Simulation sim(shippedScenario("quickstart.json"));
  double expected = 1000.0 * 15 * 30;
  double n = static_cast<double>(sim.generateWindow(2).size());
  EXPECT_NEAR(n, expected, expected * 0.15);
}

TEST(Simulation, Enterprise100kDayIsAboutOnePointFiveMillionEvents) {
  Simulation sim(shippedScenario("enterprise-100k.json"));
  double n = static_cast<double>(sim.generateWindow(2).size());
  EXPECT_NEAR(n, 1.5e6, 1.5e6 * 0.15);
}

TEST(Simulation, StoreKeepsEventsWithinSixtyFourBytesEach) {
  Simulation sim(smallScenario());
  std::vector<Event> events = sim.generateWindow();
  EventStore store(events);
  EXPECT_EQ(store.size(Source::Entra) + store.size(Source::Intune), events.size());
  EXPECT_LE(sizeof(Event), 64u);
}

}  // namespace
}  // namespace tenantsim
