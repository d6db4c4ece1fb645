// csv: the portal download shape, RFC 4180, one file per endpoint, newest first.
#include "tests/support/export_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::testing {
namespace {

class CsvExport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    runOrFail(optionsFor("csv", dir_->str()));
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::vector<std::vector<std::string>> rows(const char* name) {
    return parseCsv(readFile(*dir_ / name));
  }
  static TempDir* dir_;
};
TempDir* CsvExport::dir_ = nullptr;

TEST_F(CsvExport, HeaderListsThePortalColumnsAndEveryRowHasThemAll) {
  for (const char* name : {"AuditLogs.csv", "IntuneAuditLogs.csv"}) {
    auto table = rows(name);
    ASSERT_GT(table.size(), 1u) << name;
    const auto& header = table[0];
    std::vector<std::string> leading(header.begin(), header.begin() + 13);
    EXPECT_EQ(leading, (std::vector<std::string>{
                           "Date (UTC)", "CorrelationId", "Service", "Category", "Activity",
                           "Result", "ResultReason", "ActorType", "ActorDisplayName",
                           "ActorObjectId", "ActorUserPrincipalName", "IPAddress", "Target1Type"}));
    EXPECT_EQ(header[16], "Target1ModifiedProperty1Name");
    EXPECT_EQ(header[header.size() - 2], "AdditionalDetails6Key");
    for (size_t r = 1; r < table.size(); ++r)
      ASSERT_EQ(table[r].size(), header.size()) << name << " row " << r;
  }
}

TEST_F(CsvExport, QuotedFieldsRoundTripToTheGraphValues) {
  const Simulation& sim = exportSimulation();
  std::vector<Event> events = eventsToExport(sim, optionsFor("csv", ""));
  std::map<std::string, json> byRowKey;  // Graph items by (time, correlation id, activity)
  EventDetails d;
  std::string buf;
  for (const Event& e : events) {
    sim.describe(e, d);
    if (d.activity->source != Source::Entra) continue;
    buf.clear();
    renderGraphItem(d, ApiVersion::Beta, buf);
    json item = parseJson(buf);
    byRowKey[item["activityDateTime"].get<std::string>() + "|" +
             item["correlationId"].get<std::string>() + "|" +
             item["activityDisplayName"].get<std::string>()] = item;
  }
  auto table = rows("AuditLogs.csv");
  size_t quotedSeen = 0, checked = 0;
  for (size_t r = 1; r < table.size(); ++r) {
    const auto& row = table[r];
    auto found = byRowKey.find(row[0] + "|" + row[1] + "|" + row[4]);
    ASSERT_NE(found, byRowKey.end()) << "row " << r;
    const json& item = found->second;
    EXPECT_EQ(row[2], item["loggedByService"]);
    EXPECT_EQ(row[3], item["category"]);
    if (!item["targetResources"].empty() &&
        !item["targetResources"][0]["modifiedProperties"].empty()) {
      const json& prop = item["targetResources"][0]["modifiedProperties"][0];
      EXPECT_EQ(row[16], prop["displayName"]);
      if (prop["newValue"].is_string()) {
        EXPECT_EQ(row[18], prop["newValue"]);
        quotedSeen += prop["newValue"].get<std::string>().find_first_of("\",") != std::string::npos;
      }
    }
    ++checked;
  }
  EXPECT_GE(checked, 1000u);
  EXPECT_GT(quotedSeen, 0u) << "no value needing quotes was exercised";
}

TEST_F(CsvExport, RowsAreNewestFirstAndCoverEveryEventOnce) {
  size_t total = 0;
  for (const char* name : {"AuditLogs.csv", "IntuneAuditLogs.csv"}) {
    auto table = rows(name);
    for (size_t r = 2; r < table.size(); ++r)
      ASSERT_GE(table[r - 1][0], table[r][0]) << name << " row " << r;
    total += table.size() - 1;
  }
  EXPECT_EQ(total, ndjsonIds().size());
}

}  // namespace
}  // namespace tenantsim::testing
