#include "mockserver/pipeline_builder.h"

#include "mockserver/faults.h"
#include "mockserver/latency.h"
#include "mockserver/throttling.h"

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
