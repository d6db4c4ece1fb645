// The sign-in log's ground truth: one line per planted sign-in, naming ids that exist.
#include <map>
#include <set>

#include "simulator/export/formats.h"
#include "simulator/simulation/risk_log.h"
#include "simulator/simulation/signin_log.h"
#include "simulator/simulation/signin_storylines.h"
#include "tests/support/json.h"
#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

Scenario storylineScenario(std::vector<std::string> kinds) {
  Scenario s = testing::smallScenario(200, 4);
  s.workloads.signIns = SignInsConfig{};
  double day = 0.6;
  for (const std::string& kind : kinds) {
    s.storylines.push_back(
        {kind, s.windowStart() + static_cast<Ticks>(day * kTicksPerDay), kind + " test"});
    day += 0.8;
  }
  return s;
}

TEST(SignInLabels, LabelsListEveryPlantedSignInWithItsExpectedDetection) {
  Scenario s = storylineScenario({"passwordSpray", "impossibleTravel"});
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<SignIn> all = log.generateWindow();
  std::string labels;
  renderSignInLabels(sim, log, all, labels);
  std::set<std::string> ids;
  SignInDetails d;
  for (const SignIn& x : all) {
    log.describe(x, d);
    ids.insert(d.id);
  }
  size_t lines = 0, detections = 0;
  std::map<std::string, int> steps;
  for (size_t start = 0; start < labels.size();) {
    size_t end = labels.find('\n', start);
    nlohmann::json line = parseJson(labels.substr(start, end - start));
    EXPECT_TRUE(ids.contains(line["id"].get<std::string>())) << line.dump();
    EXPECT_EQ(line["log"], "signIns");
    ++steps[line["step"].get<std::string>()];
    detections += !line["expectedDetection"].get<std::string>().empty();
    ++lines;
    start = end + 1;
  }
  EXPECT_EQ(lines, 34u);  // 30 spray sign-ins, 1 home sign-in, 3 replays
  EXPECT_EQ(steps["spray-attempt"], 29);
  EXPECT_EQ(steps["spray-success"], 1);
  EXPECT_EQ(steps["token-replay"], 3);
  EXPECT_EQ(detections, 33u) << "the home sign-in is context, not a detection";
}

TEST(SignInLabels, WeakenedPolicyLinesNameTheChangeAndWhatTheOldPolicyGave) {
  Scenario s = storylineScenario({"conditionalAccessWeakened"});
  s.storylines[0].weakening = "disable";
  Simulation sim(s);
  SignInLog log(sim);
  std::vector<SignIn> all = log.generateWindow();
  std::string labels;
  renderSignInLabels(sim, log, all, labels);
  // The audit rows the lines point at are the storyline's planted changes.
  std::vector<Event> ca;
  sim.generateWorkload(WorkloadKind::ConditionalAccess, s.windowStart(), s.windowEnd, ca);
  nlohmann::json auditIds = nlohmann::json::array();
  EventDetails e;
  for (const Event& x : ca) {
    if (!x.planted()) continue;
    sim.describe(x, e);
    auditIds.push_back(e.id);
  }
  ASSERT_FALSE(auditIds.empty());
  std::map<std::string, int> steps;
  for (size_t start = 0; start < labels.size();) {
    size_t end = labels.find('\n', start);
    nlohmann::json line = parseJson(labels.substr(start, end - start));
    start = end + 1;
    const std::string step = line["step"].get<std::string>();
    ++steps[step];
    EXPECT_EQ(line["auditIds"], auditIds) << line.dump();
    ASSERT_EQ(line["policyIds"].size(), auditIds.size());
    for (const auto& id : line["policyIds"]) EXPECT_EQ(id.get<std::string>().size(), 36u);
    if (step == "admin-sign-in") {
      EXPECT_FALSE(line.contains("errorCodeBeforeChange"));
      continue;
    }
    const int before = line["errorCodeBeforeChange"].get<int>();
    EXPECT_TRUE(before == 53003 || before == 53000 || before == 50074 || before == 50076) << before;
    for (const auto& r : line["policyResultsBeforeChange"]) EXPECT_EQ(r, "failure");
    if (step == "bypass-sign-in") {
      EXPECT_EQ(line["errorCode"], 0);
      for (const auto& r : line["policyResults"]) EXPECT_EQ(r, "notEnabled");
    } else {
      EXPECT_EQ(line["errorCode"].get<int>(), before);
      for (const auto& r : line["policyResults"]) EXPECT_EQ(r, "failure");
    }
  }
  EXPECT_EQ(steps, (std::map<std::string, int>{
                       {"admin-sign-in", 1}, {"blocked-attempt", 1}, {"bypass-sign-in", 3}}));
}

// conditionalAccessWeakened: the admin's sign-in from the attacker's address and the first
// bypass raise detections; the labels name them, the two risky users, and the audit log labels
// the admin's confirmation of each compromise.
TEST(SignInLabels, WeakenedPolicyLabelsNameItsDetectionsRiskyUsersAndConfirmations) {
  Scenario s = storylineScenario({"conditionalAccessWeakened"});
  Simulation sim(s);
  SignInLog log(sim);
  RiskLog risks(log);
  const CaWeakening* w = sim.conditionalAccess()->weakening(0);
  ASSERT_NE(w, nullptr);
  std::string labels;
  renderRiskLabels(risks, s.windowStart(), s.windowEnd, labels);
  std::map<std::string, int> steps;
  std::set<std::string> riskyUsers;
  for (size_t start = 0; start < labels.size();) {
    const size_t end = labels.find('\n', start);
    nlohmann::json line = parseJson(labels.substr(start, end - start));
    EXPECT_EQ(line["storyline"], "conditionalAccessWeakened test");
    ++steps[line["log"].get<std::string>() + " " + line["step"].get<std::string>()];
    if (line["log"] == "riskDetections") {
      EXPECT_EQ(line["riskEventType"], "unfamiliarFeatures");
    }
    if (line["log"] == "riskyUsers") riskyUsers.insert(line["id"].get<std::string>());
    start = end + 1;
  }
  EXPECT_EQ(steps, (std::map<std::string, int>{{"riskDetections admin-sign-in", 1},
                                               {"riskDetections bypass-sign-in", 1},
                                               {"riskyUsers risky-user", 2}}));
  User victim;
  sim.tenant().fillUser(w->victim, victim);
  EXPECT_TRUE(riskyUsers.contains(std::string(view(victim.id))));
  // The audit log: the admin's confirmation of each of the two users, planted.
  std::set<std::string> confirmed;
  EventDetails e;
  for (const Event& ev : sim.generate(s.windowStart(), s.windowEnd)) {
    if (!ev.planted() || ev.workload() != WorkloadKind::RiskRemediation) continue;
    sim.describe(ev, e);
    EXPECT_EQ(e.label, "conditionalAccessWeakened test:user-confirmed-compromised");
    EXPECT_EQ(e.activity->name, "ConfirmCompromised");
    confirmed.insert(e.targets[0].id);
  }
  EXPECT_EQ(confirmed, riskyUsers);
}

// compromisedServicePrincipal: the labels name the audit row, the five sign-ins, the detection and
// the risky service principal, each an id of its log.
TEST(SignInLabels, CompromisedServicePrincipalLabelsNameIdsOfEveryLog) {
  Scenario s = storylineScenario({"compromisedServicePrincipal"});
  Simulation sim(s);
  SignInLog log(sim);
  RiskLog risks(log);
  std::vector<SignIn> all = log.generateWindow();
  std::string labels;
  renderSignInLabels(sim, log, all, labels);
  renderRiskLabels(risks, s.windowStart(), s.windowEnd, labels);
  std::set<std::string> signInIds, detectionIds, spIds;
  SignInDetails d;
  for (const SignIn& x : all) {
    log.describe(x, d);
    signInIds.insert(d.id);
    if (x.kind == SignInKind::ServicePrincipal) spIds.insert(d.servicePrincipalId);
  }
  RiskDetectionDetails rd;
  for (const RiskDetection& r : risks.generateServicePrincipals(s.windowStart(), s.windowEnd)) {
    risks.describe(r, rd);
    detectionIds.insert(rd.id);
    EXPECT_TRUE(signInIds.contains(rd.signIn.id)) << "every SP detection joins an SP sign-in";
  }
  std::map<std::string, int> logs;
  for (size_t start = 0; start < labels.size();) {
    const size_t end = labels.find('\n', start);
    nlohmann::json line = parseJson(labels.substr(start, end - start));
    const std::string id = line["id"], kind = line["log"];
    ++logs[kind];
    EXPECT_EQ(line["storyline"], "compromisedServicePrincipal test");
    if (kind == "signIns") {
      EXPECT_TRUE(signInIds.contains(id));
      EXPECT_EQ(line["step"], "sp-sign-in");
      EXPECT_EQ(line["signInEventType"], "servicePrincipal");
    } else if (kind == "servicePrincipalRiskDetections") {
      EXPECT_TRUE(detectionIds.contains(id));
      EXPECT_TRUE(signInIds.contains(line["requestId"].get<std::string>()));
    } else {
      EXPECT_EQ(kind, "riskyServicePrincipals");
      EXPECT_TRUE(spIds.contains(id));
    }
    start = end + 1;
  }
  EXPECT_EQ(logs["signIns"], 5);
  EXPECT_EQ(logs["servicePrincipalRiskDetections"], 1);
  EXPECT_EQ(logs["riskyServicePrincipals"], 1);
  // The audit log's planted rows: the new secret, on that service principal's application, and
  // the admin's confirmation that the service principal is compromised, on it (the audit labels
  // list both ids).
  int secrets = 0, confirmations = 0;
  EventDetails e;
  for (const Event& ev : sim.generate(s.windowStart(), s.windowEnd)) {
    if (!ev.planted()) continue;
    sim.describe(ev, e);
    EXPECT_TRUE(spIds.contains(e.targets[0].id));
    if (e.label == "compromisedServicePrincipal test:sp-confirmed-compromised") {
      EXPECT_EQ(e.activity->name, "confirmServicePrincipalCompromised");
      EXPECT_EQ(e.targets[0].type, "ServicePrincipal");
      ++confirmations;
      continue;
    }
    EXPECT_EQ(e.label, "compromisedServicePrincipal test:secret-added");
    ++secrets;
  }
  EXPECT_EQ(secrets, 1);
  EXPECT_EQ(confirmations, 1);
}

}  // namespace
}  // namespace tenantsim
