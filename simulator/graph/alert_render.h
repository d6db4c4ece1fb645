// Renders security alerts and incidents as Graph's microsoft.graph.security.alert and .incident
// (fact sheet §4.1-4.3, docs/security-alerts.md), v1.0 and beta, straight into a caller's buffer.
// An alert's and an incident's state (status, classification, lastUpdateDateTime, assignedTo)
// is the one they have at the instant `asOf` (the server clock, or the export's window end).
#pragma once

#include <string>
#include <string_view>

#include "simulator/graph/evolvable_enum.h"
#include "simulator/graph/model.h"
#include "simulator/simulation/alert_log.h"

namespace tenantsim {

// Appends one alert JSON object (with @odata.type and evidence).
void renderAlert(const AlertDetails& d, Ticks asOf, ApiVersion api, std::string& out,
                 UnknownEnumMembers enums = UnknownEnumMembers::AsSentinel);

// Appends one incident JSON object; `alerts` is the JSON array text of its expanded alerts
// ($expand=alerts), or empty for none (the property is then left out, as Graph does).
void renderIncident(const IncidentDetails& d, ApiVersion api, std::string& out,
                    UnknownEnumMembers enums = UnknownEnumMembers::AsSentinel,
                    std::string_view alerts = {});

// The evolvable enums these entities use (CSDL order, microsoftgraph/msgraph-metadata).
extern const EvolvableEnum kIncidentStatusEnum;
extern const EvolvableEnum kServiceSourceEnum;
extern const EvolvableEnum kDetectionSourceEnum;

}  // namespace tenantsim
