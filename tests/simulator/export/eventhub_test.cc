// eventhub: {"records":[...]} messages per 5-minute window of visible time, at most 256 KB each.
#include "simulator/export/formats.h"
#include "tests/support/export_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::testing {
namespace {

// Enough users that a 5-minute window overflows one message.
const Simulation& busySimulation() {
  static const Simulation* sim = [] {
    Scenario s = exportScenario();
    s.tenant.users = 4000;
    s.windowDays = 0.125;
    s.windowEnd -= 2 * kTicksPerDay + 8 * kTicksPerHour;  // Thursday 16:00: a busy office hour
    s.storylines.clear();
    return new Simulation(std::move(s));
  }();
  return *sim;
}

class EventHubExport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    runOrFail(optionsFor("eventhub", dir_->str()), busySimulation());
    index_ = new std::vector<json>(readNdjson(*dir_ / "eventhub/index.ndjson"));
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete index_;
  }
  static json message(const json& entry) {
    return parseJson(readFile(*dir_ / ("eventhub/" + entry["file"].get<std::string>())));
  }
  static TempDir* dir_;
  static std::vector<json>* index_;
};
TempDir* EventHubExport::dir_ = nullptr;
std::vector<json>* EventHubExport::index_ = nullptr;

TEST_F(EventHubExport, EveryMessageIsARecordsEnvelopeOfAtMost256KB) {
  size_t split = 0;
  std::map<std::string, int> perWindow;
  for (const json& entry : *index_) {
    std::string bytes = readFile(*dir_ / ("eventhub/" + entry["file"].get<std::string>()));
    EXPECT_LE(bytes.size(), kEventHubMessageLimit);
    EXPECT_EQ(bytes.size(), entry["bytes"].get<size_t>());
    json body = parseJson(bytes);
    ASSERT_EQ(body.size(), 1u);
    ASSERT_TRUE(body["records"].is_array());
    EXPECT_EQ(body["records"].size(), entry["records"].get<size_t>());
    split += ++perWindow[entry["windowStart"].get<std::string>() +
                         entry["resourceProvider"].get<std::string>()] > 1;
  }
  EXPECT_GT(split, 0u) << "no window needed more than one message";
}

TEST_F(EventHubExport, RecordsSitInTheFiveMinuteWindowOfTheirVisibleTime) {
  const Simulation& sim = busySimulation();
  std::map<std::string, Ticks> visibleAt;
  EventDetails d;
  for (const Event& e : sim.generateWindow(2)) {
    sim.describe(e, d);
    visibleAt[d.id] = e.visibleAt();
  }
  for (const json& entry : *index_) {
    Ticks start = *parseIsoTime(entry["windowStart"].get<std::string>()),
          end = *parseIsoTime(entry["windowEnd"].get<std::string>());
    ASSERT_EQ(end - start, 5 * kTicksPerMinute);
    ASSERT_EQ(start % (5 * kTicksPerMinute), 0);
    Ticks enqueued = *parseIsoTime(entry["enqueuedTime"].get<std::string>());
    EXPECT_GE(enqueued, end);
    EXPECT_LT(enqueued, end + 2 * kTicksPerMinute);
    json body = message(entry);
    for (const json& record : body["records"]) {
      Ticks v = visibleAt.at(recordId(record));
      EXPECT_TRUE(v >= start && v < end) << recordId(record);
    }
  }
}

TEST_F(EventHubExport, IndexIsInEnqueueOrderAndNamesFilesByEnqueueTime) {
  std::string previous;
  for (const json& entry : *index_) {
    std::string file = entry["file"], enqueued = entry["enqueuedTime"];
    EXPECT_TRUE(file.starts_with("insights-logs-auditlogs/")) << file;
    std::string compact = enqueued.substr(0, 4) + enqueued.substr(5, 2) + enqueued.substr(8, 5) +
                          enqueued.substr(14, 2) + enqueued.substr(17, 2) + "Z";
    EXPECT_EQ(file.substr(24, compact.size()), compact);
    EXPECT_GT(enqueued, previous);
    previous = enqueued;
  }
  EXPECT_EQ(readTree(*dir_ / "eventhub/insights-logs-auditlogs").size(), index_->size());
}

TEST_F(EventHubExport, RecordsHaveTheDiagnosticSettingsShape) {
  std::string tenant = busySimulation().tenant().id();
  bool sawEntra = false, sawIntune = false;
  for (const json& entry : *index_) {
    json body = message(entry);
    for (const json& r : body["records"]) {
      EXPECT_EQ(r["category"], "AuditLogs");
      const json& p = r["properties"];
      if (r["resourceId"] == "/tenants/" + tenant + "/providers/Microsoft.aadiam") {
        sawEntra = true;
        EXPECT_EQ(r["operationName"], p["activityDisplayName"]);
        EXPECT_EQ(r["operationVersion"], "1.0");
        EXPECT_EQ(r["resultSignature"], "None");
        EXPECT_EQ(r["durationMs"], 0);
        EXPECT_EQ(r["Level"], 4);
        EXPECT_EQ(r["tenantId"], tenant);
        EXPECT_TRUE(p["activityDateTime"].get<std::string>().ends_with("+00:00"));
        EXPECT_EQ(p["initiatedBy"].size(), 1u);
        for (const json& t : p["targetResources"])
          EXPECT_EQ(t["administrativeUnits"], json::array());
      } else {
        sawIntune = true;
        EXPECT_EQ(r["resourceId"], "/providers/microsoft.intune/tenants/" + tenant);
        EXPECT_EQ(r["operationName"], p["ActivityType"]);
        for (const char* key :
             {"AuditEventId", "ActivityDate", "ActivityResultStatus", "Actor", "TargetDisplayNames",
              "TargetObjectIds", "Targets", "Category", "CorrelationId"})
          EXPECT_TRUE(p.contains(key)) << key;
        for (const json& t : p["Targets"])
          EXPECT_TRUE(t.contains("Name") && t["ModifiedProperties"].is_array());
      }
    }
  }
  EXPECT_TRUE(sawEntra && sawIntune);
}

TEST_F(EventHubExport, EveryEventIsInExactlyOneMessage) {
  EXPECT_EQ(exportedItems("eventhub", *dir_ / "eventhub"), ndjsonIds(busySimulation()));
}

}  // namespace
}  // namespace tenantsim::testing
