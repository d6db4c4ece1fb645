// Identity Protection's risk detections: each joins a sign-in of the log, the planted storylines
// raise the detections a detector would, ranges compose, and the order is Graph's listing order.
#include "simulator/simulation/risk_log.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "simulator/simulation/risk_detection_cache.h"
#include "simulator/simulation/risky_users.h"
#include "simulator/simulation/signin_profile.h"
#include "simulator/simulation/signin_storylines.h"
#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

Scenario riskScenario() {
  Scenario s = testing::smallScenario(200, 4);
  SignInsConfig signIns;
  signIns.travelShare = 0.3;  // enough travel for background detections in a small tenant
  s.workloads.signIns = signIns;
  const char* kinds[] = {"passwordSpray", "mfaFatigue", "impossibleTravel"};
  for (int i = 0; i < 3; ++i)
    s.storylines.push_back({kinds[i], s.windowStart() + (6 + 24 * i) * kTicksPerHour, kinds[i]});
  return s;
}

TEST(RiskLog, EveryDetectionJoinsASignInOfTheLog) {
  Simulation sim(riskScenario());
  SignInLog signIns(sim);
  RiskLog risks(signIns);
  std::vector<RiskDetection> all = risks.generateWindow();
  ASSERT_GT(all.size(), 5u);
  std::map<std::string, std::string> correlationOf;  // sign-in id -> correlation id
  SignInDetails sd;
  for (const SignIn& s : signIns.generateWindow()) {
    signIns.describe(s, sd);
    correlationOf[sd.id] = sd.correlationId;
  }
  RiskDetectionDetails d;
  std::set<std::string> ids;
  for (const RiskDetection& r : all) {
    risks.describe(r, d);
    ASSERT_TRUE(correlationOf.contains(d.signIn.id)) << "requestId " << d.signIn.id;
    EXPECT_EQ(correlationOf[d.signIn.id], d.signIn.correlationId);
    EXPECT_TRUE(ids.insert(d.id).second) << "duplicate id";
    EXPECT_EQ(d.id.size(), 64u);
    EXPECT_GE(r.time, r.signIn.time);
    if (r.timing == RiskTiming::Offline) {
      EXPECT_GE(r.time, r.signIn.time + 2 * kTicksPerHour);
    }
  }
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
}

TEST(RiskLog, PlantedStorylinesRaiseTheirDetections) {
  Simulation sim(riskScenario());
  SignInLog signIns(sim);
  RiskLog risks(signIns);
  std::map<std::string, std::multiset<std::string>> byStoryline;
  size_t background = 0;
  RiskDetectionDetails d;
  for (const RiskDetection& r : risks.generateWindow()) {
    risks.describe(r, d);
    if (d.label.empty()) {
      ++background;
      EXPECT_EQ(r.type, RiskEventType::UnfamiliarFeatures);
      EXPECT_TRUE(r.signIn.flags & kSignInTravel);
      continue;
    }
    byStoryline[d.label.substr(0, d.label.find(':'))].insert(
        std::string(riskEventTypeName(r.type)) + "/" + std::string(riskLevelName(r.level)));
  }
  EXPECT_GT(background, 0u);
  EXPECT_EQ(byStoryline["passwordSpray"], std::multiset<std::string>{"passwordSpray/high"});
  EXPECT_EQ(byStoryline["mfaFatigue"], std::multiset<std::string>{"unfamiliarFeatures/medium"});
  EXPECT_EQ(byStoryline["impossibleTravel"],
            (std::multiset<std::string>{"anomalousToken/high", "unlikelyTravel/medium"}));
}

// Item 1 of docs/identity-protection.md: a sign-in that raised detections carries them (types,
// levels, atRisk), and every other sign-in reads none (users) or low (workload identities).
TEST(RiskLog, SignInsCarryTheRiskOfTheirDetections) {
  Simulation sim(riskScenario());
  SignInLog signIns(sim);
  RiskLog risks(signIns);
  std::map<uint64_t, std::vector<const RiskDetection*>> bySignIn;
  const std::vector<RiskDetection> all = risks.generateWindow();
  const Scenario& sc = sim.scenario();
  const std::vector<RiskDetection> sp =
      risks.generateServicePrincipals(sc.windowStart(), sc.windowEnd);
  for (const RiskDetection& r : all) bySignIn[r.signIn.key].push_back(&r);
  for (const RiskDetection& r : sp) bySignIn[r.signIn.key].push_back(&r);
  SignInDetails d;
  size_t detected = 0;
  for (const SignIn& s : signIns.generateWindow()) {
    signIns.describe(s, d);
    auto it = bySignIn.find(s.key);
    const bool user = s.kind == SignInKind::Interactive || s.kind == SignInKind::NonInteractive;
    if (it == bySignIn.end()) {
      ASSERT_EQ(d.risk.state, "none") << d.id;
      EXPECT_EQ(d.risk.eventTypeCount, 0);
      EXPECT_EQ(d.risk.levelAggregated, user ? "none" : "low");
      continue;
    }
    ++detected;
    EXPECT_EQ(d.risk.state, "atRisk");
    EXPECT_EQ(d.risk.detail, "none");
    ASSERT_EQ(d.risk.eventTypeCount, it->second.size());
    RiskLevel top = RiskLevel::Low;
    bool realtime = false;
    for (size_t i = 0; i < it->second.size(); ++i) {
      const RiskDetection& r = *it->second[i];
      EXPECT_TRUE(std::find(d.risk.eventTypes.begin(), d.risk.eventTypes.end(),
                            riskEventTypeName(r.type)) != d.risk.eventTypes.end());
      top = std::max(top, r.level);
      realtime |= r.timing == RiskTiming::Realtime;
      if (r.timing == RiskTiming::Realtime) {
        EXPECT_EQ(d.risk.levelDuringSignIn, riskLevelName(r.level));
      }
    }
    EXPECT_EQ(d.risk.levelAggregated, riskLevelName(top));
    if (!realtime) {
      EXPECT_EQ(d.risk.levelDuringSignIn, user ? "none" : "low");
    }
  }
  EXPECT_EQ(detected, bySignIn.size());  // every detection's sign-in is in the log
  // A P1 tenant sees the same sign-ins at risk, levels hidden, one `generic` type.
  Scenario p1 = riskScenario();
  p1.tenant.license = "P1";
  Simulation simP1(p1);
  SignInLog signInsP1(simP1);
  for (const RiskDetection& r : all) {
    signInsP1.describe(r.signIn, d);
    EXPECT_EQ(d.risk.state, "atRisk");
    EXPECT_EQ(d.risk.levelAggregated, "hidden");
    EXPECT_EQ(d.risk.detail, "hidden");
    ASSERT_EQ(d.risk.eventTypeCount, 1);
    EXPECT_EQ(d.risk.eventTypes[0], "generic");
  }
}

TEST(RiskLog, AdjacentRangesComposeToTheWhole) {
  Simulation sim(riskScenario());
  SignInLog signIns(sim);
  RiskLog risks(signIns);
  const Scenario& s = sim.scenario();
  std::vector<RiskDetection> whole = risks.generateWindow(), joined;
  for (Ticks a = s.windowStart(); a < s.windowEnd; a += 5 * kTicksPerHour + 777) {
    std::vector<RiskDetection> part =
        risks.generate(a, std::min(a + 5 * kTicksPerHour + 777, s.windowEnd));
    joined.insert(joined.end(), part.begin(), part.end());
  }
  EXPECT_EQ(whole, joined);
}

// The remediation test's tenant: some users reset by an admin, a compromised service principal
// and background service-principal risk (docs/identity-protection.md#remediation-shares).
Scenario remediationScenario() {
  Scenario s = riskScenario();
  RiskRemediationConfig& r = s.workloads.signIns->riskRemediation;
  r.securedPasswordResetShare = 0.15;
  r.adminPasswordResetShare = 0.2;
  r.servicePrincipalRiskPerDay = 0.25;
  for (int i = 0; i < 6; ++i)  // more service principals than the small tenant's own two
    s.apps.push_back({"worker " + std::to_string(i),
                      "00000000-0000-4000-8000-00000000000" + std::to_string(i),
                      "secret",
                      {},
                      ""});
  s.storylines.push_back(
      {"compromisedServicePrincipal", s.windowStart() + 30 * kTicksPerHour, "stolen secret"});
  return s;
}

// Identity Protection's remediations in the audit log: every password reset (the user's or an
// admin's), dismissal and confirmation of a riskyUsers or riskyServicePrincipals history is one
// directoryAudits row at the same instant, by the user or an admin, targeting the user or the
// service principal; and no other row.
TEST(RiskLog, AuditedRemediationsAreAuditRowsOneForOne) {
  Simulation sim(remediationScenario());
  SignInLog signIns(sim);
  RiskLog risks(signIns);
  const Scenario& s = sim.scenario();
  const std::vector<RiskDetection> detections = risks.generateWindow();
  const std::vector<RiskDetection> spDetections =
      risks.generateServicePrincipals(s.windowStart(), s.windowEnd);
  const std::vector<RiskyUser> users = riskyUsersAt(detections, s.windowEnd, s);
  const std::vector<RiskyUser> sps =
      riskyUsersAt(spDetections, s.windowEnd, s, RiskSubject::ServicePrincipal);
  // (time, service principal, principal, action)
  using Key = std::tuple<Ticks, bool, uint32_t, RiskyUserAction>;
  std::multiset<Key> expected;
  std::map<RiskyUserAction, int> kinds, spKinds;
  for (const RiskyUser& u : users)
    for (const RiskyUserEvent& e : u.history)
      if (auditedRemediation(e.action)) {
        expected.emplace(e.time, false, u.principal, e.action);
        ++kinds[e.action];
      }
  for (const RiskyUser& u : sps)
    for (const RiskyUserEvent& e : u.history)
      if (auditedRemediation(e.action)) {
        expected.emplace(e.time, true, u.principal, e.action);
        ++spKinds[e.action];
      }
  EXPECT_GT(kinds[RiskyUserAction::PasswordReset], 0);
  EXPECT_GT(kinds[RiskyUserAction::AdminPasswordReset], 0);
  EXPECT_GT(kinds[RiskyUserAction::AdminDismissed], 0);
  EXPECT_EQ(kinds[RiskyUserAction::AdminConfirmedCompromised], 3) << "the storylines' victims";
  EXPECT_EQ(spKinds[RiskyUserAction::AdminConfirmedCompromised], 1) << "the stolen secret's app";
  EXPECT_GT(spKinds[RiskyUserAction::AdminDismissed], 0) << "background service-principal risk";
  EXPECT_GT(sps.size(), 1u + static_cast<size_t>(spKinds[RiskyUserAction::AdminDismissed]))
      << "some background risky service principals stay at risk";

  std::vector<Event> rows;
  size_t triage = 0, background = 0;
  for (const Event& e : sim.generateWindow(2)) {
    if (e.workload() == WorkloadKind::RiskRemediation) rows.push_back(e);
    background += e.workload() == WorkloadKind::Background;
    // And vice versa: Identity Protection's triage rows are the remediations' alone (the
    // background, which draws every catalog activity, leaves them out).
    const Activity& a = sim.catalog().at(e.activity);
    if (a.service == "Identity Protection" && a.category == "Other") {
      ++triage;
      EXPECT_EQ(e.workload(), WorkloadKind::RiskRemediation) << a.name;
    }
  }
  EXPECT_GT(background, 1000u);
  EXPECT_GT(triage, 0u);
  std::multiset<Key> audited;
  EventDetails d;
  User user, admin;
  std::set<std::string> ids;
  int planted = 0, spPlanted = 0;
  const std::vector<WorkloadIdentity>& identities = signIns.servicePrincipals();
  for (const Event& e : rows) {
    const auto action = static_cast<RiskyUserAction>(e.param & 0x7f);
    const bool sp = e.param & 0x80;
    audited.emplace(e.time, sp, e.subject, action);
    sim.describe(e, d);
    EXPECT_TRUE(ids.insert(d.id).second);
    ASSERT_EQ(d.targetCount, 1u);
    const RiskSubject subject = sp ? RiskSubject::ServicePrincipal : RiskSubject::User;
    if (sp) {
      ASSERT_LT(e.subject, identities.size());
      EXPECT_EQ(d.targets[0].type, "ServicePrincipal");
      EXPECT_EQ(d.targets[0].id, identities[e.subject].servicePrincipalId);
      EXPECT_EQ(d.targets[0].displayName, identities[e.subject].displayName);
      EXPECT_EQ(d.activity->service, "Identity Protection");
      EXPECT_EQ(d.activity->category, "Other");
      EXPECT_EQ(d.activity->name, action == RiskyUserAction::AdminDismissed
                                      ? "DismissServicePrincipal"
                                      : "confirmServicePrincipalCompromised");
    } else {
      sim.tenant().fillUser(e.subject, user);
      EXPECT_EQ(d.targets[0].type, "User");
      EXPECT_EQ(d.targets[0].id, view(user.id));
      EXPECT_EQ(d.targets[0].userPrincipalName, user.userPrincipalName);
    }
    if (action == RiskyUserAction::PasswordReset) {
      ASSERT_FALSE(sp);
      EXPECT_EQ(d.activity->name, "Reset password (self-service)");
      EXPECT_EQ(d.activity->service, "Self-service Password Management");
      EXPECT_EQ(d.userId, view(user.id)) << "the user resets their own password";
      continue;
    }
    if (action == RiskyUserAction::AdminPasswordReset) {
      ASSERT_FALSE(sp);
      EXPECT_EQ(d.activity->name, "Reset password (by admin)");
      EXPECT_EQ(d.activity->service, "Self-service Password Management");
      EXPECT_EQ(d.activity->category, "UserManagement");
    } else if (!sp) {
      EXPECT_EQ(d.activity->service, "Identity Protection");
      EXPECT_EQ(d.activity->name,
                action == RiskyUserAction::AdminDismissed ? "DismissUser" : "ConfirmCompromised");
    }
    sim.tenant().fillUser(remediationAdmin(s.seed, e.subject, sim.tenant().adminCount(), subject),
                          admin);
    EXPECT_EQ(d.userId, view(admin.id)) << "an admin";
    EXPECT_LT(e.actor, sim.tenant().adminCount());
    if (e.planted()) {
      ++(sp ? spPlanted : planted);
      EXPECT_EQ(action, RiskyUserAction::AdminConfirmedCompromised);
      EXPECT_TRUE(
          d.label.ends_with(sp ? ":sp-confirmed-compromised" : ":user-confirmed-compromised"))
          << d.label;
    }
  }
  EXPECT_EQ(planted, 3);
  EXPECT_EQ(spPlanted, 1);
  EXPECT_EQ(audited, expected);

  // Ranges (shards, live appends) compose to the whole.
  std::vector<Event> whole, joined;
  sim.generateWorkload(WorkloadKind::RiskRemediation, s.windowStart(), s.windowEnd, whole);
  for (Ticks a = s.windowStart(); a < s.windowEnd; a += 7 * kTicksPerHour + 13)
    sim.generateWorkload(WorkloadKind::RiskRemediation, a,
                         std::min(a + 7 * kTicksPerHour + 13, s.windowEnd), joined);
  std::sort(whole.begin(), whole.end());
  std::sort(joined.begin(), joined.end());
  ASSERT_EQ(whole.size(), joined.size());
  for (size_t i = 0; i < whole.size(); ++i) EXPECT_EQ(whole[i].key, joined[i].key);
  EXPECT_EQ(whole.size(), rows.size());

  // Causal: the histories at an earlier clock are prefixes of those at the window's end.
  for (Ticks t = s.windowStart(); t < s.windowEnd; t += 11 * kTicksPerHour) {
    std::map<uint32_t, const RiskyUser*> late;
    for (const RiskyUser& u : users) late[u.principal] = &u;
    for (const RiskyUser& u : riskyUsersAt(detections, t, s)) {
      const RiskyUser& end = *late.at(u.principal);
      ASSERT_LE(u.history.size(), end.history.size());
      for (size_t i = 0; i < u.history.size(); ++i) {
        EXPECT_EQ(u.history[i].time, end.history[i].time);
        EXPECT_EQ(u.history[i].action, end.history[i].action);
      }
    }
  }
}

// One computation (docs/identity-protection.md#one-computation): the simulation's shared
// detections, which the remediation workload and the server's risk store read, are the risk log's,
// whatever ranges were asked for first.
TEST(RiskLog, SharedDetectionsAreTheLogs) {
  Simulation sim(remediationScenario());
  SignInLog signIns(sim);
  RiskLog risks(signIns);
  const Scenario& s = sim.scenario();
  const RiskDetectionCache& shared = sim.riskDetections();
  const Ticks middle = s.windowStart() + 37 * kTicksPerHour + 5;
  EXPECT_EQ(shared.generate(middle, s.windowEnd), risks.generate(middle, s.windowEnd));
  EXPECT_EQ(shared.generate(s.windowStart(), middle), risks.generate(s.windowStart(), middle));
  EXPECT_EQ(shared.generateServicePrincipals(middle, s.windowEnd),
            risks.generateServicePrincipals(middle, s.windowEnd));
  EXPECT_EQ(shared.generateServicePrincipals(s.windowStart(), s.windowEnd),
            risks.generateServicePrincipals(s.windowStart(), s.windowEnd));
  EXPECT_FALSE(shared.generateServicePrincipals(s.windowStart(), s.windowEnd).empty());
}

TEST(RiskLog, NoSignInLogNoDetections) {
  Scenario s = riskScenario();
  s.workloads.signIns.reset();
  s.storylines.clear();
  Simulation sim(s);
  SignInLog signIns(sim);
  EXPECT_TRUE(RiskLog(signIns).generateWindow().empty());
}

}  // namespace
}  // namespace tenantsim
