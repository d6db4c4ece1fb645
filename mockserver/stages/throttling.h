// Throttling: Graph's per app, per tenant, per endpoint request budgets
// (docs/fidelity.md#throttling-budgets), as sliding windows over real (steady) time. A request over
// budget is answered 429 with Graph's documented body and a Retry-After that says when the window
// frees a slot.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mockserver/http/metrics.h"
#include "mockserver/http/pipeline.h"
#include "mockserver/stages/stage_deps.h"
#include "simulator/scenario/scenario.h"

namespace tenantsim::mock {

struct ThrottlingStageConfig {
  bool enabled = true;  // server.throttling
  ThrottleBudget directoryAudits{5, 10};
  ThrottleBudget auditEvents{1000, 20};
  // security/alerts_v2 and security/incidents: 150 requests a minute per app per tenant (fact
  // sheet §4.4; docs/security-alerts.md#throttling).
  ThrottleBudget security{150, 60};
  // Identity Protection (riskDetections): 1 request/s per tenant across all apps, and its 429
  // carries no Retry-After (fact sheet §3.2, [D10]).
  ThrottleBudget identityProtection{1, 1};
  // Bounds memory: a budget window for a key idle longer than its period is dropped, and at most
  // maxKeys keys are tracked (beyond that, the oldest-idle keys are evicted first).
  size_t maxKeys = 100'000;

  static ThrottlingStageConfig fromScenario(const Scenario& scenario) {
    const ServerConfig& server = scenario.server;
    ThrottlingStageConfig config;
    config.enabled = server.throttling;
    config.directoryAudits = server.directoryAuditsBudget;
    config.auditEvents = server.auditEventsBudget;
    config.security = server.securityBudget;
    return config;
  }
};

// The documented 429 (docs/fidelity.md#throttling-429-response):
// {"error":{"code":"TooManyRequests","innerError":{"code":"429","date":"…","message":"Please retry
// after","request-id":"…","status":"429"},"message":"Please retry again later."}}
// with Graph's Content-Type, request-id, client-request-id and Retry-After headers. A whole
// number of seconds is written as such ("3"), anything else with up to 3 decimals ("2.128");
// nullopt writes no Retry-After (Identity Protection's 429s).
void writeTooManyRequests(RequestContext& ctx, std::optional<double> retryAfterSeconds);

// Retry-After text: "3" for whole seconds, else up to 3 decimals ("2.128"); negatives give "0".
std::string formatRetryAfter(double seconds);

// Seconds for Retry-After: the wait rounded up to whole seconds, at least 1.
int64_t retryAfterSeconds(std::chrono::steady_clock::duration wait);

// Returns the stage, or nullptr when throttling is off. Only directoryAudits (shared with signIns
// and provisioning: Graph's "identity and access reports" class), auditEvents, the security
// collections and riskDetections (Identity Protection, per tenant, whatever the app) have budgets;
// other endpoints (token, discovery, admin, other Graph paths) are never throttled. Uses deps.now
// and deps.metrics.
std::unique_ptr<Stage> makeThrottlingStage(const ThrottlingStageConfig& config,
                                           const StageDeps& deps);

}  // namespace tenantsim::mock
