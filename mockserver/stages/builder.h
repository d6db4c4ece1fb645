// The extension point of the request pipeline: the ordered list of stages every request runs
// through before its route (request ids -> auth -> throttling -> faults -> latency).
#pragma once

#include <memory>
#include <vector>

#include "mockserver/http/pipeline.h"
#include "mockserver/http/server_context.h"

namespace tenantsim::mock {

// Adding a behaviour is adding a stage file (stage_deps.h says its shape) and a line here. Built
// once per server; stages must be thread-safe.
std::vector<std::unique_ptr<Stage>> buildPipeline(const ServerContext& context);

}  // namespace tenantsim::mock
