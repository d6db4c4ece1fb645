// PIM: role activation lifecycles of eligible users (requested, approval requested, approved or
// denied, completed, then deactivated or expired), eligible-assignment and role-setting admin
// operations, and the planted pimEscalation storyline's privilege steps.
#include <algorithm>
#include <cstdio>

#include "simulator/simulation/storylines.h"
#include "simulator/simulation/workload.h"
#include "simulator/simulation/workloads/targets.h"

namespace tenantsim {
namespace {

enum Step : uint8_t {
  kRequested,
  kApprovalRequested,
  kApproved,
  kDenied,
  kCompleted,
  kDeactivateRequested,
  kDeactivated,
  kExpired,
  kEligibleRequested,
  kEligibleCompleted,
  kRoleSettingUpdated,
  kOutsidePim,
  kStepCount
};

constexpr const char* kStepActivity[kStepCount] = {
    "Add member to role requested (PIM activation)",
    "Add member to role approval requested (PIM activation)",
    "Add member to role request approved (PIM activation)",
    "Add member to role request denied (PIM activation)",
    "Add member to role completed (PIM activation)",
    "Remove member from role requested (PIM deactivate)",
    "Remove member from role completed (PIM deactivate)",
    "Remove member from role (PIM activation expired)",
    "Add eligible member to role in PIM requested (timebound)",
    "Add eligible member to role in PIM completed (timebound)",
    "Update role setting in PIM",
    "Add member to role outside of PIM (permanent)",
};

constexpr const char* kJustifications[] = {
    "INC-{} investigating mailbox rule alert", "CHG-{} monthly patch window",
    "Ticket {}: reset MFA for VIP user",       "Quarterly access review follow-up ({})",
    "Onboarding new department app, REQ{}",    "Break-glass test per runbook RB-{}",
    "Conditional Access report review {}",     "Investigate sign-in anomalies, case {}"};

constexpr uint64_t kAdminProcess = uint64_t{1} << 50;
constexpr uint64_t kStorylineProcess = uint64_t{1} << 51;

// One activation: its steps and their times, recomputable from (day, eligibility, j).
struct Activation {
  Ticks requested = 0, decided = 0, started = 0, ended = 0;
  Ticks expires = 0;  // the end the activation was granted for
  bool approval = false, denied = false, deactivated = false;
  double hours = 1;
  std::string justification;
};

class PimWorkload final : public Workload {
 public:
  explicit PimWorkload(const SimulationContext& ctx)
      : Workload(ctx),
        config_(*ctx.scenario.workloads.pim),
        storylines_(plantedStorylines(ctx.scenario, ctx.tenant, "pimEscalation")) {
    for (int s = 0; s < kStepCount; ++s) {
      for (int c = 0; c < 3; ++c) {
        static constexpr const char* kCategories[] = {"RoleManagement", "GroupManagement",
                                                      "ResourceManagement"};
        activity_[s][c] = catalog()
                              .find(Source::Entra, kStepActivity[s], "PIM", kCategories[c])
                              .value_or(catalog().require(Source::Entra, kStepActivity[s], "PIM",
                                                          "RoleManagement"));
      }
    }
  }

  WorkloadKind kind() const override { return WorkloadKind::Pim; }

  void generate(Ticks from, Ticks to, std::vector<Event>& out) const override {
    const Scenario& s = ctx_.scenario;
    from = std::max(from, s.windowStart());
    to = std::min(to, s.windowEnd);
    if (from >= to) return;
    const auto& eligibilities = tenant().eligibilities();
    // A process is at most ~10 hours long; look back far enough to catch its later steps.
    int64_t firstDay = (std::max(from - 11 * kTicksPerHour, s.windowStart())) / kTicksPerDay;
    int64_t lastDay = (to - 1) / kTicksPerDay;
    for (int64_t day = firstDay; day <= lastDay; ++day) {
      for (size_t k = 0; k < eligibilities.size(); ++k) {
        Rng r(seed(), "pimDay", static_cast<uint64_t>(day), k);
        int64_t n = std::min<int64_t>(r.poisson(config_.activationsPerEligibleUserPerDay), 63);
        for (int64_t j = 0; j < n; ++j) emitActivation(day, k, static_cast<int>(j), from, to, out);
      }
      Rng r(seed(), "pimAdminDay", static_cast<uint64_t>(day));
      int64_t ops = std::min<int64_t>(r.poisson(config_.adminOperationsPerDay), 63);
      for (int64_t j = 0; j < ops; ++j) emitAdminOperation(day, static_cast<int>(j), from, to, out);
    }
    for (const PlantedStoryline& st : storylines_) emitStoryline(st, from, to, out);
  }

  void describe(const Event& e, EventDetails& d) const override {
    const Tenant& t = tenant();
    uint64_t process = e.process();
    const Activity& a = *d.activity;
    bool forGroup = a.category == "GroupManagement";
    uint16_t role = static_cast<uint16_t>(e.param & 0xffff);
    Ticks start = e.time, end = e.time + 8 * kTicksPerHour;
    std::string justification;
    if (!(process & (kAdminProcess | kStorylineProcess))) {
      int64_t day = static_cast<int64_t>(process >> 34);
      size_t k = (process >> 6) & ((1u << 28) - 1);
      Activation act = plan(day, k, static_cast<int>(process & 63));
      start = act.started;
      end = act.expires;
      justification = act.justification;
    } else if (process & kStorylineProcess) {
      justification = "maintenance";
      start = e.time;
      end = e.time + 8 * kTicksPerHour;
    }
    bool isRemoval =
        e.step() == kDeactivated || e.step() == kExpired || e.step() == kDeactivateRequested;
    if (!justification.empty() && !isRemoval) d.resultReason = justification;
    if (e.step() == kDenied)
      d.resultReason = "Request denied by approver: justification insufficient";

    // targetResources in PIM's order: Role (or Group), Request, User, Directory, Other.
    if (forGroup) {
      addGroupTarget(d, t, role);
    } else {
      const RoleTemplate& rt = builtInRoles()[role % builtInRoles().size()];
      TargetResource& r = d.addTarget("Role");
      r.id.assign(rt.templateId);
      r.displayName.assign(rt.displayName);
      for (const char* key : {"RoleDefinitionOriginId", "RoleDefinitionOriginType", "TemplateId"}) {
        ModifiedProperty& m = r.addProperty(key);
        m.oldValue = "\"\"";
        m.newValue = quoted(std::string_view(key) == "RoleDefinitionOriginType"
                                ? std::string_view("BuiltInRole")
                                : rt.templateId);
      }
    }
    char request[36];
    guidFrom(seed(), "pimRequest", process, request);
    TargetResource& req = d.addTarget("Request");
    req.id.assign(request, 36);
    req.displayNameNull = true;
    int64_t subjectUser = e.subject;
    addUserTarget(d, t, subjectUser, /*withDisplayName=*/true);
    TargetResource& dir = d.addTarget("Directory");
    dir.id = t.id();
    dir.displayName = t.name();
    TargetResource& other = d.addTarget("Other");
    other.id = "00000000-0000-0000-0000-000000000000";
    other.displayNameNull = true;

    if (!forGroup) {
      const RoleTemplate& rt = builtInRoles()[role % builtInRoles().size()];
      d.addDetail("RoleDefinitionOriginId", rt.templateId);
      d.addDetail("RoleDefinitionOriginType", "BuiltInRole");
      d.addDetail("TemplateId", rt.templateId);
    } else {
      d.addDetail("ResourceOriginId", view(t.groups()[role % t.groups().size()].id));
    }
    if (e.step() <= kCompleted || e.step() == kOutsidePim || e.step() == kEligibleRequested ||
        e.step() == kEligibleCompleted) {
      d.addDetail("StartTime", formatIsoTime(start));
      d.addDetail("ExpirationTime", formatIsoTime(end));
    }
    if (!justification.empty()) d.addDetail("Justification", justification);
    if (!d.byApp()) {
      // The initiating user's, as Simulation::describe filled them before calling here.
      d.addDetail("oid", d.userId);
      d.addDetail("tid", t.id());
      d.addDetail("ipaddr", d.ipAddress);
    }
    d.addDetail("RequestId", std::string_view(request, 36));
    if (e.planted()) {
      const StorylineConfig& st = ctx_.scenario.storylines[(process >> 8) & 0xffff];
      d.label = (st.label.empty() ? st.kind : st.label) + ":" + stepLabel(e.step());
    }
  }

 private:
  static const char* stepLabel(uint8_t step) {
    switch (step) {
      case kRequested:
        return "activation-requested";
      case kCompleted:
        return "activation-completed";
      case kOutsidePim:
        return "persistence";
      default:
        return "pim";
    }
  }

  int categoryOf(bool forGroup) const { return forGroup ? 1 : 0; }

  Activation plan(int64_t day, size_t k, int j) const {
    const Eligibility& el = tenant().eligibilities()[k];
    Rng r(seed(), "pimActivation", static_cast<uint64_t>(day) * 4096 + static_cast<uint64_t>(j), k);
    Activation a;
    // Working hours, UTC, skewed to mornings.
    double hour = 7 + std::min(11.0, r.exponential(3.0));
    a.requested = day * kTicksPerDay + static_cast<Ticks>(hour * kTicksPerHour) +
                  static_cast<Ticks>(r.below(kTicksPerMinute * 10));
    a.approval = el.requiresApproval;
    a.decided =
        a.requested + (a.approval ? static_cast<Ticks>((2 + r.exponential(20)) * kTicksPerMinute)
                                  : static_cast<Ticks>(r.between(1, 3) * kTicksPerSecond));
    a.denied = a.approval && r.chance(config_.denialShare);
    a.started = a.decided + static_cast<Ticks>(r.between(1, 4) * kTicksPerSecond);
    a.hours = static_cast<double>(r.between(1, 8));
    a.deactivated = r.chance(config_.deactivateShare);
    Ticks full = static_cast<Ticks>(a.hours * kTicksPerHour);
    a.expires = a.started + full;
    a.ended =
        a.started + (a.deactivated ? static_cast<Ticks>(full * (0.2 + 0.7 * r.uniform())) : full);
    char ticket[16];
    std::snprintf(ticket, sizeof ticket, "%06llu",
                  static_cast<unsigned long long>(r.below(1000000)));
    std::string text = kJustifications[r.below(std::size(kJustifications))];
    text.replace(text.find("{}"), 2, ticket);
    a.justification = text;
    return a;
  }

  void push(Ticks time, Ticks from, Ticks to, uint64_t process, uint8_t step, bool forGroup,
            uint32_t actor, uint32_t subject, uint32_t role, uint8_t flags,
            std::vector<Event>& out) const {
    if (time < from || time >= to) return;
    out.push_back(makeEvent(time, process, step, activity_[step][categoryOf(forGroup)], actor,
                            subject, role, flags));
  }

  void emitActivation(int64_t day, size_t k, int j, Ticks from, Ticks to,
                      std::vector<Event>& out) const {
    const Eligibility& el = tenant().eligibilities()[k];
    Activation a = plan(day, k, j);
    uint64_t process = (static_cast<uint64_t>(day) << 34) | (static_cast<uint64_t>(k) << 6) |
                       static_cast<uint64_t>(j);
    uint32_t user = static_cast<uint32_t>(el.user);
    uint32_t approver = static_cast<uint32_t>(
        Rng(seed(), "pimApprover", process).below(static_cast<uint64_t>(tenant().adminCount())));
    uint32_t pimApp = 1;  // MS-PIM
    push(a.requested, from, to, process, kRequested, el.forGroup, user, user, el.role, 0, out);
    if (a.approval) {
      push(a.requested + kTicksPerSecond / 2, from, to, process, kApprovalRequested, el.forGroup,
           user, user, el.role, 0, out);
      if (a.denied) {
        push(a.decided, from, to, process, kDenied, el.forGroup, approver, user, el.role, 0, out);
        return;
      }
      push(a.decided, from, to, process, kApproved, el.forGroup, approver, user, el.role, 0, out);
    }
    push(a.started, from, to, process, kCompleted, el.forGroup, user, user, el.role, 0, out);
    if (a.deactivated) {
      push(a.ended, from, to, process, kDeactivateRequested, el.forGroup, user, user, el.role, 0,
           out);
      push(a.ended + 2 * kTicksPerSecond, from, to, process, kDeactivated, el.forGroup, user, user,
           el.role, 0, out);
    } else {
      push(a.ended, from, to, process, kExpired, el.forGroup, pimApp, user, el.role, kActorIsApp,
           out);
    }
  }

  void emitAdminOperation(int64_t day, int j, Ticks from, Ticks to, std::vector<Event>& out) const {
    Rng r(seed(), "pimAdminOp", static_cast<uint64_t>(day), static_cast<uint64_t>(j));
    uint64_t process = kAdminProcess | (static_cast<uint64_t>(day) << 8) | static_cast<uint64_t>(j);
    Ticks t = day * kTicksPerDay + static_cast<Ticks>((8 + 9 * r.uniform()) * kTicksPerHour);
    uint32_t admin = static_cast<uint32_t>(r.below(static_cast<uint64_t>(tenant().adminCount())));
    uint32_t user = static_cast<uint32_t>(r.below(static_cast<uint64_t>(tenant().userCount())));
    uint32_t role = static_cast<uint32_t>(r.below(builtInRoles().size()));
    if (r.chance(0.7)) {
      push(t, from, to, process, kEligibleRequested, false, admin, user, role, 0, out);
      push(t + 3 * kTicksPerSecond, from, to, process, kEligibleCompleted, false, admin, user, role,
           0, out);
    } else {
      push(t, from, to, process, kRoleSettingUpdated, false, admin, user, role, 0, out);
    }
  }

  // pimEscalation: a regular account activates Global Administrator at night with no approval,
  // then makes a permanent assignment outside PIM (the CA workload plants the policy weakening).
  void emitStoryline(const PlantedStoryline& st, Ticks from, Ticks to,
                     std::vector<Event>& out) const {
    uint64_t process = kStorylineProcess | (st.index << 8);
    uint32_t user = static_cast<uint32_t>(st.actor);
    uint8_t flags = kPlanted;
    push(st.at, from, to, process, kRequested, false, user, user, 0, flags, out);
    push(st.at + 2 * kTicksPerSecond, from, to, process, kCompleted, false, user, user, 0, flags,
         out);
    uint32_t accomplice = static_cast<uint32_t>((st.actor + 1) % tenant().userCount());
    push(st.at + 4 * kTicksPerMinute, from, to, process | 1, kOutsidePim, false, user, accomplice,
         0, flags, out);
  }

  const PimConfig& config_;
  std::vector<PlantedStoryline> storylines_;
  ActivityId activity_[kStepCount][3];
};

}  // namespace

std::unique_ptr<Workload> makePimWorkload(const SimulationContext& ctx) {
  return std::make_unique<PimWorkload>(ctx);
}

}  // namespace tenantsim
