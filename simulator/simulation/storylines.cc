#include "simulator/simulation/storylines.h"

#include <algorithm>

#include "base/rng.h"

namespace tenantsim {

std::vector<PlantedStoryline> plantedStorylines(const Scenario& s, const Tenant& t,
                                                std::string_view kind) {
  std::vector<PlantedStoryline> out;
  for (size_t i = 0; i < s.storylines.size(); ++i) {
    const StorylineConfig& c = s.storylines[i];
    if (!kind.empty() && c.kind != kind) continue;
    Rng r(s.seed, "storylineActor", i);
    // A regular (non-admin) account: the compromised identity.
    int64_t actor =
        t.userCount() > t.adminCount()
            ? t.adminCount() + static_cast<int64_t>(
                                   r.below(static_cast<uint64_t>(t.userCount() - t.adminCount())))
            : 0;
    // One of the admins who manage Conditional Access (the conditional_access workload's five).
    const int64_t admins = std::min<int64_t>(t.adminCount(), 5);
    int64_t admin = admins > 0
                        ? static_cast<int64_t>(
                              Rng(s.seed, "storylineAdmin", i).below(static_cast<uint64_t>(admins)))
                        : 0;
    out.push_back({i, c.kind, c.label.empty() ? c.kind : c.label, c.at, actor, admin});
  }
  return out;
}

CompromisedApp compromisedApplication(const Scenario& s, const Tenant& t, size_t storyline) {
  std::vector<size_t> own;  // the tenant's own applications (at least two: tenant.cc)
  for (size_t i = 0; i < t.applications().size(); ++i)
    if (!t.applications()[i].firstParty) own.push_back(i);
  if (own.empty()) return {};
  const size_t k = static_cast<size_t>(Rng(s.seed, "compromisedApp", storyline).below(own.size()));
  return {own[k], k};
}

std::string compromisedSecretKeyId(uint64_t seed, size_t storyline) {
  char g[36];
  guidFrom(seed, "compromisedSecret", storyline, g);
  return std::string(g, 36);
}

std::string expectedDetection(std::string_view kind, std::string_view step) {
  if (kind == "pimEscalation") {
    if (step == "activation-requested")
      return "PIM activation of a privileged role outside working hours";
    if (step == "activation-completed") return "Global Administrator activated without approval";
    if (step == "persistence") return "Permanent role assignment made outside of PIM";
    if (step == "ca-weakened")
      return "Conditional Access policy disabled shortly after privilege escalation";
    if (step == "location-trusted") return "Named location changed to trust a new IP range";
  }
  if (kind == "passwordSpray") {
    if (step == "spray-attempt")
      return "Password spray: one failed password per account from few addresses";
    if (step == "spray-success")
      return "Password spray: the password of one sprayed account was right";
  }
  if (kind == "mfaFatigue" || kind == "pimEscalation") {
    if (step == "mfa-denied") return "MFA fatigue: repeated MFA pushes denied by the user";
    if (step == "mfa-approved") return "MFA fatigue: a push approved after a run of denials";
  }
  if (kind == "impossibleTravel") {
    if (step == "home-sign-in") return "";
    if (step == "token-replay")
      return "Token replay: the session used from another continent (impossible travel)";
  }
  if (kind == "conditionalAccessWeakened") {
    if (step == "blocked-attempt")
      return "Sign-in from an unfamiliar address blocked or challenged by Conditional Access";
    if (step == "admin-sign-in")
      return "Admin portal sign-in from an unfamiliar address before a Conditional Access change";
    if (step == "ca-weakened")
      return "Conditional Access policy weakened (user excluded, disabled or set to report-only)";
    if (step == "bypass-sign-in")
      return "Sign-in that the Conditional Access policy before the change would have stopped";
    if (step == "ca-restored") return "";
  }
  if (kind == "compromisedServicePrincipal") {
    if (step == "secret-added") return "New client secret added to an application";
    if (step == "sp-sign-in")
      return "Service principal signs in from an address it never used, with the new secret";
  }
  if (kind == "rogueCloudPkiCa" && step == "admin-sign-in")
    return "Intune admin sign-in from an address the account never used";
  if (kind == "rogueCloudPkiCa") {
    if (step == "ca-created") return "Cloud PKI CA created by an unusual actor";
    if (step == "ca-certificate-uploaded") return "Externally signed CA certificate uploaded";
    if (step == "ca-activated") return "New CA activated";
    if (step == "leaf-search") return "Enumeration of issued leaf certificates";
    if (step == "mass-revocation") return "Mass revocation of leaf certificates";
  }
  // Every storyline whose detection names a user: the admin's response (risk_remediation.cc).
  if (step == "user-confirmed-compromised")
    return "Identity Protection: an administrator confirmed the account compromised";
  return "";
}

}  // namespace tenantsim
