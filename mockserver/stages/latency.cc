#include "mockserver/stages/latency.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>

namespace tenantsim::mock {
namespace {

std::string formatMs(std::chrono::microseconds d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(d.count()) / 1000.0);
  return text;
}

class LatencyStage final : public Stage {
 public:
  LatencyStage(const LatencyStageConfig& config, const StageDeps& deps)
      : seed_(deps.seed), sleeper_(deps.sleep), configs_(config.endpoints) {
    if (!sleeper_) {
      sleeper_ = [](std::chrono::microseconds d) {
        if (LatencyDeferral* deferral = LatencyDeferral::current())
          deferral->add(d);
        else
          std::this_thread::sleep_for(d);
      };
    }
  }

  std::string_view name() const override { return "latency"; }

  bool handle(RequestContext& ctx) override {
    const std::optional<LatencyConfig>& config = configs_[ctx.endpoint];
    if (!config) return true;
    std::chrono::microseconds delay = latencyFor(*config, seed_, ctx.endpoint, ctx.sequence);
    if (ctx.tracing())
      ctx.note(name(), "added " + formatMs(delay) + " ms (" + config->distribution + ")");
    if (delay.count() > 0) sleeper_(delay);
    return true;
  }

 private:
  uint64_t seed_;
  LatencySleeper sleeper_;
  PerEndpoint<LatencyConfig> configs_;
};

thread_local LatencyDeferral* currentDeferral = nullptr;

}  // namespace

LatencyDeferral::LatencyDeferral() : previous_(currentDeferral) { currentDeferral = this; }
LatencyDeferral::~LatencyDeferral() { currentDeferral = previous_; }
LatencyDeferral* LatencyDeferral::current() { return currentDeferral; }

double sampleLatencyMs(const LatencyConfig& config, Rng& rng) {
  double ms = 0;
  if (config.distribution == "fixed") {
    ms = config.ms;
  } else if (config.distribution == "uniform") {
    double lo = std::min(config.minMs, config.maxMs), hi = std::max(config.minMs, config.maxMs);
    ms = lo + (hi - lo) * rng.uniform();
  } else if (config.distribution == "lognormal") {
    ms = config.ms > 0 ? rng.logNormal(config.ms, std::max(0.0, config.sigma)) : 0;
  }
  if (!std::isfinite(ms)) return kMaxLatencyMs;
  return std::clamp(ms, 0.0, kMaxLatencyMs);
}

std::optional<LatencyConfig> latencyConfigFor(const ServerConfig& config, Endpoint endpoint) {
  if (endpoint == Endpoint::Admin) return std::nullopt;
  auto it = config.endpoints.find(std::string(endpointName(endpoint)));
  const LatencyConfig& chosen =
      it != config.endpoints.end() && it->second.latency ? *it->second.latency : config.latency;
  if (chosen.distribution != "none") return chosen;
  return std::nullopt;
}

std::chrono::microseconds latencyFor(const LatencyConfig& config, uint64_t seed, Endpoint endpoint,
                                     uint64_t sequence) {
  Rng rng(seed, "latency", hashName(endpointName(endpoint)), sequence);
  return std::chrono::microseconds(std::llround(sampleLatencyMs(config, rng) * 1000));
}

std::unique_ptr<Stage> makeLatencyStage(const LatencyStageConfig& config, const StageDeps& deps) {
  if (!config.endpoints.any()) return nullptr;
  return std::make_unique<LatencyStage>(config, deps);
}

}  // namespace tenantsim::mock
