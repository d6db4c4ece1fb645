// The logs written in Azure Monitor's categories alone (azure_category_log.h): Intune device
// activity (--log intuneDevices: OperationalLogs, DeviceComplianceOrg; fact sheet §5.1, §5.4,
// §5.5; Devices, the IntuneDevices inventory, docs/intune-devices.md#intunedevices), Identity
// Protection's UserRiskEvents and RiskyUsers (--log riskDetections in the Azure Monitor formats)
// and its service-principal risk (--log servicePrincipalRiskDetections, riskyServicePrincipals:
// Graph objects in ndjson, ServicePrincipalRiskEvents and RiskyServicePrincipals in the Azure
// formats), each in eventhub, blob, loganalytics and ndjson: shapes, every record once,
// byte-identical reruns, shards disjoint with the whole as union.
#include <map>
#include <set>

#include "simulator/export/formats.h"
#include "simulator/simulation/intune_device_log.h"
#include "simulator/simulation/risk_log.h"
#include "tests/support/export_test_support.h"

namespace tenantsim::testing {
namespace {

ExportOptions logTo(std::string log, std::string format, const std::string& out, int shard = 0,
                    int shards = 1) {
  ExportOptions o = optionsFor(std::move(format), out, shard, shards);
  o.log = std::move(log);
  return o;
}

size_t intuneRecords() { return IntuneDeviceLog(exportSimulation()).generateWindow().size(); }

// Every record of the category's container (eventhub bodies or blob lines) under dir.
std::vector<json> recordsOf(const std::string& dir, std::string_view container) {
  std::vector<json> records;
  for (const auto& [path, bytes] : readTree(dir)) {
    if (path.find(container) == std::string::npos) continue;
    if (path.starts_with("eventhub/")) {
      const json body = parseJson(bytes);  // outlives the loop over its records
      for (const json& r : body["records"]) records.push_back(r);
    } else {
      std::istringstream lines(bytes);
      for (std::string line; std::getline(lines, line);) records.push_back(parseJson(line));
    }
  }
  return records;
}

std::vector<std::string> keysOf(const json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

std::vector<std::string> schemaColumns(const json& schema, const std::string& table) {
  std::vector<std::string> names;
  for (const json& c : schema[table]) names.push_back(c["name"]);
  return names;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Fact sheet §5.5: the capture's OperationalLogs record (keys sorted: json objects sort them).
TEST(IntuneDevicesExport, BlobRecordsFollowTheCaptureAndHoldEveryRecordOnce) {
  TempDir dir;
  runOrFail(logTo("intuneDevices", "blob", dir.path().string()));
  const std::vector<json> enrollments =
      recordsOf(dir.path().string(), "insights-logs-operationallogs/");
  const std::vector<json> compliance =
      recordsOf(dir.path().string(), "insights-logs-devicecomplianceorg/");
  const std::vector<json> inventory = recordsOf(dir.path().string(), "insights-logs-devices/");
  EXPECT_EQ(enrollments.size() + compliance.size() + inventory.size(), intuneRecords());
  ASSERT_FALSE(enrollments.empty());
  ASSERT_FALSE(compliance.empty());
  ASSERT_FALSE(inventory.empty());
  const std::string tenantId = exportSimulation().tenant().id();
  std::set<std::string> messages, results;
  for (const json& r : enrollments) {
    EXPECT_EQ(keysOf(r), sorted({"time", "tenantId", "category", "operationName", "resultType",
                                 "properties"}));
    EXPECT_EQ(r["category"], "OperationalLogs");
    EXPECT_EQ(r["operationName"], "Enrollment");
    EXPECT_EQ(r["tenantId"], tenantId);
    const json& p = r["properties"];
    EXPECT_EQ(keysOf(p), sorted({"AADDeviceId", "IntuneDeviceId", "IntuneAccountId", "IntuneUserId",
                                 "MessageId", "AADTenantId", "OperationalLogCategory",
                                 "EnrollmentTimeUTC", "ScenarioName", "OsVersion", "ScaleUnit",
                                 "Os", "EnrollmentType", "FailureReason", "FailureCategory"}));
    EXPECT_EQ(p["OperationalLogCategory"], "DeviceEnrollment");
    EXPECT_EQ(p["ScenarioName"],
              "Microsoft.Management.Services.Diagnostics.SLAEvents.EnrollmentSLAEvent");
    EXPECT_EQ(p["AADTenantId"], tenantId);
    EXPECT_EQ(p["EnrollmentTimeUTC"], r["time"]);
    EXPECT_TRUE(messages.insert(p["MessageId"].get<std::string>()).second);
    results.insert(r["resultType"].get<std::string>());
    EXPECT_EQ(r["resultType"] == "Success", p["FailureCategory"] == "Not Applicable");
  }
  EXPECT_TRUE(results.contains("Success"));
  static const std::set<std::string> kStates = {"Compliant", "Noncompliant", "InGracePeriod"};
  for (const json& r : compliance) {
    EXPECT_EQ(r["category"], "DeviceComplianceOrg");
    const json& p = r["properties"];
    EXPECT_TRUE(kStates.contains(p["ComplianceState"].get<std::string>()));
    EXPECT_TRUE(p.contains("IntuneAccountId"));  // the parser rule's key [COM]
    for (const char* column : {"DeviceId", "DeviceName", "DeviceType", "OS", "OSVersion",
                               "OwnerType", "UPN", "UserId", "LastContact"})
      EXPECT_TRUE(p[column].is_string()) << column;
  }
  // The inventory: the captures' keys and types [E]; the same device as the snapshot (Intune's
  // DeviceId, name, UPN) and as the enrollments (ReferenceId = AADDeviceId), on the same day.
  std::map<std::string, std::string> entraIdOf;  // Intune device id -> AADDeviceId
  for (const json& r : enrollments)
    entraIdOf[r["properties"]["IntuneDeviceId"]] = r["properties"]["AADDeviceId"];
  std::map<std::pair<std::string, std::string>, const json*> snapshotOf;  // (day, DeviceId)
  for (const json& r : compliance)
    snapshotOf[{r["time"].get<std::string>().substr(0, 10), r["properties"]["DeviceId"]}] =
        &r["properties"];
  // "2023-10-26 12:23:58.7994868"
  auto inventoryTime = [](const std::string& t) {
    if (t.size() != 27) return false;
    for (size_t i = 0; i < t.size(); ++i) {
      const char expected = i == 4 || i == 7     ? '-'
                            : i == 10            ? ' '
                            : i == 13 || i == 16 ? ':'
                            : i == 19            ? '.'
                                                 : '0';
      if (expected == '0' ? !std::isdigit(static_cast<unsigned char>(t[i])) : t[i] != expected)
        return false;
    }
    return true;
  };
  std::set<std::string> batches;
  size_t joined = 0, fromEnrollments = 0;
  for (const json& r : inventory) {
    EXPECT_EQ(keysOf(r), sorted({"time", "tenantId", "category", "operationName", "resultType",
                                 "properties"}));
    EXPECT_EQ(r["category"], "Devices");
    EXPECT_EQ(r["operationName"], "Devices");
    EXPECT_EQ(r["resultType"], "None");
    const json& p = r["properties"];
    EXPECT_EQ(keysOf(p), sorted({"DeviceId",
                                 "DeviceName",
                                 "UPN",
                                 "LastContact",
                                 "OSVersion",
                                 "OS",
                                 "CompliantState",
                                 "Ownership",
                                 "ManagedBy",
                                 "Model",
                                 "SerialNumber",
                                 "Manufacturer",
                                 "CreatedDate",
                                 "DeviceState",
                                 "UserEmail",
                                 "UserName",
                                 "IMEI",
                                 "PhoneNumber",
                                 "DeviceRegistrationState",
                                 "ReferenceId",
                                 "ManagedDeviceName",
                                 "GraphDeviceIsManaged",
                                 "CategoryName",
                                 "EncryptionStatusString",
                                 "SubscriberCarrierNetwork",
                                 "JoinType",
                                 "SupervisedStatusString",
                                 "WifiMacAddress",
                                 "StorageTotal",
                                 "StorageFree",
                                 "AndroidPatchLevel",
                                 "MEID",
                                 "InGracePeriodUntil",
                                 "JailBroken",
                                 "SkuFamily",
                                 "EasID",
                                 "PrimaryUser",
                                 "BatchId",
                                 "IntuneAccountId",
                                 "AADTenantId"}));
    EXPECT_TRUE(p["GraphDeviceIsManaged"].is_boolean());
    EXPECT_TRUE(p["StorageTotal"].is_number_integer());
    EXPECT_TRUE(p["StorageFree"].is_number_integer());
    EXPECT_EQ(p["AADTenantId"], tenantId);
    for (const char* date : {"LastContact", "CreatedDate", "InGracePeriodUntil"})
      EXPECT_TRUE(inventoryTime(p[date].get<std::string>())) << p[date];
    EXPECT_EQ(p["InGracePeriodUntil"] == "9999-12-31 23:59:59.9999999",
              p["CompliantState"] != "InGracePeriod");
    batches.insert(p["BatchId"].get<std::string>());
    auto snapshot = snapshotOf.find({r["time"].get<std::string>().substr(0, 10), p["DeviceId"]});
    if (snapshot != snapshotOf.end()) {
      ++joined;
      const json& c = *snapshot->second;
      EXPECT_EQ(p["CompliantState"], c["ComplianceState"]);
      EXPECT_EQ(p["DeviceName"], c["DeviceName"]);
      EXPECT_EQ(p["UPN"], c["UPN"]);
      EXPECT_EQ(p["PrimaryUser"], c["UserId"]);
      EXPECT_EQ(p["SerialNumber"], c["SerialNumber"]);
    }
    if (auto entra = entraIdOf.find(p["DeviceId"]); entra != entraIdOf.end()) {
      ++fromEnrollments;
      EXPECT_EQ(p["ReferenceId"], entra->second);
    }
  }
  EXPECT_EQ(joined, inventory.size());  // the snapshot runs after the inventory, the same day
  EXPECT_GT(fromEnrollments, 0u);
  EXPECT_GE(batches.size(), 2u);  // one a day
  // Blobs sit under the Intune resource path, one per category and hour.
  for (const auto& [path, bytes] : readTree(dir.path().string()))
    EXPECT_TRUE(path.find("/resourceId=/providers/microsoft.intune/tenants/" + tenantId + "/y=") !=
                std::string::npos)
        << path;
}

TEST(IntuneDevicesExport, LogAnalyticsRowsHaveTheFactSheetColumns) {
  TempDir dir;
  runOrFail(logTo("intuneDevices", "loganalytics", dir.path().string()));
  const json schema = parseJson(readFile((dir.path() / "intune-devices-schema.json").string()));
  const std::vector<std::string> operational = schemaColumns(schema, "IntuneOperationalLogs");
  EXPECT_EQ(operational,
            (std::vector<std::string>{"TimeGenerated", "Category", "OperationName", "Properties",
                                      "Result", "SourceSystem", "Type"}));
  const std::vector<std::string> compliance = schemaColumns(schema, "IntuneDeviceComplianceOrg");
  for (const char* column : {"ComplianceState",
                             "DeviceHealthThreatLevel",
                             "DeviceId",
                             "DeviceName",
                             "DeviceType",
                             "IMEI",
                             "InGracePeriodUntil",
                             "LastContact",
                             "ManagementAgents",
                             "OS",
                             "OSDescription",
                             "OSVersion",
                             "OwnerType",
                             "Result",
                             "RetireAfterDatetime",
                             "SerialNumber",
                             "UPN",
                             "UserEmail",
                             "UserId",
                             "UserName",
                             "_ResourceId",
                             "_SubscriptionId"})
    EXPECT_NE(std::find(compliance.begin(), compliance.end(), column), compliance.end()) << column;
  for (const json& c : schema["IntuneDeviceComplianceOrg"])
    if (c["name"] != "TimeGenerated") {
      EXPECT_EQ(c["type"], "string");  // all string [A1]
    }
  size_t rows = 0;
  for (auto [table, columns] : {std::pair{"IntuneOperationalLogs", operational},
                                std::pair{"IntuneDeviceComplianceOrg", compliance}}) {
    std::vector<json> lines = readNdjson((dir.path() / (std::string(table) + ".ndjson")).string());
    ASSERT_FALSE(lines.empty()) << table;
    rows += lines.size();
    for (const json& row : lines) {
      EXPECT_EQ(keysOf(row), sorted(columns)) << table;
      EXPECT_EQ(row["Type"], table);
    }
    if (std::string_view(table) == "IntuneOperationalLogs") {
      // Properties is a string holding JSON (queries parse_json it).
      ASSERT_TRUE(lines[0]["Properties"].is_string());
      EXPECT_EQ(parseJson(lines[0]["Properties"].get<std::string>())["OperationalLogCategory"],
                "DeviceEnrollment");
    }
  }
  // IntuneDevices: Azure Monitor's table reference's columns and types [T] (TenantId is the
  // workspace's).
  const std::vector<std::string> devices = schemaColumns(schema, "IntuneDevices");
  EXPECT_EQ(sorted(devices), sorted({"TimeGenerated",
                                     "AADTenantId",
                                     "AndroidPatchLevel",
                                     "BatchId",
                                     "CategoryName",
                                     "CompliantState",
                                     "CreatedDate",
                                     "DeviceId",
                                     "DeviceName",
                                     "DeviceRegistrationState",
                                     "DeviceState",
                                     "EasID",
                                     "EncryptionStatusString",
                                     "GraphDeviceIsManaged",
                                     "IMEI",
                                     "InGracePeriodUntil",
                                     "IntuneAccountId",
                                     "JailBroken",
                                     "JoinType",
                                     "LastContact",
                                     "ManagedBy",
                                     "ManagedDeviceName",
                                     "Manufacturer",
                                     "MEID",
                                     "Model",
                                     "OperationName",
                                     "OS",
                                     "OSVersion",
                                     "Ownership",
                                     "PhoneNumber",
                                     "PrimaryUser",
                                     "ReferenceId",
                                     "Result",
                                     "SerialNumber",
                                     "SkuFamily",
                                     "SourceSystem",
                                     "Stats",
                                     "StorageFree",
                                     "StorageTotal",
                                     "SubscriberCarrierNetwork",
                                     "SupervisedStatusString",
                                     "Type",
                                     "UPN",
                                     "UserEmail",
                                     "UserName",
                                     "WifiMacAddress"}));
  std::map<std::string, std::string> types;
  for (const json& c : schema["IntuneDevices"]) types[c["name"]] = c["type"];
  EXPECT_EQ(types["GraphDeviceIsManaged"], "bool");
  EXPECT_EQ(types["StorageFree"], "long");
  EXPECT_EQ(types["StorageTotal"], "long");
  EXPECT_EQ(types["Stats"], "dynamic");
  EXPECT_EQ(types["TimeGenerated"], "datetime");
  std::vector<json> inventory = readNdjson((dir.path() / "IntuneDevices.ndjson").string());
  ASSERT_FALSE(inventory.empty());
  rows += inventory.size();
  for (const json& row : inventory) {
    EXPECT_EQ(keysOf(row), sorted(devices));
    EXPECT_EQ(row["Type"], "IntuneDevices");
    EXPECT_EQ(row["OperationName"], "Devices");
    EXPECT_TRUE(row["GraphDeviceIsManaged"].is_boolean());
    EXPECT_TRUE(row["StorageFree"].is_number_integer());
  }
  EXPECT_EQ(rows, intuneRecords());
}

TEST(IntuneDevicesExport, EventHubAndNdjsonAreDeterministicAndShardsMakeTheWhole) {
  TempDir dir;
  const std::string a = (dir.path() / "a").string(), b = (dir.path() / "b").string();
  runOrFail(logTo("intuneDevices", "eventhub", a));
  runOrFail(logTo("intuneDevices", "eventhub", b));
  EXPECT_EQ(readTree(a), readTree(b));
  EXPECT_EQ(recordsOf(a, "insights-logs-operationallogs/").size() +
                recordsOf(a, "insights-logs-devicecomplianceorg/").size() +
                recordsOf(a, "insights-logs-devices/").size(),
            intuneRecords());
  EXPECT_TRUE(fs::exists(fs::path(a) / "eventhub/intune-devices-index.ndjson"));
  const std::string whole = (dir.path() / "whole.ndjson").string();
  runOrFail(logTo("intuneDevices", "ndjson", whole));
  EXPECT_EQ(readNdjson(whole).size(), intuneRecords());
  std::string joined;
  for (int shard = 0; shard < 3; ++shard) {
    const std::string part = (dir.path() / ("s" + std::to_string(shard))).string();
    runOrFail(logTo("intuneDevices", "ndjson", part, shard, 3));
    joined += readFile(part);
  }
  EXPECT_EQ(joined, readFile(whole));
}

TEST(IntuneDevicesExport, SelectionNamesItAndOtherFormatsRefuseIt) {
  TempDir dir;
  Status refused =
      runExport(exportSimulation(), logTo("intuneDevices", "csv", dir.path().string()), nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "Intune device activity is written as --format ndjson, eventhub, blob or "
            "loganalytics, not csv");
  // Beside the audits it gets its own ndjson file.
  ExportOptions o = logTo("audits,intuneDevices", "ndjson", (dir.path() / "e.ndjson").string());
  runOrFail(o);
  EXPECT_EQ(readNdjson((dir.path() / "e.intuneDevices.ndjson").string()).size(), intuneRecords());
  Result<LogSelection> all = parseLogSelection("all");
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->intuneDevices);
  const std::vector<std::string> logs = exportLogs();
  EXPECT_NE(std::find(logs.begin(), logs.end(), "intuneDevices"), logs.end());
}

// Identity Protection's categories: every detection once as UserRiskEvents, the risky users'
// state changes as RiskyUsers, rows with the AADUserRiskEvents / AADRiskyUsers columns.
TEST(RiskCategoriesExport, HubsAndTablesHoldTheDetectionsAndRiskyUserChanges) {
  const Simulation& sim = exportSimulation();
  SignInLog signIns(sim);
  RiskLog risks(signIns);
  const size_t detections = risks.generateWindow().size();
  ASSERT_GT(detections, 0u);
  TempDir dir;
  const std::string hub = (dir.path() / "hub").string();
  runOrFail(logTo("riskDetections", "eventhub", hub));
  const std::vector<json> events = recordsOf(hub, "insights-logs-userriskevents/");
  const std::vector<json> users = recordsOf(hub, "insights-logs-riskyusers/");
  EXPECT_EQ(events.size(), detections);
  ASSERT_FALSE(users.empty());
  const std::string resourceId = "/tenants/" + sim.tenant().id() + "/providers/Microsoft.aadiam";
  for (const json& r : events) {
    EXPECT_EQ(r["category"], "UserRiskEvents");
    EXPECT_EQ(r["resourceId"], resourceId);
    EXPECT_EQ(r["Level"], 4);
    EXPECT_EQ(r["correlationId"], r["properties"]["correlationId"]);
    EXPECT_TRUE(r["properties"].contains("riskEventType"));
  }
  for (const json& r : users) {
    EXPECT_EQ(r["category"], "RiskyUsers");
    EXPECT_TRUE(r["properties"].contains("riskState"));
    EXPECT_EQ(r["time"], r["properties"]["riskLastUpdatedDateTime"]);
  }
  const std::string la = (dir.path() / "la").string();
  runOrFail(logTo("riskDetections", "loganalytics", la));
  const json schema = parseJson(readFile((fs::path(la) / "risk-schema.json").string()));
  const std::vector<std::string> eventColumns = schemaColumns(schema, "AADUserRiskEvents");
  for (const char* column : {"Activity",
                             "ActivityDateTime",
                             "AdditionalInfo",
                             "CorrelationId",
                             "DetectedDateTime",
                             "DetectionTimingType",
                             "Id",
                             "IpAddress",
                             "LastUpdatedDateTime",
                             "Location",
                             "OperationName",
                             "RequestId",
                             "RiskDetail",
                             "RiskEventType",
                             "RiskLevel",
                             "RiskState",
                             "Source",
                             "TokenIssuerType",
                             "UserDisplayName",
                             "UserId",
                             "UserPrincipalName"})
    EXPECT_NE(std::find(eventColumns.begin(), eventColumns.end(), column), eventColumns.end())
        << column;
  const std::vector<std::string> userColumns = schemaColumns(schema, "AADRiskyUsers");
  for (const char* column : {"CorrelationId", "Id", "IsDeleted", "IsProcessing", "OperationName",
                             "RiskDetail", "RiskLastUpdatedDateTime", "RiskLevel", "RiskState",
                             "UserDisplayName", "UserPrincipalName"})
    EXPECT_NE(std::find(userColumns.begin(), userColumns.end(), column), userColumns.end())
        << column;
  std::vector<json> rows = readNdjson((fs::path(la) / "AADUserRiskEvents.ndjson").string());
  ASSERT_EQ(rows.size(), detections);
  for (const json& row : rows) EXPECT_EQ(keysOf(row), sorted(eventColumns));
  rows = readNdjson((fs::path(la) / "AADRiskyUsers.ndjson").string());
  ASSERT_EQ(rows.size(), users.size());
  for (const json& row : rows) EXPECT_EQ(keysOf(row), sorted(userColumns));
}

// Exports `log` as blobs whole and in two shards under dir: no blob in both shards (they are
// hour-aligned), and together they are the whole. Returns the whole's blob count.
size_t expectBlobShardsMakeTheWhole(const std::string& log, const TempDir& dir,
                                    const Simulation& sim) {
  const std::string whole = dir / "whole";
  runOrFail(logTo(log, "blob", whole), sim);
  std::map<std::string, std::string> union_;
  for (int shard = 0; shard < 2; ++shard) {
    const std::string part = dir / ("s" + std::to_string(shard));
    runOrFail(logTo(log, "blob", part, shard, 2), sim);
    if (!fs::exists(part)) continue;  // a shard without records writes no blob
    for (auto& [path, bytes] : readTree(part)) {
      EXPECT_FALSE(union_.contains(path)) << path;
      union_[path] = bytes;
    }
  }
  const std::map<std::string, std::string> all = readTree(whole);
  EXPECT_EQ(union_, all);
  return all.size();
}

TEST(RiskCategoriesExport, BlobShardsAreDisjointAndMakeTheWhole) {
  TempDir dir;
  expectBlobShardsMakeTheWhole("riskDetections", dir, exportSimulation());
  Status refused =
      runExport(exportSimulation(), logTo("riskDetections", "csv", dir.path().string()), nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "riskDetections are written as --format ndjson, or as the UserRiskEvents and "
            "RiskyUsers categories in eventhub, blob or loganalytics, not csv");
}

// The export scenario with a compromisedServicePrincipal early in its window: its detection, the
// risky service principal and the administrator's confirmation 8 h later all fall inside.
const Simulation& spSimulation() {
  static const Simulation* sim = [] {
    Scenario s = exportScenario();
    s.storylines.push_back(
        {"compromisedServicePrincipal", s.windowStart() + 6 * kTicksPerHour, "sp test"});
    return new Simulation(s);
  }();
  return *sim;
}

std::vector<RiskDetection> spDetections() {
  const Scenario& s = spSimulation().scenario();
  SignInLog signIns(spSimulation());
  return RiskLog(signIns).generateServicePrincipals(s.windowStart(), s.windowEnd);
}

// ndjson: the Graph objects in their state at the window's end, each log in its own file beside
// the others'.
TEST(ServicePrincipalRiskExport, NdjsonWritesTheGraphObjectsInTheirFinalState) {
  const std::vector<RiskDetection> detections = spDetections();
  ASSERT_EQ(detections.size(), 1u);
  TempDir dir;
  const std::string file = dir / "e.ndjson";
  runOrFail(logTo("audits,servicePrincipalRiskDetections,riskyServicePrincipals", "ndjson", file),
            spSimulation());
  const std::vector<json> found = readNdjson(dir / "e.servicePrincipalRiskDetections.ndjson");
  const std::vector<json> risky = readNdjson(dir / "e.riskyServicePrincipals.ndjson");
  ASSERT_EQ(found.size(), 1u);
  ASSERT_EQ(risky.size(), 1u);
  const json& d = found[0];
  EXPECT_EQ(d["id"].get<std::string>().size(), 52u);
  EXPECT_EQ(d["riskEventType"], "investigationsThreatIntelligence");
  EXPECT_EQ(d["riskState"], "confirmedCompromised");  // the administrator confirmed it
  EXPECT_EQ(d["keyIds"].size(), 1u);
  EXPECT_FALSE(d.contains("userId"));
  const json& p = risky[0];
  EXPECT_EQ(p["id"], d["servicePrincipalId"]);
  EXPECT_EQ(p["appId"], d["appId"]);
  EXPECT_EQ(p["displayName"], d["servicePrincipalDisplayName"]);
  EXPECT_EQ(p["riskState"], "confirmedCompromised");
  // adminConfirmedServicePrincipalCompromised comes after the sentinel: Graph's default shape.
  EXPECT_EQ(p["riskDetail"], "unknownFutureValue");
  EXPECT_TRUE(p.contains("accountEnabled"));  // beta by default
  // A shard split by time: each object in exactly one part.
  size_t lines = 0;
  for (int shard = 0; shard < 2; ++shard) {
    const std::string part = dir / ("p" + std::to_string(shard) + ".ndjson");
    runOrFail(logTo("riskyServicePrincipals", "ndjson", part, shard, 2), spSimulation());
    lines += readNdjson(part).size();
  }
  EXPECT_EQ(lines, 1u);
}

// The Azure categories: a ServicePrincipalRiskEvents record per detection and a
// RiskyServicePrincipals record per change, rows with the columns docs/export.md lists.
TEST(ServicePrincipalRiskExport, HubsAndTablesHoldTheDetectionAndTheChanges) {
  ASSERT_EQ(spDetections().size(), 1u);
  TempDir dir;
  const std::string hub = (dir.path() / "hub").string();
  const std::string both = "servicePrincipalRiskDetections,riskyServicePrincipals";
  runOrFail(logTo(both, "eventhub", hub), spSimulation());
  const std::vector<json> events = recordsOf(hub, "insights-logs-serviceprincipalriskevents/");
  const std::vector<json> changes = recordsOf(hub, "insights-logs-riskyserviceprincipals/");
  ASSERT_EQ(events.size(), 1u);
  ASSERT_EQ(changes.size(), 2u);  // the detection raising it, the confirmation
  const std::string resourceId =
      "/tenants/" + spSimulation().tenant().id() + "/providers/Microsoft.aadiam";
  const json& e = events[0];
  EXPECT_EQ(e["category"], "ServicePrincipalRiskEvents");
  EXPECT_EQ(e["resourceId"], resourceId);
  EXPECT_EQ(e["correlationId"], e["properties"]["correlationId"]);
  EXPECT_EQ(e["identity"], e["properties"]["servicePrincipalDisplayName"]);
  EXPECT_EQ(e["properties"]["activity"], "servicePrincipal");
  for (const json& r : changes) {
    EXPECT_EQ(r["category"], "RiskyServicePrincipals");
    EXPECT_EQ(r["time"], r["properties"]["riskLastUpdatedDateTime"]);
    EXPECT_EQ(r["properties"]["id"], e["properties"]["servicePrincipalId"]);
    EXPECT_FALSE(r["properties"].contains("accountEnabled"));  // v1.0
  }
  EXPECT_EQ(changes[0]["properties"]["riskState"], "atRisk");
  EXPECT_EQ(changes[1]["properties"]["riskState"], "confirmedCompromised");
  EXPECT_TRUE(fs::exists(fs::path(hub) / "eventhub/sp-risk-events-index.ndjson"));

  const std::string la = (dir.path() / "la").string();
  runOrFail(logTo(both, "loganalytics", la), spSimulation());
  const json events_schema =
      parseJson(readFile((fs::path(la) / "sp-risk-events-schema.json").string()));
  const std::vector<std::string> eventColumns =
      schemaColumns(events_schema, "AADServicePrincipalRiskEvents");
  EXPECT_EQ(eventColumns, (std::vector<std::string>{"TimeGenerated",
                                                    "Activity",
                                                    "ActivityDateTime",
                                                    "AdditionalInfo",
                                                    "AppId",
                                                    "CorrelationId",
                                                    "DetectedDateTime",
                                                    "DetectionTimingType",
                                                    "Id",
                                                    "IpAddress",
                                                    "KeyIds",
                                                    "LastUpdatedDateTime",
                                                    "Location",
                                                    "OperationName",
                                                    "RequestId",
                                                    "RiskDetail",
                                                    "RiskEventType",
                                                    "RiskLevel",
                                                    "RiskState",
                                                    "ServicePrincipalDisplayName",
                                                    "ServicePrincipalId",
                                                    "Source",
                                                    "TokenIssuerType",
                                                    "SourceSystem",
                                                    "Type"}));
  std::vector<json> rows =
      readNdjson((fs::path(la) / "AADServicePrincipalRiskEvents.ndjson").string());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(keysOf(rows[0]), sorted(eventColumns));
  EXPECT_EQ(rows[0]["Id"], e["properties"]["id"]);
  EXPECT_EQ(rows[0]["KeyIds"], e["properties"]["keyIds"]);
  EXPECT_EQ(rows[0]["Type"], "AADServicePrincipalRiskEvents");
  const json risky_schema =
      parseJson(readFile((fs::path(la) / "risky-service-principals-schema.json").string()));
  const std::vector<std::string> riskyColumns =
      schemaColumns(risky_schema, "AADRiskyServicePrincipals");
  EXPECT_EQ(riskyColumns,
            (std::vector<std::string>{
                "TimeGenerated", "AppId", "CorrelationId", "DisplayName", "Id", "IsEnabled",
                "IsProcessing", "OperationName", "RiskDetail", "RiskLastUpdatedDateTime",
                "RiskLevel", "RiskState", "ServicePrincipalType", "SourceSystem", "Type"}));
  rows = readNdjson((fs::path(la) / "AADRiskyServicePrincipals.ndjson").string());
  ASSERT_EQ(rows.size(), 2u);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(keysOf(rows[i]), sorted(riskyColumns));
    EXPECT_EQ(rows[i]["CorrelationId"], changes[i]["correlationId"]);
    EXPECT_EQ(rows[i]["RiskState"], changes[i]["properties"]["riskState"]);
  }
}

TEST(ServicePrincipalRiskExport, BlobShardsMakeTheWholeAndOtherFormatsRefuse) {
  TempDir dir;
  const std::string both = "servicePrincipalRiskDetections,riskyServicePrincipals";
  EXPECT_GT(expectBlobShardsMakeTheWhole(both, dir, spSimulation()), 0u);
  Status refused = runExport(spSimulation(),
                             logTo("riskyServicePrincipals", "csv", dir.path().string()), nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "riskyServicePrincipals are written as --format ndjson, eventhub, blob or "
            "loganalytics, not csv");
  Result<LogSelection> all = parseLogSelection("all");
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->servicePrincipalRiskDetections && all->riskyServicePrincipals);
}

}  // namespace
}  // namespace tenantsim::testing
