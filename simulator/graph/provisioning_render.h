// Renders provisioning log entries as Graph's provisioningObjectSummary (auditLogs/provisioning),
// v1.0 and beta (fact sheet §2, docs/provisioning.md#shape), straight into a caller's buffer.
#pragma once

#include <string>
#include <string_view>

#include "simulator/graph/evolvable_enum.h"
#include "simulator/graph/model.h"
#include "simulator/simulation/provisioning_log.h"

namespace tenantsim {

extern const EvolvableEnum kProvisioningActionEnum;
extern const EvolvableEnum kProvisioningResultEnum;
extern const EvolvableEnum kProvisioningStepTypeEnum;

// The legacy beta `action` text: "Create", "Update", "Delete", "Disable", "Other".
std::string_view provisioningLegacyAction(ProvisioningAction a);

// Appends one provisioningObjectSummary JSON object for d (described with content). Beta also
// carries the legacy `action` and `statusInfo` the old beta page documents.
void renderProvisioning(const ProvisioningDetails& d, ApiVersion api, std::string_view tenantId,
                        std::string& out,
                        UnknownEnumMembers enums = UnknownEnumMembers::AsSentinel);

}  // namespace tenantsim
