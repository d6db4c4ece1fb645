// Identity Protection's risky users (identityProtection/riskyUsers): a user's risk state as the
// detections raise it and remediation clears it, as of a clock. A user with a detection is a risky
// user; each detection (at its lastUpdatedDateTime) raises the state to atRisk at the highest level
// of the detections still open, and a remediation, planned deterministically per user from the
// scenario seed, closes them: a pass of MFA, a secure password reset, an admin dismissal, or for
// storyline victims an admin confirming the compromise (docs/identity-protection.md#risky-users).
// A pure function of the detections, the clock and the seed; causal: the history at a later clock
// extends the history at an earlier one.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "simulator/simulation/risk_log.h"

namespace tenantsim {

enum class RiskyUserAction : uint8_t {
  Detection,                  // a detection raised the risk
  PassedMfa,                  // userPassedMFADrivenByRiskBasedPolicy -> remediated
  PasswordReset,              // userPerformedSecuredPasswordReset -> remediated
  AdminDismissed,             // adminDismissedAllRiskForUser -> dismissed
  AdminConfirmedCompromised,  // adminConfirmedUserCompromised -> confirmedCompromised
  AdminPasswordReset,         // adminGeneratedTemporaryPassword -> remediated
};

// One change of a user's risk state, and the state after it (a riskyUserHistoryItem).
struct RiskyUserEvent {
  Ticks time = 0;  // riskLastUpdatedDateTime after the change
  RiskyUserAction action = RiskyUserAction::Detection;
  RiskEventType type = RiskEventType::UnfamiliarFeatures;  // the detection's (Detection only)
  std::string_view riskLevel, riskState, riskDetail;       // the state after the change
};

struct RiskyUser {
  uint32_t principal = 0;                // the user's index
  const RiskDetection* first = nullptr;  // the user's first detection (names the user)
  std::vector<RiskyUserEvent> history;   // in time order; back() is the current state
  Ticks lastUpdated() const { return history.back().time; }
};

// Whose risk: users (riskyUsers) or service principals (riskyServicePrincipals, whose admin
// actions name the service principal: adminConfirmedServicePrincipalCompromised, ...).
enum class RiskSubject : uint8_t { User, ServicePrincipal };

// How (and whether) a principal's risk is remediated: drawn from the principal's hash with the
// scenario's shares (workloads.signIns.riskRemediation), unless a planted (storyline) detection
// names it, which is then confirmed compromised. Service principals are only ever dismissed or
// confirmed by an admin (Graph's riskyServicePrincipals dismiss / confirmCompromised).
RiskyUserAction plannedRemediation(const Scenario& scenario, uint32_t principal, bool planted,
                                   RiskSubject subject = RiskSubject::User);

// Whether a remediation is also a directoryAudits row (workloads/risk_remediation.cc): a secure
// password reset (the user's self-service reset), an admin's dismissal or confirmation. Passing
// MFA is the sign-in's, not an audit row.
constexpr bool auditedRemediation(RiskyUserAction a) {
  return a == RiskyUserAction::PasswordReset || a == RiskyUserAction::AdminDismissed ||
         a == RiskyUserAction::AdminConfirmedCompromised ||
         a == RiskyUserAction::AdminPasswordReset;
}
// Whether the user remediates their own risk (history initiatedBy and the audit row's initiator
// are the user) rather than an administrator.
constexpr bool selfRemediation(RiskyUserAction a) {
  return a == RiskyUserAction::PassedMfa || a == RiskyUserAction::PasswordReset;
}
// The administrator who resets a password, dismisses or confirms a principal's risk: one of the
// tenant's adminCount admins (user indexes 0..adminCount-1), drawn per principal; user 0 when the
// tenant has none.
uint32_t remediationAdmin(uint64_t seed, uint32_t principal, int64_t adminCount,
                          RiskSubject subject = RiskSubject::User);

// The risky users at `now` of the detections visible then (sorted by (time, key)), ordered by
// (riskLastUpdatedDateTime, user index). Pointers point into `detections`. With
// RiskSubject::ServicePrincipal the same for service principals (principal = their index).
std::vector<RiskyUser> riskyUsersAt(std::span<const RiskDetection> detections, Ticks now,
                                    const Scenario& scenario,
                                    RiskSubject subject = RiskSubject::User);

// A detection's own riskState / riskDetail / lastUpdatedDateTime at a clock: the remediation that
// closed it (the first at or after its lastUpdatedDateTime: remediated, dismissed or
// confirmedCompromised with the remediation's riskDetail, last updated then), confirmedCompromised
// if it came after its user was confirmed compromised, else atRisk / none.
struct DetectionState {
  std::string_view riskState = "atRisk", riskDetail = "none";
  Ticks lastUpdated = 0;
};
DetectionState detectionStateOf(const RiskyUser& user, const RiskDetection& r);

// Writes the state into a described detection (riskDetail stays `hidden` for P1 tenants).
void applyDetectionState(const DetectionState& state, RiskDetectionDetails& d);

// Every visible detection's state at `now`, by detection key: what the detection routes render
// and filter, consistent with riskyUsersAt over the same detections.
class DetectionStates {
 public:
  DetectionStates() = default;
  DetectionStates(std::span<const RiskDetection> visible, Ticks now, const Scenario& scenario,
                  RiskSubject subject = RiskSubject::User);
  // The state of r (atRisk as listed when r is unknown).
  DetectionState of(const RiskDetection& r) const;

 private:
  std::vector<std::pair<uint64_t, DetectionState>> byKey_;  // sorted by key
};

}  // namespace tenantsim
