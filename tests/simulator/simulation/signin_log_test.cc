// The sign-in log: determinism, range composition, sharding, volume within the configured rates,
// Conditional Access coherence with the policy history the audit log shows, and the admin
// sign-ins that precede PIM activations and Cloud PKI changes.
#include "simulator/simulation/signin_log.h"

#include <map>
#include <set>

#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using testing::shippedScenario;
using testing::smallScenario;

Scenario signInScenario(int64_t users = 150, double days = 4) {
  Scenario s = smallScenario(users, days);
  s.workloads.signIns = SignInsConfig{};
  if (s.workloads.conditionalAccess) s.workloads.conditionalAccess->changesPerWeek = 40;
  return s;
}

size_t count(const std::vector<SignIn>& v, SignInKind k) {
  size_t n = 0;
  for (const SignIn& s : v) n += s.kind == k;
  return n;
}

TEST(SignInLog, TheRecordIsAtMost32Bytes) { EXPECT_LE(sizeof(SignIn), 32u); }

TEST(SignInLog, SameScenarioAndSeedGiveIdenticalSignIns) {
  Simulation a(signInScenario()), b(signInScenario());
  SignInLog la(a), lb(b);
  std::vector<SignIn> x = la.generateWindow(), y = lb.generateWindow();
  ASSERT_GT(x.size(), 1000u);
  EXPECT_EQ(x, y);
}

TEST(SignInLog, AnotherSeedGivesOtherSignIns) {
  Scenario s = signInScenario();
  Simulation a(s);
  s.seed += 1;
  Simulation b(s);
  EXPECT_NE(SignInLog(a).generateWindow(), SignInLog(b).generateWindow());
}

TEST(SignInLog, GeneratingTwoAdjacentRangesEqualsGeneratingTheirUnion) {
  Simulation sim(signInScenario());
  SignInLog log(sim);
  Ticks a = sim.scenario().windowStart(), c = sim.scenario().windowEnd;
  Ticks b = a + (c - a) / 3 + 12345;
  std::vector<SignIn> whole = log.generate(a, c);
  std::vector<SignIn> joined = log.generate(a, b);
  std::vector<SignIn> second = log.generate(b, c);
  joined.insert(joined.end(), second.begin(), second.end());
  EXPECT_EQ(whole, joined);
}

TEST(SignInLog, UnionOfShardsAndThreadsEqualsTheWhole) {
  Simulation sim(signInScenario());
  SignInLog log(sim);
  std::vector<SignIn> whole = log.generateWindow();
  std::vector<SignIn> joined;
  for (int i = 0; i < 3; ++i) {
    auto [from, to] = shardRange(sim.scenario(), i, 3);
    std::vector<SignIn> part = log.generate(from, to, 2);
    joined.insert(joined.end(), part.begin(), part.end());
  }
  EXPECT_EQ(whole, joined);
}

TEST(SignInLog, KeysAreUniqueAndTheOutputSorted) {
  Simulation sim(signInScenario());
  std::vector<SignIn> v = SignInLog(sim).generateWindow();
  std::set<uint64_t> keys;
  for (const SignIn& s : v) keys.insert(s.key);
  EXPECT_EQ(keys.size(), v.size());
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
}

TEST(SignInLog, EveryKindOfSignInIsProduced) {
  Simulation sim(signInScenario());
  std::vector<SignIn> v = SignInLog(sim).generateWindow();
  EXPECT_GT(count(v, SignInKind::Interactive), 0u);
  EXPECT_GT(count(v, SignInKind::NonInteractive), 0u);
  EXPECT_GT(count(v, SignInKind::ServicePrincipal), 0u);
  EXPECT_GT(count(v, SignInKind::ManagedIdentity), 0u);
}

TEST(SignInLog, VolumePerUserFollowsTheConfiguredRates) {
  Scenario s = signInScenario(400, 14);
  s.workloads.pim.reset();
  s.workloads.cloudPki.reset();
  Simulation sim(s);
  std::vector<SignIn> v = SignInLog(sim).generateWindow();
  double users = 400, days = 14;
  // Workdays carry the configured rate, weekends and nights less: 5 workdays a week at most.
  double interactive = static_cast<double>(count(v, SignInKind::Interactive)) / users / days;
  EXPECT_GT(interactive, 3.0 * 0.7);
  EXPECT_LT(interactive, 3.0);
  double refreshes = static_cast<double>(count(v, SignInKind::NonInteractive)) /
                     static_cast<double>(count(v, SignInKind::Interactive));
  // 8 per successful, non-legacy interactive sign-in (about 90 % of them).
  EXPECT_GT(refreshes, 8 * 0.8);
  EXPECT_LT(refreshes, 8 * 1.02);
  double sp = static_cast<double>(count(v, SignInKind::ServicePrincipal)) /
              static_cast<double>(count(v, SignInKind::Interactive));
  EXPECT_NEAR(sp, 2.0, 0.15);
  double mi = static_cast<double>(count(v, SignInKind::ManagedIdentity));
  EXPECT_NEAR(mi / days / 24 / 2, 1.0, 0.15);  // two managed identities, one sign-in an hour each
}

TEST(SignInLog, InteractiveFailuresFollowTheFailureShare) {
  Scenario s = signInScenario(400, 7);
  s.workloads.conditionalAccess.reset();
  Simulation sim(s);
  std::vector<SignIn> v = SignInLog(sim).generateWindow();
  size_t interactive = 0, failed = 0;
  for (const SignIn& x : v) {
    if (x.kind != SignInKind::Interactive || (x.flags & kSignInForAudit)) continue;
    ++interactive;
    failed += !x.ok();
  }
  EXPECT_NEAR(static_cast<double>(failed) / static_cast<double>(interactive), 0.08, 0.015);
}

TEST(SignInLog, FreeTenantsHaveNoSignIns) {
  Scenario s = signInScenario();
  s.workloads.signIns.reset();
  Simulation sim(s);
  SignInLog log(sim);
  EXPECT_FALSE(log.enabled());
  EXPECT_TRUE(log.generateWindow().empty());
}

// ---- Conditional Access coherence --------------------------------------------------------------

// The result the sign-in shows for one policy, or "" when the policy is not listed.
std::string resultFor(const SignInDetails& d, const Guid& policy) {
  for (const AppliedPolicy& p : d.policies)
    if (p.policy->id == policy) return caPolicyResultName(p.result);
  return "";
}

TEST(SignInLog, AppliedPolicyResultsFollowThePolicyStateAtTheSignInsInstant) {
  Simulation sim(signInScenario(150, 7));
  SignInLog log(sim);
  const ConditionalAccessHistory* history = sim.conditionalAccess();
  ASSERT_NE(history, nullptr);
  SignInDetails d;
  size_t checked = 0;
  for (const SignIn& s : log.generateWindow()) {
    if (s.kind != SignInKind::Interactive) continue;
    log.describe(s, d);
    auto policies = history->policiesAt(s.time);
    ASSERT_EQ(d.policies.size(), policies.size());
    for (size_t i = 0; i < policies.size(); ++i) {
      std::string r = caPolicyResultName(d.policies[i].result);
      if (policies[i].state == CaPolicyState::Disabled) {
        EXPECT_EQ(r, "notEnabled");
      }
      if (policies[i].state == CaPolicyState::ReportOnly) {
        EXPECT_EQ(r.rfind("reportOnly", 0), 0u);
      }
      if (policies[i].state == CaPolicyState::Enabled) {
        EXPECT_NE(r, "notEnabled");
        EXPECT_NE(r.rfind("reportOnly", 0), 0u);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 1000u);
}

TEST(SignInLog, APolicyChangeInTheAuditLogChangesSignInResultsFromThatInstantOn) {
  Scenario s = signInScenario(150, 7);
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<Event> audits;
  sim.generateWorkload(WorkloadKind::ConditionalAccess, s.windowStart(), s.windowEnd, audits);
  std::sort(audits.begin(), audits.end());
  std::vector<SignIn> signIns = log.generateWindow();
  const ConditionalAccessHistory* history = sim.conditionalAccess();
  SignInDetails d;
  int changesSeen = 0;
  for (const Event& e : audits) {
    if (sim.catalog().at(e.activity).name != "Update Conditional Access policy") continue;
    // The policy the change names, before and after.
    auto before = history->policiesAt(e.time - 1), after = history->policiesAt(e.time);
    const CaPolicySnapshot* was = nullptr;
    const CaPolicySnapshot* now = nullptr;
    EventDetails ed;
    sim.describe(e, ed);
    for (const auto& p : before)
      if (view(p.id) == ed.targets[0].id) was = &p;
    for (const auto& p : after)
      if (view(p.id) == ed.targets[0].id) now = &p;
    ASSERT_NE(now, nullptr);
    if (was == nullptr || was->state == now->state) continue;
    // The last interactive sign-in before and the first after the change name the policy with
    // results of its old and new state.
    const SignIn* last = nullptr;
    const SignIn* first = nullptr;
    for (const SignIn& x : signIns) {
      if (x.kind != SignInKind::Interactive || !x.ok()) continue;
      if (x.time < e.time) last = &x;
      if (x.time >= e.time && !first) first = &x;
    }
    if (!last || !first) continue;
    auto family = [](CaPolicyState st, const std::string& r) {
      return st == CaPolicyState::Disabled ? r == "notEnabled"
             : st == CaPolicyState::ReportOnly
                 ? r.rfind("reportOnly", 0) == 0
                 : r == "success" || r == "failure" || r == "notApplied";
    };
    log.describe(*last, d);
    EXPECT_TRUE(family(was->state, resultFor(d, now->id))) << resultFor(d, now->id);
    log.describe(*first, d);
    EXPECT_TRUE(family(now->state, resultFor(d, now->id))) << resultFor(d, now->id);
    ++changesSeen;
  }
  EXPECT_GT(changesSeen, 0);
}

TEST(SignInLog, AnEnabledBlockPolicyBlocksWithCode53003) {
  Scenario s = signInScenario(300, 7);
  s.workloads.signIns->travelShare = 0.5;  // some travel lands in a blocked country
  s.workloads.signIns->legacyClientShare = 0.2;
  Simulation sim(s);
  SignInLog log(sim);
  SignInDetails d;
  int blocked = 0;
  for (const SignIn& x : log.generateWindow()) {
    if (x.failure != SignInFailure::BlockedByCa) continue;
    log.describe(x, d);
    EXPECT_EQ(d.errorCode, 53003);
    EXPECT_EQ(d.caStatus, CaStatus::Failure);
    bool blockFailed = false;
    for (const AppliedPolicy& p : d.policies)
      blockFailed |= p.policy->grant == CaGrant::Block && p.result == CaPolicyResult::Failure;
    EXPECT_TRUE(blockFailed);
    ++blocked;
  }
  EXPECT_GT(blocked, 0);
}

// ---- Joins with the audit log ------------------------------------------------------------------

TEST(SignInLog, EveryPimActivationIsPrecededByThatUsersMfaSignInToTheAzurePortal) {
  Scenario s = signInScenario(200, 5);
  s.storylines = shippedScenario("quickstart.json").storylines;
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<Event> audits;
  sim.generateWorkload(WorkloadKind::Pim, s.windowStart(), s.windowEnd, audits);
  std::vector<SignIn> signIns = log.generateWindow();
  int activations = 0;
  for (const Event& e : audits) {
    if (sim.catalog().at(e.activity).name != "Add member to role requested (PIM activation)")
      continue;
    if (e.time < s.windowStart() + 10 * kTicksPerMinute) continue;
    bool found = false;
    for (const SignIn& x : signIns) {
      found |= x.principal == e.actor && x.kind == SignInKind::Interactive &&
               x.app == kAzurePortalApp && x.ok() && (x.flags & kSignInMfa) && x.time < e.time &&
               x.time >= e.time - 10 * kTicksPerMinute;
    }
    EXPECT_TRUE(found) << "activation at " << formatIsoTime(e.time) << " by user " << e.actor;
    ++activations;
  }
  EXPECT_GT(activations, 5);
}

TEST(SignInLog, EveryCloudPkiChangeByAnAdminIsPrecededByAnIntuneAdminSignIn) {
  Scenario s = signInScenario(200, 14);
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<Event> audits;
  sim.generateWorkload(WorkloadKind::CloudPki, s.windowStart(), s.windowEnd, audits);
  std::vector<SignIn> signIns = log.generateWindow();
  int changes = 0;
  for (const Event& e : audits) {
    const std::string& name = sim.catalog().at(e.activity).name;
    if ((e.flags & kActorIsApp) || name.starts_with("Search ") || name.starts_with("Get "))
      continue;
    if (e.time < s.windowStart() + 10 * kTicksPerMinute) continue;
    bool found = false;
    for (const SignIn& x : signIns)
      found |= x.principal == e.actor && x.app == kIntuneAdminApp && x.ok() && x.time < e.time &&
               x.time >= e.time - 10 * kTicksPerMinute;
    EXPECT_TRUE(found) << name << " at " << formatIsoTime(e.time);
    ++changes;
  }
  EXPECT_GT(changes, 0);
}

}  // namespace
}  // namespace tenantsim

namespace tenantsim {
namespace {

TEST(SignInProfile, DeviceTraitsAgreeWithTheDevicesTheTenantDescribes) {
  Simulation sim(signInScenario(300, 1));
  for (int64_t u = 0; u < 300; ++u) {
    for (bool second : {false, true}) {
      UserDevice d;
      userDevice(sim.tenant(), u, second, d);
      DeviceTraits t = deviceTraits(sim.tenant(), u, second);
      EXPECT_EQ(t.mobile, d.mobile) << u;
      EXPECT_EQ(t.compliant, d.compliant) << u;
    }
  }
}

TEST(SignInProfile, HomeCitiesAreDeterministicAndTravelLeavesHome) {
  for (int64_t u = 0; u < 100; ++u) {
    size_t home = homeCity(7, u);
    EXPECT_EQ(home, homeCity(7, u));
    EXPECT_NE(travelCity(7, static_cast<uint64_t>(u), home), home);
  }
}

}  // namespace
}  // namespace tenantsim
