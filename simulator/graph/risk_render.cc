#include "simulator/graph/risk_render.h"

#include <array>
#include <cstdio>

#include "base/json_writer.h"
#include "base/time.h"

namespace tenantsim {
namespace {

constexpr std::string_view kRiskDetailMembers[] = {"none",
                                                   "adminGeneratedTemporaryPassword",
                                                   "userPerformedSecuredPasswordChange",
                                                   "userPerformedSecuredPasswordReset",
                                                   "adminConfirmedSigninSafe",
                                                   "aiConfirmedSigninSafe",
                                                   "userPassedMFADrivenByRiskBasedPolicy",
                                                   "adminDismissedAllRiskForUser",
                                                   "adminConfirmedSigninCompromised",
                                                   "hidden",
                                                   "adminConfirmedUserCompromised",
                                                   "unknownFutureValue",
                                                   "m365DAdminDismissedDetection",
                                                   "adminConfirmedServicePrincipalCompromised",
                                                   "adminDismissedAllRiskForServicePrincipal",
                                                   "userChangedPasswordOnPremises",
                                                   "adminDismissedRiskForSignIn",
                                                   "adminConfirmedAccountSafe",
                                                   "microsoftRevokedSessions"};
constexpr std::string_view kRiskLevelMembers[] = {"low",    "medium", "high",
                                                  "hidden", "none",   "unknownFutureValue"};
constexpr std::string_view kRiskStateMembers[] = {
    "none",   "confirmedSafe",        "remediated",        "dismissed",
    "atRisk", "confirmedCompromised", "unknownFutureValue"};
constexpr std::string_view kActivityTypeMembers[] = {"signin", "user", "unknownFutureValue",
                                                     "servicePrincipal"};
constexpr std::string_view kTimingMembers[] = {"notDefined", "realtime", "nearRealtime", "offline",
                                               "unknownFutureValue"};

// The properties in the order they are written; index = bit.
constexpr std::array<std::string_view, 26> kProperties = {"id",
                                                          "requestId",
                                                          "correlationId",
                                                          "riskEventType",
                                                          "riskType",
                                                          "mitreTechniqueId",
                                                          "riskState",
                                                          "riskLevel",
                                                          "riskDetail",
                                                          "source",
                                                          "detectionTimingType",
                                                          "activity",
                                                          "tokenIssuerType",
                                                          "ipAddress",
                                                          "location",
                                                          "activityDateTime",
                                                          "detectedDateTime",
                                                          "lastUpdatedDateTime",
                                                          "userId",
                                                          "userDisplayName",
                                                          "userPrincipalName",
                                                          "additionalInfo",
                                                          "appId",
                                                          "keyIds",
                                                          "servicePrincipalDisplayName",
                                                          "servicePrincipalId"};
enum Property : uint32_t {
  kId,
  kRequestId,
  kCorrelationId,
  kRiskEventType,
  kRiskType,
  kMitreTechniqueId,
  kRiskState,
  kRiskLevel,
  kRiskDetail,
  kSource,
  kTiming,
  kActivity,
  kTokenIssuerType,
  kIpAddress,
  kLocation,
  kActivityDateTime,
  kDetectedDateTime,
  kLastUpdatedDateTime,
  kUserId,
  kUserDisplayName,
  kUserPrincipalName,
  kAdditionalInfo,
  kAppId,  // servicePrincipalRiskDetection only, from here on
  kKeyIds,
  kServicePrincipalDisplayName,
  kServicePrincipalId,
};

void number(std::string& out, double value) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%.10g", value);
  out.append(buf, static_cast<size_t>(n));
}

// MITRE ATT&CK techniques of the beta property mitreTechniqueId (UNCONFIRMED mapping).
std::string_view mitreTechnique(RiskEventType t) {
  switch (t) {
    case RiskEventType::PasswordSpray:
      return "T1110.003";
    case RiskEventType::AnomalousToken:
      return "T1528";
    case RiskEventType::UnlikelyTravel:
    case RiskEventType::UnfamiliarFeatures:
      return "T1078";
    case RiskEventType::InvestigationsThreatIntelligence:
      return "T1078.004";  // valid cloud accounts: the app's stolen credential
  }
  return "";
}

}  // namespace

const EvolvableEnum kRiskDetailEnum{"riskDetail", kRiskDetailMembers};
const EvolvableEnum kRiskLevelEnum{"riskLevel", kRiskLevelMembers};
const EvolvableEnum kRiskStateEnum{"riskState", kRiskStateMembers};
const EvolvableEnum kActivityTypeEnum{"activityType", kActivityTypeMembers};
const EvolvableEnum kRiskDetectionTimingTypeEnum{"riskDetectionTimingType", kTimingMembers};

RiskPropertyMask riskDetectionProperty(std::string_view name) {
  for (size_t i = 0; i < kProperties.size(); ++i)
    if (kProperties[i] == name) return RiskPropertyMask{1} << i;
  return 0;
}

void renderRiskDetection(const RiskDetectionDetails& d, ApiVersion api, std::string& out,
                         RiskPropertyMask mask, UnknownEnumMembers enums) {
  const RiskDetection& r = *d.detection;
  const SignInDetails& s = d.signIn;
  const bool beta = api == ApiVersion::Beta;
  auto want = [&](Property p) { return (mask & (RiskPropertyMask{1} << p)) != 0; };
  auto field = [&](Property p, std::string_view value, bool isNull = false) {
    if (want(p)) appendJsonField(out, kProperties[p], value, isNull);
  };
  auto enumField = [&](Property p, const EvolvableEnum& e, std::string_view value) {
    field(p, evolvableMemberName(e, value, enums));
  };
  auto timeField = [&](Property p, Ticks t) {
    if (!want(p)) return;
    appendJsonKey(out, kProperties[p], true);
    out += '"';
    appendIsoTime(out, t);
    out += '"';
  };
  out += "{\"id\":";
  appendJsonString(out, d.id);
  field(kRequestId, s.id);
  field(kCorrelationId, s.correlationId);
  field(kRiskEventType, d.riskEventType);
  if (beta) {
    field(kRiskType, d.riskEventType);
    field(kMitreTechniqueId, mitreTechnique(r.type), d.premiumHidden);
  }
  enumField(kRiskState, kRiskStateEnum, d.riskState);
  enumField(kRiskLevel, kRiskLevelEnum, d.riskLevel);
  enumField(kRiskDetail, kRiskDetailEnum, d.riskDetail);
  field(kSource, d.source);
  enumField(kTiming, kRiskDetectionTimingTypeEnum, d.timing);
  enumField(kActivity, kActivityTypeEnum, d.activity);
  field(kTokenIssuerType, "AzureAD");
  field(kIpAddress, s.ipAddress);
  if (want(kLocation)) {
    appendJsonKey(out, "location", true);
    out += '{';
    appendJsonField(out, "city", s.city, false, false);
    appendJsonField(out, "state", s.state);
    appendJsonField(out, "countryOrRegion", s.countryOrRegion);
    out += ",\"geoCoordinates\":{\"altitude\":null,\"latitude\":";
    number(out, s.latitude);
    out += ",\"longitude\":";
    number(out, s.longitude);
    out += "}}";
  }
  timeField(kActivityDateTime, r.signIn.time);
  timeField(kDetectedDateTime, r.time);
  timeField(kLastUpdatedDateTime, d.lastUpdated);
  const bool sp = d.servicePrincipal();
  if (!sp) {
    field(kUserId, s.userId);
    field(kUserDisplayName, s.userDisplayName);
    field(kUserPrincipalName, s.userPrincipalName);
  }
  if (want(kAdditionalInfo)) {
    // Users: the sign-in's user agent; service principals (no agent): the client address.
    std::string info =
        sp ? "[{\"Key\":\"clientIp\",\"Value\":" : "[{\"Key\":\"userAgent\",\"Value\":";
    appendJsonString(info, sp ? std::string_view(s.ipAddress) : std::string_view(s.userAgent));
    info += "}]";
    appendJsonField(out, "additionalInfo", info);
  }
  if (sp) {
    field(kAppId, s.appId);
    if (want(kKeyIds)) {
      appendJsonKey(out, "keyIds", true);
      out += '[';
      if (!d.keyId.empty()) appendJsonString(out, d.keyId);
      out += ']';
    }
    field(kServicePrincipalDisplayName, s.servicePrincipalName);
    field(kServicePrincipalId, s.servicePrincipalId);
  }
  out += '}';
}

}  // namespace tenantsim
