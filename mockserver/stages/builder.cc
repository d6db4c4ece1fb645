#include "mockserver/stages/builder.h"

#include "mockserver/stages/faults.h"
#include "mockserver/stages/latency.h"
#include "mockserver/stages/throttling.h"

namespace tenantsim::mock {

std::vector<std::unique_ptr<Stage>> buildPipeline(const ServerContext& context) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(makeRequestIdStage(context));
  stages.push_back(makeAuthStage(context));
  // Each factory returns nullptr when the scenario turns its stage off.
  auto add = [&stages](std::unique_ptr<Stage> stage) {
    if (stage) stages.push_back(std::move(stage));
  };
  add(makeThrottlingStage(context.scenario.server, &context.metrics));
  add(makeFaultStage(context.scenario, &context.metrics));
  add(makeLatencyStage(context.scenario));
  return stages;
}

}  // namespace tenantsim::mock
