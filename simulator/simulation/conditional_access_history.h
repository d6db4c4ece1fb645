// The Conditional Access policies as they stand at any instant. The conditional_access workload
// plans every policy's version history up front (the directoryAudits show each change); sign-ins
// are evaluated against the same history, so a policy change in the audit log changes the
// sign-ins' applied policy results from that instant on.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "simulator/simulation/tenant.h"

namespace tenantsim {

// Graph's conditionalAccessPolicyState.
enum class CaPolicyState : uint8_t { Enabled, Disabled, ReportOnly };

// The policy's built-in grant control (grantControls.builtInControls).
enum class CaGrant : uint8_t { Mfa, Block, CompliantDevice, PasswordChange, ApprovedApplication };

// What a policy targets, as its JSON in the audit log says, plus the condition its name implies
// where the JSON carries none (docs/signins.md#conditional-access).
enum class CaTarget : uint8_t {
  AllUsers,          // includeUsers ["All"]
  GlobalAdmins,      // includeRoles [Global Administrator]
  LegacyClients,     // clientAppTypes exchangeActiveSync, other
  RiskyCountries,    // "Block access from risky countries": the KP/IR/RU named location
  Guests,            // no guests sign in: never applies
  RiskySignIns,      // no risk is simulated yet: never applies
  MobileDevices,     // "Require approved client apps": iOS and Android
  UnmanagedDevices,  // "Session lifetime for unmanaged devices"
};

struct CaPolicySnapshot {
  uint32_t policy = 0;  // index in the workload's policy list
  Guid id{};
  std::string_view displayName;  // lives as long as the history
  CaPolicyState state = CaPolicyState::Enabled;
  CaGrant grant = CaGrant::Mfa;
  CaTarget target = CaTarget::AllUsers;
  int64_t excludedUser = -1;  // users.excludeUsers (planted weakening), or -1
};

// How a conditionalAccessWeakened storyline's attacker signs in as the victim
// (signin_policy.h attackerContext says what the policies see of each).
enum class AttackerRoute : uint8_t {
  RiskyCountry,  // from Moscow with the victim's device claims (a stolen refresh token)
  LegacyClient,  // IMAP / Exchange ActiveSync from a machine Entra does not know
  Browser,       // a browser on a machine Entra does not know
};

// A conditionalAccessWeakened storyline's change: at `at` an admin weakens every enforced policy
// that stops the attacker's route, one audit row "Update Conditional Access policy" (step
// ca-weakened) each, kCaWeakeningRowGap apart; restored at `restoredAt` the same way, if ever.
struct CaWeakening {
  size_t storyline = 0;  // position in scenario.storylines
  Ticks at = 0;
  Ticks restoredAt = 0;            // 0: never
  std::vector<uint32_t> policies;  // indexes in the workload's list (CaPolicySnapshot::policy)
  int64_t victim = -1;             // the account the attacker signs in as
  AttackerRoute route = AttackerRoute::Browser;
};
constexpr Ticks kCaWeakeningRowGap = 20 * kTicksPerSecond;

class ConditionalAccessHistory {
 public:
  virtual ~ConditionalAccessHistory() = default;
  // The policies that exist at t: created ones from their creation, deleted ones gone from their
  // deletion, each in the version in force at t. The span lives as long as the history.
  virtual std::span<const CaPolicySnapshot> policiesAt(Ticks t) const = 0;
  // The planted weakening of storyline `storyline`, or null (not that kind, outside the window,
  // or no policy to weaken).
  virtual const CaWeakening* weakening(size_t storyline) const = 0;
};

// The snapshot of policy `policy` in a list, or null.
inline const CaPolicySnapshot* findPolicy(std::span<const CaPolicySnapshot> policies,
                                          uint32_t policy) {
  for (const CaPolicySnapshot& p : policies)
    if (p.policy == policy) return &p;
  return nullptr;
}

}  // namespace tenantsim
