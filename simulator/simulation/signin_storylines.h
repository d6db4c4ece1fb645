// The sign-in side of planted storylines: how a planted sign-in is keyed, and the steps it can
// stand for. A planted sign-in's key keeps the usual layout (kind | principal | day | sign-in |
// refresh) but its day field counts down from 0xffff by storyline (no real day comes near: day
// 0xff00 is in the year 2148), its sign-in field names the step, and its refresh field numbers the
// attempts of that step. The record alone thus says which storyline and step produced it, so
// describing and labelling need no side table, in any range or shard.
#pragma once

#include <cstdint>
#include <string_view>

#include "simulator/simulation/signin.h"

namespace tenantsim {

enum class SignInStep : uint16_t {
  SprayAttempt = 1,       // passwordSpray: a wrong password from the attacker's addresses
  SpraySuccess = 2,       // passwordSpray: the one account whose password was guessed
  MfaDenied = 3,          // mfaFatigue / pimEscalation: a push the user denied (500121)
  MfaApproved = 4,        // mfaFatigue / pimEscalation: the push the tired user approved
  HomeSignIn = 5,         // impossibleTravel: the user's own sign-in from home
  TokenReplay = 6,        // impossibleTravel: the session's token used from another continent
                          // (keyed as the home sign-in's refreshes, so that they share its session)
  BlockedAttempt = 7,     // conditionalAccessWeakened: the attacker's try the policy still stopped
  PolicyAdminSignIn = 8,  // conditionalAccessWeakened: the admin's portal sign-in before the change
  BypassSignIn = 9,       // conditionalAccessWeakened: a try after it, which the old policy stopped
  SpSignIn = 10,          // compromisedServicePrincipal: the app's client-credential sign-ins
                          // with the new secret from the attacker's address (attempt 0 raises
                          // the detection)
  AdminSignIn = 512,  // rogueCloudPkiCa: the actor's sign-in before each planted change (+ hash)
};
std::string_view signInStepName(SignInStep step);

constexpr uint64_t kPlantedDayBase = 0xffff;  // storyline i uses day field 0xffff - i
constexpr uint64_t kMaxPlantedStorylines = 0xff;

inline uint64_t plantedDayField(size_t storyline) { return kPlantedDayBase - storyline; }
inline bool isPlantedSignIn(const SignIn& s) {
  return ((s.key >> 18) & 0xffff) > kPlantedDayBase - kMaxPlantedStorylines;
}
inline size_t plantedStorylineOf(const SignIn& s) {
  return static_cast<size_t>(kPlantedDayBase - ((s.key >> 18) & 0xffff));
}
inline SignInStep plantedStepOf(const SignIn& s) {
  uint64_t j = (s.key >> 8) & 0x3ff;
  if (j >= 512) return SignInStep::AdminSignIn;
  if (j == static_cast<uint64_t>(SignInStep::HomeSignIn) && s.kind == SignInKind::NonInteractive)
    return SignInStep::TokenReplay;
  return static_cast<SignInStep>(j);
}

}  // namespace tenantsim
