// Security alerts and incidents: every alert's evidence resolves to the sign-in, risk and audit
// logs, each planted storyline raises its alerts in one incident, triage moves forward in time,
// and the log is deterministic with ranges that compose to the whole.
#include "simulator/simulation/alert_log.h"

#include <map>
#include <set>

#include "simulator/simulation/signin_storylines.h"
#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

Scenario alertScenario() {
  Scenario s = testing::smallScenario(200, 4);
  SignInsConfig signIns;
  signIns.travelShare = 0.3;  // enough travel for organic detections in a small tenant
  s.workloads.signIns = signIns;
  const char* kinds[] = {"passwordSpray", "mfaFatigue",      "impossibleTravel",
                         "pimEscalation", "rogueCloudPkiCa", "conditionalAccessWeakened"};
  for (int i = 0; i < 6; ++i)
    s.storylines.push_back({kinds[i], s.windowStart() + (6 + 15 * i) * kTicksPerHour, kinds[i]});
  return s;
}

// One simulation shared by the tests that only read it.
struct Fixture {
  Simulation sim{alertScenario()};
  SignInLog signIns{sim};
  AlertLog alerts{signIns};
  std::vector<Alert> window = alerts.generateWindow();
};
const Fixture& fixture() {
  static const Fixture f;
  return f;
}

TEST(AlertLog, EveryAlertsEvidenceResolvesToTheLogs) {
  const Fixture& f = fixture();
  ASSERT_GT(f.window.size(), 8u);
  std::map<std::string, std::string> ipOf;  // sign-in id -> address
  SignInDetails sd;
  for (const SignIn& s : f.signIns.generateWindow()) {
    f.signIns.describe(s, sd);
    ipOf[sd.id] = sd.ipAddress;
  }
  std::set<std::string> detectionIds;
  RiskLog risks(f.signIns);
  RiskDetectionDetails rd;
  for (const RiskDetection& r : risks.generateWindow()) {
    risks.describe(r, rd);
    detectionIds.insert(rd.id);
  }
  std::set<std::string> auditIds;
  EventDetails ed;
  for (const Event& e : f.sim.generateWindow()) {
    if (!e.planted()) continue;
    f.sim.describe(e, ed);
    auditIds.insert(ed.id);
  }
  AlertDetails d;
  std::set<std::string> ids;
  for (const Alert& a : f.window) {
    f.alerts.describe(a, d);
    EXPECT_TRUE(ids.insert(d.id).second) << "duplicate id " << d.id;
    EXPECT_EQ(d.id.size(), 34u);
    ASSERT_TRUE(ipOf.contains(d.signIn.id)) << d.text.title << ": sign-in " << d.signIn.id;
    EXPECT_EQ(ipOf[d.signIn.id], d.signIn.ipAddress);
    EXPECT_FALSE(d.signIn.userPrincipalName.empty());
    EXPECT_LE(a.firstActivity, a.lastActivity);
    EXPECT_LE(a.lastActivity, a.time);
    if (a.kind == AlertKind::IdentityProtection) {
      EXPECT_TRUE(d.id.starts_with("ad"));
      EXPECT_TRUE(detectionIds.contains(d.providerAlertId)) << d.providerAlertId;
    }
    if (d.hasAudit) {
      EXPECT_TRUE(auditIds.contains(d.audit.id)) << d.text.title;
    }
  }
  EXPECT_TRUE(std::is_sorted(f.window.begin(), f.window.end()));
}

TEST(AlertLog, EachPlantedStorylineRaisesItsAlertsInOneIncident) {
  const Fixture& f = fixture();
  std::map<std::string, std::multiset<std::string>> steps;
  std::map<std::string, std::set<std::string>> incidents;
  size_t organic = 0;
  AlertDetails d;
  for (const Alert& a : f.window) {
    f.alerts.describe(a, d);
    if (d.label.empty()) {
      ++organic;
      EXPECT_EQ(a.kind, AlertKind::IdentityProtection);
      continue;
    }
    const std::string storyline = d.label.substr(0, d.label.find(':'));
    steps[storyline].insert(d.label.substr(d.label.find(':') + 1));
    incidents[storyline].insert(d.incidentId);
  }
  EXPECT_GT(organic, 0u);
  EXPECT_EQ(steps["passwordSpray"], std::multiset<std::string>{"alert-password-spray"});
  EXPECT_EQ(steps["mfaFatigue"],
            (std::multiset<std::string>{"alert-suspicious-mfa", "alert-unfamiliar-sign-in"}));
  EXPECT_EQ(steps["impossibleTravel"],
            (std::multiset<std::string>{"alert-anomalous-token", "alert-atypical-travel"}));
  EXPECT_EQ(steps["pimEscalation"],
            (std::multiset<std::string>{"alert-role-activation", "alert-suspicious-mfa",
                                        "alert-unfamiliar-sign-in"}));
  EXPECT_EQ(steps["rogueCloudPkiCa"], std::multiset<std::string>{"alert-rogue-ca"});
  // The admin's sign-in from the attacker's address and the first bypass raise Identity
  // Protection's alerts; Defender's names the admin, the address and the weakened policy.
  EXPECT_EQ(steps["conditionalAccessWeakened"],
            (std::multiset<std::string>{"alert-policy-weakened", "alert-unfamiliar-sign-in",
                                        "alert-unfamiliar-sign-in"}));
  std::set<std::string> all;
  for (const auto& [storyline, ids] : incidents) {
    EXPECT_EQ(ids.size(), 1u) << storyline;
    all.insert(*ids.begin());
  }
  EXPECT_EQ(all.size(), 6u) << "one incident per storyline";
}

TEST(AlertLog, WeakenedPolicyAlertNamesTheAdminTheAddressAndThePolicy) {
  const Fixture& f = fixture();
  const CaWeakening* w = f.sim.conditionalAccess()->weakening(5);
  ASSERT_NE(w, nullptr);
  const auto policies = f.sim.conditionalAccess()->policiesAt(w->at - 1);
  AlertDetails d;
  int found = 0;
  for (const Alert& a : f.window) {
    if (a.kind != AlertKind::PolicyWeakened) continue;
    ++found;
    f.alerts.describe(a, d);
    EXPECT_EQ(plantedStepOf(a.signIn), SignInStep::PolicyAdminSignIn);
    EXPECT_NE(a.signIn.principal, static_cast<uint32_t>(w->victim));
    EXPECT_LT(a.signIn.time, w->at);
    EXPECT_EQ(d.signIn.appDisplayName, "Azure Portal");
    EXPECT_FALSE(d.signIn.ipAddress.empty());
    EXPECT_NE(d.signIn.city, "");
    ASSERT_TRUE(d.hasAudit);
    EXPECT_EQ(d.audit.activity->name, "Update Conditional Access policy");
    EXPECT_EQ(d.audit.userId, d.signIn.userId) << "the admin who signed in made the change";
    ASSERT_GT(d.audit.targetCount, 0u);
    EXPECT_EQ(d.audit.targets[0].displayName, findPolicy(policies, w->policies[0])->displayName);
    EXPECT_EQ(a.severity, AlertSeverity::High);
    EXPECT_EQ(d.label, "conditionalAccessWeakened:alert-policy-weakened");
    EXPECT_GT(a.lastActivity, w->at) << "after the first bypass";
  }
  EXPECT_EQ(found, 1);
}

TEST(AlertLog, TriageMovesForwardAndStorylinesResolveAsTruePositive) {
  const Fixture& f = fixture();
  std::set<std::string> organicClassifications;
  for (const Alert& a : f.window) {
    const Ticks end = f.sim.scenario().windowEnd + 10 * kTicksPerDay;
    EXPECT_EQ(a.statusAt(a.time), AlertStatus::New);
    EXPECT_GE(a.lastUpdateAt(a.time), a.time);
    if (a.inProgressAt) {
      EXPECT_GT(a.inProgressAt, a.time);
      EXPECT_EQ(a.statusAt(a.inProgressAt), AlertStatus::InProgress);
    }
    if (a.resolvedAt) {
      EXPECT_GT(a.resolvedAt, a.inProgressAt);
      EXPECT_EQ(a.statusAt(end), AlertStatus::Resolved);
      EXPECT_EQ(a.lastUpdateAt(end), a.resolvedAt);
    }
    if (a.planted()) {
      EXPECT_NE(a.resolvedAt, 0);
      EXPECT_EQ(alertClassificationName(a.verdict), "truePositive");
    } else if (a.resolvedAt) {
      organicClassifications.insert(std::string(alertClassificationName(a.verdict)));
    }
  }
  EXPECT_TRUE(organicClassifications.contains("falsePositive"));
}

TEST(AlertLog, IncidentsGroupAStorylineOrAUsersDay) {
  const Fixture& f = fixture();
  std::vector<Incident> incidents = AlertLog::groupIncidents(f.window);
  size_t alerts = 0;
  IncidentDetails d;
  std::set<std::string> ids;
  for (const Incident& i : incidents) {
    alerts += i.alerts.size();
    EXPECT_TRUE(ids.insert(AlertLog::incidentId(i.key)).second);
    for (const Alert& a : i.alerts) EXPECT_EQ(a.incidentKey(), i.key);
    EXPECT_EQ(i.time, i.alerts.front().time + 2 * kTicksPerSecond);
    f.alerts.describeIncident(i, i.time, d);
    EXPECT_EQ(d.status, IncidentStatus::Active);
    EXPECT_EQ(d.visibleAlerts, 1u);
    f.alerts.describeIncident(i, f.sim.scenario().windowEnd + 30 * kTicksPerDay, d);
    EXPECT_EQ(d.visibleAlerts, i.alerts.size());
    EXPECT_GE(d.lastUpdate, i.time);
    if (i.planted()) {
      EXPECT_EQ(d.status, IncidentStatus::Resolved);
      EXPECT_FALSE(d.label.empty());
    }
  }
  EXPECT_EQ(alerts, f.window.size());
  EXPECT_TRUE(std::is_sorted(incidents.begin(), incidents.end()));
}

TEST(AlertLog, SameScenarioSameAlerts) {
  Simulation sim(alertScenario());
  SignInLog signIns(sim);
  AlertLog again(signIns);
  EXPECT_EQ(again.generateWindow(), fixture().window);
}

TEST(AlertLog, AdjacentRangesComposeToTheWhole) {
  const Fixture& f = fixture();
  const Ticks start = f.sim.scenario().windowStart(), end = f.sim.scenario().windowEnd;
  std::vector<Alert> joined;
  std::vector<Incident> incidents;
  const Ticks cuts[] = {start, start + 29 * kTicksPerHour + 17, start + 2 * kTicksPerDay, end};
  for (size_t i = 0; i + 1 < std::size(cuts); ++i) {
    for (const Alert& a : f.alerts.generate(cuts[i], cuts[i + 1])) joined.push_back(a);
    for (Incident& inc : f.alerts.generateIncidents(cuts[i], cuts[i + 1]))
      incidents.push_back(std::move(inc));
  }
  EXPECT_EQ(joined, f.window);
  std::vector<Incident> whole = AlertLog::groupIncidents(f.window);
  ASSERT_EQ(incidents.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(incidents[i].key, whole[i].key);
    EXPECT_EQ(incidents[i].alerts, whole[i].alerts);
  }
}

}  // namespace
}  // namespace tenantsim
