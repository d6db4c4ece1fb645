// labels: the ground truth of planted storyline events, written alongside every format.
#include "simulator/simulation/storylines.h"
#include "tests/support/export_test_support.h"

namespace tenantsim::testing {
namespace {

TEST(LabelsExport, ListsEveryPlantedEventWithItsExpectedDetection) {
  TempDir dir;
  runOrFail(optionsFor("labels", dir.str()));
  const Simulation& sim = exportSimulation();
  std::vector<std::string> planted;
  EventDetails d;
  for (const Event& e : sim.generateWindow(2)) {
    if (!e.planted()) continue;
    sim.describe(e, d);
    planted.push_back(d.id);
  }
  ASSERT_FALSE(planted.empty()) << "the test scenario plants no storyline";
  std::vector<std::string> listed;
  for (const json& label : readNdjson(dir / "labels.ndjson")) {
    for (const char* key :
         {"id", "storyline", "step", "activityDateTime", "activity", "expectedDetection"})
      ASSERT_TRUE(label.contains(key)) << key;
    EXPECT_FALSE(label["expectedDetection"].get<std::string>().empty()) << label.dump();
    listed.push_back(label["id"]);
  }
  EXPECT_EQ(sorted(listed), sorted(planted));
}

TEST(LabelsExport, EveryFormatWritesTheSameLabelsAlongside) {
  TempDir alone;
  runOrFail(optionsFor("labels", alone.str()));
  std::string expected = readFile(alone / "labels.ndjson");
  for (const char* format : {"graph-pages", "csv", "eventhub", "blob", "loganalytics"}) {
    TempDir dir;
    runOrFail(optionsFor(format, dir.str()));
    EXPECT_EQ(readFile(dir / "labels.ndjson"), expected) << format;
  }
  TempDir ndjson;
  runOrFail(optionsFor("ndjson", ndjson / "events.ndjson"));
  EXPECT_EQ(readFile(ndjson / "events.ndjson.labels.ndjson"), expected);
}

TEST(LabelsExport, NoLabelsFileWithoutPlantedEvents) {
  Scenario s = exportScenario();
  s.storylines.clear();
  Simulation sim(std::move(s));
  TempDir dir;
  runOrFail(optionsFor("csv", dir.str()), sim);
  EXPECT_FALSE(fs::exists(dir / "labels.ndjson"));
}

}  // namespace
}  // namespace tenantsim::testing
