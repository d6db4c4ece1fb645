// Latency: an added delay per request, drawn from the scenario's LatencyConfig (none | fixed |
// uniform | lognormal), per endpoint overridable, and reproducible like faults: the delay of
// request n of an endpoint is a pure function of (scenario seed, endpoint, request sequence).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "base/rng.h"
#include "mockserver/http/pipeline.h"
#include "mockserver/stages/stage_deps.h"
#include "simulator/scenario/scenario.h"

namespace tenantsim::mock {

// No single delay is longer than this, whatever the distribution draws.
constexpr double kMaxLatencyMs = 30'000;

// One draw in milliseconds, in [0, kMaxLatencyMs]: none -> 0; fixed -> ms; uniform -> [minMs,
// maxMs]; lognormal -> median ms, shape sigma. Unknown distributions give 0.
double sampleLatencyMs(const LatencyConfig& config, Rng& rng);

// The latency settings in force for an endpoint: server.endpoints[name].latency when given, else
// server.latency; nullopt when the one chosen is "none" (so an endpoint block with "none" turns
// a global latency off there). Admin requests are never delayed.
std::optional<LatencyConfig> latencyConfigFor(const ServerConfig& config, Endpoint endpoint);

// The delay for request `sequence` of an endpoint.
std::chrono::microseconds latencyFor(const LatencyConfig& config, uint64_t seed, Endpoint endpoint,
                                     uint64_t sequence);

// The server's connection layer runs a request inside one of these: the default sleeper then
// records the delay here instead of sleeping, and the answer is written that much later by an
// event-loop timer, so a delayed request does not hold a worker. One per thread at a time.
class LatencyDeferral {
 public:
  LatencyDeferral();
  ~LatencyDeferral();
  LatencyDeferral(const LatencyDeferral&) = delete;
  LatencyDeferral& operator=(const LatencyDeferral&) = delete;
  std::chrono::microseconds delay() const { return delay_; }
  // The deferral alive on this thread, or nullptr.
  static LatencyDeferral* current();
  void add(std::chrono::microseconds delay) { delay_ += delay; }

 private:
  std::chrono::microseconds delay_{0};
  LatencyDeferral* previous_;
};

// The latency settings of every endpoint (latencyConfigFor), indexed by Endpoint.
struct LatencyStageConfig {
  PerEndpoint<LatencyConfig> endpoints;

  static LatencyStageConfig fromScenario(const Scenario& scenario) {
    return {PerEndpoint<LatencyConfig>::from(
        [&](Endpoint e) { return latencyConfigFor(scenario.server, e); })};
  }
};

// Returns the stage, or nullptr when no endpoint has a latency configured. Waits with deps.sleep
// when given; else it adds the delay to the LatencyDeferral alive on the handler thread, or sleeps
// (draws seeded by deps.seed).
std::unique_ptr<Stage> makeLatencyStage(const LatencyStageConfig& config, const StageDeps& deps);

}  // namespace tenantsim::mock
