#include "simulator/export/risk_records.h"

#include "base/json_writer.h"
#include "base/rng.h"
#include "simulator/export/azure_category_log.h"

namespace tenantsim {

void beginRiskRecord(std::string& out, Ticks time, std::string_view resourceId,
                     std::string_view tenantId, std::string_view operation,
                     std::string_view category, std::string_view correlationId,
                     std::string_view identity) {
  out += "{\"time\":\"";
  appendIsoTime(out, time);
  out += '"';
  appendJsonField(out, "resourceId", resourceId);
  appendJsonField(out, "operationName", operation);
  out += ",\"operationVersion\":\"1.0\"";
  appendJsonField(out, "category", category);
  appendJsonField(out, "tenantId", tenantId);
  out += ",\"resultSignature\":\"None\",\"durationMs\":0";
  appendJsonField(out, "correlationId", correlationId);
  appendJsonField(out, "identity", identity);
  out += ",\"Level\":4,\"properties\":";
}

void appendRiskLocationColumn(std::string& out, const SignInDetails& s) {
  appendJsonKey(out, "Location");
  out += '{';
  appendJsonField(out, "city", s.city, false, false);
  appendJsonField(out, "state", s.state);
  appendJsonField(out, "countryOrRegion", s.countryOrRegion);
  out += '}';
}

void renderRiskEventRow(const RiskDetection& r, const RiskDetectionDetails& d,
                        std::string_view operation, std::string_view table, std::string& out) {
  const SignInDetails& s = d.signIn;
  const bool sp = d.servicePrincipal();
  beginTableRow(out, r.visibleAt());
  appendJsonField(out, "Activity", d.activity);
  appendTimeField(out, "ActivityDateTime", r.signIn.time);
  // Users: the sign-in's user agent; service principals (no agent): the client address.
  appendJsonKey(out, "AdditionalInfo");
  out += sp ? "[{\"Key\":\"clientIp\",\"Value\":" : "[{\"Key\":\"userAgent\",\"Value\":";
  appendJsonString(out, sp ? std::string_view(s.ipAddress) : std::string_view(s.userAgent));
  out += "}]";
  if (sp) appendJsonField(out, "AppId", s.appId);
  appendJsonField(out, "CorrelationId", s.correlationId);
  appendTimeField(out, "DetectedDateTime", r.time);
  appendJsonField(out, "DetectionTimingType", d.timing);
  appendJsonField(out, "Id", d.id);
  appendJsonField(out, "IpAddress", s.ipAddress);
  if (sp) {
    appendJsonKey(out, "KeyIds");
    out += '[';
    if (!d.keyId.empty()) appendJsonString(out, d.keyId);
    out += ']';
  }
  appendTimeField(out, "LastUpdatedDateTime", d.lastUpdated);
  appendRiskLocationColumn(out, s);
  appendJsonField(out, "OperationName", operation);
  appendJsonField(out, "RequestId", s.id);
  appendJsonField(out, "RiskDetail", d.riskDetail);
  appendJsonField(out, "RiskEventType", d.riskEventType);
  appendJsonField(out, "RiskLevel", d.riskLevel);
  appendJsonField(out, "RiskState", d.riskState);
  if (sp) {
    appendJsonField(out, "ServicePrincipalDisplayName", s.servicePrincipalName);
    appendJsonField(out, "ServicePrincipalId", s.servicePrincipalId);
  }
  appendJsonField(out, "Source", "IdentityProtection");
  appendJsonField(out, "TokenIssuerType", "AzureAD");
  if (!sp) {
    appendJsonField(out, "UserDisplayName", s.userDisplayName);
    appendJsonField(out, "UserId", s.userId);
    appendJsonField(out, "UserPrincipalName", s.userPrincipalName);
  }
  appendJsonField(out, "SourceSystem", "Azure AD");
  appendJsonField(out, "Type", table);
  out += '}';
}

std::string riskChangeCorrelationId(uint64_t seed, uint64_t key) {
  char g[36];
  guidFrom(seed, "riskyUserCorrelation", key, g);
  return std::string(g, 36);
}

}  // namespace tenantsim
