#include "simulator/simulation/signin_policy.h"

#include "simulator/simulation/signin_profile.h"

namespace tenantsim {

bool policyApplies(const CaPolicySnapshot& p, const SignInContext& c) {
  if (p.excludedUser >= 0 && p.excludedUser == c.user) return false;
  switch (p.target) {
    case CaTarget::AllUsers:
      return true;
    case CaTarget::GlobalAdmins:
      return c.globalAdmin;
    case CaTarget::LegacyClients:
      return c.legacyClient;
    case CaTarget::RiskyCountries:
      return c.riskyCountry;
    case CaTarget::Guests:
    case CaTarget::RiskySignIns:
      return false;
    case CaTarget::MobileDevices:
      return c.mobile;
    case CaTarget::UnmanagedDevices:
      return !c.managed;
  }
  return false;
}

CaDemand caDemand(std::span<const CaPolicySnapshot> policies, const SignInContext& c) {
  CaDemand d;
  for (const CaPolicySnapshot& p : policies) {
    if (p.state != CaPolicyState::Enabled || !policyApplies(p, c)) continue;
    d.block |= p.grant == CaGrant::Block;
    d.compliantDevice |= p.grant == CaGrant::CompliantDevice && !c.compliant;
    d.mfa |= p.grant == CaGrant::Mfa;
  }
  return d;
}

bool policyStops(const CaPolicySnapshot& p, const SignInContext& c) {
  if (p.state != CaPolicyState::Enabled || !policyApplies(p, c)) return false;
  return p.grant == CaGrant::Block || p.grant == CaGrant::Mfa ||
         (p.grant == CaGrant::CompliantDevice && !c.compliant);
}

SignInContext attackerContext(const Tenant& t, AttackerRoute route, int64_t victim) {
  SignInContext c;
  c.user = victim;
  if (route == AttackerRoute::RiskyCountry) {
    DeviceTraits device = deviceTraits(t, victim, false);
    if (!device.compliant) device = deviceTraits(t, victim, true);
    c.mobile = device.mobile;
    c.managed = device.managed;
    c.compliant = device.compliant;
    c.riskyCountry = true;
  } else {
    c.managed = c.compliant = c.mobile = false;
    c.legacyClient = route == AttackerRoute::LegacyClient;
  }
  return c;
}

namespace {
// The result an applying policy would have: success, failure, or interrupted (MFA not done).
enum class Outcome { Success, Failure, Interrupted };
Outcome outcomeOf(const CaPolicySnapshot& p, const SignInContext& c, bool mfaSatisfied) {
  switch (p.grant) {
    case CaGrant::Block:
      return Outcome::Failure;
    case CaGrant::CompliantDevice:
      return c.compliant ? Outcome::Success : Outcome::Failure;
    case CaGrant::Mfa:
      return mfaSatisfied ? Outcome::Success : Outcome::Interrupted;
    case CaGrant::PasswordChange:
    case CaGrant::ApprovedApplication:
      return Outcome::Success;
  }
  return Outcome::Success;
}
}  // namespace

CaStatus caResults(std::span<const CaPolicySnapshot> policies, const SignInContext& c,
                   SignInFailure failure, bool mfaSatisfied, std::vector<AppliedPolicy>& out) {
  out.clear();
  bool evaluated = !failedBeforeConditionalAccess(failure);
  bool anySuccess = false, anyFailure = false;
  for (const CaPolicySnapshot& p : policies) {
    CaPolicyResult r;
    bool applies = evaluated && policyApplies(p, c);
    if (p.state == CaPolicyState::Disabled) {
      r = CaPolicyResult::NotEnabled;
    } else if (p.state == CaPolicyState::ReportOnly) {
      if (!applies) {
        r = CaPolicyResult::ReportOnlyNotApplied;
      } else {
        Outcome o = outcomeOf(p, c, mfaSatisfied);
        r = o == Outcome::Success   ? CaPolicyResult::ReportOnlySuccess
            : o == Outcome::Failure ? CaPolicyResult::ReportOnlyFailure
                                    : CaPolicyResult::ReportOnlyInterrupted;
      }
    } else if (!applies) {
      r = CaPolicyResult::NotApplied;
    } else {
      r = outcomeOf(p, c, mfaSatisfied) == Outcome::Success ? CaPolicyResult::Success
                                                            : CaPolicyResult::Failure;
      (r == CaPolicyResult::Success ? anySuccess : anyFailure) = true;
    }
    out.push_back({&p, r});
  }
  return anyFailure ? CaStatus::Failure : anySuccess ? CaStatus::Success : CaStatus::NotApplied;
}

}  // namespace tenantsim
