// modifiedProperty arrays ([{displayName, oldValue, newValue}, ...]) as every entity that has
// them writes them: directoryAudit targets, provisioningObjectSummary, their Azure Monitor copies.
#pragma once

#include <span>
#include <string>

#include "simulator/simulation/event.h"

namespace tenantsim {

// Appends [{"displayName":…,"oldValue":…,"newValue":…}, …] (null where the property says so).
void appendModifiedPropertyArray(std::span<const ModifiedProperty> properties, std::string& out);

}  // namespace tenantsim
