// The provisioning log (docs/provisioning.md): the scenario block, coherence with the audit log
// (every export follows its audited user change, in the job's next cycle), determinism, ranges
// that partition, and the provisioningObjectSummary shape per version (fact sheet §2).
#include "simulator/simulation/provisioning_log.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "simulator/graph/provisioning_render.h"
#include "simulator/scenario/scenario.h"
#include "tests/support/json.h"
#include "tests/support/scenarios.h"

namespace tenantsim {
namespace {

using nlohmann::json;

struct Fixture {
  Simulation simulation{testing::smallScenario(150, 2)};
  ProvisioningLog log{simulation};
  std::vector<ProvisioningEvent> all = log.generateWindow();
};

Fixture& fixture() {
  static Fixture* f = new Fixture();
  return *f;
}

json rendered(const ProvisioningEvent& e, ApiVersion api) {
  ProvisioningDetails d;
  fixture().log.describe(e, d);
  std::string out;
  renderProvisioning(d, api, fixture().simulation.scenario().tenant.id, out);
  return parseJson(out);
}

const ProvisioningEvent* first(ProvisioningAction a, ProvisioningResult r) {
  for (const ProvisioningEvent& e : fixture().all)
    if (e.action == a && e.result == r) return &e;
  return nullptr;
}

const ProvisioningEvent* firstSkipped() {
  for (const ProvisioningEvent& e : fixture().all)
    if (e.result == ProvisioningResult::Skipped) return &e;
  return nullptr;
}

// A minimal scenario document: `license` and `workloads` (JSON text, may be empty).
std::string scenarioText(const std::string& license, const std::string& workloads = "") {
  std::string text =
      "{\"name\":\"t\",\"seed\":1,\"tenant\":{\"domain\":\"x.onmicrosoft.com\","
      "\"users\":10,\"license\":\"" +
      license +
      "\"},"
      "\"window\":{\"end\":\"2026-01-02T00:00:00Z\",\"days\":1}";
  if (!workloads.empty()) text += ",\"workloads\":" + workloads;
  return text + "}";
}

TEST(ProvisioningScenario, QuickstartHasThreeJobsAndFreeTenantsNone) {
  const Scenario quick = testing::shippedScenario("quickstart.json");
  ASSERT_TRUE(quick.workloads.provisioning.has_value());
  EXPECT_EQ(quick.workloads.provisioning->jobs.size(), 3u);
  EXPECT_EQ(quick.workloads.provisioning->cycleMinutes, 40);
  auto p2 = loadScenarioText(scenarioText("P2"));
  ASSERT_TRUE(p2) << p2.error()[0].toString();
  ASSERT_TRUE(p2->workloads.provisioning.has_value());    // on by default
  EXPECT_TRUE(p2->workloads.provisioning->jobs.empty());  // the three default jobs
  auto free = loadScenarioText(scenarioText("Free"));
  ASSERT_TRUE(free) << free.error()[0].toString();
  EXPECT_FALSE(free->workloads.provisioning.has_value());
  auto explicitFree = loadScenarioText(scenarioText("Free", "{\"provisioning\":{}}"));
  ASSERT_FALSE(explicitFree);
  EXPECT_NE(
      explicitFree.error()[0].toString().find("$.workloads.provisioning: needs tenant.license"),
      std::string::npos)
      << explicitFree.error()[0].toString();
}

TEST(ProvisioningScenario, SchemaRefusesBadValuesWithLocations) {
  auto bad = loadScenarioText(scenarioText(
      "P1", "{\"provisioning\":{\"cycleMinutes\":1,\"jobs\":[{\"template\":\"x\"}]}}"));
  ASSERT_FALSE(bad);
  std::string all;
  for (const ScenarioError& e : bad.error()) all += e.toString() + "\n";
  EXPECT_NE(all.find("cycleMinutes"), std::string::npos) << all;
  EXPECT_NE(all.find("app"), std::string::npos) << all;
  auto off = loadScenarioText(scenarioText("P1", "{\"provisioning\":false}"));
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->workloads.provisioning.has_value());
}

TEST(ProvisioningLog, JobsFollowTheJobIdRule) {
  const ProvisioningLog& log = fixture().log;
  ASSERT_EQ(log.jobs().size(), 3u);
  std::string tenant = fixture().simulation.scenario().tenant.id;
  std::erase(tenant, '-');
  EXPECT_EQ(log.jobs()[0].jobId.substr(0, 19 + tenant.size() + 1),
            "ServiceNowOutDelta." + tenant + ".");
  EXPECT_EQ(log.jobs()[0].jobId.size(), 19 + tenant.size() + 1 + 36);
  EXPECT_EQ(log.jobs()[0].targetIdentityType, "sys_user");
  EXPECT_EQ(log.jobs()[1].targetIdentityType, "User");
}

TEST(ProvisioningLog, SortedUniqueAndEveryOutcomeAppears) {
  const std::vector<ProvisioningEvent>& all = fixture().all;
  ASSERT_GT(all.size(), 200u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  std::set<uint64_t> keys;
  for (const ProvisioningEvent& e : all) EXPECT_TRUE(keys.insert(e.key).second);
  for (ProvisioningAction a : {ProvisioningAction::Create, ProvisioningAction::Update,
                               ProvisioningAction::Disable, ProvisioningAction::Delete})
    EXPECT_NE(first(a, ProvisioningResult::Success), nullptr) << provisioningActionName(a);
  EXPECT_NE(firstSkipped(), nullptr);
  size_t failures = 0;
  for (const ProvisioningEvent& e : all) failures += e.result == ProvisioningResult::Failure;
  EXPECT_GT(failures, 0u);
  EXPECT_LT(failures, all.size() / 5);
}

// Every entry exports an audited user change of its user made in the cycle's interval.
TEST(ProvisioningLog, EveryEntryFollowsItsAuditedChangeInThePreviousInterval) {
  const Simulation& sim = fixture().simulation;
  const ProvisioningLog& log = fixture().log;
  const std::vector<Event> audits = sim.generateWindow();
  const Catalog& catalog = sim.catalog();
  const ActivityId add =
      catalog.require(Source::Entra, "Add user", "Core Directory", "UserManagement");
  const ActivityId del =
      catalog.require(Source::Entra, "Delete user", "Core Directory", "UserManagement");
  for (const ProvisioningEvent& e : fixture().all) {
    const Ticks start = log.cycleStart(e.job, e.cycle);
    ASSERT_GE(e.time, start);
    ASSERT_LT(e.time, start + log.cycleInterval());
    bool found = false;
    for (const Event& a : audits) {
      if (a.time < start - log.cycleInterval() || a.time >= start) continue;
      if (!log.isUserChange(a) || a.subject != e.user) continue;
      if (e.action == ProvisioningAction::Create && a.activity != add) continue;
      if (e.action == ProvisioningAction::Delete && a.activity != del) continue;
      found = true;
      break;
    }
    ASSERT_TRUE(found) << provisioningActionName(e.action) << " of user " << e.user;
  }
}

TEST(ProvisioningLog, DeterministicAndRangesPartition) {
  const Simulation& sim = fixture().simulation;
  const ProvisioningLog& log = fixture().log;
  Simulation again(testing::smallScenario(150, 2));
  EXPECT_EQ(ProvisioningLog(again).generateWindow(), fixture().all);
  const Ticks a = sim.scenario().windowStart(), c = sim.scenario().windowEnd;
  for (Ticks b : {a + 7 * kTicksPerHour + 123, a + kTicksPerDay, c - 41 * kTicksPerMinute}) {
    std::vector<ProvisioningEvent> joined = log.generate(a, b);
    const std::vector<ProvisioningEvent> rest = log.generate(b, c);
    joined.insert(joined.end(), rest.begin(), rest.end());
    EXPECT_EQ(joined, fixture().all);
  }
}

TEST(ProvisioningLog, OffWithoutTheWorkload) {
  Scenario s = testing::smallScenario(50, 1);
  s.workloads.provisioning.reset();
  Simulation sim(s);
  EXPECT_TRUE(ProvisioningLog(sim).generateWindow().empty());
}

// Fact sheet §2: every property, in both versions, with Graph's types.
TEST(ProvisioningRender, V1ShapeHasEveryProperty) {
  const ProvisioningEvent* e = first(ProvisioningAction::Create, ProvisioningResult::Success);
  ASSERT_NE(e, nullptr);
  json x = rendered(*e, ApiVersion::V1);
  for (const char* name :
       {"id", "activityDateTime", "changeId", "cycleId", "durationInMilliseconds", "initiatedBy",
        "jobId", "modifiedProperties", "provisioningAction", "provisioningStatusInfo",
        "provisioningSteps", "servicePrincipal", "sourceIdentity", "sourceSystem", "targetIdentity",
        "targetSystem", "tenantId"})
    EXPECT_TRUE(x.contains(name)) << name;
  EXPECT_FALSE(x.contains("action"));
  EXPECT_FALSE(x.contains("statusInfo"));
  EXPECT_EQ(x["provisioningAction"], "create");
  EXPECT_TRUE(x["durationInMilliseconds"].is_number_integer());
  EXPECT_EQ(x["initiatedBy"]["initiatorType"], "system");
  EXPECT_EQ(x["sourceSystem"]["id"], "0404601d-a9c0-4ec7-bbcd-02660120d8c9");
  EXPECT_EQ(x["provisioningStatusInfo"]["status"], "success");
  EXPECT_TRUE(x["provisioningStatusInfo"]["errorInformation"].is_null());
  EXPECT_EQ(x["sourceIdentity"]["identityType"], "User");
  EXPECT_EQ(x["targetIdentity"]["id"].get<std::string>().size(), 16u);
  ASSERT_EQ(x["provisioningSteps"].size(), 4u);
  EXPECT_EQ(x["provisioningSteps"][0]["name"], "EntryImportAdd");
  EXPECT_EQ(x["provisioningSteps"][0]["provisioningStepType"], "import");
  EXPECT_EQ(x["provisioningSteps"][1]["name"], "EntrySynchronizationScoping");
  EXPECT_EQ(x["provisioningSteps"][2]["name"], "EntrySynchronizationAdd");
  EXPECT_EQ(x["provisioningSteps"][2]["provisioningStepType"], "matching");
  EXPECT_EQ(x["provisioningSteps"].back()["name"], "EntryExportAdd");
  EXPECT_EQ(x["provisioningSteps"].back()["provisioningStepType"], "export");
  EXPECT_TRUE(x["modifiedProperties"][0]["oldValue"].is_null());
  EXPECT_EQ(x["activityDateTime"].get<std::string>().size(), 28u);  // 7 fraction digits
}

TEST(ProvisioningRender, BetaAddsLegacyActionAndStatusInfo) {
  const ProvisioningEvent* e = first(ProvisioningAction::Update, ProvisioningResult::Failure);
  if (e == nullptr) e = first(ProvisioningAction::Create, ProvisioningResult::Failure);
  ASSERT_NE(e, nullptr);
  json x = rendered(*e, ApiVersion::Beta);
  EXPECT_TRUE(x["action"] == "Update" || x["action"] == "Create") << x["action"];
  EXPECT_EQ(x["statusInfo"]["@odata.type"], "#microsoft.graph.statusDetails");
  EXPECT_EQ(x["statusInfo"]["status"], "failure");
  const json& error = x["provisioningStatusInfo"]["errorInformation"];
  for (const char* name :
       {"errorCode", "errorCategory", "reason", "additionalDetails", "recommendedAction"})
    EXPECT_TRUE(error[name].is_string()) << name;
  EXPECT_EQ(x["provisioningSteps"].back()["status"], "failure");
  json ok =
      rendered(*first(ProvisioningAction::Create, ProvisioningResult::Success), ApiVersion::Beta);
  EXPECT_EQ(ok["statusInfo"]["@odata.type"], "#microsoft.graph.statusBase");
}

TEST(ProvisioningRender, SkippedEntriesNameTheSkipReason) {
  const ProvisioningEvent* e = firstSkipped();
  ASSERT_NE(e, nullptr);
  json x = rendered(*e, ApiVersion::V1);
  EXPECT_EQ(x["provisioningAction"], provisioningActionName(e->action));  // the change's [O2]
  EXPECT_EQ(x["provisioningStatusInfo"]["status"], "skipped");
  EXPECT_EQ(x["targetIdentity"]["id"], "");
  const json& skip = x["provisioningSteps"].back();
  EXPECT_EQ(skip["name"], "EntrySynchronizationSkip");
  EXPECT_EQ(skip["status"], "skipped");
  EXPECT_EQ(skip["details"]["SkipReason"], "NotEffectivelyEntitled");
}

TEST(ProvisioningRender, DisableTurnsActiveOff) {
  const ProvisioningEvent* e = first(ProvisioningAction::Disable, ProvisioningResult::Success);
  ASSERT_NE(e, nullptr);
  json x = rendered(*e, ApiVersion::V1);
  EXPECT_EQ(x["provisioningAction"], "disable");
  EXPECT_EQ(x["modifiedProperties"][0]["displayName"], "active");
  EXPECT_EQ(x["modifiedProperties"][0]["newValue"], "False");
}

}  // namespace
}  // namespace tenantsim
