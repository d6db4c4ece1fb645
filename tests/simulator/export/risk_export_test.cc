// Risk detections as an export: --log riskDetections writes every detection of RiskLog once, in
// detection order; shards split them disjointly; with another log they get their own file; other
// formats refuse them by name.
#include <set>

#include "simulator/export/formats.h"
#include "simulator/simulation/risk_log.h"
#include "tests/support/export_test_support.h"

namespace tenantsim::testing {
namespace {

const Simulation& riskSimulation() {
  static const Simulation* sim = [] {
    Scenario s = smallScenario(200, 3);
    SignInsConfig signIns;
    signIns.travelShare = 0.3;
    s.workloads.signIns = signIns;
    s.storylines.push_back({"passwordSpray", s.windowStart() + 20 * kTicksPerHour, "spray"});
    s.storylines.push_back({"impossibleTravel", s.windowStart() + 40 * kTicksPerHour, "trip"});
    return new Simulation(s);
  }();
  return *sim;
}

ExportOptions risksTo(const std::string& out, int shard = 0, int shards = 1) {
  ExportOptions o = optionsFor("ndjson", out, shard, shards);
  o.log = "riskDetections";
  return o;
}

std::vector<std::string> idsIn(const std::string& path) {
  std::vector<std::string> ids;
  for (const json& j : readNdjson(path)) ids.push_back(j["id"].get<std::string>());
  return ids;
}

TEST(RiskExport, NdjsonHoldsEveryDetectionOnceInDetectionOrder) {
  TempDir dir;
  const std::string path = (dir.path() / "risks.ndjson").string();
  runOrFail(risksTo(path), riskSimulation());
  std::vector<json> lines = readNdjson(path);
  SignInLog signIns(riskSimulation());
  ASSERT_EQ(lines.size(), RiskLog(signIns).generateWindow().size());
  ASSERT_GT(lines.size(), 3u);
  std::set<std::string> ids;
  std::string previous;
  for (const json& j : lines) {
    EXPECT_TRUE(ids.insert(j["id"].get<std::string>()).second);
    EXPECT_GE(j["detectedDateTime"].get<std::string>(), previous);
    previous = j["detectedDateTime"].get<std::string>();
  }
}

TEST(RiskExport, ShardsAreDisjointAndMakeTheWhole) {
  TempDir dir;
  const std::string whole = (dir.path() / "whole.ndjson").string();
  runOrFail(risksTo(whole), riskSimulation());
  std::vector<std::string> joined;
  for (int shard = 0; shard < 3; ++shard) {
    const std::string part = (dir.path() / ("part" + std::to_string(shard))).string();
    runOrFail(risksTo(part, shard, 3), riskSimulation());
    for (const std::string& id : idsIn(part)) joined.push_back(id);
  }
  EXPECT_EQ(sorted(joined), sorted(idsIn(whole)));
  EXPECT_EQ(std::set<std::string>(joined.begin(), joined.end()).size(), joined.size());
}

TEST(RiskExport, WithAnotherLogTheyGetTheirOwnFile) {
  TempDir dir;
  ExportOptions o = risksTo((dir.path() / "out.ndjson").string());
  o.log = "signIns,riskDetections";
  runOrFail(o, riskSimulation());
  EXPECT_TRUE(fs::exists(dir.path() / "out.ndjson"));
  EXPECT_EQ(idsIn((dir.path() / "out.riskDetections.ndjson").string()).size(),
            RiskLog(SignInLog(riskSimulation())).generateWindow().size());
  o.out = "-";
  Status toStdout = runExport(riskSimulation(), o, nullptr);
  ASSERT_FALSE(toStdout.ok());
  EXPECT_NE(toStdout.error().message.find("FILE.riskDetections.ndjson"), std::string::npos);
}

TEST(RiskExport, OtherFormatsRefuseThemByNameAndAllLeavesThemOut) {
  TempDir dir;
  ExportOptions o = optionsFor("csv", dir.path().string());
  o.log = "riskDetections";
  Status refused = runExport(riskSimulation(), o, nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "riskDetections are written as --format ndjson, or as the UserRiskEvents and "
            "RiskyUsers categories in eventhub, blob or loganalytics, not csv");
  o.log = "all";
  runOrFail(o, riskSimulation());
}

}  // namespace
}  // namespace tenantsim::testing
