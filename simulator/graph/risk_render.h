// Renders risk detections as Graph's riskDetection entity (identityProtection/riskDetections),
// v1.0 and beta (fact sheet §3.1), straight into a caller's buffer.
#pragma once

#include <string>

#include "simulator/graph/model.h"
#include "simulator/simulation/risk_log.h"

namespace tenantsim {

// Appends one riskDetection JSON object for d.
void renderRiskDetection(const RiskDetectionDetails& d, ApiVersion api, std::string& out);

}  // namespace tenantsim
