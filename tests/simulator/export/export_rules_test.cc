// Rules every directory format keeps: shards add up to the whole, reruns are idempotent and
// leave no temporary files, and the bytes do not depend on the thread count.
#include <cstdlib>

#include "tests/support/export_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::testing {
namespace {

class EveryFormat : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryFormat, UnionOfFourShardsEqualsTheUnshardedExport) {
  TempDir whole;
  runOrFail(optionsFor(GetParam(), whole.str()));
  std::vector<std::string> shardItems;
  for (int shard = 0; shard < 4; ++shard) {
    TempDir part;
    runOrFail(optionsFor(GetParam(), part.str(), shard, 4));
    auto items = exportedItems(GetParam(), part.str());
    shardItems.insert(shardItems.end(), items.begin(), items.end());
  }
  auto all = exportedItems(GetParam(), whole.str());
  EXPECT_EQ(all.size(), ndjsonIds().size());
  EXPECT_EQ(sorted(shardItems), all);
}

TEST_P(EveryFormat, RerunIntoTheSameDirectoryIsIdempotentAndLeavesNoTemporaryFiles) {
  TempDir dir;
  runOrFail(optionsFor(GetParam(), dir.str()));
  auto first = readTree(dir.str());
  runOrFail(optionsFor(GetParam(), dir.str()));
  EXPECT_TRUE(readTree(dir.str()) == first);
  EXPECT_FALSE(hasTempFiles(dir.str()));
}

TEST_P(EveryFormat, BytesDoNotDependOnTheThreadCount) {
  TempDir one, three;
  ExportOptions o = optionsFor(GetParam(), one.str());
  o.threads = 1;
  runOrFail(o);
  o.out = three.str();
  o.threads = 3;
  runOrFail(o);
  EXPECT_TRUE(readTree(one.str()) == readTree(three.str()));
}

INSTANTIATE_TEST_SUITE_P(Formats, EveryFormat,
                         ::testing::Values("graph-pages", "csv", "eventhub", "blob",
                                           "loganalytics"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

TEST(ExportCli, GenerateWritesTheSameFilesAsTheLibrary) {
  TempDir work;
  json scenario = parseJsonWithComments(
      readFile(std::string(TENANTSIM_SOURCE_DIR) + "/scenarios/quickstart.json"));
  scenario["tenant"]["users"] = 200;
  scenario["window"]["days"] = 2;
  scenario["workloads"]["pim"]["eligibleUsers"] = 20;
  scenario["storylines"][0]["at"] = "2026-10-30T18:00:00Z";
  scenario["storylines"][1]["at"] = "2026-10-31T14:00:00Z";
  scenario["storylines"][2]["at"] = "2026-10-30T09:00:00Z";  // the sign-in ones
  scenario["storylines"][3]["at"] = "2026-10-31T08:00:00Z";
  scenario["workloads"]["background"].erase("bursts");
  scenario.erase("$schema");
  std::string scenarioPath = work / "scenario.json";
  std::ofstream(scenarioPath) << scenario.dump(2);

  std::string cliOut = work / "cli";
  std::string command = std::string(TENANTSIM_BINARY) + " generate --scenario " + scenarioPath +
                        " --format csv --quiet --threads 2 --out " + cliOut;
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  auto loaded = loadScenarioFile(scenarioPath);
  ASSERT_TRUE(loaded.ok());
  Simulation sim(std::move(*loaded));
  std::string libraryOut = work / "library";
  runOrFail(optionsFor("csv", libraryOut), sim);
  auto cliFiles = readTree(cliOut);
  EXPECT_TRUE(cliFiles.count("labels.ndjson"));
  EXPECT_TRUE(cliFiles == readTree(libraryOut));
}

}  // namespace
}  // namespace tenantsim::testing
