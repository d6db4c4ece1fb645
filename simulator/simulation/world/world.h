// A scenario made servable: its Simulation, the store of events generated up to the clock, and
// the clock (plus, in live mode, where a feeder takes over). The server builds one per scenario
// it serves (and one per reload); benchmarks and tests borrow their own.
#pragma once

#include <memory>
#include <optional>

#include "simulator/simulation/risk_index.h"
#include "simulator/simulation/risk_log.h"
#include "simulator/simulation/signin_index.h"
#include "simulator/simulation/signin_log.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/store.h"
#include "simulator/simulation/world/clock.h"

namespace tenantsim {

struct ScenarioWorld {
  std::shared_ptr<const Simulation> simulation;
  std::shared_ptr<EventStore> store;
  ServerClock clock = ServerClock::history(0);
  // Live mode: events before this instant are in the store; a feeder appends from here on.
  // nullopt: no feeder (history mode, or the caller runs its own).
  std::optional<Ticks> feedFrom;
  double generationSeconds = 0;
  // The sign-in log and its store (auditLogs/signIns), holding the sign-ins up to where the
  // events are; null until attachSignIns.
  std::shared_ptr<const SignInLog> signInLog;
  std::shared_ptr<SignInStore> signIns;
  // Identity Protection's risk detections raised by those sign-ins (identityProtection/
  // riskDetections), detected up to the same instant; built with the sign-ins. Declared after
  // them: the risk log reads the sign-in log.
  std::shared_ptr<const RiskLog> riskLog;
  std::shared_ptr<RiskStore> risks;
};

// Builds the world's sign-in log and store when it has none: the sign-ins of [window start,
// upTo) (empty when the scenario has no signIns workload), and the risk detections detected in
// the same range.
void attachSignIns(ScenarioWorld& world, Ticks upTo, unsigned threads);

// Builds the world for a scenario, generating its events on `threads` threads.
//
// The clock: history mode stands at the window end, live mode runs from live.start (default the
// window end) at live.speed. When `previous` is the clock of the world being replaced (a reload),
// the clock carries over instead (unless live.epoch is set: then the clock is start + (wall now -
// epoch) x speed in every replica and after every reload): a live scenario continues from
// previous->now() (no jump back or forward; only the speed is the new scenario's), and a clock
// pinned through the admin surface stays pinned at its instant in either mode.
ScenarioWorld buildScenarioWorld(Scenario scenario, const ServerClock* previous, unsigned threads);

// A world borrowed from the caller (tests, benchmarks): simulation and store must outlive the
// server, and no feeder is started.
ScenarioWorld borrowScenarioWorld(const Simulation& simulation, EventStore& store,
                                  ServerClock clock);

}  // namespace tenantsim
