#include "simulator/simulation/world/world.h"

#include <algorithm>
#include <chrono>

#include "simulator/simulation/risk_detection_cache.h"
#include "simulator/simulation/world/live_feeder.h"

namespace tenantsim {

ScenarioWorld buildScenarioWorld(Scenario scenario, const ServerClock* previous, unsigned threads) {
  bool live = scenario.live.has_value();
  // The simulation is the one a fresh start of this file builds (same live horizon), so a reload
  // of an unchanged file serves the same events.
  auto simulation =
      std::make_shared<const Simulation>(live ? liveScenario(scenario) : std::move(scenario));
  const Scenario& s = simulation->scenario();
  threads = std::max(1u, threads);
  // A live reload continues where the running clock stands: history up to it, the feeder on from
  // it. The clock starts now, before generating, so it runs on while the store fills exactly as
  // the previous one does, and the two agree when the new world is swapped in.
  // With live.epoch the clock is a function of the wall clock alone, so every replica (and every
  // reload) reads the same instant: history up to it, the feeder on from it.
  std::optional<Ticks> epoch = live ? s.live->epoch : std::nullopt;
  Ticks start = live && previous && previous->isLive() && !epoch ? previous->now()
                : live                                           ? liveStartOf(s)
                                                                 : s.windowEnd;
  ServerClock clock = epoch  ? ServerClock::liveSince(start, s.live->speed, *epoch)
                      : live ? ServerClock::live(start, s.live->speed)
                             : ServerClock::history(start);
  if (epoch) start = clock.now();
  if (previous && previous->pinned()) clock.set(previous->now());
  auto started = std::chrono::steady_clock::now();
  auto store =
      std::make_shared<EventStore>(live ? simulation->generate(s.windowStart(), start, threads)
                                        : simulation->generateWindow(threads),
                                   *simulation, threads);
  ScenarioWorld world{simulation, std::move(store), std::move(clock), std::nullopt, 0,
                      nullptr,    nullptr,          nullptr,          nullptr};
  world.generationSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (live) world.feedFrom = start;
  attachSignIns(world, live ? start : s.windowEnd, threads);
  world.generationSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return world;
}

void attachSignIns(ScenarioWorld& world, Ticks upTo, unsigned threads) {
  if (world.signIns) return;
  auto log = std::make_shared<const SignInLog>(*world.simulation);
  const Ticks from = world.simulation->scenario().windowStart();
  world.signIns = buildSignInStore(*log, from, upTo, threads);
  auto risks = std::make_shared<const RiskLog>(*log);
  // The detections the risk remediation workload read to write the audit rows, not computed again.
  world.risks = buildRiskStore(*risks, world.simulation->riskDetections().generate(from, upTo));
  world.signInLog = std::move(log);
  world.riskLog = std::move(risks);
}

ScenarioWorld borrowScenarioWorld(const Simulation& simulation, EventStore& store,
                                  ServerClock clock) {
  // Non-owning pointers: the caller keeps both alive for the server's lifetime.
  return ScenarioWorld{std::shared_ptr<const Simulation>(&simulation, [](const Simulation*) {}),
                       std::shared_ptr<EventStore>(&store, [](EventStore*) {}),
                       std::move(clock),
                       std::nullopt,
                       0,
                       nullptr,
                       nullptr,
                       nullptr,
                       nullptr};
}

}  // namespace tenantsim
