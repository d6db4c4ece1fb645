#include "mockserver/pipeline_builder.h"

namespace tenantsim::mock {

std::vector<std::unique_ptr<Stage>> buildPipeline(const ServerContext& context) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(makeRequestIdStage(context));
  stages.push_back(makeAuthStage(context));
  // Throttling, fault injection and latency go here, in that order, e.g.
  //   stages.push_back(makeThrottlingStage(context));
  //   stages.push_back(makeFaultStage(context));
  //   stages.push_back(makeLatencyStage(context));
  return stages;
}

}  // namespace tenantsim::mock
