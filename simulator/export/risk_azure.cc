// Identity Protection in Azure Monitor's shapes (docs/identity-protection.md#export): the
// UserRiskEvents category (one record per risk detection, at its detectedDateTime) and the
// RiskyUsers category (one record per change of a risky user's state, at its
// riskLastUpdatedDateTime), in Event Hub, storage and the AADUserRiskEvents / AADRiskyUsers
// tables of Log Analytics (fact sheet §5.1, §5.4). The record's top level follows the Entra
// records; its properties are the Graph object (v1.0 riskDetection, riskyUser) as Entra's records
// carry theirs: UNCONFIRMED, no capture of these categories in the fact sheet.
#include <algorithm>

#include "base/json_writer.h"
#include "base/rng.h"
#include "simulator/export/azure_category_log.h"
#include "simulator/export/azure_records.h"
#include "simulator/export/formats.h"
#include "simulator/export/risk_records.h"
#include "simulator/graph/risk_render.h"
#include "simulator/graph/risky_user_render.h"
#include "simulator/simulation/risky_users.h"

namespace tenantsim {
namespace {

constexpr AzureColumn kUserRiskEventsColumns[] = {
    {"TimeGenerated", "datetime"},
    {"Activity", "string"},
    {"ActivityDateTime", "datetime"},
    {"AdditionalInfo", "dynamic"},
    {"CorrelationId", "string"},
    {"DetectedDateTime", "datetime"},
    {"DetectionTimingType", "string"},
    {"Id", "string"},
    {"IpAddress", "string"},
    {"LastUpdatedDateTime", "datetime"},
    {"Location", "dynamic"},
    {"OperationName", "string"},
    {"RequestId", "string"},
    {"RiskDetail", "string"},
    {"RiskEventType", "string"},
    {"RiskLevel", "string"},
    {"RiskState", "string"},
    {"Source", "string"},
    {"TokenIssuerType", "string"},
    {"UserDisplayName", "string"},
    {"UserId", "string"},
    {"UserPrincipalName", "string"},
    {"SourceSystem", "string"},
    {"Type", "string"},
};
constexpr AzureColumn kRiskyUsersColumns[] = {
    {"TimeGenerated", "datetime"},
    {"CorrelationId", "string"},
    {"Id", "string"},
    {"IsDeleted", "bool"},
    {"IsProcessing", "bool"},
    {"OperationName", "string"},
    {"RiskDetail", "string"},
    {"RiskLastUpdatedDateTime", "datetime"},
    {"RiskLevel", "string"},
    {"RiskState", "string"},
    {"UserDisplayName", "string"},
    {"UserPrincipalName", "string"},
    {"SourceSystem", "string"},
    {"Type", "string"},
};
constexpr AzureCategory kCategories[] = {
    {"UserRiskEvents", "insights-logs-userriskevents", "AADUserRiskEvents", kUserRiskEventsColumns},
    {"RiskyUsers", "insights-logs-riskyusers", "AADRiskyUsers", kRiskyUsersColumns},
};
constexpr std::string_view kDetectionOperation = "User Risk Detection";  // UNCONFIRMED
constexpr std::string_view kRiskyUserOperation = "Risky user";           // UNCONFIRMED

// One record of the export: a detection, or event `event` of risky user `user`.
struct Item {
  Ticks time = 0;
  uint64_t key = 0;
  bool riskyUser = false;
  size_t index = 0, event = 0;
};

struct RiskExport {
  const RiskLog& risks;
  const std::vector<RiskDetection>& detections;  // the shard's, for UserRiskEvents
  const std::vector<RiskyUser>& users;           // at the window's end
  const std::vector<Item>& items;
  std::string tenantId, resourceId;
  uint64_t seed = 0;

  void top(std::string& out, Ticks time, std::string_view operation, std::string_view category,
           std::string_view correlationId, std::string_view identity) const {
    beginRiskRecord(out, time, resourceId, tenantId, operation, category, correlationId, identity);
  }

  std::string correlationOf(const Item& item) const {
    return riskChangeCorrelationId(seed, item.key);
  }

  // The user's names, from the first detection's sign-in.
  void names(const RiskyUser& u, RiskDetectionDetails& d, RiskyUserNames& n) const {
    risks.describe(*u.first, d);
    n = {d.signIn.userId, d.signIn.userDisplayName, d.signIn.userPrincipalName};
  }

  void record(size_t i, std::string& out) const {
    const Item& item = items[i];
    thread_local RiskDetectionDetails d;
    if (!item.riskyUser) {
      risks.describe(detections[item.index], d);
      top(out, item.time, kDetectionOperation, kCategories[0].category, d.signIn.correlationId,
          d.signIn.userPrincipalName);
      renderRiskDetection(d, ApiVersion::V1, out, kAllRiskProperties, UnknownEnumMembers::Included);
      out += '}';
      return;
    }
    const RiskyUser& u = users[item.index];
    RiskyUserNames n;
    names(u, d, n);
    top(out, item.time, kRiskyUserOperation, kCategories[1].category, correlationOf(item),
        n.principalName);
    RiskyUser state;
    state.principal = u.principal;
    state.first = u.first;
    state.history.push_back(u.history[item.event]);
    renderRiskyUser(state, n, out, UnknownEnumMembers::Included);
    out += '}';
  }

  void row(size_t i, std::string& out) const {
    const Item& item = items[i];
    thread_local RiskDetectionDetails d;
    if (!item.riskyUser) {
      const RiskDetection& r = detections[item.index];
      risks.describe(r, d);
      renderRiskEventRow(r, d, kDetectionOperation, kCategories[0].table, out);
      return;
    }
    const RiskyUser& u = users[item.index];
    const RiskyUserEvent& e = u.history[item.event];
    RiskyUserNames n;
    names(u, d, n);
    beginTableRow(out, e.time);
    appendJsonField(out, "CorrelationId", correlationOf(item));
    appendJsonField(out, "Id", n.id);
    out += ",\"IsDeleted\":false,\"IsProcessing\":false";
    appendJsonField(out, "OperationName", kRiskyUserOperation);
    appendJsonField(out, "RiskDetail", e.riskDetail);
    appendTimeField(out, "RiskLastUpdatedDateTime", e.time);
    appendJsonField(out, "RiskLevel", e.riskLevel);
    appendJsonField(out, "RiskState", e.riskState);
    appendJsonField(out, "UserDisplayName", n.displayName);
    appendJsonField(out, "UserPrincipalName", n.principalName);
    appendJsonField(out, "SourceSystem", "Azure AD");
    appendJsonField(out, "Type", kCategories[1].table);
    out += '}';
  }
};

}  // namespace

Status writeRiskCategories(const Simulation& sim, const RiskLog& risks, const ExportOptions& o,
                           const ProgressCallback& progress) {
  if (isAzureBlobDestination(o.out))
    return plainError(
        "azblob:// destinations take --log audits (risk blobs are written to --out DIR)");
  const Scenario& scenario = sim.scenario();
  auto [from, to] = exportRange(sim, o);
  const std::vector<RiskDetection> detections = risks.generate(from, to);
  // A risky user's history depends on every detection of the window (a later planted detection
  // changes the remediation): the state at the window's end, its changes in [from, to).
  const std::vector<RiskDetection> all = risks.generateWindow();
  const std::vector<RiskyUser> users = riskyUsersAt(all, scenario.windowEnd, scenario);
  std::vector<Item> items;
  for (size_t i = 0; i < detections.size(); ++i)
    items.push_back({detections[i].time, detections[i].key, false, i, 0});
  for (size_t u = 0; u < users.size(); ++u)
    for (size_t e = 0; e < users[u].history.size(); ++e) {
      const Ticks t = users[u].history[e].time;
      if (t >= from && t < to)
        items.push_back({t, (uint64_t{users[u].principal} << 16) | e, true, u, e});
    }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.riskyUser != b.riskyUser) return b.riskyUser;
    return a.key < b.key;
  });
  const std::string tenantId = sim.tenant().id();
  const RiskExport x{risks,        detections, users, items, tenantId, entraResourceId(tenantId),
                     scenario.seed};
  AzureCategoryLog azure;
  azure.name = "risk";
  azure.categories = kCategories;
  azure.count = items.size();
  azure.categoryOf = [&](size_t i) { return items[i].riskyUser ? size_t{1} : size_t{0}; };
  azure.timeOf = [&](size_t i) { return items[i].time; };
  azure.visibleAtOf = [&](size_t i) {
    return items[i].riskyUser ? items[i].time : detections[items[i].index].visibleAt();
  };
  azure.record = [&](size_t i, std::string& out) { x.record(i, out); };
  azure.row = [&](size_t i, std::string& out) { x.row(i, out); };
  azure.provider = "Microsoft.aadiam";
  azure.resourcePath = "/tenants/" + tenantId + "/providers/microsoft.aadiam";
  azure.hubSeed = scenario.seed ^ 0x7269736b;
  return writeAzureCategoryLog(azure, o, progress);
}

}  // namespace tenantsim
