// The server clock's live epoch (issue #15): a clock given a wall-clock epoch reads
// start + (wall now - epoch) x speed, whenever its process started.
#include "simulator/simulation/world/clock.h"

#include <gtest/gtest.h>

#include <chrono>

#include "simulator/simulation/world/world.h"
#include "tests/support/scenarios.h"

namespace tenantsim {
using testing::smallScenario;
namespace {

constexpr Ticks kStart = 1'000'000 * kTicksPerSecond;

Ticks wallNow() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count() /
         100;
}

TEST(ServerClockEpoch, ReadsStartPlusTheWallTimeSinceTheEpochTimesSpeed) {
  Ticks epoch = wallNow() - kTicksPerHour;
  ServerClock clock = ServerClock::liveSince(kStart, 2, epoch);
  Ticks before = wallNow();
  Ticks now = clock.now();
  Ticks after = wallNow();
  EXPECT_GE(now, kStart + 2 * (before - epoch));
  EXPECT_LE(now, kStart + 2 * (after - epoch));
}

TEST(ServerClockEpoch, TwoClocksMadeAtDifferentMomentsAgree) {
  Ticks epoch = wallNow() - kTicksPerMinute;
  ServerClock first = ServerClock::liveSince(kStart, 60, epoch);
  ServerClock::live(kStart, 60);  // time passes between the two
  ServerClock second = ServerClock::liveSince(kStart, 60, epoch);
  Ticks a = first.now(), b = second.now(), c = first.now();
  EXPECT_LE(a, b);
  EXPECT_LE(b, c);
}

TEST(ServerClockEpoch, StandsAtTheStartBeforeTheEpoch) {
  Ticks epoch = wallNow() + kTicksPerDay;
  ServerClock clock = ServerClock::liveSince(kStart, 10, epoch);
  EXPECT_EQ(clock.now(), kStart);
  EXPECT_TRUE(clock.isLive());
  EXPECT_EQ(clock.epoch(), epoch);
}

TEST(ServerClockEpoch, AWorldWithAnEpochStoresHistoryUpToTheEpochClock) {
  Scenario scenario = smallScenario();
  scenario.live = LiveConfig{};
  scenario.live->speed = 60;
  scenario.live->epoch = wallNow() - 10 * kTicksPerSecond;  // ten minutes of simulated live time
  ScenarioWorld world = buildScenarioWorld(scenario, nullptr, 1);
  ASSERT_TRUE(world.feedFrom.has_value());
  EXPECT_GE(*world.feedFrom, scenario.windowEnd + 10 * kTicksPerMinute);
  EXPECT_LE(*world.feedFrom, world.clock.now());
  EXPECT_EQ(world.clock.epoch(), scenario.live->epoch);
}

}  // namespace
}  // namespace tenantsim
