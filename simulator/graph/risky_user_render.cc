#include "simulator/graph/risky_user_render.h"

#include "base/json_writer.h"
#include "base/time.h"
#include "simulator/graph/risk_render.h"

namespace tenantsim {
namespace {

void state(const RiskyUserEvent& e, const RiskyUserNames& n, std::string& out,
           UnknownEnumMembers enums, bool detailHidden) {
  out += "{\"id\":";
  appendJsonString(out, n.id);
  out += ",\"isDeleted\":false,\"isProcessing\":false";
  appendJsonField(
      out, "riskDetail",
      evolvableMemberName(kRiskDetailEnum, detailHidden ? "hidden" : e.riskDetail, enums));
  out += ",\"riskLastUpdatedDateTime\":\"";
  appendIsoTime(out, e.time);
  out += '"';
  appendJsonField(out, "riskLevel", evolvableMemberName(kRiskLevelEnum, e.riskLevel, enums));
  appendJsonField(out, "riskState", evolvableMemberName(kRiskStateEnum, e.riskState, enums));
  appendJsonField(out, "userDisplayName", n.displayName);
  appendJsonField(out, "userPrincipalName", n.principalName);
}

}  // namespace

void renderRiskyUser(const RiskyUser& u, const RiskyUserNames& names, std::string& out,
                     UnknownEnumMembers enums, bool detailHidden) {
  state(u.history.back(), names, out, enums, detailHidden);
  out += '}';
}

void renderRiskyUserHistoryItem(const RiskyUserEvent& e, const RiskyUserNames& names,
                                std::string& out, UnknownEnumMembers enums) {
  state(e, names, out, enums, false);
  appendJsonField(out, "userId", names.id);
  // A detection is raised by the system (initiatedBy null); the user remediates their own risk
  // (MFA, password reset), an administrator dismisses or confirms (our choice: the user's id for
  // self-remediation, null otherwise, as the admin is not simulated).
  const bool self =
      e.action == RiskyUserAction::PassedMfa || e.action == RiskyUserAction::PasswordReset;
  appendJsonField(out, "initiatedBy", names.id, !self);
  out += ",\"activity\":{";
  appendJsonField(out, "detail", evolvableMemberName(kRiskDetailEnum, e.riskDetail, enums), false,
                  false);
  out += ",\"riskEventTypes\":[";
  if (e.action == RiskyUserAction::Detection) appendJsonString(out, riskEventTypeName(e.type));
  out += "]}}";
}

}  // namespace tenantsim
