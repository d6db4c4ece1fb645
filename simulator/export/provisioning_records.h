// The provisioning log as Azure Monitor writes it (fact sheet §5.3, §5.4): the ProvisioningLogs
// category record of Event Hub and storage (the capture's shape: PascalCase Id/Name, integer
// step types and statuses, the legacy action and statusInfo), and the row of the Log Analytics
// table AADProvisioningLogs, whose J columns hold the record's objects as JSON text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "simulator/simulation/provisioning_log.h"

namespace tenantsim {

inline constexpr std::string_view kProvisioningCategory = "ProvisioningLogs";
inline constexpr std::string_view kProvisioningContainer = "insights-logs-provisioninglogs";
inline constexpr std::string_view kProvisioningTable = "AADProvisioningLogs";

// resultType: "Success", "Failure", "Skipped" (or "Warning").
std::string_view provisioningResultType(ProvisioningResult r);

// Appends one ProvisioningLogs record (no newline). resourceId is entraResourceId(tenantId).
void renderProvisioningRecord(const ProvisioningDetails& d, std::string_view tenantId,
                              std::string_view resourceId, std::string& out);

// Appends one AADProvisioningLogs row (a JSON object, no newline).
void renderProvisioningRow(const ProvisioningDetails& d, std::string_view tenantId,
                           std::string& out);

// The table's columns and KQL types, in row order.
struct ProvisioningColumn {
  std::string_view name, type;
};
const std::vector<ProvisioningColumn>& provisioningColumns();

}  // namespace tenantsim
