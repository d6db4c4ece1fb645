// The first stage: gives each request its id, echoes the client's client-request-id, numbers the
// request, and sets the headers every Graph (or Entra) response carries.
#pragma once

#include <memory>
#include <string>

#include "mockserver/http/pipeline.h"
#include "mockserver/stages/stage_deps.h"

namespace tenantsim::mock {

struct RequestIdStageConfig {
  std::string tenantId;  // the tenant every request is answered for

  static RequestIdStageConfig fromScenario(const Scenario& scenario) {
    return {scenario.tenant.id};
  }
};

// Always on. Needs deps.requestSequence.
std::unique_ptr<Stage> makeRequestIdStage(const RequestIdStageConfig& config,
                                          const StageDeps& deps);

}  // namespace tenantsim::mock
