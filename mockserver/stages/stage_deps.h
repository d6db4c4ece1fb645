// What every stage factory receives beside its own config block. Every stage is built the same
// way, as Dev Proxy's plugins are: make<Name>Stage(const <Name>StageConfig&, const StageDeps&),
// where the config block comes from the scenario (<Name>StageConfig::fromScenario) and the deps
// are the server's shared services. A factory returns nullptr when its config turns it off.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "mockserver/auth/authorizer.h"
#include "mockserver/http/budget_store.h"
#include "mockserver/http/metrics.h"
#include "mockserver/http/server_context.h"

namespace tenantsim::mock {

using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;
using LatencySleeper = std::function<void(std::chrono::microseconds)>;

// A setting per endpoint, absent where the endpoint does not get the behaviour (a stage's config
// block when the scenario can set it per endpoint: faults, latency).
template <typename T>
class PerEndpoint {
 public:
  // The setting of every endpoint, from settingFor(endpoint) -> std::optional<T>.
  template <typename F>
  static PerEndpoint from(F&& settingFor) {
    PerEndpoint all;
    for (Endpoint e : kAllEndpoints) all.values_[static_cast<size_t>(e)] = settingFor(e);
    return all;
  }
  const std::optional<T>& operator[](Endpoint e) const {
    return values_[static_cast<size_t>(e) % kEndpointCount];
  }
  bool any() const {
    return std::any_of(values_.begin(), values_.end(), [](const auto& v) { return v.has_value(); });
  }

 private:
  std::array<std::optional<T>, kEndpointCount> values_;
};

struct StageDeps {
  std::atomic<uint64_t>* requestSequence = nullptr;     // numbers requests (request ids stage)
  const auth::RequestAuthorizer* authorizer = nullptr;  // decides bearer tokens (auth stage)
  Metrics* metrics = nullptr;                           // may be null
  // Throttling windows shared beyond this server (serve --throttle-store); null: in memory.
  std::shared_ptr<BudgetStore> budgetStore;
  uint64_t seed = 0;  // the scenario seed (seeded draws)
  // Steady time for budget windows; tests inject a fake clock.
  SteadyNow now = [] { return std::chrono::steady_clock::now(); };
  // How an added latency is waited out; empty: the latency stage's default (latency.h). Tests
  // record.
  LatencySleeper sleep;

  static StageDeps fromContext(const ServerContext& context) {
    StageDeps deps;
    deps.requestSequence = &context.requestSequence;
    deps.authorizer = &context.authorizer;
    deps.metrics = &context.metrics;
    deps.budgetStore = context.options.budgetStore;
    deps.seed = context.scenario.seed;
    return deps;
  }
};

}  // namespace tenantsim::mock
