#include "simulator/graph/risky_user_render.h"

#include <iterator>

#include "base/json_writer.h"
#include "base/time.h"
#include "simulator/graph/risk_render.h"

namespace tenantsim {
namespace {

constexpr std::string_view kProperties[] = {
    "id",        "isDeleted", "isProcessing",    "riskDetail",       "riskLastUpdatedDateTime",
    "riskLevel", "riskState", "userDisplayName", "userPrincipalName"};

void state(const RiskyUserEvent& e, const RiskyUserNames& n, std::string& out,
           UnknownEnumMembers enums, bool detailHidden, uint32_t mask) {
  auto want = [&](size_t bit) { return (mask >> bit) & 1; };
  out += "{\"id\":";
  appendJsonString(out, n.id);
  if (want(1)) out += ",\"isDeleted\":false";
  if (want(2)) out += ",\"isProcessing\":false";
  if (want(3))
    appendJsonField(
        out, "riskDetail",
        evolvableMemberName(kRiskDetailEnum, detailHidden ? "hidden" : e.riskDetail, enums));
  if (want(4)) {
    out += ",\"riskLastUpdatedDateTime\":\"";
    appendIsoTime(out, e.time);
    out += '"';
  }
  if (want(5))
    appendJsonField(out, "riskLevel", evolvableMemberName(kRiskLevelEnum, e.riskLevel, enums));
  if (want(6))
    appendJsonField(out, "riskState", evolvableMemberName(kRiskStateEnum, e.riskState, enums));
  if (want(7)) appendJsonField(out, "userDisplayName", n.displayName);
  if (want(8)) appendJsonField(out, "userPrincipalName", n.principalName);
}

}  // namespace

uint32_t riskyUserProperty(std::string_view name) {
  for (size_t i = 0; i < std::size(kProperties); ++i)
    if (kProperties[i] == name) return uint32_t{1} << i;
  return 0;
}

void renderRiskyUser(const RiskyUser& u, const RiskyUserNames& names, std::string& out,
                     UnknownEnumMembers enums, bool detailHidden, uint32_t mask) {
  state(u.history.back(), names, out, enums, detailHidden, mask);
  out += '}';
}

void renderRiskyUserHistoryItem(const RiskyUserEvent& e, const RiskyUserNames& names,
                                std::string_view adminId, std::string& out,
                                UnknownEnumMembers enums) {
  state(e, names, out, enums, false, kAllRiskyUserProperties);
  appendJsonField(out, "userId", names.id);
  // A detection is raised by the system (initiatedBy null); the user remediates their own risk
  // (MFA, password reset), an administrator dismisses or confirms: the admin's id, the initiator
  // of the matching directoryAudits row (null when names.adminId is not given).
  if (e.action == RiskyUserAction::Detection)
    appendJsonField(out, "initiatedBy", "", true);
  else if (selfRemediation(e.action))
    appendJsonField(out, "initiatedBy", names.id);
  else
    appendJsonField(out, "initiatedBy", adminId, adminId.empty());
  out += ",\"activity\":{";
  appendJsonField(out, "detail", evolvableMemberName(kRiskDetailEnum, e.riskDetail, enums), false,
                  false);
  out += ",\"riskEventTypes\":[";
  if (e.action == RiskyUserAction::Detection) appendJsonString(out, riskEventTypeName(e.type));
  out += "]}}";
}

namespace {

constexpr std::string_view kSpProperties[] = {"id",
                                              "appId",
                                              "displayName",
                                              "isEnabled",
                                              "isProcessing",
                                              "riskDetail",
                                              "riskLastUpdatedDateTime",
                                              "riskLevel",
                                              "riskState",
                                              "servicePrincipalType",
                                              "accountEnabled"};

void spState(const RiskyUserEvent& e, const RiskyServicePrincipalNames& n, ApiVersion api,
             std::string& out, UnknownEnumMembers enums, uint32_t mask) {
  auto want = [&](size_t bit) { return (mask >> bit) & 1; };
  out += "{\"id\":";
  appendJsonString(out, n.id);
  if (want(1)) appendJsonField(out, "appId", n.appId);
  if (want(2)) appendJsonField(out, "displayName", n.displayName);
  if (want(3)) out += ",\"isEnabled\":true";
  if (want(4)) out += ",\"isProcessing\":false";
  if (want(5))
    appendJsonField(out, "riskDetail", evolvableMemberName(kRiskDetailEnum, e.riskDetail, enums));
  if (want(6)) {
    out += ",\"riskLastUpdatedDateTime\":\"";
    appendIsoTime(out, e.time);
    out += '"';
  }
  if (want(7))
    appendJsonField(out, "riskLevel", evolvableMemberName(kRiskLevelEnum, e.riskLevel, enums));
  if (want(8))
    appendJsonField(out, "riskState", evolvableMemberName(kRiskStateEnum, e.riskState, enums));
  if (want(9)) appendJsonField(out, "servicePrincipalType", "Application");
  if (api == ApiVersion::Beta && want(10)) out += ",\"accountEnabled\":true";
}

void spActivity(const RiskyUserEvent& e, std::string_view adminId, std::string& out,
                UnknownEnumMembers enums) {
  // Detections are raised by the system (initiatedBy null); an administrator dismisses or
  // confirms: the admin's id, the initiator of the matching directoryAudits row.
  appendJsonField(out, "initiatedBy", adminId,
                  e.action == RiskyUserAction::Detection || adminId.empty());
  out += ",\"activity\":{";
  appendJsonField(out, "detail", evolvableMemberName(kRiskDetailEnum, e.riskDetail, enums), false,
                  false);
  out += ",\"riskEventTypes\":[";
  if (e.action == RiskyUserAction::Detection) appendJsonString(out, riskEventTypeName(e.type));
  out += "]}";
}

}  // namespace

RiskyServicePrincipalNames riskyServicePrincipalNames(const RiskLog& log, const RiskyUser& sp,
                                                      RiskDetectionDetails& d) {
  log.describe(*sp.first, d);
  const Tenant& tenant = log.simulation().tenant();
  Guid admin;
  tenant.userId(remediationAdmin(log.seed(), sp.principal, tenant.adminCount(),
                                 RiskSubject::ServicePrincipal),
                admin);
  return {d.signIn.servicePrincipalId, d.signIn.appId, d.signIn.servicePrincipalName,
          std::string(view(admin))};
}

uint32_t riskyServicePrincipalProperty(std::string_view name) {
  for (size_t i = 0; i < std::size(kSpProperties); ++i)
    if (kSpProperties[i] == name) return uint32_t{1} << i;
  return 0;
}

void renderRiskyServicePrincipal(const RiskyUser& sp, const RiskyServicePrincipalNames& names,
                                 ApiVersion api, std::string& out, UnknownEnumMembers enums,
                                 uint32_t mask) {
  spState(sp.history.back(), names, api, out, enums, mask);
  out += '}';
}

void renderRiskyServicePrincipalHistoryItem(const RiskyUserEvent& e,
                                            const RiskyServicePrincipalNames& names, ApiVersion api,
                                            std::string& out, UnknownEnumMembers enums) {
  if (api == ApiVersion::Beta) {
    out += "{\"id\":";
    appendJsonString(out, names.id);
    appendJsonField(out, "servicePrincipalId", names.id);
  } else {
    spState(e, names, api, out, enums, kAllRiskyUserProperties);
  }
  spActivity(e, names.adminId, out, enums);
  out += '}';
}

}  // namespace tenantsim
