#include "mockserver/stages/throttling.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

namespace tenantsim::mock {
namespace {

using SteadyTime = std::chrono::steady_clock::time_point;
using SteadyDuration = std::chrono::steady_clock::duration;

struct Budget {
  int64_t requests = 0;
  SteadyDuration period{};
  bool active() const { return requests > 0 && period.count() > 0; }
};

// The admitted requests of one key inside the current window, oldest first.
struct SlidingWindow {
  std::deque<SteadyTime> admitted;
  SteadyTime lastSeen{};
};

std::string ordinal(uint64_t n) {
  const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                       : n % 10 == 1                    ? "st"
                       : n % 10 == 2                    ? "nd"
                       : n % 10 == 3                    ? "rd"
                                                        : "th";
  return std::to_string(n) + suffix;
}

std::string windowText(const RequestContext& ctx, const Budget& budget) {
  std::string who = ctx.appId.empty() ? "client " + ctx.request.remote_addr : "app " + ctx.appId;
  return formatRetryAfter(std::chrono::duration<double>(budget.period).count()) + " s for " + who +
         " on " + std::string(endpointName(ctx.endpoint));
}

// "admitted: 3rd request in 10 s for app X on directoryAudits; 7 of 10 left"
std::string describeAdmitted(const RequestContext& ctx, const Budget& budget, size_t inWindow) {
  return "admitted: " + ordinal(inWindow) + " request in " + windowText(ctx, budget) + "; " +
         std::to_string(budget.requests - static_cast<int64_t>(inWindow)) + " of " +
         std::to_string(budget.requests) + " left";
}

// "throttled: 11th request in 10 s for app X on directoryAudits; retry after 3 s"
std::string describeThrottled(const RequestContext& ctx, const Budget& budget, int64_t retry) {
  return "throttled: " + ordinal(static_cast<uint64_t>(budget.requests) + 1) + " request in " +
         windowText(ctx, budget) + " (budget " + std::to_string(budget.requests) +
         "); retry after " + std::to_string(retry) + " s";
}

class ThrottlingStage final : public Stage {
 public:
  ThrottlingStage(const ThrottlingStageConfig& config, const StageDeps& deps)
      : directoryAudits_(toBudget(config.directoryAudits)),
        auditEvents_(toBudget(config.auditEvents)),
        maxKeys_(config.maxKeys),
        metrics_(deps.metrics),
        now_(deps.now) {}

  std::string_view name() const override { return "throttling"; }

  bool handle(RequestContext& ctx) override {
    const Budget* budget = budgetFor(ctx.endpoint);
    if (budget == nullptr || !budget->active()) return true;
    std::string key = budgetKey(ctx);
    Shard& shard = shards_[std::hash<std::string>{}(key) % shards_.size()];
    SteadyTime now = now_();
    SteadyDuration wait{};
    {
      std::lock_guard lock(shard.mutex);
      sweepIfDue(shard, now);
      SlidingWindow& window = shard.windows[key];
      window.lastSeen = now;
      while (!window.admitted.empty() && window.admitted.front() + budget->period <= now)
        window.admitted.pop_front();
      if (static_cast<int64_t>(window.admitted.size()) < budget->requests) {
        window.admitted.push_back(now);
        if (ctx.tracing()) ctx.note(name(), describeAdmitted(ctx, *budget, window.admitted.size()));
        return true;
      }
      wait = window.admitted.front() + budget->period - now;
    }
    if (ctx.tracing()) ctx.note(name(), describeThrottled(ctx, *budget, retryAfterSeconds(wait)));
    if (metrics_) metrics_->recordThrottled(ctx.endpoint);
    writeTooManyRequests(ctx, static_cast<double>(retryAfterSeconds(wait)));
    return false;
  }

 private:
  static constexpr size_t kShards = 16;
  static constexpr size_t kSweepEvery = 1024;  // requests per shard between idle sweeps

  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, SlidingWindow> windows;
    size_t sinceSweep = 0;
  };

  static Budget toBudget(const ThrottleBudget& b) {
    return {b.requests, std::chrono::duration_cast<SteadyDuration>(
                            std::chrono::duration<double>(b.perSeconds))};
  }

  const Budget* budgetFor(Endpoint e) const {
    switch (e) {
      case Endpoint::DirectoryAudits:
        return &directoryAudits_;
      case Endpoint::AuditEvents:
        return &auditEvents_;
      default:
        return nullptr;
    }
  }

  // App (or, before auth knows it, the client address) + tenant + endpoint.
  static std::string budgetKey(const RequestContext& ctx) {
    std::string key = ctx.appId.empty() ? "ip:" + ctx.request.remote_addr : "app:" + ctx.appId;
    key += '|';
    key += ctx.tenantId;
    key += '|';
    key += endpointName(ctx.endpoint);
    return key;
  }

  SteadyDuration longestPeriod() const {
    return std::max(directoryAudits_.period, auditEvents_.period);
  }

  // Drops idle keys periodically, and the least recently seen ones when over the key cap.
  void sweepIfDue(Shard& shard, SteadyTime now) {
    size_t cap = std::max<size_t>(1, maxKeys_ / kShards);
    if (++shard.sinceSweep < kSweepEvery && shard.windows.size() < cap) return;
    shard.sinceSweep = 0;
    SteadyDuration idle = longestPeriod();
    std::erase_if(shard.windows,
                  [&](const auto& entry) { return entry.second.lastSeen + idle <= now; });
    while (shard.windows.size() >= cap) {
      auto oldest = shard.windows.begin();
      for (auto it = shard.windows.begin(); it != shard.windows.end(); ++it)
        if (it->second.lastSeen < oldest->second.lastSeen) oldest = it;
      shard.windows.erase(oldest);
    }
  }

  Budget directoryAudits_, auditEvents_;
  size_t maxKeys_;
  Metrics* metrics_;
  SteadyNow now_;
  std::array<Shard, kShards> shards_;
};

}  // namespace

std::string formatRetryAfter(double seconds) {
  seconds = std::max(0.0, seconds);
  char text[32];
  if (seconds == std::floor(seconds)) {
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(seconds));
    return text;
  }
  std::snprintf(text, sizeof text, "%.3f", seconds);
  std::string s(text);
  while (s.back() == '0') s.pop_back();
  return s;
}

int64_t retryAfterSeconds(SteadyDuration wait) {
  double seconds = std::chrono::duration<double>(wait).count();
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(seconds - 1e-9)));
}

void writeTooManyRequests(RequestContext& ctx, double retryAfter) {
  // nlohmann::json sorts object keys, which is also the order of Graph's documented sample.
  nlohmann::json body = {{"error",
                          {{"code", "TooManyRequests"},
                           {"innerError",
                            {{"code", "429"},
                             {"date", graphErrorDate()},
                             {"message", "Please retry after"},
                             {"request-id", ctx.requestId},
                             {"status", "429"}}},
                           {"message", "Please retry again later."}}}};
  ctx.response.status = 429;
  replaceHeader(ctx.response, "request-id", ctx.requestId);
  replaceHeader(ctx.response, "client-request-id",
                ctx.clientRequestId.empty() ? ctx.requestId : ctx.clientRequestId);
  ctx.response.set_header("Retry-After", formatRetryAfter(retryAfter));
  ctx.response.set_content(body.dump(), kGraphContentType);
}

std::unique_ptr<Stage> makeThrottlingStage(const ThrottlingStageConfig& config,
                                           const StageDeps& deps) {
  if (!config.enabled) return nullptr;
  return std::make_unique<ThrottlingStage>(config, deps);
}

}  // namespace tenantsim::mock
