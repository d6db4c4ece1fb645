// Renders risk detections as Graph's riskDetection entity (identityProtection/riskDetections),
// v1.0 and beta (fact sheet §3.1), straight into a caller's buffer: every property, or those a
// $select names, with the evolvable enums' late members as the request allows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "simulator/graph/evolvable_enum.h"
#include "simulator/graph/model.h"
#include "simulator/simulation/risk_log.h"

namespace tenantsim {

// The riskDetection enums with a sentinel (v1.0 CSDL; fact sheet §1.5, §3.1).
extern const EvolvableEnum kRiskDetailEnum;
extern const EvolvableEnum kRiskLevelEnum;
extern const EvolvableEnum kRiskStateEnum;
extern const EvolvableEnum kActivityTypeEnum;
extern const EvolvableEnum kRiskDetectionTimingTypeEnum;

// One bit per top-level property, in the order risk_render.cc writes them.
using RiskPropertyMask = uint32_t;
inline constexpr RiskPropertyMask kAllRiskProperties = ~RiskPropertyMask{0};
// The bit of a property name as Graph spells it; 0 when the entity has no such property.
RiskPropertyMask riskDetectionProperty(std::string_view name);

// Appends one riskDetection JSON object for d (the properties of `mask`; id always).
void renderRiskDetection(const RiskDetectionDetails& d, ApiVersion api, std::string& out,
                         RiskPropertyMask mask = kAllRiskProperties,
                         UnknownEnumMembers enums = UnknownEnumMembers::AsSentinel);

}  // namespace tenantsim
