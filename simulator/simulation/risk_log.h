// Identity Protection's risk detections (riskDetections), raised by sign-ins: a realtime
// `unfamiliarFeatures` on some sign-ins from a city the user does not live in, and for planted
// storylines `passwordSpray` (the sprayed account whose password was right), `anomalousToken` and
// `unlikelyTravel` (the replayed token) and `unfamiliarFeatures` (the approved push of MFA
// fatigue). Each joins its sign-in (requestId = the sign-in's id, the same correlationId), and is
// listed once detected: at the sign-in for realtime detections, hours later for offline ones.
// A pure function of the scenario, like the sign-in log (docs/identity-protection.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/simulation/signin.h"
#include "simulator/simulation/signin_log.h"
#include "simulator/simulation/signin_risk.h"

namespace tenantsim {

struct RiskDetection {
  Ticks time = 0;     // detectedDateTime: the listing order
  uint64_t key = 0;   // unique: the sign-in's key mixed with the type
  Ticks updated = 0;  // lastUpdatedDateTime: within 5 minutes after time
  SignIn signIn;      // the sign-in that raised it
  RiskEventType type = RiskEventType::UnfamiliarFeatures;
  RiskLevel level = RiskLevel::Low;
  RiskTiming timing = RiskTiming::Realtime;

  // A detection is listed once written, at lastUpdatedDateTime (docs/identity-protection.md).
  Ticks visibleAt() const { return updated; }
};
inline bool operator<(const RiskDetection& a, const RiskDetection& b) {
  return a.time != b.time ? a.time < b.time : a.key < b.key;
}
inline bool operator==(const RiskDetection& a, const RiskDetection& b) {
  return a.time == b.time && a.key == b.key && a.updated == b.updated && a.signIn == b.signIn &&
         a.type == b.type && a.level == b.level && a.timing == b.timing;
}

// Everything a rendered riskDetection says (buffers reused between calls).
struct RiskDetectionDetails {
  const RiskDetection* detection = nullptr;
  std::string id;              // 64 hex digits (service principals: 52, fact sheet §3.2)
  SignInDetails signIn;        // the joined sign-in: requestId, correlationId, user, address
  Ticks lastUpdated = 0;       // lastUpdatedDateTime
  bool premiumHidden = false;  // P1: premium detections read as `generic`, level `hidden`
  std::string label;           // planted: "<storyline label>:<step>"
  // The enum-valued properties as rendered (premiumHidden applied), for render, filters, indexes.
  std::string_view riskEventType, riskLevel, riskState, riskDetail, timing;
  // User detections: activity signin, source activeDirectory. Service principals' (fact sheet
  // §3.1): activity servicePrincipal, source IdentityProtection, and the stolen secret's key id.
  std::string_view activity, source;
  std::string keyId;
  bool servicePrincipal() const { return signIn.signIn->kind == SignInKind::ServicePrincipal; }
};

class RiskLog {
 public:
  // signIns (and its simulation) must outlive the log. Empty when the sign-in log is off.
  explicit RiskLog(const SignInLog& signIns);

  // Every user detection (riskDetections) detected in [from, to) (clamped to the window), sorted
  // by (time, key).
  std::vector<RiskDetection> generate(Ticks from, Ticks to) const;
  std::vector<RiskDetection> generateWindow() const;
  // The same for service principals (servicePrincipalRiskDetections).
  std::vector<RiskDetection> generateServicePrincipals(Ticks from, Ticks to) const;
  // Describes r as listed (riskState atRisk; applyDetectionState (risky_users.h) sets the
  // state at a clock).
  void describe(const RiskDetection& r, RiskDetectionDetails& d) const;
  uint64_t seed() const;
  const Scenario& scenario() const;
  const Simulation& simulation() const { return sim_; }

 private:
  std::vector<RiskDetection> generateKind(Ticks from, Ticks to, bool servicePrincipals) const;

  const SignInLog& signIns_;
  const Simulation& sim_;
};

}  // namespace tenantsim
