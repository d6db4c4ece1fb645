// Identity Protection's service-principal risk in every format that holds it
// (docs/identity-protection.md#service-principals): `--log servicePrincipalRiskDetections` (one
// servicePrincipalRiskDetection per line in detection order, in its state at the window's end;
// the ServicePrincipalRiskEvents category in Azure Monitor's formats) and
// `--log riskyServicePrincipals` (one riskyServicePrincipal per line, its state at the window's
// end, in riskLastUpdatedDateTime order; the RiskyServicePrincipals category: one record per
// change of state). The detections come from RiskLog::generateServicePrincipals, the source the
// server's routes read. Azure shapes UNCONFIRMED (no capture): they mirror the user categories'
// (risk_azure.cc), columns = the v1.0 properties in PascalCase as AADUserRiskEvents /
// AADRiskyUsers have theirs.
#include <algorithm>

#include "base/json_writer.h"
#include "simulator/export/azure_category_log.h"
#include "simulator/export/azure_records.h"
#include "simulator/export/formats.h"
#include "simulator/export/output.h"
#include "simulator/export/risk_records.h"
#include "simulator/graph/risk_render.h"
#include "simulator/graph/risky_user_render.h"

namespace tenantsim {
namespace {

constexpr AzureColumn kRiskEventsColumns[] = {
    {"TimeGenerated", "datetime"},
    {"Activity", "string"},
    {"ActivityDateTime", "datetime"},
    {"AdditionalInfo", "dynamic"},
    {"AppId", "string"},
    {"CorrelationId", "string"},
    {"DetectedDateTime", "datetime"},
    {"DetectionTimingType", "string"},
    {"Id", "string"},
    {"IpAddress", "string"},
    {"KeyIds", "dynamic"},
    {"LastUpdatedDateTime", "datetime"},
    {"Location", "dynamic"},
    {"OperationName", "string"},
    {"RequestId", "string"},
    {"RiskDetail", "string"},
    {"RiskEventType", "string"},
    {"RiskLevel", "string"},
    {"RiskState", "string"},
    {"ServicePrincipalDisplayName", "string"},
    {"ServicePrincipalId", "string"},
    {"Source", "string"},
    {"TokenIssuerType", "string"},
    {"SourceSystem", "string"},
    {"Type", "string"},
};
constexpr AzureColumn kRiskyColumns[] = {
    {"TimeGenerated", "datetime"},
    {"AppId", "string"},
    {"CorrelationId", "string"},
    {"DisplayName", "string"},
    {"Id", "string"},
    {"IsEnabled", "bool"},
    {"IsProcessing", "bool"},
    {"OperationName", "string"},
    {"RiskDetail", "string"},
    {"RiskLastUpdatedDateTime", "datetime"},
    {"RiskLevel", "string"},
    {"RiskState", "string"},
    {"ServicePrincipalType", "string"},
    {"SourceSystem", "string"},
    {"Type", "string"},
};
constexpr AzureCategory kRiskEvents[] = {{"ServicePrincipalRiskEvents",
                                          "insights-logs-serviceprincipalriskevents",
                                          "AADServicePrincipalRiskEvents", kRiskEventsColumns}};
constexpr AzureCategory kRisky[] = {{"RiskyServicePrincipals",
                                     "insights-logs-riskyserviceprincipals",
                                     "AADRiskyServicePrincipals", kRiskyColumns}};
constexpr std::string_view kDetectionOperation = "Service Principal Risk Detection";  // UNCONFIRMED
constexpr std::string_view kRiskyOperation = "Risky service principal";               // UNCONFIRMED

// One change of a risky service principal: event `event` of principals[index].
struct Change {
  Ticks time = 0;
  size_t index = 0, event = 0;
};

// What both logs read: the shard's detections, and the risky service principals at the window's
// end (a principal's history depends on every detection of the window, so every shard folds them
// all; as risk_azure.cc does for users).
struct SpRisk {
  const Simulation& sim;
  const RiskLog& risks;
  Ticks from = 0, to = 0;
  std::vector<RiskDetection> detections;  // detected in [from, to)
  std::vector<RiskDetection> all;         // the window's, visible at its end
  std::vector<RiskyUser> principals;      // at the window's end, (riskLastUpdated, index) order
  DetectionStates states;                 // the detections' states at the window's end
  std::string tenantId, resourceId;

  SpRisk(const Simulation& s, const RiskLog& r, const ExportOptions& o) : sim(s), risks(r) {
    std::tie(from, to) = exportRange(sim, o);
    const Scenario& scenario = sim.scenario();
    detections = risks.generateServicePrincipals(from, to);
    all = risks.generateServicePrincipals(scenario.windowStart(), scenario.windowEnd);
    std::erase_if(all, [&](const RiskDetection& d) { return d.visibleAt() > scenario.windowEnd; });
    principals = riskyUsersAt(all, scenario.windowEnd, scenario, RiskSubject::ServicePrincipal);
    states = DetectionStates(all, scenario.windowEnd, scenario, RiskSubject::ServicePrincipal);
    tenantId = sim.tenant().id();
    resourceId = entraResourceId(tenantId);
  }

  // The state changes in [from, to), in (time, principal, event) order.
  std::vector<Change> changes() const {
    std::vector<Change> out;
    for (size_t p = 0; p < principals.size(); ++p)
      for (size_t e = 0; e < principals[p].history.size(); ++e) {
        const Ticks t = principals[p].history[e].time;
        if (t >= from && t < to) out.push_back({t, p, e});
      }
    std::stable_sort(out.begin(), out.end(),
                     [](const Change& a, const Change& b) { return a.time < b.time; });
    return out;
  }

  std::string correlationOf(const Change& c) const {
    return riskChangeCorrelationId(sim.scenario().seed,
                                   (uint64_t{principals[c.index].principal} << 16) | c.event);
  }

  // ServicePrincipalRiskEvents: the detection as detected (atRisk), the v1.0 object.
  void eventRecord(const RiskDetection& r, std::string& out) const {
    thread_local RiskDetectionDetails d;
    risks.describe(r, d);
    beginRiskRecord(out, r.time, resourceId, tenantId, kDetectionOperation, kRiskEvents[0].category,
                    d.signIn.correlationId, d.signIn.servicePrincipalName);
    renderRiskDetection(d, ApiVersion::V1, out, kAllRiskProperties, UnknownEnumMembers::Included);
    out += '}';
  }

  void eventRow(const RiskDetection& r, std::string& out) const {
    thread_local RiskDetectionDetails d;
    risks.describe(r, d);
    renderRiskEventRow(r, d, kDetectionOperation, kRiskEvents[0].table, out);
  }

  // RiskyServicePrincipals: the state after the change, the v1.0 object.
  void riskyRecord(const Change& c, std::string& out) const {
    thread_local RiskDetectionDetails d;
    const RiskyUser& sp = principals[c.index];
    const RiskyServicePrincipalNames n = riskyServicePrincipalNames(risks, sp, d);
    beginRiskRecord(out, c.time, resourceId, tenantId, kRiskyOperation, kRisky[0].category,
                    correlationOf(c), n.displayName);
    RiskyUser state;
    state.principal = sp.principal;
    state.first = sp.first;
    state.history.push_back(sp.history[c.event]);
    renderRiskyServicePrincipal(state, n, ApiVersion::V1, out, UnknownEnumMembers::Included);
    out += '}';
  }

  void riskyRow(const Change& c, std::string& out) const {
    thread_local RiskDetectionDetails d;
    const RiskyUser& sp = principals[c.index];
    const RiskyUserEvent& e = sp.history[c.event];
    const RiskyServicePrincipalNames n = riskyServicePrincipalNames(risks, sp, d);
    beginTableRow(out, c.time);
    appendJsonField(out, "AppId", n.appId);
    appendJsonField(out, "CorrelationId", correlationOf(c));
    appendJsonField(out, "DisplayName", n.displayName);
    appendJsonField(out, "Id", n.id);
    out += ",\"IsEnabled\":true,\"IsProcessing\":false";
    appendJsonField(out, "OperationName", kRiskyOperation);
    appendJsonField(out, "RiskDetail", e.riskDetail);
    appendTimeField(out, "RiskLastUpdatedDateTime", e.time);
    appendJsonField(out, "RiskLevel", e.riskLevel);
    appendJsonField(out, "RiskState", e.riskState);
    appendJsonField(out, "ServicePrincipalType", "Application");
    appendJsonField(out, "SourceSystem", "Azure AD");
    appendJsonField(out, "Type", kRisky[0].table);
    out += '}';
  }
};

// The category log of one of the two, on the shared writer.
AzureCategoryLog categoryLog(const SpRisk& x, std::string_view name,
                             std::span<const AzureCategory> category, uint64_t hubSeed) {
  AzureCategoryLog azure;
  azure.name = name;
  azure.categories = category;
  azure.categoryOf = [](size_t) { return size_t{0}; };
  azure.provider = "Microsoft.aadiam";
  azure.resourcePath = "/tenants/" + x.tenantId + "/providers/microsoft.aadiam";
  azure.hubSeed = x.sim.scenario().seed ^ hubSeed;
  return azure;
}

// Checks the format and destination; the risk log when the scenario has one.
Status checkSpRiskExport(std::string_view log, const ExportOptions& o, const SignInLog& signIns) {
  if (!azureCategoryFormat(o.format))
    return plainError(std::string(log) +
                      " are written as --format ndjson, eventhub, blob or loganalytics, not " +
                      o.format);
  if (isAzureBlobDestination(o.out))
    return plainError("azblob:// destinations take --log audits (" + std::string(log) +
                      " blobs are written to --out DIR)");
  if (!signIns.enabled())
    return plainError(
        "the scenario has no service-principal risk: it comes from sign-ins, and tenant.license "
        "Free or workloads.signIns false has none");
  return {};
}

}  // namespace

Status writeServicePrincipalRiskDetections(const Simulation& sim, const ExportOptions& o,
                                           bool withOthers, const ProgressCallback& progress) {
  SignInLog signIns(sim);
  if (Status ok = checkSpRiskExport("servicePrincipalRiskDetections", o, signIns); !ok) return ok;
  RiskLog risks(signIns);
  const SpRisk x(sim, risks, o);
  const ExportOptions file = sideLogOptions(o, withOthers, "servicePrincipalRiskDetections");
  if (o.format == "ndjson")
    return writeLines(x.detections.size(), file, progress,
                      [&](size_t a, size_t b, std::string& out) {
                        RiskDetectionDetails d;
                        for (size_t i = a; i < b; ++i) {
                          risks.describe(x.detections[i], d);
                          applyDetectionState(x.states.of(x.detections[i]), d);
                          renderRiskDetection(d, o.api, out);
                          out += '\n';
                        }
                      });
  AzureCategoryLog azure = categoryLog(x, "sp-risk-events", kRiskEvents, 0x73707265);
  azure.count = x.detections.size();
  azure.timeOf = [&](size_t i) { return x.detections[i].time; };
  azure.visibleAtOf = [&](size_t i) { return x.detections[i].visibleAt(); };
  azure.record = [&](size_t i, std::string& out) { x.eventRecord(x.detections[i], out); };
  azure.row = [&](size_t i, std::string& out) { x.eventRow(x.detections[i], out); };
  return writeAzureCategoryLog(azure, file, progress);
}

Status writeRiskyServicePrincipals(const Simulation& sim, const ExportOptions& o, bool withOthers,
                                   const ProgressCallback& progress) {
  SignInLog signIns(sim);
  if (Status ok = checkSpRiskExport("riskyServicePrincipals", o, signIns); !ok) return ok;
  RiskLog risks(signIns);
  const SpRisk x(sim, risks, o);
  const ExportOptions file = sideLogOptions(o, withOthers, "riskyServicePrincipals");
  if (o.format == "ndjson") {
    // The principals last updated in the range, in their state at the window's end.
    std::vector<size_t> listed;
    for (size_t p = 0; p < x.principals.size(); ++p)
      if (x.principals[p].lastUpdated() >= x.from && x.principals[p].lastUpdated() < x.to)
        listed.push_back(p);
    return writeLines(listed.size(), file, progress, [&](size_t a, size_t b, std::string& out) {
      RiskDetectionDetails d;
      for (size_t i = a; i < b; ++i) {
        const RiskyUser& sp = x.principals[listed[i]];
        renderRiskyServicePrincipal(sp, riskyServicePrincipalNames(risks, sp, d), o.api, out,
                                    UnknownEnumMembers::AsSentinel);
        out += '\n';
      }
    });
  }
  const std::vector<Change> changes = x.changes();
  AzureCategoryLog azure = categoryLog(x, "risky-service-principals", kRisky, 0x72737073);
  azure.count = changes.size();
  azure.timeOf = [&](size_t i) { return changes[i].time; };
  azure.visibleAtOf = [&](size_t i) { return changes[i].time; };
  azure.record = [&](size_t i, std::string& out) { x.riskyRecord(changes[i], out); };
  azure.row = [&](size_t i, std::string& out) { x.riskyRow(changes[i], out); };
  return writeAzureCategoryLog(azure, file, progress);
}

}  // namespace tenantsim
