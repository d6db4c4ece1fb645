// The sign-in log in every export format: --log selection, each format's files and record shapes
// against the fact sheet (signins.md §5), counts per kind equal to SignInLog::generate, shards
// whose union is the whole, bytes that do not depend on threads, and audit files unchanged by
// adding the sign-ins.
#include <regex>
#include <set>

#include "simulator/export/formats.h"
#include "simulator/export/signin_records.h"
#include "simulator/simulation/signin_log.h"
#include "tests/support/export_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::testing {
namespace {

// The export scenario with 60 users: every kind of sign-in and a planted storyline, at a volume
// ASan renders and parses in seconds for each of the many exports these tests make.
const Simulation& signInSimulation() {
  static const Simulation* sim = [] {
    Scenario s = exportScenario();
    s.tenant.users = 60;
    return new Simulation(std::move(s));
  }();
  return *sim;
}

constexpr const char* kDirectoryFormats[] = {"graph-pages", "csv", "eventhub", "blob",
                                             "loganalytics"};

ExportOptions signInsTo(const std::string& format, const std::string& out, int shard = 0,
                        int shards = 1) {
  ExportOptions o = optionsFor(format, out, shard, shards);
  o.log = "signIns";
  return o;
}

// Sign-ins of the whole window per kind (index = SignInKind).
std::array<size_t, 4> countsPerKind(const Simulation& sim = signInSimulation()) {
  std::array<size_t, 4> counts{};
  for (const SignIn& s : SignInLog(sim).generateWindow()) ++counts[static_cast<size_t>(s.kind)];
  return counts;
}

std::string tenantId() { return signInSimulation().tenant().id(); }

// The records of each category's hub or container: category name -> records.
std::map<std::string, std::vector<json>> eventHubRecords(const std::string& dir) {
  std::map<std::string, std::vector<json>> out;
  for (const SignInCategory& c : kSignInCategories) {
    fs::path hub = fs::path(dir) / "eventhub" / c.container;
    if (!fs::exists(hub)) continue;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(hub)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::string body = readFile(f.string());
      EXPECT_LE(body.size(), kEventHubMessageLimit);
      json message = parseJson(body);  // kept: the loop must not range over a temporary
      for (const json& r : message["records"]) out[std::string(c.category)].push_back(r);
    }
  }
  return out;
}

std::map<std::string, std::vector<json>> blobRecords(const std::string& dir,
                                                     std::vector<std::string>* paths = nullptr) {
  std::map<std::string, std::vector<json>> out;
  for (const SignInCategory& c : kSignInCategories) {
    fs::path container = fs::path(dir) / c.container;
    if (!fs::exists(container)) continue;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(container))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      if (paths) paths->push_back(fs::relative(f, dir).string());
      for (const json& r : readNdjson(f.string())) out[std::string(c.category)].push_back(r);
    }
  }
  return out;
}

// The sign-in ids a directory export holds (sorted), whatever the format.
std::vector<std::string> signInIds(const std::string& format, const std::string& dir) {
  std::vector<std::string> ids;
  if (format == "graph-pages") {
    for (const auto& e : fs::directory_iterator(fs::path(dir) / "signIns")) {
      json page = parseJson(readFile(e.path().string()));
      for (const json& item : page["value"]) ids.push_back(item["id"]);
    }
  } else if (format == "csv") {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (!e.path().filename().string().ends_with("SignIns.csv")) continue;
      auto rows = parseCsv(readFile(e.path().string()));
      for (size_t r = 1; r < rows.size(); ++r) ids.push_back(rows[r][1]);  // Request ID
    }
  } else if (format == "eventhub" || format == "blob") {
    auto records = format == "eventhub" ? eventHubRecords(dir) : blobRecords(dir);
    for (const auto& [category, list] : records)
      for (const json& r : list) ids.push_back(r["properties"]["id"]);
  } else if (format == "loganalytics") {
    for (const SignInCategory& c : kSignInCategories)
      for (const json& row : readNdjson(dir + "/" + std::string(c.table) + ".ndjson"))
        ids.push_back(row["Id"]);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(SignInLogSelection, AcceptsACommaListOrAll) {
  for (const char* text : {"audits,signIns", "signIns,audits", "all"}) {
    Result<LogSelection> s = parseLogSelection(text);
    ASSERT_TRUE(s.ok()) << text;
    EXPECT_TRUE(s->audits && s->signIns) << text;
  }
  Result<LogSelection> one = parseLogSelection("signIns");
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(one->signIns && !one->audits);
}

TEST(SignInLogSelection, RefusesUnknownAndRepeatedNames) {
  EXPECT_EQ(
      parseLogSelection("audits,signins").error().message,
      "unknown log 'signins' in --log (known: audits, signIns, riskDetections, alerts, incidents, "
      "provisioning, intuneDevices, servicePrincipalRiskDetections, riskyServicePrincipals; a "
      "comma list, or all)");
  EXPECT_EQ(
      parseLogSelection("audits,").error().message,
      "unknown log '' in --log (known: audits, signIns, riskDetections, alerts, incidents, "
      "provisioning, intuneDevices, servicePrincipalRiskDetections, riskyServicePrincipals; a "
      "comma list, or all)");
  EXPECT_EQ(parseLogSelection("audits,audits").error().message, "--log names 'audits' twice");
}

TEST(SignInsFormats, EachDirectoryFormatHoldsEverySignInOfItsPopulation) {
  std::array<size_t, 4> counts = countsPerKind();
  size_t all = counts[0] + counts[1] + counts[2] + counts[3];
  for (const char* format : kDirectoryFormats) {
    TempDir dir;
    runOrFail(signInsTo(format, dir.path().string()), signInSimulation());
    std::vector<std::string> ids = signInIds(format, dir.path().string());
    EXPECT_EQ(ids.size(), all) << format;
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << format;
  }
  // v1.0 Graph shapes: interactive sign-ins only.
  for (const char* format : {"graph-pages", "csv"}) {
    TempDir dir;
    ExportOptions o = signInsTo(format, dir.path().string());
    o.api = ApiVersion::V1;
    runOrFail(o, signInSimulation());
    EXPECT_EQ(signInIds(format, dir.path().string()).size(), counts[0]) << format;
  }
}

TEST(SignInsFormats, ShardsAreDisjointAndTheirUnionIsTheWhole) {
  for (const char* format : kDirectoryFormats) {
    TempDir dir;
    runOrFail(signInsTo(format, (dir.path() / "all").string()), signInSimulation());
    std::vector<std::string> whole = signInIds(format, (dir.path() / "all").string()), joined;
    for (int i = 0; i < 3; ++i) {
      std::string part = (dir.path() / ("p" + std::to_string(i))).string();
      runOrFail(signInsTo(format, part, i, 3), signInSimulation());
      std::vector<std::string> ids = signInIds(format, part);
      EXPECT_FALSE(ids.empty()) << format << " shard " << i;
      joined.insert(joined.end(), ids.begin(), ids.end());
    }
    std::sort(joined.begin(), joined.end());
    EXPECT_EQ(joined, whole) << format;  // equal sorted lists: disjoint and complete
  }
}

TEST(SignInsFormats, BytesDoNotDependOnThreadsOrReruns) {
  for (const char* format : kDirectoryFormats) {
    TempDir dir;
    ExportOptions one = signInsTo(format, (dir.path() / "one").string());
    one.threads = 1;
    ExportOptions three = signInsTo(format, (dir.path() / "three").string());
    three.threads = 3;
    runOrFail(one, signInSimulation());
    runOrFail(three, signInSimulation());
    auto first = readTree(one.out);
    EXPECT_EQ(first, readTree(three.out)) << format;
    runOrFail(three, signInSimulation());
    EXPECT_EQ(first, readTree(three.out)) << format << " rerun";
  }
}

TEST(SignInsFormats, AddingSignInsLeavesTheAuditFilesUnchanged) {
  for (const char* format : kDirectoryFormats) {
    TempDir dir;
    ExportOptions audits = optionsFor(format, (dir.path() / "audits").string());
    ExportOptions both = optionsFor(format, (dir.path() / "both").string());
    both.log = "audits,signIns";
    runOrFail(audits, signInSimulation());
    runOrFail(both, signInSimulation());
    auto withSignIns = readTree(both.out);
    for (const auto& [path, bytes] : readTree(audits.out)) {
      ASSERT_TRUE(withSignIns.count(path)) << format << " " << path;
      EXPECT_EQ(withSignIns[path], bytes) << format << " " << path;
    }
    EXPECT_GT(withSignIns.size(), readTree(audits.out).size()) << format;
  }
}

TEST(SignInsFormats, NdjsonWithAuditsGoesBesideTheAuditFile) {
  TempDir dir;
  ExportOptions o = optionsFor("ndjson", (dir.path() / "events.ndjson").string());
  o.log = "all";
  runOrFail(o, signInSimulation());
  EXPECT_EQ(readNdjson((dir.path() / "events.signIns.ndjson").string()).size(),
            SignInLog(signInSimulation()).generateWindow().size());
  EXPECT_EQ(readFile((dir.path() / "events.ndjson").string()), [] {
    TempDir only;
    ExportOptions a = optionsFor("ndjson", (only.path() / "a.ndjson").string());
    EXPECT_TRUE(runExport(signInSimulation(), a, nullptr).ok());
    return readFile(a.out);
  }());
  o.out = "-";
  Status s = runExport(signInSimulation(), o, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "--log with audits and signIns writes two ndjson files: give --out FILE (sign-ins go "
            "to FILE.signIns.ndjson)");
}

TEST(SignInsFormats, GraphPagesAreNewestFirstWithBetaLinksNamingEveryEventType) {
  TempDir dir;
  ExportOptions o = signInsTo("graph-pages", dir.path().string());
  o.pageSize = 100;
  runOrFail(o, signInSimulation());
  json first = parseJson(readFile((dir.path() / "signIns/page-00001.json").string()));
  EXPECT_EQ(first["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns");
  EXPECT_EQ(
      first["@odata.nextLink"],
      "https://graph.microsoft.com/beta/auditLogs/signIns?$filter=signInEventTypes%2fany(t%3a%"
      "20t%20eq%20%27interactiveUser%27%20or%20t%20eq%20%27nonInteractiveUser%27%20or%20t%"
      "20eq%20%27servicePrincipal%27%20or%20t%20eq%20%27managedIdentity%27)&$top=100&$"
      "skiptoken=page-00002");
  ASSERT_EQ(first["value"].size(), 100u);
  for (size_t i = 1; i < first["value"].size(); ++i)
    EXPECT_GE(first["value"][i - 1]["createdDateTime"], first["value"][i]["createdDateTime"]);
  EXPECT_TRUE(first["value"][0].contains("signInEventTypes"));
  o.api = ApiVersion::V1;
  TempDir v1;
  o.out = v1.path().string();
  runOrFail(o, signInSimulation());
  json page = parseJson(readFile((v1.path() / "signIns/page-00001.json").string()));
  EXPECT_EQ(page["@odata.nextLink"],
            "https://graph.microsoft.com/v1.0/auditLogs/signIns?$top=100&$skiptoken=page-00002");
  for (const json& item : page["value"]) EXPECT_TRUE(item["isInteractive"].get<bool>());
}

TEST(SignInsFormats, CsvHasOneFilePerTabWithThePortalColumns) {
  TempDir dir;
  runOrFail(signInsTo("csv", dir.path().string()), signInSimulation());
  std::array<size_t, 4> counts = countsPerKind();
  const char* files[] = {"InteractiveSignIns.csv", "NonInteractiveSignIns.csv",
                         "ServicePrincipalSignIns.csv", "ManagedIdentitySignIns.csv"};
  for (size_t k = 0; k < 4; ++k) {
    auto rows = parseCsv(readFile((dir.path() / files[k]).string()));
    ASSERT_FALSE(rows.empty()) << files[k];
    EXPECT_EQ(rows.size() - 1, counts[k]) << files[k];
    EXPECT_EQ(rows[0][0], "Date (UTC)");
    EXPECT_EQ(rows[0][1], "Request ID");
    for (size_t r = 1; r < rows.size(); ++r) ASSERT_EQ(rows[r].size(), rows[0].size());
    for (size_t r = 2; r < rows.size(); ++r) ASSERT_GE(rows[r - 1][0], rows[r][0]);  // newest first
  }
  TempDir v1;
  ExportOptions o = signInsTo("csv", v1.path().string());
  o.api = ApiVersion::V1;
  runOrFail(o, signInSimulation());
  EXPECT_TRUE(fs::exists(v1.path() / "InteractiveSignIns.csv"));
  EXPECT_FALSE(fs::exists(v1.path() / "NonInteractiveSignIns.csv"));
}

// Fact sheet §5.2: the record's top level and the properties' Azure Monitor dialect.
void expectSignInRecordShape(const json& r, const SignInCategory& c) {
  SCOPED_TRACE(r.dump().substr(0, 300));
  const std::string tid = tenantId();
  EXPECT_EQ(r["resourceId"], "/tenants/" + tid + "/providers/Microsoft.aadiam");
  EXPECT_EQ(r["operationName"], "Sign-in activity");
  EXPECT_EQ(r["operationVersion"], "1.0");
  EXPECT_EQ(r["category"], c.category);
  EXPECT_EQ(r["tenantId"], tid);
  ASSERT_TRUE(r["resultType"].is_string());
  EXPECT_EQ(r["resultSignature"], "None");
  EXPECT_EQ(r["durationMs"], 0);
  EXPECT_EQ(r["Level"], 4);
  ASSERT_TRUE(r["correlationId"].is_string());
  const json& p = r["properties"];
  static const std::regex kTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z)");
  EXPECT_TRUE(std::regex_match(r["time"].get<std::string>(), kTime));
  EXPECT_EQ(p["createdDateTime"].get<std::string>(),
            r["time"].get<std::string>().substr(0, 27) + "+00:00");
  EXPECT_EQ(r["resultType"], std::to_string(p["status"]["errorCode"].get<int>()));
  EXPECT_EQ(r.contains("resultDescription"), r["resultType"] != "0");
  EXPECT_EQ(p["signInEventTypes"][0], signInEventTypeName(c.kind));
  EXPECT_EQ(p["correlationId"], r["correlationId"]);
  bool user = c.kind == SignInKind::Interactive || c.kind == SignInKind::NonInteractive;
  bool mi = c.kind == SignInKind::ManagedIdentity;
  EXPECT_EQ(r.contains("identity"), user);
  EXPECT_EQ(r.contains("callerIpAddress"), !mi);
  EXPECT_EQ(r.contains("location"), !mi);
  if (user) {
    EXPECT_EQ(r["identity"], p["userDisplayName"]);
    EXPECT_EQ(p["userType"], "Member");
    EXPECT_EQ(r["location"], p["location"]["countryOrRegion"]);
  } else {
    EXPECT_TRUE(p["userId"].is_null());
    if (r["resultType"] == "0") {
      EXPECT_EQ(p["status"], json({{"errorCode", 0}}));
    }
  }
  if (!mi) {
    EXPECT_EQ(r["callerIpAddress"], p["ipAddress"]);
  }
  for (const json& policy : p["appliedConditionalAccessPolicies"]) {
    EXPECT_TRUE(policy["conditionsSatisfied"].is_number_integer());
    EXPECT_TRUE(policy["conditionsNotSatisfied"].is_number_integer());
  }
}

TEST(SignInsFormats, EventHubRecordsFollowTheFactSheetPerCategory) {
  TempDir dir;
  runOrFail(signInsTo("eventhub", dir.path().string()), signInSimulation());
  std::array<size_t, 4> counts = countsPerKind();
  auto records = eventHubRecords(dir.path().string());
  for (const SignInCategory& c : kSignInCategories) {
    const auto& list = records[std::string(c.category)];
    EXPECT_EQ(list.size(), counts[static_cast<size_t>(c.kind)]) << c.category;
    for (const json& r : list) expectSignInRecordShape(r, c);
  }
  std::vector<json> index = readNdjson((dir.path() / "eventhub/signins-index.ndjson").string());
  size_t listed = 0;
  for (size_t i = 0; i < index.size(); ++i) {
    listed += index[i]["records"].get<size_t>();
    EXPECT_TRUE(fs::exists(dir.path() / "eventhub" / index[i]["file"].get<std::string>()));
    if (i) {
      EXPECT_LE(index[i - 1]["enqueuedTime"], index[i]["enqueuedTime"]);
    }
  }
  EXPECT_EQ(listed, counts[0] + counts[1] + counts[2] + counts[3]);
}

TEST(SignInsFormats, BlobRecordsFollowTheFactSheetInHourlyBlobsPerContainer) {
  TempDir dir;
  runOrFail(signInsTo("blob", dir.path().string()), signInSimulation());
  std::vector<std::string> paths;
  auto records = blobRecords(dir.path().string(), &paths);
  std::array<size_t, 4> counts = countsPerKind();
  for (const SignInCategory& c : kSignInCategories) {
    const auto& list = records[std::string(c.category)];
    EXPECT_EQ(list.size(), counts[static_cast<size_t>(c.kind)]) << c.category;
    for (const json& r : list) expectSignInRecordShape(r, c);
  }
  std::regex layout(
      "insights-logs-(signinlogs|noninteractiveusersigninlogs|"
      "serviceprincipalsigninlogs|managedidentitysigninlogs)/resourceId=/tenants/" +
      tenantId() +
      "/providers/microsoft.aadiam/y=\\d{4}/m=\\d\\d/d=\\d\\d/h=\\d\\d/m=00/"
      "PT1H.json");
  for (const std::string& path : paths) EXPECT_TRUE(std::regex_match(path, layout)) << path;
  // Each record lies in its blob's hour.
  for (const std::string& path : paths) {
    std::smatch m;
    static const std::regex kPartition(R"(y=(\d{4})/m=(\d\d)/d=(\d\d)/h=(\d\d))");
    std::regex_search(path, m, kPartition);
    std::string hour = m[1].str() + "-" + m[2].str() + "-" + m[3].str() + "T" + m[4].str();
    for (const json& r : readNdjson((dir.path() / path).string()))
      ASSERT_EQ(r["time"].get<std::string>().substr(0, 13), hour) << path;
  }
}

const std::regex kDateTime(R"(\d{4}-\d\d-\d\dT[\d:]{8}\.\d{7}Z)");
const std::regex kDigits(R"(\d+)");

bool hasType(const nlohmann::ordered_json& v, const std::string& type) {
  if (type == "string") return v.is_string();
  if (type == "datetime") return v.is_string() && std::regex_match(v.get<std::string>(), kDateTime);
  if (type == "long") return v.is_number_integer();
  if (type == "bool") return v.is_boolean();
  if (type == "dynamic") return v.is_object() || v.is_array();
  return false;
}

TEST(SignInsFormats, LogAnalyticsRowsHaveTheirTablesColumnsInSchemaOrderAndType) {
  TempDir dir;
  runOrFail(signInsTo("loganalytics", dir.path().string()), signInSimulation());
  json schema = parseJson(readFile((dir.path() / "signins-schema.json").string()));
  std::array<size_t, 4> counts = countsPerKind();
  for (const SignInCategory& c : kSignInCategories) {
    SCOPED_TRACE(std::string(c.table));
    const json& columns = schema[std::string(c.table)];
    ASSERT_TRUE(columns.is_array());
    std::istringstream in(readFile((dir.path() / (std::string(c.table) + ".ndjson")).string()));
    size_t rows = 0;
    for (std::string line; std::getline(in, line); ++rows) {
      auto row = nlohmann::ordered_json::parse(line);
      ASSERT_EQ(row.size(), columns.size());
      size_t i = 0;
      for (const auto& [name, value] : row.items()) {
        const json& col = columns[i++];
        ASSERT_EQ(name, col["name"].get<std::string>());
        ASSERT_TRUE(hasType(value, col["type"])) << name << ": " << value.dump();
      }
      EXPECT_EQ(row["Type"], c.table);
      EXPECT_EQ(row["Category"], c.category);
      EXPECT_EQ(row["OperationName"], "Sign-in activity");
      std::string resultType = row["ResultType"];
      EXPECT_TRUE(std::regex_match(resultType, kDigits)) << resultType;
      EXPECT_EQ(resultType == "0", row["ResultDescription"].get<std::string>().empty());
      // J columns hold JSON text.
      for (const char* j : {"AuthenticationProcessingDetails", "ConditionalAccessPolicies",
                            "LocationDetails", "AuthenticationDetails", "DeviceDetail"})
        if (row.contains(j) && row[j].is_string()) {
          EXPECT_NO_THROW(parseJson(row[j].get<std::string>())) << j;
        }
    }
    EXPECT_EQ(rows, counts[static_cast<size_t>(c.kind)]);
  }
  // The per-table differences of fact sheet §5.4.
  auto names = [&](const char* table) {
    std::set<std::string> out;
    for (const json& col : schema[table]) out.insert(col["name"]);
    return out;
  };
  EXPECT_TRUE(names("SigninLogs").count("ProcessingTimeInMilliseconds"));
  EXPECT_TRUE(names("AADNonInteractiveUserSignInLogs").count("ProcessingTimeInMs"));
  EXPECT_TRUE(names("AADNonInteractiveUserSignInLogs").count("SignInEventTypes"));
  EXPECT_FALSE(names("AADNonInteractiveUserSignInLogs").count("AADTenantId"));
  EXPECT_FALSE(names("AADServicePrincipalSignInLogs").count("AppDisplayName"));
  EXPECT_FALSE(names("AADServicePrincipalSignInLogs").count("CreatedDateTime"));
  EXPECT_EQ(schema["AADServicePrincipalSignInLogs"], schema["AADManagedIdentitySignInLogs"]);
  for (const json& col : schema["SigninLogs"])
    if (col["name"] == "ConditionalAccessPolicies" || col["name"] == "DeviceDetail") {
      EXPECT_EQ(col["type"], "dynamic");
    }
  for (const json& col : schema["AADNonInteractiveUserSignInLogs"])
    if (col["name"] == "ConditionalAccessPolicies" || col["name"] == "DeviceDetail") {
      EXPECT_EQ(col["type"], "string");
    }
}

TEST(SignInsFormats, WorkloadResultTypeCanFollowTheLogAnalyticsDocs) {
  TempDir dir;
  ExportOptions o = signInsTo("eventhub", dir.path().string());
  o.signInResultType = "outcome";
  runOrFail(o, signInSimulation());
  auto records = eventHubRecords(dir.path().string());
  for (const char* category : {"ServicePrincipalSignInLogs", "ManagedIdentitySignInLogs"}) {
    ASSERT_FALSE(records[category].empty()) << category;
    for (const json& r : records[category]) {
      int code = r["properties"]["status"]["errorCode"];
      EXPECT_EQ(r["resultType"], code == 0 ? "Success" : "Failure");
      EXPECT_EQ(r["resultSignature"], std::to_string(code));
    }
  }
  for (const json& r : records["SignInLogs"]) {
    EXPECT_EQ(r["resultType"], std::to_string(r["properties"]["status"]["errorCode"].get<int>()));
    EXPECT_EQ(r["resultSignature"], "None");
  }
  TempDir la;
  o.format = "loganalytics";
  o.out = la.path().string();
  runOrFail(o, signInSimulation());
  for (const json& row : readNdjson((la.path() / "AADServicePrincipalSignInLogs.ndjson").string()))
    EXPECT_TRUE(row["ResultType"] == "Success" || row["ResultType"] == "Failure");
  o.signInResultType = "codes";
  EXPECT_EQ(runExport(signInSimulation(), o, nullptr).error().message,
            "--signin-result-type must be code or outcome, got 'codes'");
}

}  // namespace
}  // namespace tenantsim::testing
