// The sign-in side of planted storylines (docs/signins.md#storylines):
//   passwordSpray     wrong passwords for many accounts from three addresses in an hour, then the
//                     one account whose password was right;
//   mfaFatigue        MFA pushes the user denies, one every two minutes, then the one approved;
//   pimEscalation     the same fatigue before its night-time activation, approved in the Azure
//                     portal three minutes before the audit log's activation request;
//   impossibleTravel  the user's sign-in from home, then the session's token used from another
//                     continent 40 minutes later and twice more;
//   rogueCloudPkiCa   the actor's Intune portal sign-in before each planted change comes from the
//                     attacker's address (generateAuditJoins);
//   conditionalAccessWeakened  the attacker's try that a policy stops, an admin's Azure portal
//                     sign-in, the admin's change weakening that policy (the conditional_access
//                     workload), then the attacker's tries that now get through.
// Each is a pure function of the scenario, so ranges and shards concatenate to the whole.
#include "simulator/simulation/signin_storylines.h"

#include <algorithm>
#include <cstdio>

#include "base/rng.h"
#include "simulator/simulation/signin_log.h"

namespace tenantsim {
namespace {

constexpr uint8_t kOfficeApp = 2;  // signInApps(): Microsoft Office
constexpr int64_t kSprayTargets = 30;
constexpr Ticks kSprayGap = 90 * kTicksPerSecond;
constexpr Ticks kPushGap = 2 * kTicksPerMinute;
constexpr Ticks kApprovalLead = 4 * kTicksPerMinute;
constexpr Ticks kHomeBeforeReplay = 40 * kTicksPerMinute;
constexpr Ticks kReplayGaps[] = {0, 50 * kTicksPerMinute, 105 * kTicksPerMinute};
constexpr int kSprayAddresses = 3;
constexpr Ticks kBlockedBeforeChange = 25 * kTicksPerMinute;
constexpr Ticks kAdminBeforeChange = 3 * kTicksPerMinute;
constexpr Ticks kBypassGaps[] = {8 * kTicksPerMinute, 30 * kTicksPerMinute, 55 * kTicksPerMinute};
constexpr size_t kMoscow =
    12;  // signInCities(): the city "Block access from risky countries" blocks

bool isAttackerTry(SignInStep step) {
  return step == SignInStep::BlockedAttempt || step == SignInStep::BypassSignIn;
}
// compromisedServicePrincipal: the stolen secret's first use 20 minutes after it was added, then
// about every half hour.
constexpr uint64_t kSpSignIns = 5;
constexpr Ticks kSpFirstSignIn = 20 * kTicksPerMinute;
constexpr Ticks kSpSignInGap = 30 * kTicksPerMinute;

// The attacker's city: one of the cities no user lives in and no Conditional Access policy blocks
// (Sao Paulo or Tokyo; Moscow would be blocked by "Block access from risky countries").
size_t attackerCity(uint64_t seed, size_t storyline) {
  constexpr size_t kFirstForeign = 10;
  return kFirstForeign + static_cast<size_t>(Rng(seed, "attackerCity", storyline).below(2));
}

uint64_t plantedKey(SignInKind kind, uint64_t user, size_t storyline, uint64_t step,
                    uint64_t attempt) {
  return SignInLog::makeKey(kind, user, plantedDayField(storyline), step, attempt);
}

// The attacker's address number `n` of a storyline (n < kSprayAddresses).
int attackerAddress(const SignIn& s) {
  return plantedStepOf(s) == SignInStep::SprayAttempt ||
                 plantedStepOf(s) == SignInStep::SpraySuccess
             ? static_cast<int>((s.key & 0xff) % kSprayAddresses)
             : 0;
}

}  // namespace

std::string_view signInStepName(SignInStep step) {
  switch (step) {
    case SignInStep::SprayAttempt:
      return "spray-attempt";
    case SignInStep::SpraySuccess:
      return "spray-success";
    case SignInStep::MfaDenied:
      return "mfa-denied";
    case SignInStep::MfaApproved:
      return "mfa-approved";
    case SignInStep::HomeSignIn:
      return "home-sign-in";
    case SignInStep::TokenReplay:
      return "token-replay";
    case SignInStep::SpSignIn:
      return "sp-sign-in";
    case SignInStep::AdminSignIn:
    case SignInStep::PolicyAdminSignIn:
      return "admin-sign-in";
    case SignInStep::BlockedAttempt:
      return "blocked-attempt";
    case SignInStep::BypassSignIn:
      return "bypass-sign-in";
  }
  return "";
}

uint8_t SignInLog::usableDeviceFlag(int64_t user) const {
  // As the audit joins do: the second device when the primary one is not compliant.
  return deviceTraits(sim_.tenant(), user, false).compliant ? 0 : kSignInSecondDevice;
}

const CaWeakening* SignInLog::weakeningOf(size_t storyline) const {
  const ConditionalAccessHistory* h = sim_.conditionalAccess();
  return h ? h->weakening(storyline) : nullptr;
}

size_t SignInLog::plantedCity(const SignIn& s) const {
  const size_t index = plantedStorylineOf(s);
  if (isAttackerTry(plantedStepOf(s))) {
    // The risky-countries block is met from Moscow.
    const CaWeakening* w = weakeningOf(index);
    if (w && w->route == AttackerRoute::RiskyCountry) return kMoscow;
  }
  return attackerCity(sim_.scenario().seed, index);
}

SignInContext SignInLog::plantedContext(const SignIn& s) const {
  const Tenant& t = sim_.tenant();
  SignInContext c;
  c.user = s.principal;
  c.globalAdmin =
      s.principal < t.adminCount() && t.adminRole(s.principal).templateId == globalAdminTemplate_;
  if (isAttackerTry(plantedStepOf(s))) {
    const CaWeakening* w = weakeningOf(plantedStorylineOf(s));
    return attackerContext(t, w ? w->route : AttackerRoute::Browser, s.principal);
  }
  if (plantedStepOf(s) == SignInStep::SprayAttempt ||
      plantedStepOf(s) == SignInStep::SpraySuccess) {
    // A spraying script: no device Entra knows.
    c.managed = c.compliant = c.mobile = false;
    return c;
  }
  // The other steps carry the user's device claims: a replayed token holds them, and the
  // fatigue and admin sign-ins are modelled the same way (docs/signins.md#storylines).
  DeviceTraits device = deviceTraits(t, s.principal, s.flags & kSignInSecondDevice);
  c.mobile = device.mobile;
  c.managed = device.managed;
  c.compliant = device.compliant;
  return c;
}

const PlantedStoryline* SignInLog::storylineOf(const Event& e, std::string_view kind) const {
  const PlantedStoryline* best = nullptr;
  for (const PlantedStoryline& st : storylines_) {
    if (st.kind != kind || st.actor != e.actor || st.at > e.time) continue;
    if (!best || st.at > best->at) best = &st;
  }
  return best;
}

void SignInLog::plantSpray(const PlantedStoryline& st, Ticks from, Ticks to,
                           std::vector<SignIn>& out) const {
  const Tenant& t = sim_.tenant();
  const uint64_t seed = sim_.scenario().seed;
  const int64_t regular = t.userCount() - t.adminCount();
  const int64_t n = std::min<int64_t>(kSprayTargets, std::max<int64_t>(regular, 1));
  Rng r(seed, "sprayTargets", st.index);
  // Distinct regular accounts (all users when the tenant has no regular ones).
  std::vector<int64_t> targets;
  while (static_cast<int64_t>(targets.size()) < n) {
    int64_t u = regular > 0
                    ? t.adminCount() + static_cast<int64_t>(r.below(static_cast<uint64_t>(regular)))
                    : static_cast<int64_t>(r.below(static_cast<uint64_t>(t.userCount())));
    if (std::find(targets.begin(), targets.end(), u) == targets.end()) targets.push_back(u);
  }
  for (int64_t k = 0; k < n; ++k) {
    const bool guessed = k == n - 1;
    SignIn s;
    s.time = st.at + k * kSprayGap + static_cast<Ticks>(r.below(60 * kTicksPerSecond));
    s.principal = static_cast<uint32_t>(targets[static_cast<size_t>(k)]);
    s.kind = SignInKind::Interactive;
    s.app = kOfficeApp;
    s.key = plantedKey(
        s.kind, s.principal, st.index,
        static_cast<uint64_t>(guessed ? SignInStep::SpraySuccess : SignInStep::SprayAttempt),
        static_cast<uint64_t>(k));
    if (!guessed) {
      s.failure = SignInFailure::WrongPassword;
    } else {
      // The password was right; Conditional Access decides the rest.
      CaDemand demand = caDemand(policiesAt(s.time), plantedContext(s));
      s.failure = demand.block             ? SignInFailure::BlockedByCa
                  : demand.compliantDevice ? SignInFailure::DeviceNotCompliant
                  : demand.mfa             ? SignInFailure::MfaRequired
                                           : SignInFailure::None;
    }
    push(s, from, to, out);
  }
}

void SignInLog::plantFatigue(const PlantedStoryline& st, bool approveBeforeStart, uint8_t app,
                             Ticks from, Ticks to, std::vector<SignIn>& out) const {
  Rng r(sim_.scenario().seed, "mfaFatigue", st.index);
  const uint64_t denials = 6 + r.below(5);
  // Either the pushes start at the storyline's start, or the approval comes 3.5 to 4 minutes
  // before it (pimEscalation's activation request).
  const Ticks firstPush =
      approveBeforeStart ? st.at - kApprovalLead - static_cast<Ticks>(denials) * kPushGap : st.at;
  SignIn s;
  s.principal = static_cast<uint32_t>(st.actor);
  s.kind = SignInKind::Interactive;
  s.app = app;
  const uint8_t device = usableDeviceFlag(s.principal);
  for (uint64_t i = 0; i <= denials; ++i) {
    const bool approved = i == denials;
    s.time = firstPush + static_cast<Ticks>(i) * kPushGap +
             static_cast<Ticks>(r.below(30 * kTicksPerSecond));
    s.key = plantedKey(
        s.kind, s.principal, st.index,
        static_cast<uint64_t>(approved ? SignInStep::MfaApproved : SignInStep::MfaDenied), i);
    s.flags = device | (approved ? kSignInMfa : 0);
    s.failure = SignInFailure::MfaDenied;
    if (approved) {
      CaDemand demand = caDemand(policiesAt(s.time), plantedContext(s));
      s.failure = demand.block             ? SignInFailure::BlockedByCa
                  : demand.compliantDevice ? SignInFailure::DeviceNotCompliant
                                           : SignInFailure::None;
    }
    push(s, from, to, out);
  }
}

void SignInLog::plantTravel(const PlantedStoryline& st, Ticks from, Ticks to,
                            std::vector<SignIn>& out) const {
  SignIn home;
  home.principal = static_cast<uint32_t>(st.actor);
  home.kind = SignInKind::Interactive;
  home.app = kOfficeApp;
  home.time = st.at - kHomeBeforeReplay;
  home.key = plantedKey(home.kind, home.principal, st.index,
                        static_cast<uint64_t>(SignInStep::HomeSignIn), 0);
  home.flags = usableDeviceFlag(home.principal);
  CaDemand demand = caDemand(policiesAt(home.time), plantedContext(home));
  home.flags |= demand.mfa ? kSignInMfa : 0;
  home.failure = demand.block             ? SignInFailure::BlockedByCa
                 : demand.compliantDevice ? SignInFailure::DeviceNotCompliant
                                          : SignInFailure::None;
  push(home, from, to, out);
  for (size_t i = 0; i < std::size(kReplayGaps); ++i) {
    SignIn replay = home;
    replay.kind = SignInKind::NonInteractive;
    replay.time = st.at + kReplayGaps[i];
    replay.key = plantedKey(replay.kind, replay.principal, st.index,
                            static_cast<uint64_t>(SignInStep::HomeSignIn), i + 1);
    replay.failure = caDemand(policiesAt(replay.time), plantedContext(replay)).block
                         ? SignInFailure::BlockedByCa
                         : SignInFailure::None;
    push(replay, from, to, out);
  }
}

SignInFailure SignInLog::attackerFailure(const SignIn& s,
                                         std::span<const CaPolicySnapshot> policies) const {
  // The attacker has the password, never the second factor.
  CaDemand demand = caDemand(policies, plantedContext(s));
  return demand.block             ? SignInFailure::BlockedByCa
         : demand.compliantDevice ? SignInFailure::DeviceNotCompliant
         : demand.mfa             ? (s.flags & kSignInLegacy ? SignInFailure::MfaRequiredByPolicy
                                                             : SignInFailure::MfaRequired)
                                  : SignInFailure::None;
}

bool SignInLog::weakeningOutcome(const SignIn& s, WeakeningOutcome& out) const {
  if (!isPlantedSignIn(s) || !isAttackerTry(plantedStepOf(s))) return false;
  out.weakening = weakeningOf(plantedStorylineOf(s));
  if (!out.weakening) return false;
  const auto policies = policiesAt(out.weakening->at - 1);
  out.failureBefore = attackerFailure(s, policies);
  std::vector<AppliedPolicy> results;
  caResults(policies, plantedContext(s), out.failureBefore, false, results);
  out.resultsBefore.assign(out.weakening->policies.size(), CaPolicyResult::NotApplied);
  for (const AppliedPolicy& a : results) {
    const auto& weakened = out.weakening->policies;
    auto it = std::find(weakened.begin(), weakened.end(), a.policy->policy);
    if (it != weakened.end())
      out.resultsBefore[static_cast<size_t>(it - weakened.begin())] = a.result;
  }
  return true;
}

void SignInLog::plantWeakened(const PlantedStoryline& st, Ticks from, Ticks to,
                              std::vector<SignIn>& out) const {
  const CaWeakening* w = weakeningOf(st.index);
  if (!w) return;
  Rng r(sim_.scenario().seed, "caWeakened", st.index);
  // The attacker signs in as the victim: to Exchange with a legacy client, else to Microsoft
  // Office (with the victim's device claims from Moscow).
  SignIn attempt;
  attempt.principal = static_cast<uint32_t>(w->victim);
  attempt.kind = SignInKind::Interactive;
  attempt.app = w->route == AttackerRoute::LegacyClient ? kLegacyExchangeApp : kOfficeApp;
  attempt.flags = w->route == AttackerRoute::LegacyClient   ? kSignInLegacy
                  : w->route == AttackerRoute::RiskyCountry ? usableDeviceFlag(w->victim)
                                                            : 0;
  auto attackerTry = [&](SignInStep step, uint64_t i, Ticks time) {
    SignIn s = attempt;
    s.time = time + static_cast<Ticks>(r.below(60 * kTicksPerSecond));
    s.key = plantedKey(s.kind, s.principal, st.index, static_cast<uint64_t>(step), i);
    s.failure = attackerFailure(s, policiesAt(s.time));
    push(s, from, to, out);
  };
  attackerTry(SignInStep::BlockedAttempt, 0, w->at - kBlockedBeforeChange);
  // The admin's Azure portal sign-in, with MFA, on the admin's device, from the attacker's city.
  SignIn admin;
  admin.principal = static_cast<uint32_t>(st.admin);
  admin.kind = SignInKind::Interactive;
  admin.app = kAzurePortalApp;
  admin.time = w->at - kAdminBeforeChange - static_cast<Ticks>(r.below(60 * kTicksPerSecond));
  admin.key = plantedKey(admin.kind, admin.principal, st.index,
                         static_cast<uint64_t>(SignInStep::PolicyAdminSignIn), 0);
  admin.flags = usableDeviceFlag(admin.principal) | kSignInMfa;
  CaDemand demand = caDemand(policiesAt(admin.time), plantedContext(admin));
  admin.failure = demand.block             ? SignInFailure::BlockedByCa
                  : demand.compliantDevice ? SignInFailure::DeviceNotCompliant
                                           : SignInFailure::None;
  push(admin, from, to, out);
  // After the last row of the change.
  const Ticks changed = w->at + static_cast<Ticks>(w->policies.size()) * kCaWeakeningRowGap;
  for (size_t i = 0; i < std::size(kBypassGaps); ++i)
    attackerTry(SignInStep::BypassSignIn, i, changed + kBypassGaps[i]);
}

void SignInLog::plantServicePrincipal(const PlantedStoryline& st, Ticks from, Ticks to,
                                      std::vector<SignIn>& out) const {
  const CompromisedApp app = compromisedApplication(sim_.scenario(), sim_.tenant(), st.index);
  Rng r(sim_.scenario().seed, "compromisedSpSignIns", st.index);
  SignIn s;
  s.kind = SignInKind::ServicePrincipal;
  s.principal = static_cast<uint32_t>(app.identityIndex);
  for (uint64_t i = 0; i < kSpSignIns; ++i) {
    s.time = st.at + kSpFirstSignIn + static_cast<Ticks>(i) * kSpSignInGap +
             static_cast<Ticks>(r.below(5 * kTicksPerMinute));
    s.key =
        plantedKey(s.kind, s.principal, st.index, static_cast<uint64_t>(SignInStep::SpSignIn), i);
    push(s, from, to, out);
  }
}

void SignInLog::generateStorylines(Ticks from, Ticks to, std::vector<SignIn>& out) const {
  // Every planted sign-in lies within 2 h 45 min of its storyline's start: skip the others.
  constexpr Ticks kReach = 3 * kTicksPerHour;
  for (const PlantedStoryline& st : storylines_) {
    if (st.at + kReach < from || st.at - kReach >= to) continue;
    if (st.kind == "passwordSpray") {
      plantSpray(st, from, to, out);
    } else if (st.kind == "mfaFatigue") {
      plantFatigue(st, false, kOfficeApp, from, to, out);
    } else if (st.kind == "pimEscalation") {
      plantFatigue(st, true, kAzurePortalApp, from, to, out);
    } else if (st.kind == "impossibleTravel") {
      plantTravel(st, from, to, out);
    } else if (st.kind == "conditionalAccessWeakened") {
      plantWeakened(st, from, to, out);
    } else if (st.kind == "compromisedServicePrincipal") {
      plantServicePrincipal(st, from, to, out);
    }
  }
}

bool SignInLog::plantedIpAddress(const SignIn& s, std::string& out) const {
  if (plantedStepOf(s) == SignInStep::HomeSignIn) return false;  // from home, as described
  const SignInCity& city = signInCities()[plantedCity(s)];
  Rng r(sim_.scenario().seed, "attackerIp", plantedStorylineOf(s),
        static_cast<uint64_t>(attackerAddress(s)));
  char ip[24];
  int n = std::snprintf(ip, sizeof ip, "%d.%d.%d.%d", city.ipPrefix[0], city.ipPrefix[1],
                        static_cast<int>(r.below(256)), static_cast<int>(r.between(1, 254)));
  out.assign(ip, static_cast<size_t>(n));
  return true;
}

void SignInLog::describePlanted(const SignIn& s, SignInDetails& d) const {
  const size_t index = plantedStorylineOf(s);
  const SignInStep step = plantedStepOf(s);
  if (index < storylines_.size()) d.label = storylines_[index].label;
  d.label += ':';
  d.label += signInStepName(step);
  if (step == SignInStep::HomeSignIn) return;  // from home, as described
  const SignInCity& city = signInCities()[plantedCity(s)];
  d.city = city.city;
  d.state = city.state;
  d.countryOrRegion = city.countryOrRegion;
  d.latitude = city.latitude;
  d.longitude = city.longitude;
  plantedIpAddress(s, d.ipAddress);
  if (step == SignInStep::SpSignIn) return;  // a workload identity: no device, no user policy
  SignInContext c = plantedContext(s);
  if (!c.managed && isAttackerTry(step) && !(s.flags & kSignInLegacy)) {
    // A browser on the attacker's own machine.
    d.deviceId.clear();
    d.deviceDisplayName.clear();
    d.operatingSystem = "Linux";
    d.browser = "Chrome 131.0.0";
    d.userAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36";
    d.trustType.clear();
    d.isCompliant = d.isManaged = false;
  } else if (!c.managed) {
    d.deviceId.clear();
    d.deviceDisplayName.clear();
    d.operatingSystem = "Linux";
    d.browser = "Python Requests 2.31.0";
    d.userAgent = "python-requests/2.31.0";
    d.trustType.clear();
    d.isCompliant = d.isManaged = false;
  }
  if (s.flags & kSignInLegacy) {  // a legacy protocol: no browser, no device Entra knows
    d.userAgent.clear();
    d.browser.clear();
    d.operatingSystem.clear();
  }
  d.caStatus = caResults(policiesAt(s.time), c, s.failure, s.flags & kSignInMfa, d.policies);
}

}  // namespace tenantsim
