// The sign-in log of a simulation: interactive user sign-ins (workday rhythm, home location,
// occasional travel), their token refreshes (non-interactive), service-principal and managed-
// identity sign-ins, and the admin sign-ins that precede audited PIM activations and Cloud PKI
// changes. Each is evaluated against the Conditional Access policies in force at its instant.
// A pure function of the scenario, like the audit workloads; sign-ins are not audit events and
// never appear in the audit outputs.
#pragma once

#include <array>
#include <vector>

#include "simulator/simulation/signin.h"
#include "simulator/simulation/signin_policy.h"
#include "simulator/simulation/signin_profile.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/storylines.h"

namespace tenantsim {

class SignInLog {
 public:
  // sim must outlive the log. Produces nothing when the scenario's signIns workload is off.
  explicit SignInLog(const Simulation& sim);

  bool enabled() const { return enabled_; }
  const Simulation& simulation() const { return sim_; }
  // Every sign-in whose time lies in [from, to) (clamped to the window), sorted by (time, key).
  // Generating [a, c) gives the concatenation of generating [a, b) and [b, c).
  std::vector<SignIn> generate(Ticks from, Ticks to, unsigned threads = 1) const;
  std::vector<SignIn> generateWindow(unsigned threads = 1) const {
    return generate(sim_.scenario().windowStart(), sim_.scenario().windowEnd, threads);
  }
  // Fills d with the full content of s (reusing d's buffers).
  void describe(const SignIn& s, SignInDetails& d) const;
  // Fills only what the sign-in store indexes (id, correlationId, appId, ipAddress; and for
  // workload identities their fields), at a fraction of describe()'s cost; homeIp is the user's
  // ipAddress (User::ipAddress) for user sign-ins.
  void describeIndexed(const SignIn& s, std::string_view homeIp, SignInDetails& d) const;

  // The planted storylines' own sign-ins (not the audit joins) in [from, to), unsorted.
  std::vector<SignIn> plantedSignIns(Ticks from, Ticks to) const {
    std::vector<SignIn> out;
    if (enabled_) generateStorylines(from, to, out);
    return out;
  }
  // conditionalAccessWeakened: the weakened policy and what one of the attacker's sign-ins of the
  // storyline (blocked-attempt, bypass-sign-in) gives under the policies as they stood just
  // before the weakening. False for any other sign-in.
  struct WeakeningOutcome {
    const CaWeakening* weakening = nullptr;
    SignInFailure failureBefore = SignInFailure::None;
    std::vector<CaPolicyResult> resultsBefore;  // each weakened policy's result then
  };
  bool weakeningOutcome(const SignIn& s, WeakeningOutcome& out) const;

  // The user's interactive sign-ins of that UTC day made away from home, as generate() makes
  // them (without the window's bounds), appended to out. Cheap: no other sign-in is built.
  void travelSignIns(int64_t user, int64_t day, std::vector<SignIn>& out) const;

  // The service principals' sign-ins of that UTC day flagged kSignInRiskFlagged (each raises a
  // background risk detection), as generate() makes them (without the window's bounds), appended
  // to out. Cheap: one sign-in per service principal at most.
  void riskFlaggedServicePrincipalSignIns(int64_t day, std::vector<SignIn>& out) const;

  const std::vector<WorkloadIdentity>& servicePrincipals() const { return servicePrincipals_; }
  const std::vector<WorkloadIdentity>& managedIdentities() const { return managedIdentities_; }

  // Key layout: kind (2 bits) | principal (28) | day (16) | sign-in of the day (10) | refresh (8).
  static uint64_t makeKey(SignInKind kind, uint64_t principal, uint64_t day, uint64_t j,
                          uint64_t i) {
    return (static_cast<uint64_t>(kind) << 62) | ((principal & 0xfffffff) << 34) |
           ((day & 0xffff) << 18) | ((j & 0x3ff) << 8) | (i & 0xff);
  }

 private:
  // One interactive sign-in as planned (before Conditional Access).
  struct Plan {
    Ticks time = 0;
    uint8_t app = 0, flags = 0;
    SignInFailure failure = SignInFailure::None;
  };
  Plan planInteractive(int64_t user, int64_t day, uint32_t j, size_t home) const;
  // Interactive sign-in j of the user's day, Conditional Access applied; c gets its context.
  SignIn interactive(int64_t user, int64_t day, uint32_t j, size_t home, SignInContext& c) const;
  int64_t interactiveCount(int64_t user, int64_t day) const;
  SignInContext contextFor(int64_t user, uint8_t app, uint8_t flags, uint64_t key,
                           size_t home) const;
  std::span<const CaPolicySnapshot> policiesAt(Ticks t) const;
  void generateUsers(Ticks from, Ticks to, std::vector<SignIn>& out) const;
  void generateWorkloadIdentities(Ticks from, Ticks to, std::vector<SignIn>& out) const;
  // Sign-ins per service principal per day.
  double servicePrincipalSignInsPerDay() const;
  // Whether service principal p's first sign-in of `day`, when it succeeds, raises a detection.
  bool servicePrincipalRiskDay(size_t p, int64_t day) const;
  void generateAuditJoins(Ticks from, Ticks to, std::vector<SignIn>& out) const;
  // Planted storylines' sign-ins (signin_storylines.cc).
  void generateStorylines(Ticks from, Ticks to, std::vector<SignIn>& out) const;
  void plantSpray(const PlantedStoryline& st, Ticks from, Ticks to, std::vector<SignIn>& out) const;
  void plantFatigue(const PlantedStoryline& st, bool approveBeforeStart, uint8_t app, Ticks from,
                    Ticks to, std::vector<SignIn>& out) const;
  uint8_t usableDeviceFlag(int64_t user) const;
  void plantTravel(const PlantedStoryline& st, Ticks from, Ticks to,
                   std::vector<SignIn>& out) const;
  void plantServicePrincipal(const PlantedStoryline& st, Ticks from, Ticks to,
                             std::vector<SignIn>& out) const;
  // The storyline a planted audit event belongs to (its kind's storyline of that actor started
  // last at or before the event), or nullptr.
  const PlantedStoryline* storylineOf(const Event& e, std::string_view kind) const;
  void plantWeakened(const PlantedStoryline& st, Ticks from, Ticks to,
                     std::vector<SignIn>& out) const;
  // The change of a conditionalAccessWeakened storyline, or null.
  const CaWeakening* weakeningOf(size_t storyline) const;
  // The failure of the attacker's sign-in s (password right, no MFA) under `policies`.
  SignInFailure attackerFailure(const SignIn& s, std::span<const CaPolicySnapshot> policies) const;
  size_t plantedCity(const SignIn& s) const;  // signInCities() index of a planted sign-in
  // The attacker's address of a planted sign-in into out; false (out untouched) from home.
  // describe() and describeIndexed() (the store's IP index) agree on it.
  bool plantedIpAddress(const SignIn& s, std::string& out) const;
  SignInContext plantedContext(const SignIn& s) const;
  void describePlanted(const SignIn& s, SignInDetails& d) const;
  void push(SignIn s, Ticks from, Ticks to, std::vector<SignIn>& out) const;
  size_t cityOf(const SignIn& s, size_t home) const;
  void describeUser(const SignIn& s, SignInDetails& d) const;
  void describeWorkloadIdentity(const SignIn& s, SignInDetails& d) const;
  void userIpAddress(const SignIn& s, size_t cityIndex, size_t home, std::string_view homeIp,
                     std::string& out) const;

  const Simulation& sim_;
  bool enabled_ = false;
  SignInsConfig config_;
  std::vector<WorkloadIdentity> servicePrincipals_, managedIdentities_;
  // Per local day of week: cumulative hourly weights and the day's share of a workday.
  std::array<std::array<double, 24>, 7> cumulative_{};
  std::array<double, 7> dayFactor_{};
  double meanDayFactor_ = 1;
  std::string globalAdminTemplate_;
  std::vector<PlantedStoryline> storylines_;  // every kind, in scenario order
};

}  // namespace tenantsim
