// Identity Protection's user-risk remediations as directoryAudits rows: each remediation of a
// riskyUsers history that Entra audits is one row at the same instant, targeting the user
// (docs/identity-protection.md#remediation-audit-rows):
//   userPerformedSecuredPasswordReset  "Reset password (self-service)" (Self-service Password
//                                      Management / UserManagement), initiated by the user;
//   adminDismissedAllRiskForUser       "DismissUser" (Identity Protection / Other), by an admin;
//   adminConfirmedUserCompromised      "ConfirmCompromised" (Identity Protection / Other), by an
//                                      admin; planted (storyline ground truth) when a storyline's
//                                      detection caused it.
// Passing MFA (userPassedMFADrivenByRiskBasedPolicy) is the sign-in's, not an audit row.
// The histories are causal (risky_users.h), so the remediations in [from, to) follow from the
// detections listed before `to`: generating ranges composes to the whole. The detections are
// generated once from the window's start and extended as later ranges are asked for.
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "simulator/simulation/risk_log.h"
#include "simulator/simulation/risky_users.h"
#include "simulator/simulation/signin_log.h"
#include "simulator/simulation/signin_storylines.h"
#include "simulator/simulation/workload.h"
#include "simulator/simulation/workloads/targets.h"

namespace tenantsim {
namespace {

constexpr uint32_t kActionMask = 0xff;

class RiskRemediationWorkload final : public Workload {
 public:
  RiskRemediationWorkload(const SimulationContext& ctx, const Simulation& sim)
      : Workload(ctx),
        sim_(sim),
        passwordReset_(catalog().require(Source::Entra, "Reset password (self-service)",
                                         "Self-service Password Management", "UserManagement")),
        dismissed_(catalog().require(Source::Entra, "DismissUser", "Identity Protection", "Other")),
        confirmed_(catalog().require(Source::Entra, "ConfirmCompromised", "Identity Protection",
                                     "Other")) {}

  WorkloadKind kind() const override { return WorkloadKind::RiskRemediation; }

  void generate(Ticks from, Ticks to, std::vector<Event>& out) const override {
    const std::vector<RiskDetection> known = detectionsBefore(to);
    if (known.empty()) return;
    // The storyline of each user's first planted detection (in the order the history folds).
    std::map<uint32_t, std::pair<Ticks, size_t>> plantedBy;
    for (const RiskDetection& r : known) {
      if (!isPlantedSignIn(r.signIn)) continue;
      auto [it, fresh] =
          plantedBy.try_emplace(r.signIn.principal, r.updated, plantedStorylineOf(r.signIn));
      if (!fresh && r.updated < it->second.first)
        it->second = {r.updated, plantedStorylineOf(r.signIn)};
    }
    for (const RiskyUser& u : riskyUsersAt(known, to - 1, seed())) {
      for (const RiskyUserEvent& e : u.history) {
        if (!auditedRemediation(e.action) || e.time < from || e.time >= to) continue;
        const uint32_t actor = selfRemediation(e.action)
                                   ? u.principal
                                   : remediationAdmin(seed(), u.principal, tenant().adminCount());
        uint32_t param = static_cast<uint32_t>(e.action);
        uint8_t flags = 0;
        auto planted = plantedBy.find(u.principal);
        if (e.action == RiskyUserAction::AdminConfirmedCompromised && planted != plantedBy.end()) {
          param |= static_cast<uint32_t>(planted->second.second + 1) << 8;
          flags = kPlanted;
        }
        const uint64_t process = uint64_t{u.principal} << 4 | static_cast<uint64_t>(e.action);
        out.push_back(
            makeEvent(e.time, process, 0, activityOf(e.action), actor, u.principal, param, flags));
      }
    }
  }

  void describe(const Event& e, EventDetails& d) const override {
    addUserTarget(d, tenant(), e.subject, true);
    if (e.planted()) {
      const StorylineConfig& st = ctx_.scenario.storylines[(e.param >> 8) - 1];
      d.label = (st.label.empty() ? st.kind : st.label) + ":user-confirmed-compromised";
    }
  }
  bool targetIdsStandAlone() const override { return true; }
  void describeTargetIds(const Event& e, EventDetails& d) const override {
    addUserTarget(d, tenant(), e.subject, true);
  }

 private:
  ActivityId activityOf(RiskyUserAction a) const {
    return a == RiskyUserAction::PasswordReset    ? passwordReset_
           : a == RiskyUserAction::AdminDismissed ? dismissed_
                                                  : confirmed_;
  }

  // The user detections detected before `to` (sorted), from the window's start.
  std::vector<RiskDetection> detectionsBefore(Ticks to) const {
    std::lock_guard lock(mutex_);
    if (!risks_) {
      signIns_ = std::make_unique<SignInLog>(sim_);
      risks_ = std::make_unique<RiskLog>(*signIns_);
      detectedUpTo_ = ctx_.scenario.windowStart();
    }
    to = std::min(to, ctx_.scenario.windowEnd);
    if (to > detectedUpTo_) {
      for (const RiskDetection& r : risks_->generate(detectedUpTo_, to)) detections_.push_back(r);
      detectedUpTo_ = to;
    }
    auto end = std::lower_bound(detections_.begin(), detections_.end(), to,
                                [](const RiskDetection& r, Ticks t) { return r.time < t; });
    return {detections_.begin(), end};
  }

  const Simulation& sim_;
  ActivityId passwordReset_, dismissed_, confirmed_;
  mutable std::mutex mutex_;
  mutable std::unique_ptr<SignInLog> signIns_;
  mutable std::unique_ptr<RiskLog> risks_;
  mutable std::vector<RiskDetection> detections_;  // every detection before detectedUpTo_
  mutable Ticks detectedUpTo_ = 0;
};

}  // namespace

std::unique_ptr<Workload> makeRiskRemediationWorkload(const SimulationContext& ctx,
                                                      const Simulation& sim) {
  return std::make_unique<RiskRemediationWorkload>(ctx, sim);
}

}  // namespace tenantsim
