// Identity Protection's remediations as directoryAudits rows: each remediation of a riskyUsers or
// riskyServicePrincipals history that Entra audits is one row at the same instant, targeting the
// user or the service principal (docs/identity-protection.md#remediation-audit-rows):
//   userPerformedSecuredPasswordReset  "Reset password (self-service)" (Self-service Password
//                                      Management / UserManagement), initiated by the user;
//   adminGeneratedTemporaryPassword    "Reset password (by admin)" (Self-service Password
//                                      Management / UserManagement), by an admin;
//   adminDismissedAllRiskForUser       "DismissUser" (Identity Protection / Other), by an admin;
//   adminConfirmedUserCompromised      "ConfirmCompromised" (Identity Protection / Other), by an
//                                      admin;
//   adminDismissedAllRiskForServicePrincipal  "DismissServicePrincipal" (Identity Protection /
//                                      Other), by an admin;
//   adminConfirmedServicePrincipalCompromised "confirmServicePrincipalCompromised" (Identity
//                                      Protection / Other), by an admin.
// A confirmation a storyline's detection caused is planted (storyline ground truth). Passing MFA
// (userPassedMFADrivenByRiskBasedPolicy) is the sign-in's, not an audit row.
// The histories are causal (risky_users.h), so the remediations in [from, to) follow from the
// detections listed before `to`: generating ranges composes to the whole. The detections are the
// simulation's shared ones (risk_detection_cache.h), which the server's risk store reads too.
#include <map>

#include "simulator/simulation/risk_detection_cache.h"
#include "simulator/simulation/risky_users.h"
#include "simulator/simulation/signin_log.h"
#include "simulator/simulation/signin_storylines.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/workload.h"
#include "simulator/simulation/workloads/targets.h"

namespace tenantsim {
namespace {

// Event param: the action (low 7 bits), whether the subject is a service principal (bit 7), and
// for a planted confirmation its storyline index + 1 (bits 8 and up).
constexpr uint32_t kActionMask = 0x7f;
constexpr uint32_t kServicePrincipalBit = 0x80;

class RiskRemediationWorkload final : public Workload {
 public:
  RiskRemediationWorkload(const SimulationContext& ctx, const Simulation& sim)
      : Workload(ctx),
        sim_(sim),
        passwordReset_(catalog().require(Source::Entra, "Reset password (self-service)",
                                         "Self-service Password Management", "UserManagement")),
        adminPasswordReset_(catalog().require(Source::Entra, "Reset password (by admin)",
                                              "Self-service Password Management",
                                              "UserManagement")),
        dismissed_(catalog().require(Source::Entra, "DismissUser", "Identity Protection", "Other")),
        confirmed_(
            catalog().require(Source::Entra, "ConfirmCompromised", "Identity Protection", "Other")),
        spDismissed_(catalog().require(Source::Entra, "DismissServicePrincipal",
                                       "Identity Protection", "Other")),
        spConfirmed_(catalog().require(Source::Entra, "confirmServicePrincipalCompromised",
                                       "Identity Protection", "Other")) {}

  WorkloadKind kind() const override { return WorkloadKind::RiskRemediation; }

  void generate(Ticks from, Ticks to, std::vector<Event>& out) const override {
    const RiskDetectionCache& cache = sim_.riskDetections();
    const Ticks start = ctx_.scenario.windowStart();
    generateFor(RiskSubject::User, cache.generate(start, to), from, to, out);
    generateFor(RiskSubject::ServicePrincipal, cache.generateServicePrincipals(start, to), from, to,
                out);
  }

  void describe(const Event& e, EventDetails& d) const override {
    describeTargetIds(e, d);
    if (e.planted()) {
      const StorylineConfig& st = ctx_.scenario.storylines[(e.param >> 8) - 1];
      d.label = (st.label.empty() ? st.kind : st.label) + (e.param & kServicePrincipalBit
                                                               ? ":sp-confirmed-compromised"
                                                               : ":user-confirmed-compromised");
    }
  }
  bool targetIdsStandAlone() const override { return true; }
  void describeTargetIds(const Event& e, EventDetails& d) const override {
    if (!(e.param & kServicePrincipalBit)) {
      addUserTarget(d, tenant(), e.subject, true);
      return;
    }
    const std::vector<WorkloadIdentity>& sps = sim_.riskDetections().signIns().servicePrincipals();
    TargetResource& r = d.addTarget("ServicePrincipal");
    if (e.subject >= sps.size()) return;
    r.id = sps[e.subject].servicePrincipalId;
    r.displayName = sps[e.subject].displayName;
  }

 private:
  // The rows of the subject's audited remediations in [from, to), from its detections before to.
  void generateFor(RiskSubject subject, const std::vector<RiskDetection>& known, Ticks from,
                   Ticks to, std::vector<Event>& out) const {
    if (known.empty()) return;
    // The storyline of each principal's first planted detection (in the order the history folds).
    std::map<uint32_t, std::pair<Ticks, size_t>> plantedBy;
    for (const RiskDetection& r : known) {
      if (!isPlantedSignIn(r.signIn)) continue;
      auto [it, fresh] =
          plantedBy.try_emplace(r.signIn.principal, r.updated, plantedStorylineOf(r.signIn));
      if (!fresh && r.updated < it->second.first)
        it->second = {r.updated, plantedStorylineOf(r.signIn)};
    }
    const bool sp = subject == RiskSubject::ServicePrincipal;
    for (const RiskyUser& u : riskyUsersAt(known, to - 1, ctx_.scenario, subject)) {
      for (const RiskyUserEvent& e : u.history) {
        if (!auditedRemediation(e.action) || e.time < from || e.time >= to) continue;
        const uint32_t actor =
            selfRemediation(e.action)
                ? u.principal
                : remediationAdmin(seed(), u.principal, tenant().adminCount(), subject);
        uint32_t param = static_cast<uint32_t>(e.action) | (sp ? kServicePrincipalBit : 0);
        uint8_t flags = 0;
        auto planted = plantedBy.find(u.principal);
        if (e.action == RiskyUserAction::AdminConfirmedCompromised && planted != plantedBy.end()) {
          param |= static_cast<uint32_t>(planted->second.second + 1) << 8;
          flags = kPlanted;
        }
        const uint64_t process = (sp ? uint64_t{1} << 40 : 0) | uint64_t{u.principal} << 4 |
                                 static_cast<uint64_t>(e.action);
        out.push_back(makeEvent(e.time, process, 0, activityOf(e.action, sp), actor, u.principal,
                                param, flags));
      }
    }
  }

  ActivityId activityOf(RiskyUserAction a, bool sp) const {
    switch (a) {
      case RiskyUserAction::PasswordReset:
        return passwordReset_;
      case RiskyUserAction::AdminPasswordReset:
        return adminPasswordReset_;
      case RiskyUserAction::AdminDismissed:
        return sp ? spDismissed_ : dismissed_;
      default:
        return sp ? spConfirmed_ : confirmed_;
    }
  }

  const Simulation& sim_;
  ActivityId passwordReset_, adminPasswordReset_, dismissed_, confirmed_, spDismissed_,
      spConfirmed_;
};

}  // namespace

std::unique_ptr<Workload> makeRiskRemediationWorkload(const SimulationContext& ctx,
                                                      const Simulation& sim) {
  return std::make_unique<RiskRemediationWorkload>(ctx, sim);
}

}  // namespace tenantsim
