// The ground truth of Identity Protection: one JSON line per planted risk detection detected in
// the range, {"id","log":"riskDetections"|"servicePrincipalRiskDetections","storyline","step",
// "createdDateTime","riskEventType","requestId"}, in detection order, then one line per risky
// user and risky service principal those detections make, {"id","log":"riskyUsers" |
// "riskyServicePrincipals","storyline","step":"risky-user" | "risky-service-principal",
// "createdDateTime"} (its id is the user's or the service principal's).
// Written into the sign-in labels (signin_labels.cc).
#include <set>

#include "base/json_writer.h"
#include "base/time.h"
#include "simulator/export/formats.h"
#include "simulator/export/output.h"
#include "simulator/simulation/risk_log.h"
#include "simulator/simulation/signin_storylines.h"

namespace tenantsim {
namespace {

void riskLine(const RiskDetectionDetails& d, std::string_view log, std::string& out) {
  const RiskDetection& r = *d.detection;
  const size_t colon = d.label.rfind(':');
  out += "{\"id\":";
  appendJsonString(out, d.id);
  out += ",\"log\":";
  appendJsonString(out, log);
  out += ",\"storyline\":";
  appendJsonString(out, std::string_view(d.label).substr(0, colon));
  out += ",\"step\":";
  appendJsonString(out, std::string_view(d.label).substr(colon + 1));
  out += ",\"createdDateTime\":\"";
  appendIsoTime(out, r.time);
  out += "\",\"riskEventType\":";
  appendJsonString(out, riskEventTypeName(r.type));
  out += ",\"requestId\":";
  appendJsonString(out, d.signIn.id);
  out += "}\n";
}

}  // namespace

void renderRiskLabels(const RiskLog& log, Ticks from, Ticks to, std::string& out) {
  RiskDetectionDetails d;
  std::set<std::string> risky;
  std::string tail;
  for (const RiskDetection& r : log.generate(from, to)) {
    if (!isPlantedSignIn(r.signIn)) continue;
    log.describe(r, d);
    riskLine(d, "riskDetections", out);
    // The risky user the detection makes (its id is the user's).
    if (!risky.insert(d.signIn.userId).second) continue;
    tail += "{\"id\":";
    appendJsonString(tail, d.signIn.userId);
    tail += ",\"log\":\"riskyUsers\",\"storyline\":";
    appendJsonString(tail, std::string_view(d.label).substr(0, d.label.rfind(':')));
    tail += ",\"step\":\"risky-user\",\"createdDateTime\":\"";
    appendIsoTime(tail, r.updated);
    tail += "\"}\n";
  }
  for (const RiskDetection& r : log.generateServicePrincipals(from, to)) {
    if (!isPlantedSignIn(r.signIn)) continue;
    log.describe(r, d);
    riskLine(d, "servicePrincipalRiskDetections", out);
    if (!risky.insert(d.signIn.servicePrincipalId).second) continue;
    tail += "{\"id\":";
    appendJsonString(tail, d.signIn.servicePrincipalId);
    tail += ",\"log\":\"riskyServicePrincipals\",\"storyline\":";
    appendJsonString(tail, std::string_view(d.label).substr(0, d.label.rfind(':')));
    tail += ",\"step\":\"risky-service-principal\",\"createdDateTime\":\"";
    appendIsoTime(tail, r.updated);
    tail += "\"}\n";
  }
  out += tail;
}

}  // namespace tenantsim
