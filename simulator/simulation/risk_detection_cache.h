// Identity Protection's detections of one simulation, computed once and shared: the risk
// remediation workload (its audit rows follow the riskyUsers / riskyServicePrincipals histories)
// and the server's risk store and live feeder read the same detections instead of each deriving
// them from the sign-in log (docs/identity-protection.md#one-computation). The detections are
// generated from the window's start and extended as later ranges are asked for (RiskLog's
// ranges compose), so a range costs only what no one asked for before.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "simulator/simulation/risk_log.h"

namespace tenantsim {

class Simulation;

class RiskDetectionCache {
 public:
  // sim must outlive the cache; nothing is computed before the first call.
  explicit RiskDetectionCache(const Simulation& sim);
  ~RiskDetectionCache();
  RiskDetectionCache(const RiskDetectionCache&) = delete;
  RiskDetectionCache& operator=(const RiskDetectionCache&) = delete;

  // RiskLog::generate / generateServicePrincipals of [from, to) (clamped to the window), sorted:
  // the same detections, each computed once. Thread-safe.
  std::vector<RiskDetection> generate(Ticks from, Ticks to) const;
  std::vector<RiskDetection> generateServicePrincipals(Ticks from, Ticks to) const;
  // The sign-in log the detections come from (its servicePrincipals() name them).
  const SignInLog& signIns() const;

 private:
  struct Detected {
    std::vector<RiskDetection> detections;  // every detection detected before upTo, sorted
    Ticks upTo = 0;
  };
  std::vector<RiskDetection> slice(Detected& d, bool servicePrincipals, Ticks from, Ticks to) const;
  void open() const;  // builds the logs (under mutex_)

  const Simulation& sim_;
  mutable std::mutex mutex_;
  mutable std::unique_ptr<SignInLog> signIns_;
  mutable std::unique_ptr<RiskLog> risks_;
  mutable Detected users_, servicePrincipals_;
};

}  // namespace tenantsim
