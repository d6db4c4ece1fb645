#include "mockserver/stages/builder.h"

#include "mockserver/stages/auth.h"
#include "mockserver/stages/faults.h"
#include "mockserver/stages/latency.h"
#include "mockserver/stages/request_id.h"
#include "mockserver/stages/throttling.h"

namespace tenantsim::mock {

std::vector<std::unique_ptr<Stage>> buildPipeline(const ServerContext& context) {
  const Scenario& scenario = context.scenario;
  const StageDeps deps = StageDeps::fromContext(context);
  std::vector<std::unique_ptr<Stage>> stages;
  // Each factory returns nullptr when its config turns the stage off.
  auto add = [&stages](std::unique_ptr<Stage> stage) {
    if (stage) stages.push_back(std::move(stage));
  };
  add(makeRequestIdStage(RequestIdStageConfig::fromScenario(scenario), deps));
  add(makeAuthStage(AuthStageConfig::fromScenario(scenario), deps));
  add(makeThrottlingStage(ThrottlingStageConfig::fromScenario(scenario), deps));
  add(makeFaultStage(FaultStageConfig::fromScenario(scenario), deps));
  add(makeLatencyStage(LatencyStageConfig::fromScenario(scenario), deps));
  return stages;
}

}  // namespace tenantsim::mock
