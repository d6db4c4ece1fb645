// Server metrics: requests by route and status, throttled requests, injected faults, items
// served and a request-duration histogram, exposed in Prometheus text format. Every record call
// is lock-free (relaxed atomics in fixed tables), so the request threads never contend on it.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "mockserver/http/pipeline.h"

namespace tenantsim::mock {

class Metrics {
 public:
  // Upper bounds (seconds) of the duration histogram's buckets; +Inf is implicit.
  static constexpr std::array<double, 12> kDurationBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

  // Called by the server once per answered request: the route, the status sent, the number of
  // items in the page (0 for errors and non-list routes) and the wall time spent on it.
  void recordResponse(Endpoint endpoint, int status, size_t items, double seconds);
  // Called by the throttling stage for each 429 it sends.
  void recordThrottled(Endpoint endpoint);
  // Called by the throttling stage for each request it let through because the shared budget
  // store did not answer (fail open).
  void recordBudgetStoreUnavailable();
  // Called by the fault stage for each fault it injects.
  void recordFault(Endpoint endpoint, int status);

  // Called by GraphServer::reload for each reload that swapped a scenario in (ok) or was refused
  // because the file failed validation.
  void recordReload(bool ok);
  // Called by each ServingState when it is built and when it is freed.
  void servingStateCreated();
  void servingStateDestroyed();

  uint64_t requests(Endpoint endpoint, int status) const;
  uint64_t reloads(bool ok) const;
  uint64_t budgetStoreUnavailable() const;
  uint64_t throttled(Endpoint endpoint) const;
  uint64_t faults(Endpoint endpoint) const;
  uint64_t itemsServed(Endpoint endpoint) const;

  // The exposition text (# HELP, # TYPE, one sample per line), for GET /_tenantsim/metrics.
  std::string prometheusText() const;

 private:
  static constexpr size_t kEndpoints = kEndpointCount;
  static constexpr int kMinStatus = 100, kMaxStatus = 599;
  static constexpr size_t kStatuses = kMaxStatus - kMinStatus + 1;

  struct PerEndpoint {
    std::array<std::atomic<uint64_t>, kStatuses> byStatus{};
    std::array<std::atomic<uint64_t>, kStatuses> faultsByStatus{};
    std::array<std::atomic<uint64_t>, kDurationBuckets.size() + 1> durationBuckets{};  // last: +Inf
    std::atomic<uint64_t> durationMicrosSum{0};
    std::atomic<uint64_t> throttled{0};
    std::atomic<uint64_t> items{0};
  };
  static size_t index(Endpoint e) { return static_cast<size_t>(e) % kEndpoints; }
  static size_t statusSlot(int status);

  std::array<PerEndpoint, kEndpoints> endpoints_{};
  std::atomic<uint64_t> reloadsOk_{0}, reloadsFailed_{0}, servingStates_{0};
  std::atomic<uint64_t> budgetStoreUnavailable_{0};
};

std::unique_ptr<Metrics> makeMetrics();

}  // namespace tenantsim::mock
