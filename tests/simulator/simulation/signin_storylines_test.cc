// The sign-in side of planted storylines: password spray, MFA fatigue (alone and before
// pimEscalation's activation), impossible travel / token replay, and the rogue CA admin's sign-in;
// their shape, their ground-truth labels, and that ranges still compose.
#include "simulator/simulation/signin_storylines.h"

#include <cmath>
#include <map>
#include <set>

#include "simulator/simulation/signin_log.h"
#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using testing::smallScenario;

Ticks midWindow(const Scenario& s, double dayOffset) {
  return s.windowStart() + static_cast<Ticks>(dayOffset * kTicksPerDay);
}

Scenario storylineScenario(std::vector<std::string> kinds) {
  Scenario s = smallScenario(200, 4);
  s.workloads.signIns = SignInsConfig{};
  double day = 0.6;
  for (const std::string& kind : kinds) {
    s.storylines.push_back({kind, midWindow(s, day), kind + " test"});
    day += 0.8;
  }
  return s;
}

struct Planted {
  SignIn signIn;
  SignInDetails details;
};

std::vector<Planted> plantedOf(const SignInLog& log, const std::vector<SignIn>& all,
                               size_t storyline) {
  std::vector<Planted> out;
  for (const SignIn& s : all) {
    if (!isPlantedSignIn(s) || plantedStorylineOf(s) != storyline) continue;
    Planted p{s, {}};
    log.describe(s, p.details);
    out.push_back(std::move(p));
  }
  return out;
}

double kilometres(const SignInDetails& a, const SignInDetails& b) {
  constexpr double kRad = 3.14159265358979 / 180;
  double dlat = (b.latitude - a.latitude) * kRad, dlon = (b.longitude - a.longitude) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.latitude * kRad) *
                                                           std::cos(b.latitude * kRad) *
                                                           std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371 * std::asin(std::sqrt(h));
}

TEST(SignInStorylines, PasswordSprayHitsManyAccountsFromFewAddressesWithOneRightPassword) {
  Scenario s = storylineScenario({"passwordSpray"});
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<Planted> spray = plantedOf(log, log.generateWindow(), 0);
  ASSERT_EQ(spray.size(), 30u);
  std::set<std::string> users, addresses;
  int guessed = 0;
  for (const Planted& p : spray) {
    users.insert(p.details.userPrincipalName);
    addresses.insert(p.details.ipAddress);
    EXPECT_GE(p.signIn.time, s.storylines[0].at);
    EXPECT_LT(p.signIn.time, s.storylines[0].at + kTicksPerHour);
    EXPECT_FALSE(p.details.isManaged) << "a spraying script has no managed device";
    EXPECT_TRUE(p.details.city == "Sao Paulo" || p.details.city == "Tokyo") << p.details.city;
    if (plantedStepOf(p.signIn) == SignInStep::SpraySuccess) {
      ++guessed;
      EXPECT_NE(p.details.errorCode, 50126) << "the sprayed password was right";
      EXPECT_EQ(p.details.label, "passwordSpray test:spray-success");
    } else {
      EXPECT_EQ(p.details.errorCode, 50126);
      EXPECT_EQ(p.details.label, "passwordSpray test:spray-attempt");
    }
  }
  EXPECT_EQ(users.size(), 30u) << "one attempt per account";
  EXPECT_LE(addresses.size(), 3u);
  EXPECT_GE(addresses.size(), 2u);
  EXPECT_EQ(guessed, 1);
}

TEST(SignInStorylines, MfaFatigueIsDenialsThenOneApproval) {
  Scenario s = storylineScenario({"mfaFatigue"});
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<Planted> pushes = plantedOf(log, log.generateWindow(), 0);
  ASSERT_GE(pushes.size(), 7u);
  ASSERT_LE(pushes.size(), 11u);
  for (size_t i = 0; i + 1 < pushes.size(); ++i) {
    EXPECT_EQ(pushes[i].details.errorCode, 500121) << i;
    EXPECT_EQ(plantedStepOf(pushes[i].signIn), SignInStep::MfaDenied);
    EXPECT_EQ(pushes[i].details.userId, pushes.back().details.userId) << "one targeted user";
  }
  const Planted& approval = pushes.back();
  EXPECT_EQ(plantedStepOf(approval.signIn), SignInStep::MfaApproved);
  EXPECT_TRUE(approval.signIn.flags & kSignInMfa);
  EXPECT_EQ(approval.details.label, "mfaFatigue test:mfa-approved");
}

TEST(SignInStorylines, PimEscalationActivationFollowsAnApprovedPushFromTheAttacker) {
  Scenario s = storylineScenario({"pimEscalation"});
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<SignIn> all = log.generateWindow();
  std::vector<Event> pim;
  sim.generateWorkload(WorkloadKind::Pim, s.windowStart(), s.windowEnd, pim);
  const Event* activation = nullptr;
  for (const Event& e : pim)
    if (e.planted() && e.step() == 0) activation = &e;
  ASSERT_NE(activation, nullptr);
  std::vector<Planted> pushes = plantedOf(log, all, 0);
  ASSERT_GE(pushes.size(), 7u);
  const Planted& approval = pushes.back();
  EXPECT_EQ(approval.signIn.principal, activation->actor);
  EXPECT_TRUE(approval.signIn.ok() && (approval.signIn.flags & kSignInMfa));
  EXPECT_EQ(approval.signIn.app, kAzurePortalApp);
  EXPECT_LT(approval.signIn.time, activation->time);
  EXPECT_GE(approval.signIn.time, activation->time - 10 * kTicksPerMinute);
  EXPECT_TRUE(approval.details.city == "Sao Paulo" || approval.details.city == "Tokyo");
  // The planted activation gets no ordinary from-home sign-in besides.
  for (const SignIn& x : all) {
    if (isPlantedSignIn(x) || x.principal != activation->actor || x.app != kAzurePortalApp)
      continue;
    EXPECT_FALSE((x.flags & kSignInForAudit) && x.time < activation->time &&
                 x.time >= activation->time - 10 * kTicksPerMinute);
  }
}

TEST(SignInStorylines, ImpossibleTravelReplaysTheHomeSessionFromAnotherContinent) {
  Scenario s = storylineScenario({"impossibleTravel"});
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<Planted> travel = plantedOf(log, log.generateWindow(), 0);
  ASSERT_EQ(travel.size(), 4u);
  const Planted& home = travel.front();
  EXPECT_EQ(plantedStepOf(home.signIn), SignInStep::HomeSignIn);
  EXPECT_EQ(home.signIn.kind, SignInKind::Interactive);
  for (size_t i = 1; i < travel.size(); ++i) {
    const Planted& replay = travel[i];
    EXPECT_EQ(plantedStepOf(replay.signIn), SignInStep::TokenReplay);
    EXPECT_EQ(replay.signIn.kind, SignInKind::NonInteractive);
    EXPECT_EQ(replay.details.sessionId, home.details.sessionId) << "the same token's session";
    EXPECT_EQ(replay.details.userId, home.details.userId);
    EXPECT_NE(replay.details.ipAddress, home.details.ipAddress);
    EXPECT_EQ(replay.details.label, "impossibleTravel test:token-replay");
  }
  double km = kilometres(home.details, travel[1].details);
  double hours = static_cast<double>(travel[1].signIn.time - home.signIn.time) / kTicksPerHour;
  EXPECT_GT(km / hours, 1000) << km << " km in " << hours << " h";
}

TEST(SignInStorylines, RogueCaAdminSignInsComeFromTheAttackersAddress) {
  Scenario s = storylineScenario({"rogueCloudPkiCa"});
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<Planted> admin = plantedOf(log, log.generateWindow(), 0);
  ASSERT_FALSE(admin.empty());
  for (const Planted& p : admin) {
    EXPECT_EQ(plantedStepOf(p.signIn), SignInStep::AdminSignIn);
    EXPECT_EQ(p.signIn.app, kIntuneAdminApp);
    EXPECT_TRUE(p.details.city == "Sao Paulo" || p.details.city == "Tokyo");
  }
}

// The context Conditional Access sees, rebuilt from what the rendered sign-in says (not from the
// generator's own context), so the coherence test checks the rendering too.
SignInContext renderedContext(const SignIn& s, const SignInDetails& d) {
  SignInContext c;
  c.user = s.principal;
  c.legacyClient = d.clientAppUsed == "Exchange ActiveSync" || d.clientAppUsed == "IMAP";
  c.managed = d.isManaged;
  c.compliant = d.isCompliant;
  c.mobile = d.operatingSystem == "Ios" || d.operatingSystem == "Android";
  c.riskyCountry = d.countryOrRegion == "RU";
  return c;
}

bool demands(const CaDemand& d) { return d.block || d.compliantDevice || d.mfa; }

Scenario weakenedScenario(const std::string& weakening, Ticks restoreAfter) {
  Scenario s = storylineScenario({"conditionalAccessWeakened"});
  s.storylines[0].weakening = weakening;
  s.storylines[0].restoreAfter = restoreAfter;
  return s;
}

TEST(SignInStorylines, WeakenedPolicyLetsThroughWhatItBlockedBefore) {
  for (const char* weakening : {"excludeUser", "disable", "reportOnly"}) {
    SCOPED_TRACE(weakening);
    Scenario s = weakenedScenario(weakening, 0);
    Simulation sim(s);
    SignInLog log(sim);
    const ConditionalAccessHistory* history = sim.conditionalAccess();
    const CaWeakening* w = history->weakening(0);
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->at, s.storylines[0].at);
    ASSERT_FALSE(w->policies.empty());
    for (uint32_t p : w->policies) {
      const CaPolicySnapshot* before = findPolicy(history->policiesAt(w->at - 1), p);
      ASSERT_NE(before, nullptr);
      EXPECT_EQ(before->state, CaPolicyState::Enabled) << before->displayName;
    }
    std::vector<Planted> planted = plantedOf(log, log.generateWindow(), 0);
    ASSERT_EQ(planted.size(), 5u);  // blocked attempt, admin sign-in, three bypasses
    const Ticks changed = w->at + static_cast<Ticks>(w->policies.size()) * kCaWeakeningRowGap;
    int bypasses = 0;
    for (const Planted& p : planted) {
      const SignInStep step = plantedStepOf(p.signIn);
      if (step == SignInStep::PolicyAdminSignIn) {
        EXPECT_LT(p.signIn.time, w->at);
        EXPECT_GE(p.signIn.time, w->at - 10 * kTicksPerMinute);
        EXPECT_EQ(p.details.appDisplayName, "Azure Portal");
        EXPECT_TRUE(p.signIn.flags & kSignInMfa);
        EXPECT_EQ(p.details.errorCode, 0);
        continue;
      }
      EXPECT_EQ(p.signIn.principal, w->victim);
      const SignInContext c = renderedContext(p.signIn, p.details);
      // As the policies stood before the change, the attacker is stopped...
      EXPECT_TRUE(demands(caDemand(history->policiesAt(w->at - 1), c)));
      SignInLog::WeakeningOutcome outcome;
      ASSERT_TRUE(log.weakeningOutcome(p.signIn, outcome));
      EXPECT_NE(outcome.failureBefore, SignInFailure::None);
      for (CaPolicyResult r : outcome.resultsBefore) EXPECT_EQ(r, CaPolicyResult::Failure);
      if (step == SignInStep::BlockedAttempt) {
        EXPECT_LT(p.signIn.time, w->at);
        EXPECT_NE(p.details.errorCode, 0);
        EXPECT_EQ(p.signIn.failure, outcome.failureBefore);
        continue;
      }
      // ...and after it, the served sign-in is what the policies at its instant give: through.
      ++bypasses;
      EXPECT_EQ(step, SignInStep::BypassSignIn);
      EXPECT_GT(p.signIn.time, changed);
      EXPECT_FALSE(demands(caDemand(history->policiesAt(p.signIn.time), c)));
      EXPECT_EQ(p.details.errorCode, 0) << p.details.label;
      for (uint32_t weakened : w->policies) {
        const CaPolicySnapshot* before = findPolicy(history->policiesAt(w->at - 1), weakened);
        const CaPolicyResult expected =
            std::string(weakening) == "disable"       ? CaPolicyResult::NotEnabled
            : std::string(weakening) == "excludeUser" ? CaPolicyResult::NotApplied
            : before->grant == CaGrant::Mfa           ? CaPolicyResult::ReportOnlyInterrupted
                                                      : CaPolicyResult::ReportOnlyFailure;
        const CaPolicyResult* served = nullptr;
        for (const AppliedPolicy& a : p.details.policies)
          if (a.policy->policy == weakened) served = &a.result;
        ASSERT_NE(served, nullptr);
        EXPECT_EQ(*served, expected) << before->displayName;
      }
      EXPECT_EQ(p.details.label, "conditionalAccessWeakened test:bypass-sign-in");
    }
    EXPECT_EQ(bypasses, 3);
  }
}

TEST(SignInStorylines, WeakeningIsAuditedAndARestoreBringsTheBlockBack) {
  Scenario s = weakenedScenario("excludeUser", 40 * kTicksPerMinute);
  Simulation sim(s);
  SignInLog log(sim);
  const CaWeakening* w = sim.conditionalAccess()->weakening(0);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->restoredAt, w->at + 40 * kTicksPerMinute);
  std::vector<Event> ca;
  sim.generateWorkload(WorkloadKind::ConditionalAccess, s.windowStart(), s.windowEnd, ca);
  std::map<std::string, size_t> steps;
  EventDetails d;
  Guid victim;
  sim.tenant().userId(w->victim, victim);
  for (const Event& e : ca) {
    if (!e.planted()) continue;
    sim.describe(e, d);
    ++steps[d.label];
    EXPECT_EQ(d.activity->name, "Update Conditional Access policy");
    ASSERT_GE(d.targetCount, 1u);
    ASSERT_GE(d.targets[0].propCount, 1u);
    const ModifiedProperty& m = d.targets[0].props[0];
    // The exclusion appears in the new value of the weakening and the old value of the restore;
    // nothing else changes but the modification time.
    const bool weakening = d.label.ends_with(":ca-weakened");
    EXPECT_EQ(m.newValue.find(view(victim)) != std::string::npos, weakening) << m.newValue;
    EXPECT_EQ(m.oldValue.find(view(victim)) != std::string::npos, !weakening) << m.oldValue;
    auto state = [](const std::string& json) { return json.substr(json.find("\"state\"")); };
    EXPECT_EQ(state(m.oldValue).substr(0, 20), state(m.newValue).substr(0, 20));
  }
  EXPECT_EQ(steps, (std::map<std::string, size_t>{
                       {"conditionalAccessWeakened test:ca-weakened", w->policies.size()},
                       {"conditionalAccessWeakened test:ca-restored", w->policies.size()}}));
  // The third bypass (55 min after) meets the restored policies: stopped again.
  std::vector<Planted> planted = plantedOf(log, log.generateWindow(), 0);
  ASSERT_EQ(planted.size(), 5u);
  EXPECT_EQ(planted[2].details.errorCode, 0);
  EXPECT_NE(planted.back().details.errorCode, 0);
}

TEST(SignInStorylines, RangesAndThreadsStillComposeAndKeysStayUnique) {
  Scenario s = storylineScenario({"passwordSpray", "mfaFatigue", "impossibleTravel",
                                  "pimEscalation", "conditionalAccessWeakened"});
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<SignIn> whole = log.generateWindow();
  std::vector<SignIn> joined;
  const Ticks step = kTicksPerHour * 7 + 12345;  // cuts through every storyline
  for (Ticks a = s.windowStart(); a < s.windowEnd; a += step) {
    std::vector<SignIn> part = log.generate(a, std::min(a + step, s.windowEnd));
    joined.insert(joined.end(), part.begin(), part.end());
  }
  EXPECT_EQ(whole, joined);
  EXPECT_EQ(whole, log.generateWindow(3));
  std::set<uint64_t> keys;
  size_t planted = 0;
  for (const SignIn& x : whole) {
    planted += isPlantedSignIn(x);
    if (isPlantedSignIn(x)) {
      EXPECT_TRUE(keys.insert(x.key).second) << "duplicate planted key";
    }
  }
  EXPECT_GT(planted, 45u);
  // The store indexes a planted sign-in under the address it is served with (the attacker's).
  SignInDetails full, indexed;
  User user;
  for (const SignIn& x : whole) {
    if (!isPlantedSignIn(x)) continue;
    log.describe(x, full);
    sim.tenant().fillUser(x.principal, user);
    log.describeIndexed(x, user.ipAddress, indexed);
    EXPECT_EQ(indexed.ipAddress, full.ipAddress) << full.label;
  }
}

TEST(SignInStorylines, ASignInStorylineNeedsTheSignInLog) {
  const std::string base =
      R"({"name":"x","seed":1,"tenant":{"id":"4f2c8a1e-6d3b-4e7a-9c5f-0b1d2e3f4a5b",
    "name":"Contoso","domain":"contoso.onmicrosoft.com","users":50,"license":"Free"},
    "window":{"end":"2026-11-01T00:00:00Z","days":2},
    "storylines":[{"kind":"passwordSpray","at":"2026-10-31T10:00:00Z"}]})";
  auto find = [](const std::vector<ScenarioError>& errors, const std::string& text) {
    for (const ScenarioError& e : errors)
      if (e.path == "$.storylines[0].kind" && e.message.find(text) != std::string::npos)
        return true;
    return false;
  };
  EXPECT_TRUE(find(validateScenarioText(base), "tenant.license Free has no sign-in log"));
  std::string off = base;
  off.replace(off.find("\"Free\""), 6, "\"P2\"");
  off.replace(off.find("\"storylines\""), 0, "\"workloads\":{\"signIns\":false},");
  EXPECT_TRUE(find(validateScenarioText(off), "workloads.signIns is false"));
  std::string fine = base;
  fine.replace(fine.find("\"Free\""), 6, "\"P2\"");
  EXPECT_TRUE(validateScenarioText(fine).empty()) << validateScenarioText(fine).front().toString();
  // compromisedServicePrincipal needs its service principal's sign-ins too.
  std::string sp = base;
  sp.replace(sp.find("passwordSpray"), 13, "compromisedServicePrincipal");
  EXPECT_TRUE(find(validateScenarioText(sp),
                   "needs the service principal's sign-ins, and "
                   "tenant.license Free has no sign-in log"));
  sp.replace(sp.find("\"Free\""), 6, "\"P2\"");
  EXPECT_TRUE(validateScenarioText(sp).empty()) << validateScenarioText(sp).front().toString();
}

TEST(SignInStorylines, WeakenedPolicyStorylineIsValidatedWithLocations) {
  const std::string base =
      R"({"name":"x","seed":1,"tenant":{"id":"4f2c8a1e-6d3b-4e7a-9c5f-0b1d2e3f4a5b",
    "name":"Contoso","domain":"contoso.onmicrosoft.com","users":50,"license":"P2"},
    "window":{"end":"2026-11-01T00:00:00Z","days":2},WORKLOADS
    "storylines":[{"kind":"conditionalAccessWeakened","at":"2026-10-31T10:00:00Z",
                   "weakening":"disable","restoreAfterMinutes":90},
                  {"kind":"mfaFatigue","at":"2026-10-31T12:00:00Z"EXTRA}]})";
  auto scenario = [&](const std::string& workloads, const std::string& extra) {
    std::string text = base;
    text.replace(text.find("WORKLOADS"), 9, workloads);
    text.replace(text.find("EXTRA"), 5, extra);
    return validateScenarioText(text);
  };
  auto has = [](const std::vector<ScenarioError>& errors, const std::string& path,
                const std::string& text) {
    for (const ScenarioError& e : errors)
      if (e.path == path && e.message.find(text) != std::string::npos) return true;
    return false;
  };
  const std::vector<ScenarioError> fine = scenario("", "");
  EXPECT_TRUE(fine.empty()) << fine.front().toString();
  EXPECT_TRUE(has(scenario(R"("workloads":{"conditionalAccess":false},)", ""),
                  "$.storylines[0].kind", "workloads.conditionalAccess is false"));
  EXPECT_TRUE(has(scenario(R"("workloads":{"conditionalAccess":{"policies":1}},)", ""),
                  "$.workloads.conditionalAccess.policies", "set policies to 2 or more"));
  EXPECT_TRUE(has(scenario(R"("workloads":{"signIns":false},)", ""), "$.storylines[0].kind",
                  "workloads.signIns is false"));
  EXPECT_TRUE(has(scenario("", R"(,"weakening":"disable")"), "$.storylines[1].weakening",
                  "conditionalAccessWeakened storylines only"));
  EXPECT_FALSE(scenario("", R"(,"restoreAfterMinutes":0)").empty());
  std::string badMode = base;
  badMode.replace(badMode.find("WORKLOADS"), 9, "");
  badMode.replace(badMode.find("EXTRA"), 5, "");
  badMode.replace(badMode.find("\"disable\""), 9, "\"weaken\"");
  EXPECT_FALSE(validateScenarioText(badMode).empty()) << "weakening is an enum";
}

}  // namespace
}  // namespace tenantsim
