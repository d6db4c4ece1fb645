// Security alerts (security/alerts_v2) and the incidents that group them (security/incidents),
// raised by the risk log and the planted storylines (docs/security-alerts.md):
//   - Entra ID Protection raises an alert for every medium or high risk detection;
//   - Defender for Cloud Apps raises "Suspicious MFA activity" after an MFA fatigue run
//     (mfaFatigue, pimEscalation) and "Suspicious Cloud PKI certificate authority change" for
//     the rogue CA (rogueCloudPkiCa);
//   - Microsoft 365 Defender raises "Risky sign-in followed by role activation" for the PIM
//     activation of pimEscalation.
// An incident groups the alerts of one storyline, or the other alerts of one user in one UTC
// day. Each alert's triage (new -> inProgress -> resolved, with classification) is fixed when it
// is raised, so its state at any instant is a function of the record: a pure function of the
// scenario, like the risk log.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/simulation/event.h"
#include "simulator/simulation/risk_log.h"

namespace tenantsim {

enum class AlertKind : uint8_t {
  IdentityProtection,         // one per medium/high risk detection
  SuspiciousMfa,              // mfaFatigue, pimEscalation: the denied pushes then the approval
  RoleActivationAfterRisk,    // pimEscalation: the risky sign-in, then the PIM activation
  RogueCertificateAuthority,  // rogueCloudPkiCa: the CA created from the attacker's address
  PolicyWeakened,  // conditionalAccessWeakened: an admin's risky sign-in, then the CA change
};

// alertSeverity members the simulation uses.
enum class AlertSeverity : uint8_t { Low, Medium, High };
std::string_view alertSeverityName(AlertSeverity s);

// alertStatus.
enum class AlertStatus : uint8_t { New, InProgress, Resolved };
std::string_view alertStatusName(AlertStatus s);

// What an analyst concluded, once resolved (alertClassification + alertDetermination).
enum class AlertVerdict : uint8_t {
  CompromisedAccount,     // truePositive / compromisedAccount
  MultiStagedAttack,      // truePositive / multiStagedAttack
  MaliciousUserActivity,  // truePositive / maliciousUserActivity
  NotMalicious,           // falsePositive / notMalicious
  ConfirmedActivity,      // informationalExpectedActivity / confirmedActivity
};
std::string_view alertClassificationName(AlertVerdict v);
std::string_view alertDeterminationName(AlertVerdict v);

constexpr uint8_t kNotPlanted = 0xff;

struct Alert {
  Ticks time = 0;    // createdDateTime: the listing order
  uint64_t key = 0;  // unique
  Ticks firstActivity = 0, lastActivity = 0;
  Ticks inProgressAt = 0;  // 0: never taken up
  Ticks resolvedAt = 0;    // 0: never resolved
  SignIn signIn;           // the sign-in the evidence names (user, address, app, device)
  Event audit;  // RoleActivationAfterRisk, RogueCertificateAuthority, PolicyWeakened: the audit row
  AlertKind kind = AlertKind::IdentityProtection;
  RiskEventType riskType = RiskEventType::UnfamiliarFeatures;  // IdentityProtection
  AlertSeverity severity = AlertSeverity::Medium;
  AlertVerdict verdict = AlertVerdict::NotMalicious;
  uint8_t storyline = kNotPlanted;  // index in scenario.storylines, or kNotPlanted

  Ticks visibleAt() const { return time; }
  bool planted() const { return storyline != kNotPlanted; }
  // The incident the alert belongs to: its storyline's, or its user's of that UTC day.
  uint64_t incidentKey() const;
  // Status (and the instant it last changed) as of `asOf` (>= time).
  AlertStatus statusAt(Ticks asOf) const;
  Ticks lastUpdateAt(Ticks asOf) const;
};
inline bool operator<(const Alert& a, const Alert& b) {
  return a.time != b.time ? a.time < b.time : a.key < b.key;
}
bool operator==(const Alert& a, const Alert& b);

// The incident of a group of alerts: created with its first alert.
struct Incident {
  Ticks time = 0;             // createdDateTime
  uint64_t key = 0;           // Alert::incidentKey(); the id is its decimal form
  std::vector<Alert> alerts;  // sorted by (time, key)

  AlertSeverity severity() const;
  bool planted() const { return !alerts.empty() && alerts.front().planted(); }
};
inline bool operator<(const Incident& a, const Incident& b) {
  return a.time != b.time ? a.time < b.time : a.key < b.key;
}

// incidentStatus members the simulation uses (awaitingAction comes after unknownFutureValue).
enum class IncidentStatus : uint8_t { Active, InProgress, Resolved, AwaitingAction };
std::string_view incidentStatusName(IncidentStatus s);

// The fixed texts of an alert of that kind (and risk type).
struct AlertText {
  std::string_view title, description, category, mitreTechnique, detectorId, productName;
  std::string_view serviceSource, detectionSource;
  std::string_view idPrefix;  // "ad" Identity Protection, "ca" Defender for Cloud Apps, "ra"
};
AlertText alertText(const Alert& a);

// An incident as of an instant: only its alerts created by then count.
struct IncidentDetails {
  const Incident* incident = nullptr;
  std::string id;  // decimal
  IncidentStatus status = IncidentStatus::Active;
  Ticks lastUpdate = 0;
  AlertSeverity severity = AlertSeverity::Low;
  bool classified = false;  // every visible alert resolved: verdict holds
  AlertVerdict verdict = AlertVerdict::NotMalicious;
  size_t visibleAlerts = 0;
  int32_t priorityScore = 0;
  std::string displayName, assignedTo, tenantId;
  std::string label;  // planted: the storyline's label; else empty
};

// Everything a rendered alert says beyond its record (buffers reused between calls).
struct AlertDetails {
  const Alert* alert = nullptr;
  std::string id;               // "<prefix><32 hex>" (prefix per product, UNCONFIRMED)
  std::string providerAlertId;  // Identity Protection: the risk detection's id
  std::string incidentId;       // decimal
  AlertText text;
  SignInDetails signIn;  // the joined sign-in
  EventDetails
      audit;  // the joined audit event (RoleActivationAfterRisk, RogueCertificateAuthority)
  bool hasAudit = false;
  std::string assignedTo;  // the analyst once in progress
  std::string tenantId;
  std::string label;  // planted: "<storyline label>:<alert step>"; else empty
};

class AlertLog {
 public:
  // signIns (and its simulation) must outlive the log. Empty when the sign-in log is off.
  explicit AlertLog(const SignInLog& signIns);

  const Simulation& simulation() const { return sim_; }
  // Every alert created in [from, to) (clamped to the window), sorted by (time, key), on up to
  // `threads` threads (the result does not depend on it).
  std::vector<Alert> generate(Ticks from, Ticks to, unsigned threads = 1) const;
  std::vector<Alert> generateWindow() const;
  // Every incident created in [from, to), with all its alerts (however late), sorted.
  std::vector<Incident> generateIncidents(Ticks from, Ticks to) const;
  // The incidents of `alerts` (every alert of each group must be among them), sorted.
  static std::vector<Incident> groupIncidents(const std::vector<Alert>& alerts);

  void describe(const Alert& a, AlertDetails& d) const;
  // The incident as of asOf (>= its createdDateTime).
  void describeIncident(const Incident& i, Ticks asOf, IncidentDetails& d) const;
  // The analyst an incident's alerts are assigned to once taken up ("" when the tenant has no
  // admin).
  std::string analystOf(uint64_t incidentKey) const;
  // The alert's id ("<product prefix><32 hex>"), without describing it.
  static std::string alertId(const Alert& a);
  // Alert::incidentKey() as Graph's incident id.
  static std::string incidentId(uint64_t incidentKey);
  // The step name a planted alert carries in the labels ("alert-<kind>").
  static std::string_view alertStep(const Alert& a);

 private:
  void generateRange(Ticks from, Ticks to, std::vector<Alert>& out) const;
  void plantedAlerts(Ticks from, Ticks to, std::vector<Alert>& out) const;
  // conditionalAccessWeakened's alert, passed to keep(alert, verdict).
  template <typename Keep>
  void plantPolicyWeakened(const PlantedStoryline& st, uint64_t key, Keep& keep) const;

  const SignInLog& signIns_;
  const Simulation& sim_;
  RiskLog risks_;
};

}  // namespace tenantsim
