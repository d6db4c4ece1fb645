// loganalytics: AuditLogs and IntuneAuditLogs rows with their columns and KQL types.
#include "tests/support/export_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::testing {
namespace {

class LogAnalyticsExport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    runOrFail(optionsFor("loganalytics", dir_->str()));
  }
  static void TearDownTestSuite() { delete dir_; }
  static TempDir* dir_;
};
TempDir* LogAnalyticsExport::dir_ = nullptr;

bool hasKqlType(const json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "long") return value.is_number_integer();
  if (type == "dynamic") return value.is_array() || value.is_object();
  if (type == "datetime")
    return value.is_string() && parseIsoTime(value.get<std::string>()).has_value();
  return false;
}

TEST_F(LogAnalyticsExport, RowsHaveExactlyTheSchemaColumnsWithTheirTypes) {
  json schema = parseJson(readFile(*dir_ / "schema.json"));
  for (const char* table : {"AuditLogs", "IntuneAuditLogs"}) {
    ASSERT_TRUE(schema.contains(table));
    std::vector<std::string> names;
    for (const json& column : schema[table]) names.push_back(column["name"]);
    auto rows = readNdjson(*dir_ / (std::string(table) + ".ndjson"));
    ASSERT_FALSE(rows.empty()) << table;
    for (const json& row : rows) {
      std::vector<std::string> keys;
      for (const auto& [key, value] : row.items()) keys.push_back(key);
      ASSERT_EQ(sorted(keys), sorted(names)) << table;
      for (const json& column : schema[table])
        ASSERT_TRUE(hasKqlType(row[column["name"].get<std::string>()], column["type"]))
            << table << "." << column["name"];
      EXPECT_EQ(row["Type"], table);
    }
  }
}

TEST_F(LogAnalyticsExport, TimeGeneratedIsTheIngestionTimeNotTheEventTime) {
  const Simulation& sim = exportSimulation();
  std::map<std::string, Ticks> visibleAt;
  EventDetails d;
  for (const Event& e : sim.generateWindow(2)) {
    sim.describe(e, d);
    visibleAt[d.id] = e.visibleAt();
  }
  size_t later = 0;
  for (const json& row : readNdjson(*dir_ / "AuditLogs.ndjson")) {
    Ticks generated = *parseIsoTime(row["TimeGenerated"].get<std::string>());
    EXPECT_EQ(generated, visibleAt.at(row["Id"]));
    later += generated > *parseIsoTime(row["ActivityDateTime"].get<std::string>());
  }
  EXPECT_GT(later, 0u);
}

TEST_F(LogAnalyticsExport, IntunePropertiesIsAStringHoldingJson) {
  for (const json& row : readNdjson(*dir_ / "IntuneAuditLogs.ndjson")) {
    ASSERT_TRUE(row["Properties"].is_string());
    json properties = parseJson(row["Properties"].get<std::string>());
    EXPECT_TRUE(properties.contains("AuditEventId"));
    EXPECT_EQ(properties["ActivityType"], row["OperationName"]);
  }
}

TEST_F(LogAnalyticsExport, EveryEventIsOneRow) {
  EXPECT_EQ(exportedItems("loganalytics", dir_->str()), ndjsonIds());
}

}  // namespace
}  // namespace tenantsim::testing
