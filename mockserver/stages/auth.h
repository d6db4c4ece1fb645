// The auth stage: Graph endpoints need a bearer token the authorizer accepts (mode from the
// scenario's server.auth); 401 carries WWW-Authenticate, 403 Graph's Authorization_RequestDenied.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mockserver/http/pipeline.h"
#include "mockserver/stages/stage_deps.h"

namespace tenantsim::mock {

struct AuthStageConfig {
  // The application roles that grant each Graph collection (any one of them suffices).
  std::vector<std::string> directoryAuditsRoles = auth::directoryAuditsRoles();
  std::vector<std::string> auditEventsRoles = auth::auditEventsRoles();
  std::vector<std::string> alertsRoles = auth::securityAlertsRoles();
  std::vector<std::string> incidentsRoles = auth::securityIncidentsRoles();
  std::vector<std::string> riskDetectionsRoles = auth::riskDetectionsRoles();

  static AuthStageConfig fromScenario(const Scenario&) { return {}; }
};

// Always on (the authorizer itself implements server.auth = off). Needs deps.authorizer.
std::unique_ptr<Stage> makeAuthStage(const AuthStageConfig& config, const StageDeps& deps);

}  // namespace tenantsim::mock
