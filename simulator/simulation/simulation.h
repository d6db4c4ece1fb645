// A simulation: the tenant and its workloads for one scenario. Produces the events of any time
// range, sorted, and describes any event in full.
#pragma once

#include <memory>
#include <vector>

#include "simulator/scenario/scenario.h"
#include "simulator/simulation/conditional_access_history.h"
#include "simulator/simulation/event.h"
#include "simulator/simulation/tenant.h"
#include "simulator/simulation/workload.h"

namespace tenantsim {

class RiskDetectionCache;

class Simulation {
 public:
  explicit Simulation(Scenario scenario);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  const Scenario& scenario() const { return scenario_; }
  const Tenant& tenant() const { return tenant_; }
  const Catalog& catalog() const { return catalog_; }

  // Every event whose activity time lies in [from, to), sorted by (time, key). Uses up to
  // `threads` threads; the result does not depend on it.
  std::vector<Event> generate(Ticks from, Ticks to, unsigned threads = 1) const;
  std::vector<Event> generateWindow(unsigned threads = 1) const {
    return generate(scenario_.windowStart(), scenario_.windowEnd, threads);
  }

  // Fills d with the full content of e (reusing d's buffers).
  void describe(const Event& e, EventDetails& d) const;
  // Fills only what the event store indexes (event_index.h), as describe() would: the correlation
  // id, the initiator's user id (and principal name when withPrincipalName) or app id, and the
  // target ids. Several times cheaper than describe().
  void describeIndexed(const Event& e, EventDetails& d, bool withPrincipalName) const;
  // The same in parts, for a filter that reads only some of them (mockserver's EventFieldSource):
  // adds `parts` (IndexedPart flags) to d, which d.reset(e, its activity) prepared, or an earlier
  // call for the same event, and returns the parts it filled: target ids bring the correlation id
  // and the initiator with them when the event's workload may read them (describeIndexed fills
  // them in that order), not when its target ids stand alone (Workload::targetIdsStandAlone).
  enum IndexedPart : unsigned {
    kIndexedCorrelation = 1,    // correlationId
    kIndexedInitiator = 2,      // userId, or appId (and Intune's portal appId for a user)
    kIndexedPrincipalName = 4,  // userPrincipalName of a user initiator: a function of e.actor
    kIndexedTargets = 8,        // targets[i].id, targetCount
  };
  unsigned describeIndexedParts(const Event& e, EventDetails& d, unsigned parts) const;

  // The events of one workload in [from, to), unsorted (none when the workload is off).
  void generateWorkload(WorkloadKind kind, Ticks from, Ticks to, std::vector<Event>& out) const;
  // The Conditional Access policy history, or null when the workload is off.
  const ConditionalAccessHistory* conditionalAccess() const;
  // Identity Protection's detections of this simulation's sign-in log, computed once for every
  // reader (risk_detection_cache.h): none when the sign-in log is off.
  const RiskDetectionCache& riskDetections() const { return *riskDetections_; }

 private:
  const Workload* workloadFor(WorkloadKind kind) const;

  Scenario scenario_;
  const Catalog& catalog_;
  Tenant tenant_;
  SimulationContext ctx_;
  std::vector<std::unique_ptr<Workload>> workloads_;
  std::unique_ptr<RiskDetectionCache> riskDetections_;
};

// The part [from, to) of the window that shard i of n produces: contiguous hour-aligned ranges
// whose concatenation is the whole window.
std::pair<Ticks, Ticks> shardRange(const Scenario& s, int shard, int shards);

}  // namespace tenantsim
