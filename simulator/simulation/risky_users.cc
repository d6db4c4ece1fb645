#include "simulator/simulation/risky_users.h"

#include <algorithm>
#include <map>

#include "base/rng.h"
#include "base/time.h"
#include "simulator/simulation/signin_storylines.h"

namespace tenantsim {
namespace {

// When the remediation follows the user's first detection (docs/identity-protection.md): the MFA
// prompt of the risk-based policy at once, a password reset within the working day (sooner when
// the helpdesk resets it), an admin's triage the next day, a confirmed compromise once the
// incident is investigated.
Ticks remediationDelay(RiskyUserAction a) {
  switch (a) {
    case RiskyUserAction::PassedMfa:
      return 2 * kTicksPerMinute;
    case RiskyUserAction::PasswordReset:
      return 6 * kTicksPerHour;
    case RiskyUserAction::AdminPasswordReset:
      return 4 * kTicksPerHour;
    case RiskyUserAction::AdminDismissed:
      return 30 * kTicksPerHour;
    case RiskyUserAction::AdminConfirmedCompromised:
      return 8 * kTicksPerHour;
    case RiskyUserAction::Detection:
      break;
  }
  return 0;
}

std::string_view levelName(RiskLevel l) { return riskLevelName(l); }

struct Folder {
  RiskSubject subject = RiskSubject::User;
  RiskyUser user;
  bool open = false;  // detections raised since the last remediation
  RiskLevel level = RiskLevel::Low;
  bool compromised = false;

  void detection(const RiskDetection& r) {
    if (!user.first) user.first = &r;
    level = open ? std::max(level, r.level) : r.level;
    open = true;
    RiskyUserEvent e{r.updated, RiskyUserAction::Detection, r.type, levelName(level), "atRisk",
                     "none"};
    if (compromised) {  // stays confirmed compromised, at high risk
      e.riskLevel = "high";
      e.riskState = "confirmedCompromised";
      e.riskDetail = confirmedDetail();
    }
    user.history.push_back(e);
  }
  void remediation(RiskyUserAction a, Ticks t) {
    open = false;
    RiskyUserEvent e{t, a, RiskEventType::UnfamiliarFeatures, "none", "remediated", ""};
    switch (a) {
      case RiskyUserAction::PassedMfa:
        e.riskDetail = "userPassedMFADrivenByRiskBasedPolicy";
        break;
      case RiskyUserAction::PasswordReset:
        e.riskDetail = "userPerformedSecuredPasswordReset";
        break;
      case RiskyUserAction::AdminPasswordReset:
        e.riskDetail = "adminGeneratedTemporaryPassword";
        break;
      case RiskyUserAction::AdminDismissed:
        e.riskState = "dismissed";
        e.riskDetail = subject == RiskSubject::User ? "adminDismissedAllRiskForUser"
                                                    : "adminDismissedAllRiskForServicePrincipal";
        break;
      default:
        compromised = true;
        e.riskLevel = "high";
        e.riskState = "confirmedCompromised";
        e.riskDetail = confirmedDetail();
        break;
    }
    user.history.push_back(e);
  }
  std::string_view confirmedDetail() const {
    return subject == RiskSubject::User ? "adminConfirmedUserCompromised"
                                        : "adminConfirmedServicePrincipalCompromised";
  }
};

}  // namespace

RiskyUserAction plannedRemediation(const Scenario& scenario, uint32_t principal, bool planted,
                                   RiskSubject subject) {
  if (planted) return RiskyUserAction::AdminConfirmedCompromised;
  const RiskRemediationConfig shares = scenario.workloads.signIns
                                           ? scenario.workloads.signIns->riskRemediation
                                           : RiskRemediationConfig{};
  if (subject == RiskSubject::ServicePrincipal)
    return Rng(scenario.seed, "spRiskRemediation", principal)
                   .chance(shares.servicePrincipalDismissedShare)
               ? RiskyUserAction::AdminDismissed
               : RiskyUserAction::Detection;
  double u = Rng(scenario.seed, "riskyUserRemediation", principal).uniform();
  const std::pair<double, RiskyUserAction> plan[] = {
      {shares.passedMfaShare, RiskyUserAction::PassedMfa},
      {shares.securedPasswordResetShare, RiskyUserAction::PasswordReset},
      {shares.adminPasswordResetShare, RiskyUserAction::AdminPasswordReset},
      {shares.adminDismissedShare, RiskyUserAction::AdminDismissed}};
  for (const auto& [share, action] : plan) {
    if (u < share) return action;
    u -= share;
  }
  return RiskyUserAction::Detection;  // never remediated: stays at risk
}

uint32_t remediationAdmin(uint64_t seed, uint32_t principal, int64_t adminCount,
                          RiskSubject subject) {
  if (adminCount <= 0) return 0;
  return static_cast<uint32_t>(
      Rng(seed, subject == RiskSubject::User ? "riskAdmin" : "spRiskAdmin", principal)
          .below(static_cast<uint64_t>(adminCount)));
}

std::vector<RiskyUser> riskyUsersAt(std::span<const RiskDetection> detections, Ticks now,
                                    const Scenario& scenario, RiskSubject subject) {
  // Per user, the detections visible at now, in (time, key) order.
  std::map<uint32_t, std::vector<const RiskDetection*>> byUser;
  for (const RiskDetection& r : detections)
    if (r.visibleAt() <= now) byUser[r.signIn.principal].push_back(&r);
  std::vector<std::pair<uint32_t, RiskyUser>> users;
  users.reserve(byUser.size());
  for (auto& [principal, list] : byUser) {
    // Events happen at lastUpdatedDateTime; stable, so ties keep the detection order.
    std::stable_sort(list.begin(), list.end(), [](const RiskDetection* a, const RiskDetection* b) {
      return a->updated < b->updated;
    });
    // The remediations, each decided by what is known when it happens (so a history at a later
    // clock extends the one at an earlier clock): the user's own plan counted from the first
    // detection, unless that detection is planted; an admin's confirmation after the first
    // planted detection, which supersedes a plan not carried out by then.
    const RiskDetection* planted = nullptr;
    for (const RiskDetection* r : list)
      if (!planted && isPlantedSignIn(r->signIn)) planted = r;
    std::vector<std::pair<Ticks, RiskyUserAction>> remediations;
    const RiskyUserAction own =
        plannedRemediation(scenario, principal, planted == list.front(), subject);
    const Ticks ownAt = list.front()->updated + remediationDelay(own);
    const Ticks confirmAt =
        planted ? planted->updated + remediationDelay(RiskyUserAction::AdminConfirmedCompromised)
                : 0;
    if (own != RiskyUserAction::Detection && (!planted || ownAt <= confirmAt))
      remediations.emplace_back(ownAt, own);
    if (planted && own != RiskyUserAction::AdminConfirmedCompromised)
      remediations.emplace_back(confirmAt, RiskyUserAction::AdminConfirmedCompromised);
    Folder f;
    f.subject = subject;
    f.user.principal = principal;
    size_t next = 0;
    for (const RiskDetection* r : list) {
      while (next < remediations.size() && remediations[next].first <= now &&
             remediations[next].first < r->updated) {
        f.remediation(remediations[next].second, remediations[next].first);
        ++next;
      }
      f.detection(*r);
    }
    for (; next < remediations.size() && remediations[next].first <= now; ++next)
      f.remediation(remediations[next].second, remediations[next].first);
    users.emplace_back(principal, std::move(f.user));
  }
  std::stable_sort(users.begin(), users.end(), [](const auto& a, const auto& b) {
    const Ticks ta = a.second.lastUpdated(), tb = b.second.lastUpdated();
    return ta != tb ? ta < tb : a.first < b.first;
  });
  std::vector<RiskyUser> out;
  out.reserve(users.size());
  for (auto& u : users) out.push_back(std::move(u.second));
  return out;
}

DetectionState detectionStateOf(const RiskyUser& user, const RiskDetection& r) {
  DetectionState state;
  state.lastUpdated = r.updated;
  bool compromisedBefore = false;
  for (const RiskyUserEvent& e : user.history) {
    if (e.action == RiskyUserAction::Detection) continue;
    if (e.time >= r.updated) {  // the remediation that closed r
      state.riskState = e.riskState;
      state.riskDetail = e.riskDetail;
      state.lastUpdated = e.time;
      return state;
    }
    if (e.action == RiskyUserAction::AdminConfirmedCompromised) {
      compromisedBefore = true;
      state.riskDetail = e.riskDetail;
    }
  }
  if (compromisedBefore)
    state.riskState = "confirmedCompromised";
  else
    state.riskDetail = "none";
  return state;
}

void applyDetectionState(const DetectionState& state, RiskDetectionDetails& d) {
  d.riskState = state.riskState;
  if (!d.premiumHidden) d.riskDetail = state.riskDetail;
  d.lastUpdated = state.lastUpdated;
}

DetectionStates::DetectionStates(std::span<const RiskDetection> visible, Ticks now,
                                 const Scenario& scenario, RiskSubject subject) {
  const std::vector<RiskyUser> users = riskyUsersAt(visible, now, scenario, subject);
  std::map<uint32_t, const RiskyUser*> byPrincipal;
  for (const RiskyUser& u : users) byPrincipal[u.principal] = &u;
  byKey_.reserve(visible.size());
  for (const RiskDetection& r : visible) {
    if (r.visibleAt() > now) continue;
    byKey_.emplace_back(r.key, detectionStateOf(*byPrincipal.at(r.signIn.principal), r));
  }
  std::sort(byKey_.begin(), byKey_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
}

DetectionState DetectionStates::of(const RiskDetection& r) const {
  auto it = std::lower_bound(byKey_.begin(), byKey_.end(), r.key,
                             [](const auto& e, uint64_t key) { return e.first < key; });
  if (it != byKey_.end() && it->first == r.key) return it->second;
  DetectionState state;
  state.lastUpdated = r.updated;
  return state;
}

}  // namespace tenantsim
