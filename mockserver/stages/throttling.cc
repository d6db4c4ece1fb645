#include "mockserver/stages/throttling.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "mockserver/stages/memory_budget_store.h"

namespace tenantsim::mock {
namespace {

using SteadyDuration = std::chrono::steady_clock::duration;

struct Budget {
  int64_t requests = 0;
  SteadyDuration period{};
  bool active() const { return requests > 0 && period.count() > 0; }
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
  std::string who = ctx.endpoint == Endpoint::RiskDetections ? std::string("the tenant")
                    : ctx.appId.empty()                      ? "client " + ctx.request.remote_addr
                                                             : "app " + ctx.appId;
  return formatRetryAfter(std::chrono::duration<double>(budget.period).count()) + " s for " + who +
         " on " + std::string(endpointName(ctx.endpoint));
}

// "admitted: 3rd request in 10 s for app X on directoryAudits; 7 of 10 left" (without the count
// when the budget store does not report it: "admitted in 10 s for app X on directoryAudits").
std::string describeAdmitted(const RequestContext& ctx, const Budget& budget, int64_t inWindow) {
  if (inWindow <= 0) return "admitted in " + windowText(ctx, budget);
  return "admitted: " + ordinal(static_cast<uint64_t>(inWindow)) + " request in " +
         windowText(ctx, budget) + "; " + std::to_string(budget.requests - inWindow) + " of " +
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
        security_(toBudget(config.security)),
        identityProtection_(toBudget(config.identityProtection)),
        metrics_(deps.metrics),
        store_(deps.budgetStore) {
    if (!store_)
      store_ = makeMemoryBudgetStore(config.maxKeys,
                                     std::max({directoryAudits_.period, auditEvents_.period,
                                               security_.period, identityProtection_.period}),
                                     deps.now);
  }

  std::string_view name() const override { return "throttling"; }

  bool handle(RequestContext& ctx) override {
    const Budget* budget = budgetFor(ctx.endpoint);
    if (budget == nullptr || !budget->active()) return true;
    Admission admission = store_->admit(budgetKey(ctx), budget->requests, budget->period);
    if (admission.storeUnavailable && metrics_) metrics_->recordBudgetStoreUnavailable();
    if (admission.allowed) {
      if (ctx.tracing()) ctx.note(name(), describeAdmitted(ctx, *budget, admission.inWindow));
      return true;
    }
    if (ctx.tracing())
      ctx.note(name(), describeThrottled(ctx, *budget, retryAfterSeconds(admission.wait)));
    if (metrics_) metrics_->recordThrottled(ctx.endpoint);
    if (ctx.endpoint == Endpoint::RiskDetections)
      writeTooManyRequests(ctx, std::nullopt);
    else
      writeTooManyRequests(ctx, static_cast<double>(retryAfterSeconds(admission.wait)));
    return false;
  }

 private:
  static Budget toBudget(const ThrottleBudget& b) {
    return {b.requests, std::chrono::duration_cast<SteadyDuration>(
                            std::chrono::duration<double>(b.perSeconds))};
  }

  const Budget* budgetFor(Endpoint e) const {
    switch (e) {
      case Endpoint::DirectoryAudits:
      case Endpoint::SignIns:  // one "identity and access reports" budget (fact sheet §1.1)
      case Endpoint::Provisioning:
        return &directoryAudits_;
      case Endpoint::AuditEvents:
        return &auditEvents_;
      case Endpoint::Alerts:  // one "security" budget for alerts and incidents
      case Endpoint::Incidents:
        return &security_;
      case Endpoint::RiskDetections:
        return &identityProtection_;
      default:
        return nullptr;
    }
  }

  // The budget an endpoint counts against: directoryAudits, signIns and provisioning share theirs.
  static std::string_view budgetClass(Endpoint e) {
    if (e == Endpoint::SignIns || e == Endpoint::Provisioning)
      return endpointName(Endpoint::DirectoryAudits);
    if (e == Endpoint::Incidents) return endpointName(Endpoint::Alerts);
    if (e == Endpoint::RiskDetections) return "identityProtection";
    return endpointName(e);
  }

  // App (or, before auth knows it, the client address) + tenant + budget class; Identity
  // Protection's budget is the tenant's, shared by every app.
  static std::string budgetKey(const RequestContext& ctx) {
    std::string key = ctx.endpoint == Endpoint::RiskDetections ? std::string("tenant")
                      : ctx.appId.empty()                      ? "ip:" + ctx.request.remote_addr
                                                               : "app:" + ctx.appId;
    key += '|';
    key += ctx.tenantId;
    key += '|';
    key += budgetClass(ctx.endpoint);
    return key;
  }

  Budget directoryAudits_, auditEvents_, security_, identityProtection_;
  Metrics* metrics_;
  std::shared_ptr<BudgetStore> store_;
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

void writeTooManyRequests(RequestContext& ctx, std::optional<double> retryAfter) {
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
  if (retryAfter) ctx.response.set_header("Retry-After", formatRetryAfter(*retryAfter));
  ctx.response.set_content(body.dump(), kGraphContentType);
}

std::unique_ptr<Stage> makeThrottlingStage(const ThrottlingStageConfig& config,
                                           const StageDeps& deps) {
  if (!config.enabled) return nullptr;
  return std::make_unique<ThrottlingStage>(config, deps);
}

}  // namespace tenantsim::mock
