// Security alerts and incidents as an export: --log alerts / incidents write every alert and
// incident of AlertLog once in creation order; shards split them disjointly; the planted ones'
// ground truth lands beside the file and in the sign-in labels; with another log they get their
// own files; other formats refuse them by name.
#include <set>

#include "simulator/export/formats.h"
#include "simulator/simulation/alert_log.h"
#include "tests/support/export_test_support.h"

namespace tenantsim::testing {
namespace {

const Simulation& alertSimulation() {
  static const Simulation* sim = [] {
    Scenario s = smallScenario(200, 3);
    SignInsConfig signIns;
    signIns.travelShare = 0.3;
    s.workloads.signIns = signIns;
    s.storylines.push_back({"mfaFatigue", s.windowStart() + 20 * kTicksPerHour, "fatigue"});
    s.storylines.push_back({"impossibleTravel", s.windowStart() + 40 * kTicksPerHour, "trip"});
    return new Simulation(s);
  }();
  return *sim;
}

ExportOptions logTo(const std::string& log, const std::string& out, int shard = 0, int shards = 1) {
  ExportOptions o = optionsFor("ndjson", out, shard, shards);
  o.log = log;
  return o;
}

std::vector<std::string> idsIn(const std::string& path) {
  std::vector<std::string> ids;
  for (const json& j : readNdjson(path)) ids.push_back(j["id"].get<std::string>());
  return ids;
}

std::vector<Alert> windowAlerts() {
  SignInLog signIns(alertSimulation());
  return AlertLog(signIns).generateWindow();
}

TEST(AlertExport, AlertsAndIncidentsAreEveryOneOnceInCreationOrder) {
  TempDir dir;
  const std::string alerts = (dir.path() / "alerts.ndjson").string();
  const std::string incidents = (dir.path() / "incidents.ndjson").string();
  runOrFail(logTo("alerts", alerts), alertSimulation());
  runOrFail(logTo("incidents", incidents), alertSimulation());
  std::vector<std::string> expected;
  for (const Alert& a : windowAlerts()) expected.push_back(AlertLog::alertId(a));
  ASSERT_GT(expected.size(), 3u);
  EXPECT_EQ(idsIn(alerts), expected);
  std::set<std::string> fromIncidents;
  std::string previous;
  for (const json& i : readNdjson(incidents)) {
    EXPECT_EQ(i["@odata.type"], "#microsoft.graph.security.incident");
    EXPECT_GE(i["createdDateTime"].get<std::string>(), previous);
    previous = i["createdDateTime"].get<std::string>();
    for (const json& a : i["alerts"]) {
      EXPECT_TRUE(fromIncidents.insert(a["id"].get<std::string>()).second);
      EXPECT_EQ(a["incidentId"], i["id"]);
    }
  }
  EXPECT_EQ(fromIncidents, std::set<std::string>(expected.begin(), expected.end()));
}

TEST(AlertExport, ShardsAreDisjointAndMakeTheWhole) {
  TempDir dir;
  for (const std::string log : {"alerts", "incidents"}) {
    const std::string whole = (dir.path() / (log + ".ndjson")).string();
    runOrFail(logTo(log, whole), alertSimulation());
    std::vector<std::string> joined;
    for (int shard = 0; shard < 3; ++shard) {
      const std::string part = (dir.path() / (log + std::to_string(shard))).string();
      runOrFail(logTo(log, part, shard, 3), alertSimulation());
      for (const std::string& id : idsIn(part)) joined.push_back(id);
    }
    EXPECT_EQ(joined, idsIn(whole)) << log;
  }
}

TEST(AlertExport, PlantedAlertsAndIncidentsAreLabelled) {
  TempDir dir;
  const std::string alerts = (dir.path() / "alerts.ndjson").string();
  runOrFail(logTo("alerts", alerts), alertSimulation());
  std::set<std::string> ids;
  for (const std::string& id : idsIn(alerts)) ids.insert(id);
  std::map<std::string, std::multiset<std::string>> steps;
  std::set<std::string> incidents;
  for (const json& label : readNdjson(alerts + ".labels.ndjson")) {
    if (label["log"] == "incidents") {
      incidents.insert(label["id"].get<std::string>());
      for (const json& id : label["alertIds"]) EXPECT_TRUE(ids.contains(id.get<std::string>()));
      continue;
    }
    EXPECT_EQ(label["log"], "alerts_v2");
    EXPECT_TRUE(ids.contains(label["id"].get<std::string>())) << label.dump();
    steps[label["storyline"]].insert(label["step"].get<std::string>());
  }
  EXPECT_EQ(steps["fatigue"],
            (std::multiset<std::string>{"alert-suspicious-mfa", "alert-unfamiliar-sign-in"}));
  EXPECT_EQ(steps["trip"],
            (std::multiset<std::string>{"alert-anomalous-token", "alert-atypical-travel"}));
  EXPECT_EQ(incidents.size(), 2u);
  // The sign-in labels list them too (a few hours around the fatigue storyline keep it quick).
  ExportOptions o = logTo("signIns", (dir.path() / "signins.ndjson").string());
  o.from = alertSimulation().scenario().windowStart() + 19 * kTicksPerHour;
  o.to = *o.from + 3 * kTicksPerHour;
  runOrFail(o, alertSimulation());
  size_t alertLabels = 0;
  for (const json& label : readNdjson((dir.path() / "signins.ndjson.labels.ndjson").string()))
    alertLabels += label["log"] == "alerts_v2";
  EXPECT_EQ(alertLabels, 2u) << "the fatigue storyline's alerts";
}

TEST(AlertExport, WithOtherLogsTheyGetTheirOwnFiles) {
  TempDir dir;
  ExportOptions o = logTo("riskDetections,alerts,incidents", (dir.path() / "out.ndjson").string());
  runOrFail(o, alertSimulation());
  EXPECT_EQ(idsIn((dir.path() / "out.alerts.ndjson").string()).size(), windowAlerts().size());
  EXPECT_TRUE(fs::exists(dir.path() / "out.incidents.ndjson"));
  EXPECT_TRUE(fs::exists(dir.path() / "out.riskDetections.ndjson"));
  o.out = "-";
  Status toStdout = runExport(alertSimulation(), o, nullptr);
  ASSERT_FALSE(toStdout.ok());
  EXPECT_NE(toStdout.error().message.find("give --out FILE"), std::string::npos);
}

TEST(AlertExport, OtherFormatsRefuseThemByName) {
  TempDir dir;
  ExportOptions o = optionsFor("csv", dir.path().string());
  o.log = "alerts";
  Status refused = runExport(alertSimulation(), o, nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "alerts are written as --format ndjson only");
  o.log = "audits,incidents";
  refused = runExport(alertSimulation(), o, nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "incidents are written as --format ndjson only");
  EXPECT_FALSE(parseLogSelection("alerts,alerts").ok());
}

}  // namespace
}  // namespace tenantsim::testing
