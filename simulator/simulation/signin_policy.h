// Conditional Access evaluation of one sign-in against the policies in force at its instant:
// which grant controls it must satisfy, and each policy's result as Graph reports it.
#pragma once

#include <span>
#include <vector>

#include "simulator/simulation/conditional_access_history.h"
#include "simulator/simulation/signin.h"
#include "simulator/simulation/tenant.h"

namespace tenantsim {

// What the policies can see of a sign-in.
struct SignInContext {
  int64_t user = -1;
  bool globalAdmin = false, legacyClient = false, mobile = false, managed = true, compliant = true,
       riskyCountry = false;
};

// Whether the policy's conditions select the sign-in (its state aside).
bool policyApplies(const CaPolicySnapshot& p, const SignInContext& c);

// The controls the enforced (enabled) policies that apply demand.
struct CaDemand {
  bool block = false;            // a Block policy applies
  bool compliantDevice = false;  // a compliant-device policy applies and the device is not
  bool mfa = false;              // an MFA policy applies
};
CaDemand caDemand(std::span<const CaPolicySnapshot> policies, const SignInContext& c);

// Whether an enforced policy stops a sign-in that has the password but never the second factor
// (conditionalAccessWeakened's attacker): a block, a device it does not accept, MFA.
bool policyStops(const CaPolicySnapshot& p, const SignInContext& c);

// What the policies see of the attacker's sign-in as `victim` by `route`: Moscow with the
// victim's usable device (the primary one, the second when that is not compliant), or a machine
// Entra does not know (legacy client or browser).
SignInContext attackerContext(const Tenant& t, AttackerRoute route, int64_t victim);

// Every policy's result for a sign-in that ended with `failure`, MFA satisfied or not, and the
// sign-in's conditionalAccessStatus. Policies are not evaluated when primary authentication
// failed (all notApplied / notEnabled / reportOnlyNotApplied, status notApplied).
CaStatus caResults(std::span<const CaPolicySnapshot> policies, const SignInContext& c,
                   SignInFailure failure, bool mfaSatisfied, std::vector<AppliedPolicy>& out);

}  // namespace tenantsim
