// The provisioning log as an export (docs/provisioning.md#export): --log provisioning in ndjson
// (every entry once, in time order; shards disjoint with the whole as union), the Event Hub and
// storage records of the ProvisioningLogs category (fact sheet §5.3) and the AADProvisioningLogs
// rows (§5.4); other formats refuse it by name.
#include <set>

#include "simulator/export/formats.h"
#include "simulator/export/provisioning_records.h"
#include "simulator/simulation/provisioning_log.h"
#include "tests/support/export_test_support.h"

namespace tenantsim::testing {
namespace {

ExportOptions provisioningTo(std::string format, const std::string& out, int shard = 0,
                             int shards = 1) {
  ExportOptions o = optionsFor(std::move(format), out, shard, shards);
  o.log = "provisioning";
  return o;
}

size_t entries() { return ProvisioningLog(exportSimulation()).generateWindow().size(); }

std::vector<json> allRecords(const std::string& dir) {
  std::vector<json> records;
  for (const auto& [path, bytes] : readTree(dir)) {
    if (path.find("insights-logs-provisioninglogs") == std::string::npos) continue;
    if (path.starts_with("eventhub/")) {
      const json body = parseJson(bytes);
      for (const json& r : body["records"]) records.push_back(r);
    } else {
      std::istringstream lines(bytes);
      for (std::string line; std::getline(lines, line);) records.push_back(parseJson(line));
    }
  }
  return records;
}

TEST(ProvisioningExport, NdjsonHoldsEveryEntryOnceInTimeOrderAndShardsPartition) {
  TempDir dir;
  const std::string whole = (dir.path() / "p.ndjson").string();
  runOrFail(provisioningTo("ndjson", whole));
  std::vector<json> lines = readNdjson(whole);
  ASSERT_EQ(lines.size(), entries());
  ASSERT_GT(lines.size(), 100u);
  std::string previous;
  std::set<std::string> ids;
  for (const json& j : lines) {
    EXPECT_TRUE(ids.insert(j["id"].get<std::string>()).second);
    EXPECT_GE(j["activityDateTime"].get<std::string>(), previous);
    previous = j["activityDateTime"];
    EXPECT_TRUE(j.contains("statusInfo"));  // beta by default
  }
  std::string joined;
  for (int shard = 0; shard < 3; ++shard) {
    const std::string part = (dir.path() / ("s" + std::to_string(shard))).string();
    runOrFail(provisioningTo("ndjson", part, shard, 3));
    joined += readFile(part);
  }
  EXPECT_EQ(joined, readFile(whole));
}

TEST(ProvisioningExport, BesideAuditsItGetsItsOwnFile) {
  TempDir dir;
  ExportOptions o = optionsFor("ndjson", (dir.path() / "events.ndjson").string());
  o.log = "audits,provisioning";
  o.api = ApiVersion::V1;
  runOrFail(o);
  std::vector<json> lines = readNdjson((dir.path() / "events.provisioning.ndjson").string());
  EXPECT_EQ(lines.size(), entries());
  EXPECT_FALSE(lines[0].contains("statusInfo"));
  o.out = "-";
  Status s = runExport(exportSimulation(), o, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "--log with provisioning and another log writes two ndjson files: give --out FILE "
            "(provisioning goes to FILE.provisioning.ndjson)");
}

// Fact sheet §5.3: the capture's record, top level and properties (the hub holds the same).
TEST(ProvisioningExport, EventHubHoldsEveryRecordOnce) {
  TempDir hub;
  runOrFail(provisioningTo("eventhub", hub.path().string()));
  const std::vector<json> hubRecords = allRecords(hub.path().string());
  ASSERT_EQ(hubRecords.size(), entries());
  std::set<std::string> ids;
  for (const json& r : hubRecords) EXPECT_TRUE(ids.insert(r["identity"].get<std::string>()).second);
  EXPECT_TRUE(std::filesystem::exists(hub.path() / "eventhub/provisioning-index.ndjson"));
}

TEST(ProvisioningExport, BlobRecordsFollowTheCapture) {
  TempDir blob;
  runOrFail(provisioningTo("blob", blob.path().string()));
  const std::vector<json> blobRecords = allRecords(blob.path().string());
  ASSERT_EQ(blobRecords.size(), entries());
  const std::string tenant = exportSimulation().scenario().tenant.id;
  bool sawSkip = false, sawFailure = false;
  for (const json& r : blobRecords) {
    EXPECT_EQ(r["resourceId"], "/tenants/" + tenant + "/providers/Microsoft.aadiam");
    EXPECT_EQ(r["operationName"], "Provisioning activity");
    EXPECT_EQ(r["operationVersion"], "1.0");
    EXPECT_EQ(r["category"], "ProvisioningLogs");
    EXPECT_EQ(r["Level"], 4);
    const json& p = r["properties"];
    EXPECT_EQ(r["correlationId"], p["changeId"]);
    EXPECT_EQ(r["identity"], p["id"]);
    EXPECT_EQ(r["durationMs"], p["durationInMilliseconds"]);
    EXPECT_EQ(r["time"], p["activityDateTime"]);
    EXPECT_TRUE(p["servicePrincipal"].contains("Id") && p["servicePrincipal"].contains("Name"));
    EXPECT_EQ(p["initiatedBy"]["Type"], "system");
    EXPECT_EQ(p["sourceIdentity"]["details"]["odatatype"], "User");
    EXPECT_TRUE(p["sourceIdentity"]["details"].contains("UserPrincipalName"));
    EXPECT_TRUE(p["statusInfo"]["Status"].is_number_integer());
    for (const json& step : p["provisioningSteps"]) {
      EXPECT_TRUE(step["provisioningStepType"].is_number_integer());
      EXPECT_TRUE(step["status"].is_number_integer());
    }
    const std::string status = p["provisioningStatusInfo"]["Status"];
    const std::string resultType = r["resultType"];
    EXPECT_EQ(resultType, status == "success"   ? "Success"
                          : status == "failure" ? "Failure"
                                                : "Skipped");
    if (status == "skipped") {
      sawSkip = true;
      EXPECT_EQ(p["statusInfo"]["Status"], 2);
    }
    if (status == "failure") {
      sawFailure = true;
      EXPECT_TRUE(p["provisioningStatusInfo"]["errorInformation"]["errorCode"].is_string());
    }
    const std::string action = p["action"];
    EXPECT_EQ(p["provisioningAction"].get<std::string>(),
              std::string(1, static_cast<char>(std::tolower(action[0]))) + action.substr(1));
  }
  EXPECT_TRUE(sawSkip && sawFailure);
}

// Fact sheet §5.4: AADProvisioningLogs' columns, the J ones holding JSON text.
TEST(ProvisioningExport, LogAnalyticsRowsHaveTheTableColumns) {
  TempDir dir;
  runOrFail(provisioningTo("loganalytics", dir.path().string()));
  const json schema = parseJson(readFile((dir.path() / "provisioning-schema.json").string()));
  std::set<std::string> columns;
  for (const json& c : schema["AADProvisioningLogs"]) columns.insert(c["name"]);
  for (const char* name : {"AADTenantId",
                           "Category",
                           "ChangeId",
                           "CorrelationId",
                           "CycleId",
                           "DurationMs",
                           "Id",
                           "InitiatedBy",
                           "JobId",
                           "ModifiedProperties",
                           "OperationName",
                           "OperationVersion",
                           "ProvisioningAction",
                           "ProvisioningStatusInfo",
                           "ProvisioningSteps",
                           "ResultDescription",
                           "ResultSignature",
                           "ResultType",
                           "ServicePrincipal",
                           "SourceIdentity",
                           "SourceSystem",
                           "TargetIdentity",
                           "TargetSystem",
                           "TimeGenerated",
                           "Type"})
    EXPECT_TRUE(columns.count(name)) << name;
  const std::vector<json> rows = readNdjson((dir.path() / "AADProvisioningLogs.ndjson").string());
  ASSERT_EQ(rows.size(), entries());
  for (const json& row : rows) {
    EXPECT_EQ(row.size(), columns.size());
    EXPECT_EQ(row["Type"], "AADProvisioningLogs");
    EXPECT_EQ(row["Category"], "ProvisioningLogs");
    EXPECT_TRUE(row["DurationMs"].is_number_integer());
    for (const char* j :
         {"InitiatedBy", "ModifiedProperties", "ProvisioningStatusInfo", "ProvisioningSteps",
          "ServicePrincipal", "SourceIdentity", "SourceSystem", "TargetIdentity", "TargetSystem"}) {
      ASSERT_TRUE(row[j].is_string()) << j;
      EXPECT_FALSE(parseJsonOrDiscarded(row[j].get<std::string>()).is_discarded()) << j;
    }
    EXPECT_EQ(parseJson(row["SourceSystem"].get<std::string>())["Name"], "Azure Active Directory");
  }
}

// The pages the list returns newest first, each with Graph's context and the next page's link.
TEST(ProvisioningExport, GraphPagesAreTheListNewestFirst) {
  TempDir dir;
  ExportOptions o = provisioningTo("graph-pages", dir.path().string());
  o.pageSize = 1000;
  o.api = ApiVersion::V1;
  runOrFail(o);
  const std::map<std::string, std::string> files = readTree(dir.path().string());
  ASSERT_EQ(files.size(), (entries() + 999) / 1000);
  std::string previous = "9999";
  size_t items = 0;
  for (const auto& [path, bytes] : files) {
    EXPECT_TRUE(path.starts_with("provisioning/page-")) << path;
    const json page = parseJson(bytes);
    EXPECT_EQ(page["@odata.context"],
              "https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning");
    for (const json& item : page["value"]) {
      EXPECT_LE(item["activityDateTime"].get<std::string>(), previous);
      previous = item["activityDateTime"];
      ++items;
    }
    if (page.contains("@odata.nextLink")) {
      EXPECT_TRUE(page["@odata.nextLink"].get<std::string>().starts_with(
          "https://graph.microsoft.com/v1.0/auditLogs/provisioning?$top=1000&$skiptoken=page-"));
    }
  }
  EXPECT_EQ(items, entries());
}

TEST(ProvisioningExport, CsvIsOneFileNewestFirstAndShardsPartition) {
  TempDir dir;
  const std::string whole = (dir.path() / "whole").string();
  runOrFail(provisioningTo("csv", whole));
  const std::string text = readFile((fs::path(whole) / "ProvisioningLogs.csv").string());
  std::istringstream in(text);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header,
            "Date (UTC),Id,Change ID,Cycle ID,Job ID,Action,Status,Source system,Target system,"
            "Source identity ID,Source identity name,Target identity ID,Service principal ID,"
            "Initiated by,Duration (ms),Error code,Status reason,Recommended action\r");
  std::vector<std::string> dates;
  std::set<std::string> statuses;
  for (std::string line; std::getline(in, line);) {
    ASSERT_TRUE(line.ends_with('\r'));
    dates.push_back(line.substr(0, line.find(',')));
    const size_t status = 6;  // the Status column: no field before it holds a comma
    size_t at = 0;
    for (size_t i = 0; i < status; ++i) at = line.find(',', at) + 1;
    statuses.insert(line.substr(at, line.find(',', at) - at));
  }
  EXPECT_EQ(dates.size(), entries());
  EXPECT_TRUE(std::is_sorted(dates.rbegin(), dates.rend()));  // newest first
  EXPECT_TRUE(statuses.contains("success"));
  EXPECT_TRUE(statuses.contains("skipped"));
  size_t rows = 0;
  for (int shard = 0; shard < 2; ++shard) {
    const std::string part = (dir.path() / ("s" + std::to_string(shard))).string();
    runOrFail(provisioningTo("csv", part, shard, 2));
    const std::string bytes = readFile((fs::path(part) / "ProvisioningLogs.csv").string());
    rows += static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\n')) - 1;
  }
  EXPECT_EQ(rows, entries());
}

TEST(ProvisioningExport, OtherFormatsRefuseItByName) {
  TempDir dir;
  Status refused =
      runExport(exportSimulation(), provisioningTo("labels", dir.path().string()), nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "the provisioning log is written as --format ndjson, graph-pages, csv, eventhub, blob "
            "or loganalytics, not labels");
  Result<LogSelection> all = parseLogSelection("all");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->provisioning);
}

}  // namespace
}  // namespace tenantsim::testing
