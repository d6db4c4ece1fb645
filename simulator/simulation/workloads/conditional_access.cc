// Conditional Access: additions, updates and deletions of policies and named locations,
// authentication contexts, security defaults and continuous access evaluation. Every change
// carries the whole object before and after as escaped JSON; change n's old value is change
// n-1's new value, because each object's states are a version history computed up front.
#include <algorithm>
#include <limits>

#include "simulator/simulation/conditional_access_history.h"
#include "simulator/simulation/signin_policy.h"
#include "simulator/simulation/storylines.h"
#include "simulator/simulation/workload.h"
#include "simulator/simulation/workloads/targets.h"

namespace tenantsim {
namespace {

enum class ChangeKind : uint8_t {
  AddPolicy,
  UpdatePolicy,
  DeletePolicy,
  UpdateLocation,
  AddAuthContext,
  UpdateAuthContext,
  DeleteAuthContext,
  SecurityDefaults,
  Cae
};

struct Change {
  Ticks time = 0;
  ChangeKind kind = ChangeKind::UpdatePolicy;
  uint32_t object = 0;   // policy or location index
  uint32_t version = 0;  // the version this change produces
  uint32_t actor = 0;
  int storyline = -1;
  const char* step = "";
};

// One state of a policy or location: when it was set and what changed.
struct Version {
  Ticks modified = 0;
  uint64_t variant = 0;
  bool weakened = false;  // planted: policy disabled, actor excluded
  int64_t excludedUser = -1;
  bool deleted = false;
  const char* forcedState = nullptr;  // planted (conditionalAccessWeakened): the state, not drawn
};

// How many policies a tenant may gain over its base list (buildSchedule).
constexpr size_t kMaxAddedPolicies = 20;

constexpr const char* kActivity[] = {"Add Conditional Access policy",
                                     "Update Conditional Access policy",
                                     "Delete Conditional Access policy",
                                     "Update named location",
                                     "Add AuthenticationContextClassReference",
                                     "Update AuthenticationContextClassReference",
                                     "Delete AuthenticationContextClassReference",
                                     "Update security defaults",
                                     "Update continuous access evaluation"};

// A policy version's drawn facts: its state and whether it excludes a group.
struct PolicyFacts {
  const char* state = "enabled";
  bool excludesGroup = false;
};

constexpr const char* kControls[] = {
    "[\"mfa\"]", "[\"block\"]",          "[\"compliantDevice\"]",
    "[\"mfa\"]", "[\"block\"]",          "[\"mfa\"]",
    "[\"mfa\"]", "[\"passwordChange\"]", "[\"approvedApplication\"]",
    "[\"mfa\"]"};
constexpr CaGrant kGrants[] = {CaGrant::Mfa, CaGrant::Block,          CaGrant::CompliantDevice,
                               CaGrant::Mfa, CaGrant::Block,          CaGrant::Mfa,
                               CaGrant::Mfa, CaGrant::PasswordChange, CaGrant::ApprovedApplication,
                               CaGrant::Mfa};
constexpr CaTarget kTargets[] = {CaTarget::GlobalAdmins,   CaTarget::LegacyClients,
                                 CaTarget::AllUsers,       CaTarget::GlobalAdmins,
                                 CaTarget::RiskyCountries, CaTarget::Guests,
                                 CaTarget::RiskySignIns,   CaTarget::RiskySignIns,
                                 CaTarget::MobileDevices,  CaTarget::UnmanagedDevices};

class ConditionalAccessWorkload final : public Workload, public ConditionalAccessHistory {
 public:
  explicit ConditionalAccessWorkload(const SimulationContext& ctx) : Workload(ctx) {
    for (size_t i = 0; i < std::size(kActivity); ++i)
      activity_[i] = catalog().require(Source::Entra, kActivity[i], "Conditional Access");
    buildSchedule();
    buildSnapshots();
  }

  std::span<const CaPolicySnapshot> policiesAt(Ticks t) const override {
    auto after = std::upper_bound(snapshotTimes_.begin(), snapshotTimes_.end(), t);
    size_t i = static_cast<size_t>(after - snapshotTimes_.begin()) - 1;
    return std::span<const CaPolicySnapshot>(snapshotPool_)
        .subspan(snapshotStart_[i], snapshotStart_[i + 1] - snapshotStart_[i]);
  }

  const CaWeakening* weakening(size_t storyline) const override {
    for (const CaWeakening& w : weakenings_)
      if (w.storyline == storyline) return &w;
    return nullptr;
  }

  WorkloadKind kind() const override { return WorkloadKind::ConditionalAccess; }

  void generate(Ticks from, Ticks to, std::vector<Event>& out) const override {
    auto first = std::lower_bound(changes_.begin(), changes_.end(), from,
                                  [](const Change& c, Ticks t) { return c.time < t; });
    for (auto it = first; it != changes_.end() && it->time < to; ++it) {
      uint32_t index = static_cast<uint32_t>(it - changes_.begin());
      out.push_back(makeEvent(it->time, index, 0, activity_[static_cast<int>(it->kind)], it->actor,
                              it->object, index, it->storyline >= 0 ? kPlanted : 0));
    }
  }

  void describe(const Event& e, EventDetails& d) const override {
    const Change& c = changes_[e.param];
    d.resultReasonNull = true;
    switch (c.kind) {
      case ChangeKind::AddPolicy:
      case ChangeKind::UpdatePolicy:
      case ChangeKind::DeletePolicy: {
        TargetResource& t = d.addTarget("Policy");
        t.id.assign(view(policyId(c.object)));
        t.displayName = policyName(c.object);
        ModifiedProperty& m = t.addProperty("ConditionalAccessPolicy");
        m.oldValue = c.kind == ChangeKind::AddPolicy ? "" : policyJson(c.object, c.version - 1);
        m.newValue = c.kind == ChangeKind::DeletePolicy ? "" : policyJson(c.object, c.version);
        break;
      }
      case ChangeKind::UpdateLocation: {
        const NamedLocation& l = tenant().namedLocations()[c.object];
        TargetResource& t = d.addTarget("Policy");
        t.id.assign(view(l.id));
        t.displayName = l.displayName;
        ModifiedProperty& m = t.addProperty("NamedLocation");
        m.oldValue = locationJson(c.object, c.version - 1);
        m.newValue = locationJson(c.object, c.version);
        break;
      }
      default: {
        TargetResource& t = d.addTarget("Policy");
        char id[36];
        guidFrom(seed(), "caObject", static_cast<uint64_t>(c.kind) * 1000 + c.object, id);
        t.id.assign(id, 36);
        t.displayName = c.kind == ChangeKind::SecurityDefaults ? "Security Defaults"
                        : c.kind == ChangeKind::Cae            ? "Continuous access evaluation"
                                                    : "c" + std::to_string(1 + c.object % 25);
        break;
      }
    }
    d.addDetail("Category", "Conditional Access");
    if (c.storyline >= 0) {
      const StorylineConfig& st = ctx_.scenario.storylines[static_cast<size_t>(c.storyline)];
      d.label = (st.label.empty() ? st.kind : st.label) + ":" + c.step;
    }
  }

 private:
  Guid policyId(uint32_t p) const {
    const auto& base = tenant().caPolicies();
    if (p < base.size()) return base[p].id;
    Guid g;
    guidFrom(seed(), "caPolicy", p, g.data());
    return g;
  }

  std::string policyName(uint32_t p) const {
    const auto& base = tenant().caPolicies();
    if (p < base.size()) return base[p].displayName;
    return "Pilot policy " + std::to_string(p - base.size() + 1);
  }

  // The whole policy at a version, as Graph serializes it inside modifiedProperties.
  std::string policyJson(uint32_t p, uint32_t v) const {
    const Version& ver = policyVersions_[p][v];
    PolicyFacts facts = policyFacts(p, v);
    std::string state = facts.state;
    int kindOf = static_cast<int>(p % 10);
    std::string includeRoles = kindOf == 0 || kindOf == 3
                                   ? "[\"" + std::string(globalAdministrator().templateId) + "\"]"
                                   : "[]";
    std::string excludeUsers = "[";
    if (ver.excludedUser >= 0) {
      Guid u;
      tenant().userId(ver.excludedUser, u);
      excludeUsers += "\"" + std::string(view(u)) + "\"";
    }
    excludeUsers += "]";
    const auto& groups = tenant().groups();
    std::string excludeGroups =
        facts.excludesGroup ? "[\"" + std::string(view(groups[p % groups.size()].id)) + "\"]"
                            : "[]";
    std::string clientApps = kindOf == 1 ? "[\"exchangeActiveSync\",\"other\"]" : "[\"all\"]";
    const auto& base = tenant().caPolicies();
    Ticks created = p < base.size() ? base[p].created : policyVersions_[p][0].modified;
    std::string json;
    json.reserve(900);
    json += "{\"id\":\"" + std::string(view(policyId(p))) + "\",\"displayName\":";
    json += quoted(policyName(p));
    json +=
        ",\"createdDateTime\":\"" + formatIsoTimeWithOffset(created) + "\",\"modifiedDateTime\":";
    json +=
        v == 0 && p < base.size() ? "null" : "\"" + formatIsoTimeWithOffset(ver.modified) + "\"";
    json +=
        ",\"state\":\"" + state +
        "\",\"conditions\":{\"applications\":{\"includeApplications\":[\"All\"],"
        "\"excludeApplications\":[],\"includeUserActions\":[],"
        "\"includeAuthenticationContextClassReferences\":[],"
        "\"applicationFilter\":null},\"users\":{\"includeUsers\":" +
        std::string(includeRoles == "[]" ? "[\"All\"]" : "[]") +
        ",\"excludeUsers\":" + excludeUsers +
        ",\"includeGroups\":[],\"excludeGroups\":" + excludeGroups +
        ",\"includeRoles\":" + includeRoles +
        ",\"excludeRoles\":[]},\"userRiskLevels\":[],\"signInRiskLevels\":[],\"clientAppTypes\":" +
        clientApps +
        ",\"servicePrincipalRiskLevels\":[]},\"grantControls\":{\"operator\":\"OR\","
        "\"builtInControls\":" +
        kControls[kindOf] + ",\"customAuthenticationFactors\":[],\"termsOfUse\":[]}}";
    return json;
  }

  // The draws behind a policy version, in the order policyJson has always made them.
  PolicyFacts policyFacts(uint32_t p, uint32_t v) const {
    const Version& ver = policyVersions_[p][v];
    Rng r(seed(), "caState", p, ver.variant);
    static constexpr const char* kStates[] = {"enabled", "enabled", "enabled",
                                              "enabledForReportingButNotEnforced"};
    PolicyFacts facts;
    facts.state = v == 0 && p >= tenant().caPolicies().size()
                      ? "enabledForReportingButNotEnforced"
                      : kStates[r.below(std::size(kStates))];
    if (ver.weakened) facts.state = "disabled";
    if (ver.forcedState) facts.state = ver.forcedState;
    facts.excludesGroup = r.chance(0.5);
    return facts;
  }

  CaPolicySnapshot snapshotOf(uint32_t p, uint32_t v) const {
    CaPolicySnapshot s;
    s.policy = p;
    s.id = policyId(p);
    // buildSnapshots names the policies; planning the schedule (whom a policy stops) needs no name.
    if (p < policyNames_.size()) s.displayName = policyNames_[p];
    std::string_view state = policyFacts(p, v).state;
    s.state = state == "enabled"    ? CaPolicyState::Enabled
              : state == "disabled" ? CaPolicyState::Disabled
                                    : CaPolicyState::ReportOnly;
    s.grant = kGrants[p % 10];
    s.target = kTargets[p % 10];
    s.excludedUser = policyVersions_[p][v].excludedUser;
    return s;
  }

  // One snapshot of the policy list per policy change, the first before any change, all in one
  // pool. A snapshot holds no string of its own (its name is a view into policyNames_), so a long
  // live horizon's thousands of changes cost a copy of a few plain records each.
  void buildSnapshots() {
    policyNames_.reserve(policyVersions_.size());
    for (uint32_t p = 0; p < policyVersions_.size(); ++p) policyNames_.push_back(policyName(p));
    std::vector<CaPolicySnapshot> current;
    for (uint32_t p = 0; p < tenant().caPolicies().size(); ++p) current.push_back(snapshotOf(p, 0));
    auto keep = [&](Ticks at) {
      snapshotTimes_.push_back(at);
      snapshotStart_.push_back(static_cast<uint32_t>(snapshotPool_.size()));
      snapshotPool_.insert(snapshotPool_.end(), current.begin(), current.end());
    };
    keep(std::numeric_limits<Ticks>::min());
    for (const Change& c : changes_) {
      if (c.kind != ChangeKind::AddPolicy && c.kind != ChangeKind::UpdatePolicy &&
          c.kind != ChangeKind::DeletePolicy)
        continue;
      auto it = std::find_if(current.begin(), current.end(),
                             [&](const CaPolicySnapshot& s) { return s.policy == c.object; });
      if (c.kind == ChangeKind::DeletePolicy) {
        if (it != current.end()) current.erase(it);
      } else if (it != current.end()) {
        *it = snapshotOf(c.object, c.version);
      } else {
        current.push_back(snapshotOf(c.object, c.version));
      }
      keep(c.time);
    }
    snapshotStart_.push_back(static_cast<uint32_t>(snapshotPool_.size()));
  }

  std::string locationJson(uint32_t l, uint32_t v) const {
    const NamedLocation& loc = tenant().namedLocations()[l];
    const Version& ver = locationVersions_[l][v];
    std::string json =
        "{\"id\":\"" + std::string(view(loc.id)) + "\",\"displayName\":" + quoted(loc.displayName);
    json += ",\"modifiedDateTime\":\"" + formatIsoTimeWithOffset(ver.modified) + "\"";
    if (loc.ipBased) {
      std::string ranges = loc.ranges;
      Rng r(seed(), "locationState", l, ver.variant);
      if (v > 0) {
        ranges.pop_back();
        ranges += ",\"" + std::to_string(20 + r.below(200)) + "." + std::to_string(r.below(255)) +
                  "." + std::to_string(r.below(255)) + ".0/24\"]";
      }
      if (ver.weakened) {
        ranges.pop_back();
        ranges += ",\"185.220.101.0/24\"]";
      }
      json += ",\"isTrusted\":" + std::string(loc.trusted || ver.weakened ? "true" : "false") +
              ",\"ipRanges\":" + ranges;
    } else {
      json += ",\"countriesAndRegions\":" + loc.ranges +
              ",\"includeUnknownCountriesAndRegions\":" + std::string(v % 2 ? "true" : "false");
    }
    return json + "}";
  }

  void buildSchedule() {
    const Scenario& s = ctx_.scenario;
    const ConditionalAccessConfig& config = *s.workloads.conditionalAccess;
    const Tenant& t = tenant();
    Rng r(seed(), "caSchedule");
    Ticks start = s.windowStart(), span = s.windowEnd - start;
    int64_t n = r.poisson(config.changesPerWeek * s.windowDays / 7);
    // Admins who manage Conditional Access.
    auto admin = [&](Rng& rr) {
      return static_cast<uint32_t>(
          rr.below(static_cast<uint64_t>(std::min<int64_t>(t.adminCount(), 5))));
    };
    for (int64_t i = 0; i < n; ++i) {
      Change c;
      c.time = start + static_cast<Ticks>(r.below(static_cast<uint64_t>(span)));
      double k = r.uniform();
      c.kind = k < 0.70   ? ChangeKind::UpdatePolicy
               : k < 0.78 ? ChangeKind::AddPolicy
               : k < 0.82 ? ChangeKind::DeletePolicy
               : k < 0.92 ? ChangeKind::UpdateLocation
               : k < 0.95 ? ChangeKind::AddAuthContext
               : k < 0.97 ? ChangeKind::UpdateAuthContext
               : k < 0.98 ? ChangeKind::DeleteAuthContext
               : k < 0.99 ? ChangeKind::SecurityDefaults
                          : ChangeKind::Cae;
      c.object = static_cast<uint32_t>(r.next() & 0xffffff);
      c.actor = admin(r);
      changes_.push_back(c);
    }
    for (const PlantedStoryline& st : plantedStorylines(s, t, "pimEscalation")) {
      Change weaken{st.at + 9 * kTicksPerMinute,
                    ChangeKind::UpdatePolicy,
                    0,
                    0,
                    static_cast<uint32_t>(st.actor),
                    static_cast<int>(st.index),
                    "ca-weakened"};
      if (weaken.time < s.windowEnd) changes_.push_back(weaken);
      Change trust{st.at + 12 * kTicksPerMinute,
                   ChangeKind::UpdateLocation,
                   0,
                   0,
                   static_cast<uint32_t>(st.actor),
                   static_cast<int>(st.index),
                   "location-trusted"};
      if (trust.time < s.windowEnd && !t.namedLocations().empty()) changes_.push_back(trust);
    }
    for (const PlantedStoryline& st : plantedStorylines(s, t, "conditionalAccessWeakened")) {
      const Ticks restoreAfter = s.storylines[st.index].restoreAfter;
      Change weaken{st.at,
                    ChangeKind::UpdatePolicy,
                    0,
                    0,
                    static_cast<uint32_t>(st.admin),
                    static_cast<int>(st.index),
                    "ca-weakened"};
      if (weaken.time < s.windowEnd) changes_.push_back(weaken);
      Change restore = weaken;
      restore.time = st.at + restoreAfter;
      restore.step = "ca-restored";
      if (restoreAfter > 0 && restore.time < s.windowEnd) changes_.push_back(restore);
    }
    std::stable_sort(changes_.begin(), changes_.end(),
                     [](const Change& a, const Change& b) { return a.time < b.time; });

    // Walk the changes in time order, keeping each object's version history.
    size_t basePolicies = t.caPolicies().size();
    policyVersions_.assign(basePolicies, {});
    for (size_t p = 0; p < basePolicies; ++p)
      policyVersions_[p].push_back({t.caPolicies()[p].created, 0});
    locationVersions_.assign(t.namedLocations().size(), {});
    for (auto& v : locationVersions_) v.push_back({start - 90 * kTicksPerDay, 0});
    std::vector<size_t> alive;
    for (size_t p = 0; p < basePolicies; ++p) alive.push_back(p);
    std::vector<Ticks> heldUntil;  // per policy: weakened by a storyline until then
    auto held = [&](size_t p, Ticks at) { return p < heldUntil.size() && heldUntil[p] > at; };
    std::vector<Change> kept;
    for (Change c : changes_) {
      Rng cr(seed(), "caChange", static_cast<uint64_t>(c.time));
      if (c.kind == ChangeKind::UpdateLocation && locationVersions_.empty())
        c.kind = ChangeKind::UpdatePolicy;
      if ((c.kind == ChangeKind::UpdatePolicy || c.kind == ChangeKind::DeletePolicy) &&
          alive.empty())
        c.kind = ChangeKind::AddPolicy;
      if (c.kind == ChangeKind::DeletePolicy && c.storyline < 0 && alive.size() <= 2)
        c.kind = ChangeKind::UpdatePolicy;
      // Past kMaxAddedPolicies more than the tenant started with, an add is an update: a live
      // run's horizon of years would otherwise grow the list without bound, and the sign-ins'
      // history keeps one copy of the list per change (buildSnapshots).
      if (c.kind == ChangeKind::AddPolicy && alive.size() >= basePolicies + kMaxAddedPolicies)
        c.kind = ChangeKind::UpdatePolicy;
      switch (c.kind) {
        case ChangeKind::AddPolicy: {
          c.object = static_cast<uint32_t>(policyVersions_.size());
          c.version = 0;
          policyVersions_.push_back({{c.time, cr.next()}});
          alive.push_back(c.object);
          break;
        }
        case ChangeKind::UpdatePolicy:
        case ChangeKind::DeletePolicy: {
          if (c.storyline >= 0 &&
              s.storylines[static_cast<size_t>(c.storyline)].kind == "conditionalAccessWeakened") {
            plantWeakening(c, alive, heldUntil, kept);  // appends its own rows
            continue;
          }
          if (c.storyline >= 0) {
            c.object = static_cast<uint32_t>(alive.empty() ? 0 : alive.front());
          } else {
            size_t pick = c.object % alive.size();
            if (c.kind == ChangeKind::DeletePolicy && alive[pick] == 0)
              pick = (pick + 1) % alive.size();
            // A policy a storyline holds weakened is left alone until restored.
            for (size_t k = 0; k < alive.size() && held(alive[pick], c.time); ++k)
              pick = (pick + 1) % alive.size();
            c.object = static_cast<uint32_t>(alive[pick]);
          }
          auto& versions = policyVersions_[c.object];
          Version next{c.time, cr.next()};
          next.excludedUser = versions.back().excludedUser;
          if (c.storyline >= 0) {
            next.weakened = true;
            next.excludedUser = c.actor;
          }
          next.deleted = c.kind == ChangeKind::DeletePolicy;
          c.version = static_cast<uint32_t>(versions.size());
          versions.push_back(next);
          if (next.deleted) alive.erase(std::find(alive.begin(), alive.end(), c.object));
          break;
        }
        case ChangeKind::UpdateLocation: {
          c.object =
              c.storyline >= 0 ? 0 : c.object % static_cast<uint32_t>(locationVersions_.size());
          auto& versions = locationVersions_[c.object];
          Version next{c.time, cr.next()};
          next.weakened = c.storyline >= 0 || versions.back().weakened;
          c.version = static_cast<uint32_t>(versions.size());
          versions.push_back(next);
          break;
        }
        default:
          c.object %= 25;
          break;
      }
      kept.push_back(c);
    }
    // A planted change's later rows may pass a drawn change on another policy.
    std::stable_sort(kept.begin(), kept.end(),
                     [](const Change& a, const Change& b) { return a.time < b.time; });
    changes_ = std::move(kept);
  }

  // conditionalAccessWeakened: picks the attacker's route that the fewest enforced policies stop
  // (ties: RiskyCountry, LegacyClient, Browser) and weakens each of those policies for the
  // victim, one row kCaWeakeningRowGap apart, changing only what the storyline's `weakening`
  // names; or restores the versions before. Appends the rows to `kept`; false drops the change.
  bool plantWeakening(const Change& c, const std::vector<size_t>& alive,
                      std::vector<Ticks>& heldUntil, std::vector<Change>& kept) {
    const StorylineConfig& config = ctx_.scenario.storylines[static_cast<size_t>(c.storyline)];
    if (std::string_view(c.step) == "ca-restored") {
      auto w = std::find_if(weakenings_.begin(), weakenings_.end(), [&](const CaWeakening& x) {
        return x.storyline == static_cast<size_t>(c.storyline);
      });
      if (w == weakenings_.end()) return false;
      const std::vector<Version>& before =
          weakenedFrom_[static_cast<size_t>(w - weakenings_.begin())];
      Change row = c;
      for (size_t i = 0; i < w->policies.size(); ++i) {
        const uint32_t p = w->policies[i];
        if (std::find(alive.begin(), alive.end(), p) == alive.end()) continue;  // deleted since
        Version restored = before[i];
        restored.modified = row.time;
        row.object = p;
        row.version = static_cast<uint32_t>(policyVersions_[p].size());
        policyVersions_[p].push_back(restored);
        kept.push_back(row);
        row.time += kCaWeakeningRowGap;
      }
      w->restoredAt = c.time;
      return true;
    }
    const int64_t victim =
        plantedStorylines(ctx_.scenario, tenant(), "")[static_cast<size_t>(c.storyline)].actor;
    // The enforced policies that stop the attacker by each route, as the policies stand now.
    std::vector<uint32_t> best;
    AttackerRoute route = AttackerRoute::Browser;
    for (AttackerRoute r :
         {AttackerRoute::RiskyCountry, AttackerRoute::LegacyClient, AttackerRoute::Browser}) {
      const SignInContext attacker = attackerContext(tenant(), r, victim);
      std::vector<uint32_t> stoppers;
      for (size_t p : alive) {
        const auto v = static_cast<uint32_t>(policyVersions_[p].size() - 1);
        if (policyStops(snapshotOf(static_cast<uint32_t>(p), v), attacker))
          stoppers.push_back(static_cast<uint32_t>(p));
      }
      if (!stoppers.empty() && (best.empty() || stoppers.size() < best.size()))
        best = std::move(stoppers), route = r;
    }
    if (best.empty()) return false;  // nothing stops the attacker: no weakening to plant
    CaWeakening w{static_cast<size_t>(c.storyline), c.time, 0, best, victim, route};
    std::vector<Version> before;
    Change row = c;
    for (uint32_t p : best) {
      auto& versions = policyVersions_[p];
      // The version before, with its state pinned, so that a restore gives it back exactly.
      Version pinned = versions.back();
      pinned.forcedState = policyFacts(p, static_cast<uint32_t>(versions.size() - 1)).state;
      Version next = pinned;
      next.modified = row.time;
      if (config.weakening == "disable") {
        next.forcedState = "disabled";
      } else if (config.weakening == "reportOnly") {
        next.forcedState = "enabledForReportingButNotEnforced";
      } else {
        next.excludedUser = victim;
      }
      row.object = p;
      row.version = static_cast<uint32_t>(versions.size());
      versions.push_back(next);
      before.push_back(pinned);
      kept.push_back(row);
      // Held until the restore's last row (or for good).
      if (heldUntil.size() <= p) heldUntil.resize(p + 1, 0);
      heldUntil[p] =
          config.restoreAfter > 0
              ? c.time + config.restoreAfter + static_cast<Ticks>(best.size()) * kCaWeakeningRowGap
              : std::numeric_limits<Ticks>::max();
      row.time += kCaWeakeningRowGap;
    }
    weakenings_.push_back(std::move(w));
    weakenedFrom_.push_back(std::move(before));
    return true;
  }

  std::vector<Change> changes_;
  std::vector<CaWeakening> weakenings_;  // conditionalAccessWeakened's changes, in time order
  std::vector<std::vector<Version>> weakenedFrom_;  // per weakening: each policy's version before
  std::vector<std::vector<Version>> policyVersions_, locationVersions_;
  std::vector<Ticks> snapshotTimes_;
  std::vector<std::string> policyNames_;  // per policy; snapshots view into it (never resized)
  std::vector<CaPolicySnapshot> snapshotPool_;  // every snapshot, one after another
  std::vector<uint32_t> snapshotStart_;         // snapshot i is [start[i], start[i+1]) of the pool
  ActivityId activity_[std::size(kActivity)];
};

}  // namespace

std::unique_ptr<Workload> makeConditionalAccessWorkload(const SimulationContext& ctx) {
  return std::make_unique<ConditionalAccessWorkload>(ctx);
}

}  // namespace tenantsim
