#include "simulator/graph/alert_render.h"

#include <array>
#include <cstdio>

#include "base/json_writer.h"
#include "base/time.h"

namespace tenantsim {
namespace {

constexpr std::array<std::string_view, 6> kIncidentStatusMembers = {
    "active", "resolved", "inProgress", "redirected", kUnknownFutureValue, "awaitingAction"};
constexpr std::array<std::string_view, 15> kServiceSourceMembers = {
    "unknown",
    "microsoftDefenderForEndpoint",
    "microsoftDefenderForIdentity",
    "microsoftDefenderForCloudApps",
    "microsoftDefenderForOffice365",
    "microsoft365Defender",
    "azureAdIdentityProtection",
    "microsoftAppGovernance",
    "dataLossPrevention",
    kUnknownFutureValue,
    "microsoftDefenderForCloud",
    "microsoftSentinel",
    "microsoftInsiderRiskManagement",
    "microsoftThreatIntelligence",
    "microsoftSecurityForAI"};
constexpr std::array<std::string_view, 18> kDetectionSourceMembers = {
    "unknown",
    "microsoftDefenderForEndpoint",
    "antivirus",
    "smartScreen",
    "customTi",
    "microsoftDefenderForOffice365",
    "automatedInvestigation",
    "microsoftThreatExperts",
    "customDetection",
    "microsoftDefenderForIdentity",
    "cloudAppSecurity",
    "microsoft365Defender",
    "azureAdIdentityProtection",
    "manual",
    "microsoftDataLossPrevention",
    "appGovernancePolicy",
    "appGovernanceDetection",
    kUnknownFutureValue};  // the members after it are never emitted

void field(std::string& out, std::string_view name, std::string_view value, bool isNull = false) {
  appendJsonField(out, name, value, isNull);
}
void nullField(std::string& out, std::string_view name) {
  appendJsonKey(out, name, true);
  out += "null";
}
void timeField(std::string& out, std::string_view name, Ticks t) {
  appendJsonKey(out, name, true);
  out += '"';
  appendIsoTime(out, t);
  out += '"';
}
void timeOrNull(std::string& out, std::string_view name, Ticks t, bool isNull) {
  if (isNull) return nullField(out, name);
  timeField(out, name, t);
}
void number(std::string& out, double value) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%.10g", value);
  out.append(buf, static_cast<size_t>(n));
}
void emptyArrays(std::string& out, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    appendJsonKey(out, name, true);
    out += "[]";
  }
}

// Defender for Cloud Apps' numeric app ids (UNCONFIRMED beyond Office 365's 11161).
int64_t cloudAppId(std::string_view displayName) {
  if (displayName.find("Intune") != std::string_view::npos) return 27593;
  if (displayName.find("Azure") != std::string_view::npos) return 12260;
  return 11161;
}

// The base alertEvidence properties, after "@odata.type".
void evidenceBase(std::string& out, std::string_view type, Ticks created, std::string_view verdict,
                  std::string_view remediation, std::string_view role) {
  out += "{\"@odata.type\":\"#microsoft.graph.security.";
  out += type;
  out += '"';
  timeField(out, "createdDateTime", created);
  field(out, "verdict", verdict);
  field(out, "remediationStatus", remediation);
  nullField(out, "remediationStatusDetails");
  appendJsonKey(out, "roles", true);
  out += '[';
  if (!role.empty()) appendJsonString(out, role);
  out += ']';
  emptyArrays(out, {"detailedRoles", "tags"});
}

void renderEvidence(const AlertDetails& d, Ticks asOf, std::string& out) {
  const Alert& a = *d.alert;
  const SignInDetails& s = d.signIn;
  const bool resolved = a.statusAt(asOf) == AlertStatus::Resolved;
  const bool malicious = a.planted();
  const std::string_view verdict = !resolved   ? "suspicious"
                                   : malicious ? "malicious"
                                               : "noThreatsFound";
  const std::string_view remediation = resolved && malicious ? "remediated" : "none";
  const bool cloudApps = d.text.serviceSource == "microsoftDefenderForCloudApps";
  out += ",\"evidence\":[";
  // The user.
  evidenceBase(out, "userEvidence", a.time, verdict, remediation, malicious ? "compromised" : "");
  nullField(out, "stream");
  out += ",\"userAccount\":{";
  const size_t at = s.userPrincipalName.find('@');
  appendJsonField(out, "accountName", std::string_view(s.userPrincipalName).substr(0, at), false,
                  false);
  nullField(out, "activeDirectoryObjectGuid");
  field(out, "azureAdUserId", s.userId);
  field(out, "displayName", s.userDisplayName);
  field(out, "domainName",
        at == std::string::npos ? std::string_view()
                                : std::string_view(s.userPrincipalName).substr(at + 1));
  emptyArrays(out, {"resourceAccessEvents"});
  field(out, "tenantId", d.tenantId);
  field(out, "userPrincipalName", s.userPrincipalName);
  nullField(out, "userSid");
  out += "}}";
  // The address and where it is.
  out += ',';
  evidenceBase(out, "ipEvidence", a.time, verdict, "none", malicious ? "attacker" : "");
  field(out, "ipAddress", s.ipAddress);
  field(out, "countryLetterCode", s.countryOrRegion);
  nullField(out, "stream");
  out += ",\"location\":{";
  appendJsonField(out, "city", s.city, false, false);
  field(out, "countryName", s.countryOrRegion);
  out += ",\"latitude\":";
  number(out, s.latitude);
  out += ",\"longitude\":";
  number(out, s.longitude);
  field(out, "state", s.state);
  out += "}}";
  // The application signed in to.
  out += ',';
  if (cloudApps) {
    const int64_t id = cloudAppId(s.appDisplayName);
    evidenceBase(out, "cloudApplicationEvidence", a.time, verdict, "none", "");
    out += ",\"appId\":" + std::to_string(id);
    field(out, "displayName", s.appDisplayName);
    out += ",\"instanceId\":0";
    field(out, "instanceName", s.appDisplayName);
    out += ",\"saasAppId\":" + std::to_string(id);
    nullField(out, "stream");
  } else {
    evidenceBase(out, "oauthApplicationEvidence", a.time, verdict, "none", "");
    field(out, "appId", s.appId);
    field(out, "displayName", s.appDisplayName);
    nullField(out, "objectId");
    field(out, "publisher", "Microsoft");
  }
  out += '}';
  // The device, when the sign-in names one.
  if (!s.deviceId.empty()) {
    out += ',';
    evidenceBase(out, "deviceEvidence", a.time, verdict, "none", "");
    field(out, "azureAdDeviceId", s.deviceId);
    field(out, "deviceDnsName", s.deviceDisplayName);
    nullField(out, "firstSeenDateTime");
    field(out, "healthStatus", "active");
    emptyArrays(out, {"loggedOnUsers"});
    nullField(out, "mdeDeviceId");
    field(out, "onboardingStatus", s.isManaged ? "onboarded" : "canBeOnboarded");
    nullField(out, "osBuild");
    field(out, "osPlatform", s.operatingSystem);
    nullField(out, "rbacGroupId");
    nullField(out, "rbacGroupName");
    field(out, "riskScore", "none");
    nullField(out, "version");
    nullField(out, "vmMetadata");
    out += '}';
  }
  out += ']';
}

void webUrl(std::string& out, std::string_view name, std::string_view kind, std::string_view id,
            std::string_view tenantId) {
  std::string url = "https://security.microsoft.com/";
  url += kind;
  url += '/';
  url += id;
  url += "?tid=";
  url += tenantId;
  field(out, name, url);
}

}  // namespace

const EvolvableEnum kIncidentStatusEnum{"incidentStatus", kIncidentStatusMembers};
const EvolvableEnum kServiceSourceEnum{"serviceSource", kServiceSourceMembers};
const EvolvableEnum kDetectionSourceEnum{"detectionSource", kDetectionSourceMembers};

void renderAlert(const AlertDetails& d, Ticks asOf, ApiVersion /*api*/, std::string& out,
                 UnknownEnumMembers enums) {
  const Alert& a = *d.alert;
  const AlertStatus status = a.statusAt(asOf);
  const bool resolved = status == AlertStatus::Resolved;
  out += "{\"@odata.type\":\"#microsoft.graph.security.alert\"";
  field(out, "id", d.id);
  field(out, "providerAlertId", d.providerAlertId);
  field(out, "incidentId", d.incidentId);
  field(out, "status", alertStatusName(status));
  field(out, "severity", alertSeverityName(a.severity));
  field(out, "classification", resolved ? alertClassificationName(a.verdict) : "unknown");
  field(out, "determination", resolved ? alertDeterminationName(a.verdict) : "unknown");
  field(out, "serviceSource", evolvableMemberName(kServiceSourceEnum, d.text.serviceSource, enums));
  field(out, "detectionSource",
        evolvableMemberName(kDetectionSourceEnum, d.text.detectionSource, enums));
  field(out, "productName", d.text.productName);
  field(out, "detectorId", d.text.detectorId);
  field(out, "tenantId", d.tenantId);
  field(out, "title", d.text.title);
  field(out, "description", d.text.description);
  field(out, "recommendedActions", "");
  field(out, "category", d.text.category);
  appendJsonKey(out, "categories", true);
  out += '[';
  appendJsonString(out, d.text.category);
  out += ']';
  appendJsonKey(out, "mitreTechniques", true);
  out += '[';
  appendJsonString(out, d.text.mitreTechnique);
  out += ']';
  field(out, "assignedTo", d.assignedTo, status == AlertStatus::New);
  field(out, "actorDisplayName", d.signIn.userDisplayName, !a.planted());
  nullField(out, "alertPolicyId");
  nullField(out, "threatDisplayName");
  nullField(out, "threatFamilyName");
  webUrl(out, "alertWebUrl", "alerts", d.id, d.tenantId);
  webUrl(out, "incidentWebUrl", "incidents", d.incidentId, d.tenantId);
  timeField(out, "createdDateTime", a.time);
  timeField(out, "lastUpdateDateTime", a.lastUpdateAt(asOf));
  timeField(out, "firstActivityDateTime", a.firstActivity);
  timeField(out, "lastActivityDateTime", a.lastActivity);
  timeOrNull(out, "resolvedDateTime", a.resolvedAt, !resolved);
  field(out, "investigationState", resolved ? "benign" : "unsupportedAlertType");
  appendJsonKey(out, "comments", true);
  out += '[';
  if (resolved) {
    out += "{\"comment\":";
    appendJsonString(out, std::string("Resolved as ") +
                              std::string(alertClassificationName(a.verdict)) + " (" +
                              std::string(alertDeterminationName(a.verdict)) + ")");
    field(out, "createdByDisplayName", d.assignedTo);
    timeField(out, "createdDateTime", a.resolvedAt);
    out += '}';
  }
  out += ']';
  emptyArrays(out, {"systemTags"});
  nullField(out, "customDetails");
  if (d.hasAudit) {
    // The audit row the alert is about (UNCONFIRMED: Graph leaves additionalData to each product).
    out += ",\"additionalData\":{";
    appendJsonField(out, "auditLogId", d.audit.id, false, false);
    field(out, "auditActivity", d.audit.activity ? std::string_view(d.audit.activity->name) : "");
    field(out, "auditTarget",
          d.audit.targetCount ? std::string_view(d.audit.targets[0].displayName) : "");
    out += '}';
  } else {
    nullField(out, "additionalData");
  }
  renderEvidence(d, asOf, out);
  out += '}';
}

void renderIncident(const IncidentDetails& d, ApiVersion /*api*/, std::string& out,
                    UnknownEnumMembers enums, std::string_view alerts) {
  const bool resolved = d.status == IncidentStatus::Resolved;
  out += "{\"@odata.type\":\"#microsoft.graph.security.incident\"";
  field(out, "id", d.id);
  field(out, "displayName", d.displayName);
  field(out, "status",
        evolvableMemberName(kIncidentStatusEnum, incidentStatusName(d.status), enums));
  field(out, "severity", alertSeverityName(d.severity));
  field(out, "classification", d.classified ? alertClassificationName(d.verdict) : "unknown");
  field(out, "determination", d.classified ? alertDeterminationName(d.verdict) : "unknown");
  field(out, "assignedTo", d.assignedTo, d.assignedTo.empty());
  out += ",\"priorityScore\":" + std::to_string(d.priorityScore);
  timeField(out, "createdDateTime", d.incident->time);
  timeField(out, "lastUpdateDateTime", d.lastUpdate);
  emptyArrays(out, {"customTags", "systemTags", "comments"});
  nullField(out, "description");
  nullField(out, "summary");
  nullField(out, "redirectIncidentId");
  if (resolved) {
    field(out, "resolvingComment",
          std::string("Resolved as ") + std::string(alertClassificationName(d.verdict)));
  } else {
    nullField(out, "resolvingComment");
  }
  field(out, "lastModifiedBy",
        d.assignedTo.empty() ? std::string_view("Microsoft 365 Defender-AlertCorrelation")
                             : std::string_view(d.assignedTo));
  webUrl(out, "incidentWebUrl", "incidents", d.id, d.tenantId);
  field(out, "tenantId", d.tenantId);
  if (!alerts.empty()) {
    out += ",\"alerts\":";
    out += alerts;
  }
  out += '}';
}

}  // namespace tenantsim
