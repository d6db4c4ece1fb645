// A workload produces one kind of tenant activity as processes (multi-step lifecycles whose
// events share a correlation id), and describes its own events when they are rendered.
#pragma once

#include <memory>
#include <vector>

#include "base/rng.h"
#include "simulator/scenario/scenario.h"
#include "simulator/simulation/catalog.h"
#include "simulator/simulation/event.h"
#include "simulator/simulation/tenant.h"

namespace tenantsim {

struct SimulationContext {
  const Scenario& scenario;
  const Tenant& tenant;
  const Catalog& catalog;
  // Whether events become visible after Graph's ingest delay (the scenario's server.ingestDelay
  // is "graph"), decided once when the simulation is built.
  bool ingestDelay = true;
};

class Workload {
 public:
  explicit Workload(const SimulationContext& ctx) : ctx_(ctx) {}
  virtual ~Workload() = default;
  virtual WorkloadKind kind() const = 0;
  // Appends every event whose activity time lies in [from, to), in any order. A pure function of
  // the scenario: generating [a, c) gives the union of generating [a, b) and [b, c).
  virtual void generate(Ticks from, Ticks to, std::vector<Event>& out) const = 0;
  // Fills the workload's parts of d (targets, details, reason, initiator) for one of its events.
  // The common parts (id, correlation id, initiator identity) are already set.
  virtual void describe(const Event& e, EventDetails& d) const = 0;
  // At least the target ids of describe() (the event store indexes them; the rest of d may be
  // left unset). The default describes everything; high-volume workloads do less.
  virtual void describeTargetIds(const Event& e, EventDetails& d) const { describe(e, d); }
  // Whether describeTargetIds reads nothing of d but its activity (not the correlation id, not
  // the initiator): a filter on target ids then computes only them (one GUID per candidate, not
  // three). Workloads that override describeTargetIds with the targets alone say so.
  virtual bool targetIdsStandAlone() const { return false; }

 protected:
  // A new event with its visible delay drawn from the documented ingest latencies.
  Event makeEvent(Ticks time, uint64_t process, uint8_t step, ActivityId activity, uint32_t actor,
                  uint32_t subject = 0, uint32_t param = 0, uint8_t flags = 0) const;
  uint64_t seed() const { return ctx_.scenario.seed; }
  const Tenant& tenant() const { return ctx_.tenant; }
  const Catalog& catalog() const { return ctx_.catalog; }

  const SimulationContext& ctx_;
};

// Ingest delay in milliseconds: log-normal with Entra's documented P95 of 2 minutes and P99 of
// 5 minutes (median 13 s), a pure function of (seed, event key).
uint32_t drawIngestDelayMs(uint64_t seed, uint64_t eventKey);

// Hour-of-week volume shape for human activity (working hours, quieter nights and weekends),
// normalized so the mean over a week is 1.
double activityShape(const BackgroundConfig& config, Ticks hourStart);

std::unique_ptr<Workload> makeBackgroundWorkload(const SimulationContext& ctx);
std::unique_ptr<Workload> makePimWorkload(const SimulationContext& ctx);
std::unique_ptr<Workload> makeConditionalAccessWorkload(const SimulationContext& ctx);
std::unique_ptr<Workload> makeCloudPkiWorkload(const SimulationContext& ctx);
std::unique_ptr<Workload> makeCatalogTourWorkload(const SimulationContext& ctx);
// The audit side of compromisedServicePrincipal storylines (workloads/app_credentials.cc).
std::unique_ptr<Workload> makeAppCredentialsWorkload(const SimulationContext& ctx);
// The audit rows of Identity Protection's user-risk remediations (workloads/risk_remediation.cc),
// read from the risk log of `sim` (built on first use: the simulation must be complete by then).
class Simulation;
std::unique_ptr<Workload> makeRiskRemediationWorkload(const SimulationContext& ctx,
                                                      const Simulation& sim);

}  // namespace tenantsim

namespace tenantsim {
// Describes any catalog activity from its catalog row alone: targets by the activity's target
// type, typical modified properties. Used by background activity and the catalog tour.
void describeGenericEvent(const SimulationContext& ctx, const Event& e, EventDetails& d);
// The target ids describeGenericEvent gives (types and ids only).
void describeGenericTargetIds(const SimulationContext& ctx, const Event& e, EventDetails& d);
}  // namespace tenantsim
