// generate --log signIns: NDJSON of the sign-in log, v1.0 interactive rows and beta every kind,
// shards that add up to the whole, and refusals that say why.
#include <fstream>

#include "simulator/graph/signin_render.h"
#include "simulator/simulation/signin_log.h"
#include "tests/support/export_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::testing {
namespace {

std::vector<json> readLines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<json> out;
  for (std::string line; std::getline(in, line);) out.push_back(parseJson(line));
  return out;
}

ExportOptions signInOptions(const std::string& out, ApiVersion api, int shard = 0, int shards = 1) {
  ExportOptions o = optionsFor("ndjson", out, shard, shards);
  o.log = "signIns";
  o.api = api;
  return o;
}

TEST(SignInsExport, BetaWritesEverySignInInTimeOrder) {
  TempDir dir;
  runOrFail(signInOptions((dir.path() / "s.ndjson").string(), ApiVersion::Beta));
  std::vector<json> lines = readLines(dir.path() / "s.ndjson");
  SignInLog log(exportSimulation());
  EXPECT_EQ(lines.size(), log.generateWindow().size());
  for (size_t i = 1; i < lines.size(); ++i)
    ASSERT_LE(lines[i - 1]["createdDateTime"], lines[i]["createdDateTime"]);
}

TEST(SignInsExport, V1WritesInteractiveUserSignInsOnly) {
  TempDir dir;
  runOrFail(signInOptions((dir.path() / "s.ndjson").string(), ApiVersion::V1));
  std::vector<json> lines = readLines(dir.path() / "s.ndjson");
  ASSERT_FALSE(lines.empty());
  for (const json& l : lines) {
    EXPECT_TRUE(l["isInteractive"].get<bool>());
    EXPECT_FALSE(l.contains("signInEventTypes"));
  }
}

TEST(SignInsExport, ShardsAddUpToTheWholeFile) {
  TempDir dir;
  runOrFail(signInOptions((dir.path() / "all.ndjson").string(), ApiVersion::Beta));
  std::string joined;
  for (int i = 0; i < 3; ++i) {
    std::string part = (dir.path() / ("p" + std::to_string(i))).string();
    runOrFail(signInOptions(part, ApiVersion::Beta, i, 3));
    joined += readFile(part);
  }
  EXPECT_EQ(joined, readFile(dir.path() / "all.ndjson"));
}

TEST(SignInsExport, TheLabelsFormatIsRefusedWithTheReason) {
  ExportOptions o = signInOptions("-", ApiVersion::Beta);
  o.format = "labels";
  Status s = runExport(exportSimulation(), o, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "the sign-in log is not written as --format labels (it is written as ndjson, "
            "graph-pages, csv, eventhub, blob, loganalytics)");
}

TEST(SignInsExport, AFreeTenantHasNoSignInLog) {
  Scenario sc = exportScenario();
  sc.tenant.license = "Free";
  sc.workloads.signIns.reset();
  Simulation sim(sc);
  Status s = runExport(sim, signInOptions("-", ApiVersion::Beta), nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("Authentication_RequestFromNonPremiumTenantOrB2CTenant"),
            std::string::npos);
}

TEST(SignInsExport, AnUnknownLogIsRefused) {
  ExportOptions o = optionsFor("ndjson", "-");
  o.log = "intune";
  Status s = runExport(exportSimulation(), o, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(
      s.error().message,
      "unknown log 'intune' in --log (known: audits, signIns, riskDetections, alerts, incidents, "
      "provisioning, intuneDevices, servicePrincipalRiskDetections, riskyServicePrincipals; a "
      "comma list, or all)");
}

}  // namespace
}  // namespace tenantsim::testing
