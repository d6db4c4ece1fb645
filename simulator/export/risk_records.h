// The parts Identity Protection's Azure Monitor records and rows share, users' (risk_azure.cc)
// and service principals' (sp_risk_export.cc): the record's top level, the Location column, a
// risky principal's per-change correlation id (docs/identity-protection.md#export; UNCONFIRMED
// shapes, decided there).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/time.h"
#include "simulator/simulation/risk_log.h"

namespace tenantsim {

// Appends a record's top level up to `"properties":` (Entra's records: time, resourceId,
// operationName, operationVersion 1.0, category, tenantId, resultSignature None, durationMs 0,
// correlationId, identity, Level 4).
void beginRiskRecord(std::string& out, Ticks time, std::string_view resourceId,
                     std::string_view tenantId, std::string_view operation,
                     std::string_view category, std::string_view correlationId,
                     std::string_view identity);

// Appends ,"Location":{"city","state","countryOrRegion"} (the sign-in's), a dynamic column.
void appendRiskLocationColumn(std::string& out, const SignInDetails& s);

// Appends a detection's row of AADUserRiskEvents, or for a service principal's detection of
// AADServicePrincipalRiskEvents (d: r described): the v1.0 properties in PascalCase, in column
// order, TimeGenerated the detection's visible time; user rows name the user, service principals'
// the app, the key ids and the service principal.
void renderRiskEventRow(const RiskDetection& r, const RiskDetectionDetails& d,
                        std::string_view operation, std::string_view table, std::string& out);

// A GUID drawn per change of a risky principal (its record's correlationId): key is the
// principal's index shifted by 16, plus the change's position in its history.
std::string riskChangeCorrelationId(uint64_t seed, uint64_t key);

}  // namespace tenantsim
