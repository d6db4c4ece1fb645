// Azure Monitor resource-log records of audit events, as diagnostic settings deliver them to Event
// Hubs and storage accounts (docs/fidelity.md#azure-monitor-records), and the JSON parts Log
// Analytics columns reuse.
#pragma once

#include <string>
#include <string_view>

#include "simulator/simulation/event.h"

namespace tenantsim {

// "/tenants/{tid}/providers/Microsoft.aadiam" (Entra) or
// "/providers/microsoft.intune/tenants/{tid}".
std::string entraResourceId(std::string_view tenantId);
std::string intuneResourceId(std::string_view tenantId);

// One record (a JSON object) for d: the Entra AuditLogs shape or the Intune AuditLogs shape.
void renderAzureRecord(const EventDetails& d, std::string_view tenantId, std::string& out);

// Parts of the Entra record's properties (the beta directoryAudit in Azure Monitor's dialect).
void renderEntraInitiatedBy(const EventDetails& d, std::string& out);  // only the populated side
void renderEntraTargets(const EventDetails& d, std::string& out);  // with administrativeUnits: []
void renderEntraAdditionalDetails(const EventDetails& d, std::string& out);
// The Intune record's properties object (PascalCase keys).
void renderIntuneProperties(const EventDetails& d, std::string& out);
// Who the record names as its identity: the initiator's display name (or UPN), or the app.
std::string_view recordIdentity(const EventDetails& d);

}  // namespace tenantsim
