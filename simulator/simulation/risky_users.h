// Identity Protection's risky users (identityProtection/riskyUsers): a user's risk state as the
// detections raise it and remediation clears it, as of a clock. A user with a detection is a risky
// user; each detection (at its lastUpdatedDateTime) raises the state to atRisk at the highest level
// of the detections still open, and a remediation, planned deterministically per user from the
// scenario seed, closes them: a pass of MFA, a secure password reset, an admin dismissal, or for
// storyline victims an admin confirming the compromise (docs/identity-protection.md#risky-users).
// A pure function of the detections, the clock and the seed.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "simulator/simulation/risk_log.h"

namespace tenantsim {

enum class RiskyUserAction : uint8_t {
  Detection,                  // a detection raised the risk
  PassedMfa,                  // userPassedMFADrivenByRiskBasedPolicy -> remediated
  PasswordReset,              // userPerformedSecuredPasswordReset -> remediated
  AdminDismissed,             // adminDismissedAllRiskForUser -> dismissed
  AdminConfirmedCompromised,  // adminConfirmedUserCompromised -> confirmedCompromised
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

// How (and whether) a user's risk is remediated: by the user's hash, unless a planted (storyline)
// detection names the user, who is then confirmed compromised.
RiskyUserAction plannedRemediation(uint64_t seed, uint32_t principal, bool planted);

// The risky users at `now` of the detections visible then (sorted by (time, key)), ordered by
// (riskLastUpdatedDateTime, user index). Pointers point into `detections`.
std::vector<RiskyUser> riskyUsersAt(std::span<const RiskDetection> detections, Ticks now,
                                    uint64_t seed);

}  // namespace tenantsim
