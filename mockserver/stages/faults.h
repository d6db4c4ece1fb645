// Fault injection: answers a share of requests with a server error (500, 503, 504, or a 429), so
// that clients' retry paths get exercised. Reproducible: whether request n of an endpoint fails,
// and with which status, is a pure function of (scenario seed, endpoint, request sequence).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "mockserver/http/metrics.h"
#include "mockserver/http/pipeline.h"
#include "mockserver/stages/stage_deps.h"
#include "simulator/scenario/scenario.h"

namespace tenantsim::mock {

// The fault settings in force for an endpoint, or nullopt when it never gets faults.
// server.endpoints[name].faults, when given, replaces server.faults (a rate of 0 there turns
// faults off for that endpoint). The global server.faults
// applies to Graph endpoints (directoryAudits, auditEvents, other Graph paths); the token
// endpoint only gets faults from its own endpoints.token block; discovery and admin never do.
std::optional<FaultConfig> faultConfigFor(const ServerConfig& config, Endpoint endpoint);

// The status to answer request `sequence` with, or 0 to let it through.
int faultStatusFor(const FaultConfig& faults, uint64_t seed, Endpoint endpoint, uint64_t sequence);

// Writes a fault response in Graph's error envelope (see faults.cc for the codes and messages);
// 503 and 429 carry Retry-After.
void writeFault(RequestContext& ctx, int status, double retryAfterSeconds);

// The fault settings of every endpoint (faultConfigFor), indexed by Endpoint.
struct FaultStageConfig {
  PerEndpoint<FaultConfig> endpoints;

  static FaultStageConfig fromScenario(const Scenario& scenario) {
    return {PerEndpoint<FaultConfig>::from(
        [&](Endpoint e) { return faultConfigFor(scenario.server, e); })};
  }
};

// Returns the stage, or nullptr when no endpoint has a fault rate above 0. Uses deps.seed and
// deps.metrics.
std::unique_ptr<Stage> makeFaultStage(const FaultStageConfig& config, const StageDeps& deps);

}  // namespace tenantsim::mock
