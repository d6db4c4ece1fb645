#include "simulator/graph/risk_render.h"

#include <cstdio>

#include "base/json_writer.h"
#include "base/time.h"

namespace tenantsim {
namespace {

void field(std::string& out, std::string_view name, std::string_view value, bool isNull = false) {
  appendJsonField(out, name, value, isNull);
}
void timeField(std::string& out, std::string_view name, Ticks t) {
  appendJsonKey(out, name, true);
  out += '"';
  appendIsoTime(out, t);
  out += '"';
}
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
  }
  return "";
}

}  // namespace

void renderRiskDetection(const RiskDetectionDetails& d, ApiVersion api, std::string& out) {
  const RiskDetection& r = *d.detection;
  const SignInDetails& s = d.signIn;
  out += "{\"id\":";
  appendJsonString(out, d.id);
  field(out, "requestId", s.id);
  field(out, "correlationId", s.correlationId);
  field(out, "riskEventType", d.premiumHidden ? "generic" : riskEventTypeName(r.type));
  if (api == ApiVersion::Beta) {
    field(out, "riskType", d.premiumHidden ? "generic" : riskEventTypeName(r.type));
    field(out, "mitreTechniqueId", mitreTechnique(r.type), d.premiumHidden);
  }
  field(out, "riskState", "atRisk");
  field(out, "riskLevel", d.premiumHidden ? "hidden" : riskLevelName(r.level));
  field(out, "riskDetail", d.premiumHidden ? "hidden" : "none");
  field(out, "source", "activeDirectory");
  field(out, "detectionTimingType", r.timing == RiskTiming::Realtime ? "realtime" : "offline");
  field(out, "activity", "signin");
  field(out, "tokenIssuerType", "AzureAD");
  field(out, "ipAddress", s.ipAddress);
  appendJsonKey(out, "location", true);
  out += '{';
  appendJsonField(out, "city", s.city, false, false);
  field(out, "state", s.state);
  field(out, "countryOrRegion", s.countryOrRegion);
  out += ",\"geoCoordinates\":{\"altitude\":null,\"latitude\":";
  number(out, s.latitude);
  out += ",\"longitude\":";
  number(out, s.longitude);
  out += "}}";
  timeField(out, "activityDateTime", r.signIn.time);
  timeField(out, "detectedDateTime", r.time);
  timeField(out, "lastUpdatedDateTime", d.lastUpdated);
  field(out, "userId", s.userId);
  field(out, "userDisplayName", s.userDisplayName);
  field(out, "userPrincipalName", s.userPrincipalName);
  std::string info = "[{\"Key\":\"userAgent\",\"Value\":";
  appendJsonString(info, s.userAgent);
  info += "}]";
  field(out, "additionalInfo", info);
  out += '}';
}

}  // namespace tenantsim
