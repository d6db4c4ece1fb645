// Background: every catalog activity that no dedicated workload produces, Entra and Intune,
// weighted so common operations dominate, at the scenario's per-user daily volume, shaped by hour
// of day and day of week, with optional bursts.
#include <algorithm>
#include <cstdio>

#include "simulator/simulation/workload.h"
#include "simulator/simulation/workloads/targets.h"

namespace tenantsim {
namespace {

// Walker's alias method: O(1) weighted choice.
class AliasTable {
 public:
  explicit AliasTable(const std::vector<double>& weights)
      : prob_(weights.size()), alias_(weights.size()) {
    size_t n = weights.size();
    double total = 0;
    for (double w : weights) total += w;
    std::vector<double> scaled(n);
    std::vector<size_t> small, large;
    for (size_t i = 0; i < n; ++i) {
      scaled[i] = weights[i] * static_cast<double>(n) / total;
      (scaled[i] < 1 ? small : large).push_back(i);
    }
    while (!small.empty() && !large.empty()) {
      size_t s = small.back(), l = large.back();
      small.pop_back();
      prob_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] -= 1 - scaled[s];
      if (scaled[l] < 1) {
        large.pop_back();
        small.push_back(l);
      }
    }
    for (size_t i : large) prob_[i] = 1;
    for (size_t i : small) prob_[i] = 1;
  }
  size_t pick(Rng& r) const {
    size_t i = r.below(prob_.size());
    return r.uniform() < prob_[i] ? i : alias_[i];
  }

 private:
  std::vector<double> prob_;
  std::vector<size_t> alias_;
};

bool selfService(const Activity& a) {
  return a.service == "Self-service Password Management" || a.service == "Authentication Methods" ||
         a.service == "Self-service Group Management" ||
         a.name.find("self-service") != std::string::npos;
}

class BackgroundWorkload final : public Workload {
 public:
  explicit BackgroundWorkload(const SimulationContext& ctx)
      : Workload(ctx), config_(*ctx.scenario.workloads.background), table_(weights()) {}

  WorkloadKind kind() const override { return WorkloadKind::Background; }

  void generate(Ticks from, Ticks to, std::vector<Event>& out) const override {
    Ticks first = std::max(from, ctx_.scenario.windowStart());
    Ticks last = std::min(to, ctx_.scenario.windowEnd);
    if (first >= last || activities_.empty()) return;
    for (Ticks hour = first - first % kTicksPerHour; hour < last; hour += kTicksPerHour)
      generateHour(hour, std::max(first, hour), std::min(last, hour + kTicksPerHour), out);
  }

  void describe(const Event& e, EventDetails& d) const override {
    describeGenericEvent(ctx_, e, d);
  }
  bool targetIdsStandAlone() const override { return true; }
  void describeTargetIds(const Event& e, EventDetails& d) const override {
    describeGenericTargetIds(ctx_, e, d);
  }

 private:
  std::vector<double> weights() {
    // With the sign-in log on, Identity Protection's risk triage (DismissUser, ConfirmCompromised,
    // ...) is written by the risky users' remediations alone (workloads/risk_remediation.cc):
    // drawn here it would dismiss or confirm users who were never at risk. The draws stay the
    // same (so do the other events); those rows are dropped.
    reserved_.assign(catalog().all().size(), 0);
    if (ctx_.scenario.workloads.signIns)
      for (const Activity& a : catalog().all())
        reserved_[a.id] = a.service == "Identity Protection" && a.category == "Other";
    std::vector<double> w;
    double intuneTotal = 0, entraTotal = 0;
    for (const Activity& a : catalog().all()) {
      if (a.backgroundWeight <= 0) continue;
      (a.source == Source::Intune ? intuneTotal : entraTotal) += a.backgroundWeight;
    }
    for (const Activity& a : catalog().all()) {
      if (a.backgroundWeight <= 0) continue;
      double share = a.source == Source::Intune ? config_.intuneShare / intuneTotal
                                                : (1 - config_.intuneShare) / entraTotal;
      if (share <= 0) continue;
      activities_.push_back(a.id);
      w.push_back(a.backgroundWeight * share);
    }
    if (w.empty())
      w.push_back(1);  // an empty table still needs one slot; generate() checks activities_
    return w;
  }

  double burstFactor(Ticks t) const {
    double f = 1;
    for (const BurstConfig& b : config_.bursts)
      if (t >= b.at && t < b.at + static_cast<Ticks>(b.minutes * kTicksPerMinute))
        f *= b.multiplier;
    return f;
  }

  void generateHour(Ticks hour, Ticks from, Ticks to, std::vector<Event>& out) const {
    const Tenant& t = tenant();
    double users = static_cast<double>(t.userCount());
    double mean = users * config_.eventsPerUserPerDay / 24 * activityShape(config_, hour);
    uint64_t hourIndex = static_cast<uint64_t>(hour / kTicksPerHour);
    Rng count(seed(), "bgCount", hourIndex);
    int64_t n = count.poisson(mean);
    bool bursty = !config_.bursts.empty();
    for (int64_t i = 0; i < n; ++i) {
      Rng r(seed(), "bg", hourIndex, static_cast<uint64_t>(i));
      Ticks time = hour + static_cast<Ticks>(r.below(kTicksPerHour));
      if (bursty) {
        // Thinning: bursts add copies of the hour's events at the burst's times.
        double f = burstFactor(time);
        int copies = static_cast<int>(f) + (r.chance(f - static_cast<int>(f)) ? 1 : 0);
        for (int c = 0; c < copies; ++c) {
          Rng rc(seed(), "bgBurst", hourIndex * 64 + static_cast<uint64_t>(c),
                 static_cast<uint64_t>(i));
          // Copies stay in the same hour, so generating any time range gives the same events.
          Ticks tc = c == 0 ? time
                            : std::min(time + static_cast<Ticks>(rc.below(kTicksPerMinute)),
                                       hour + kTicksPerHour - 1);
          if (tc >= from && tc < to)
            keep(makeOne(rc, tc, (hourIndex << 32) | (static_cast<uint64_t>(i) << 6) | c), out);
        }
        continue;
      }
      if (time >= from && time < to)
        keep(makeOne(r, time, (hourIndex << 32) | (static_cast<uint64_t>(i) << 6)), out);
    }
  }

  void keep(const Event& e, std::vector<Event>& out) const {
    if (!reserved_[e.activity]) out.push_back(e);
  }

  Event makeOne(Rng& r, Ticks time, uint64_t process) const {
    const Tenant& t = tenant();
    const Activity& a = catalog().at(activities_[table_.pick(r)]);
    uint32_t subject = static_cast<uint32_t>(
        r.below(static_cast<uint64_t>(a.targetType == "Device" ? t.deviceCount() : t.userCount())));
    uint32_t param = static_cast<uint32_t>(r.next());
    uint32_t actor;
    uint8_t flags = 0;
    if (a.source == Source::Entra && selfService(a)) {
      actor = subject;
    } else if (r.chance(a.source == Source::Intune ? 0.05 : 0.25)) {
      actor = static_cast<uint32_t>(2 + r.below(t.applications().size() - 2));
      flags |= kActorIsApp;
    } else {
      actor = static_cast<uint32_t>(r.below(static_cast<uint64_t>(t.adminCount())));
    }
    Event e = makeEvent(time, process, 0, a.id, actor, subject, param, flags);
    if (r.chance(0.015)) e.result = OperationResult::Failure;
    return e;
  }

  const BackgroundConfig& config_;
  std::vector<ActivityId> activities_;
  std::vector<uint8_t> reserved_;  // by activity id: never written by the background
  AliasTable table_;
};

void describeIntune(uint64_t seed, const Event& e, const Activity& a, Rng& r, EventDetails& d) {
  TargetResource& res = d.addTarget(a.entityType);
  char id[36];
  guidFrom(seed, a.entityType, e.param % 997, id);
  res.id.assign(id, 36);
  static constexpr const char* kNames[] = {
      "Windows 11 baseline", "iOS corporate", "Android Enterprise",
      "Finance devices",     "Kiosk",         "BYOD",
      "Executive laptops"};
  res.displayName = std::string(kNames[e.param % std::size(kNames)]) + " - " + a.entityType;
  if (a.operationType == "Patch" || a.operationType == "Create") {
    static constexpr const char* kProps[][3] = {{"DisplayName", "", ""},
                                                {"Description", "", "Managed by IT"},
                                                {"RoleScopeTagIds", "[\"0\"]", "[\"0\",\"1\"]"},
                                                {"Version", "3", "4"}};
    const auto& p = kProps[r.below(std::size(kProps))];
    ModifiedProperty& m = res.addProperty(p[0]);
    m.oldValue = a.operationType == "Create" ? "" : p[1];
    m.newValue = *p[2] ? p[2] : res.displayName;
  }
}

}  // namespace

void describeGenericEvent(const SimulationContext& ctx, const Event& e, EventDetails& d) {
  const uint64_t seed = ctx.scenario.seed;
  const Tenant& t = ctx.tenant;
  const Activity& a = *d.activity;
  Rng r(seed, "bgDetails", e.key);
  if (a.source == Source::Intune) return describeIntune(seed, e, a, r, d);
  if (a.targetType == "User") {
    TargetResource& target = addUserTarget(d, t, e.subject);
    if (a.operationType == "Update") {
      static constexpr const char* kProps[][3] = {
          {"Department", "[\"Sales\"]", "[\"Marketing\"]"},
          {"JobTitle", "[\"Analyst\"]", "[\"Senior Analyst\"]"},
          {"AccountEnabled", "[true]", "[false]"},
          {"MobilePhone", "[]", "[\"+1 425 555 0100\"]"},
          {"UsageLocation", "[\"US\"]", "[\"GB\"]"}};
      const auto& p = kProps[r.below(std::size(kProps))];
      ModifiedProperty& m = target.addProperty(p[0]);
      m.oldValue = p[1];
      m.newValue = p[2];
      ModifiedProperty& inc = target.addProperty("Included Updated Properties");
      inc.oldNull = true;
      inc.newValue = quoted(p[0]);
    }
    ModifiedProperty& ut = target.addProperty("TargetId.UserType");
    ut.oldNull = true;
    ut.newValue = "\"Member\"";
    d.addDetail("UserType", "Member");
  } else if (a.targetType == "Group") {
    bool membership =
        a.name.find("member") != std::string::npos || a.name.find("owner") != std::string::npos;
    if (membership) {
      TargetResource& member = addUserTarget(d, t, e.subject);
      const Group& g = t.groups()[e.param % t.groups().size()];
      ModifiedProperty& id = member.addProperty("Group.ObjectID");
      id.oldNull = true;
      id.newValue = quoted(view(g.id));
      ModifiedProperty& name = member.addProperty("Group.DisplayName");
      name.oldNull = true;
      name.newValue = quoted(g.displayName);
    }
    addGroupTarget(d, t, e.param);
  } else if (a.targetType == "Device") {
    TargetResource& dev = addDeviceTarget(d, t, e.subject);
    if (a.operationType == "Update") {
      ModifiedProperty& m = dev.addProperty("ApproximateLastSignInDateTime");
      m.oldValue = "[\"" +
                   formatIsoTime(e.time - kTicksPerDay * (1 + static_cast<Ticks>(r.below(9))))
                       .substr(0, 19) +
                   "Z\"]";
      m.newValue = "[\"" + formatIsoTime(e.time).substr(0, 19) + "Z\"]";
    }
  } else if (a.targetType == "ServicePrincipal" || a.targetType == "Application") {
    addAppTarget(d, t, e.param, a.targetType);
    d.addDetail("AppId", t.applications()[e.param % t.applications().size()].appId);
  } else {
    TargetResource& other = d.addTarget(a.targetType);
    char id[36];
    guidFrom(seed, "object", e.param, id);
    other.id.assign(id, 36);
    other.displayName = a.category == "Policy" || a.category == "PolicyManagement"
                            ? "Default Policy"
                            : std::string();
    other.displayNameNull = other.displayName.empty();
  }
  if (d.byApp()) d.addDetail("User-Agent", "Microsoft Azure Graph Client Library 2.1.17-internal");
  if (e.result == OperationResult::Failure) {
    static constexpr const char* kReasons[] = {
        "Microsoft.Online.Workflows.ObjectAlreadyExistsException",
        "Insufficient privileges to complete the operation.",
        "The user is not allowed to perform this operation."};
    d.resultReason = kReasons[r.below(std::size(kReasons))];
  }
}

// Mirrors the target choices of describeGenericEvent and describeIntune above.
void describeGenericTargetIds(const SimulationContext& ctx, const Event& e, EventDetails& d) {
  const uint64_t seed = ctx.scenario.seed;
  const Tenant& t = ctx.tenant;
  const Activity& a = *d.activity;
  Guid id;
  if (a.source == Source::Intune) {
    guidFrom(seed, a.entityType, e.param % 997, id.data());
    d.addTarget(a.entityType).id.assign(view(id));
  } else if (a.targetType == "User") {
    t.userId(e.subject, id);
    d.addTarget("User").id.assign(view(id));
  } else if (a.targetType == "Group") {
    if (a.name.find("member") != std::string::npos || a.name.find("owner") != std::string::npos) {
      t.userId(e.subject, id);
      d.addTarget("User").id.assign(view(id));
    }
    d.addTarget("Group").id.assign(view(t.groups()[e.param % t.groups().size()].id));
  } else if (a.targetType == "Device") {
    t.deviceId(e.subject, id);
    d.addTarget("Device").id.assign(view(id));
  } else if (a.targetType == "ServicePrincipal" || a.targetType == "Application") {
    const Application& app = t.applications()[e.param % t.applications().size()];
    d.addTarget(a.targetType).id.assign(view(app.servicePrincipalId));
  } else {
    guidFrom(seed, "object", e.param, id.data());
    d.addTarget(a.targetType).id.assign(view(id));
  }
}

std::unique_ptr<Workload> makeBackgroundWorkload(const SimulationContext& ctx) {
  return std::make_unique<BackgroundWorkload>(ctx);
}

}  // namespace tenantsim
