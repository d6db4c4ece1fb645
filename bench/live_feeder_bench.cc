// How fast the live feeder turns simulated time into stored events, against what a live scenario
// needs (users x events per user per day / 86,400 x speed). Drives the feeder with a pinned clock
// stepping like a 100 ms tick at the scenario's speed, as fast as the machine allows.
//
//   live_feeder_bench [scenario.json] [users override] [simulated minutes] [live start, ISO time]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>

#include "simulator/simulation/world/live_feeder.h"

using namespace tenantsim;

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "scenarios/load-live.json";
  auto loaded = loadScenarioFile(path);
  if (!loaded) {
    const std::vector<ScenarioError>& errors = loaded.error();
    std::fprintf(stderr, "%s: %s\n", path.c_str(), errors.front().toString().c_str());
    return 1;
  }
  Scenario scenario = *loaded;
  if (argc > 2) scenario.tenant.users = std::atoll(argv[2]);
  double minutes = argc > 3 ? std::atof(argv[3]) : 10;
  if (!scenario.live) scenario.live = LiveConfig{};
  if (argc > 4)
    scenario.windowEnd = parseIsoTime(argv[4]).value_or(scenario.windowEnd);  // live from there
  double speed = scenario.live->speed;

  auto t0 = std::chrono::steady_clock::now();
  Simulation sim(liveScenario(scenario));
  double buildSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  Ticks start = liveStartOf(sim.scenario());
  ServerClock clock = ServerClock::live(start, speed);
  EventStore store;
  LiveFeeder feeder(sim, store, clock, start);
  Ticks step = static_cast<Ticks>(0.1 * speed * kTicksPerSecond);  // one 100 ms tick
  Ticks end = start + static_cast<Ticks>(minutes * kTicksPerMinute);
  auto t1 = std::chrono::steady_clock::now();
  for (Ticks t = start + step; t <= end; t += step) {
    clock.set(t);
    feeder.advance();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  double simulatedSeconds = minutes * 60;
  double events = static_cast<double>(feeder.eventsAppended());
  double needed = events / simulatedSeconds * speed;  // events per real second at this speed
  double background =
      static_cast<double>(scenario.tenant.users) *
      (scenario.workloads.background ? scenario.workloads.background->eventsPerUserPerDay : 0) /
      86400 * speed;
  std::printf("scenario %s: %lld users, speed %gx, tenant+simulation built in %.1f s\n",
              scenario.name.c_str(), static_cast<long long>(scenario.tenant.users), speed,
              buildSeconds);
  std::printf("fed %.0f events for %.0f simulated s in %.3f s of work: %.0f events/s capacity\n",
              events, simulatedSeconds, seconds, events / seconds);
  std::printf(
      "needed at %gx: %.0f events/s over this stretch (daily average %.0f/s); headroom %.1fx; "
      "feeder CPU at %gx: %.1f%% of a core\n",
      speed, needed, background, events / seconds / std::max(needed, 1.0), speed,
      100 * seconds / (simulatedSeconds / speed));
  return 0;
}
