#include "simulator/simulation/risk_detection_cache.h"

#include <algorithm>

#include "simulator/simulation/simulation.h"

namespace tenantsim {

RiskDetectionCache::RiskDetectionCache(const Simulation& sim) : sim_(sim) {}

RiskDetectionCache::~RiskDetectionCache() = default;

void RiskDetectionCache::open() const {
  if (risks_) return;
  signIns_ = std::make_unique<SignInLog>(sim_);
  risks_ = std::make_unique<RiskLog>(*signIns_);
  users_.upTo = servicePrincipals_.upTo = sim_.scenario().windowStart();
}

const SignInLog& RiskDetectionCache::signIns() const {
  std::lock_guard lock(mutex_);
  open();
  return *signIns_;
}

std::vector<RiskDetection> RiskDetectionCache::slice(Detected& d, bool servicePrincipals,
                                                     Ticks from, Ticks to) const {
  std::lock_guard lock(mutex_);
  open();
  const Scenario& sc = sim_.scenario();
  from = std::max(from, sc.windowStart());
  to = std::min(to, sc.windowEnd);
  if (from >= to) return {};
  if (to > d.upTo) {
    const std::vector<RiskDetection> fresh = servicePrincipals
                                                 ? risks_->generateServicePrincipals(d.upTo, to)
                                                 : risks_->generate(d.upTo, to);
    d.detections.insert(d.detections.end(), fresh.begin(), fresh.end());
    d.upTo = to;
  }
  auto byTime = [](const RiskDetection& r, Ticks t) { return r.time < t; };
  auto begin = std::lower_bound(d.detections.begin(), d.detections.end(), from, byTime);
  auto end = std::lower_bound(begin, d.detections.end(), to, byTime);
  return {begin, end};
}

std::vector<RiskDetection> RiskDetectionCache::generate(Ticks from, Ticks to) const {
  return slice(users_, false, from, to);
}

std::vector<RiskDetection> RiskDetectionCache::generateServicePrincipals(Ticks from,
                                                                         Ticks to) const {
  return slice(servicePrincipals_, true, from, to);
}

}  // namespace tenantsim
