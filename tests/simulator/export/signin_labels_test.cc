// The sign-in log's ground truth: one line per planted sign-in, naming ids that exist.
#include <map>
#include <set>

#include "simulator/export/formats.h"
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

}  // namespace
}  // namespace tenantsim
