// Specification of scenario files: the shipped scenarios, defaults, error reports (path, line,
// message), robustness against arbitrary input, and the ISO time helpers.
#include "simulator/scenario/scenario.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>

#include "embedded/files.h"
#include "tests/support/files.h"
#include "tests/support/json.h"

namespace tenantsim {
namespace {

const std::filesystem::path kScenarioDir =
    std::filesystem::path(TENANTSIM_SOURCE_DIR) / "scenarios";

using tenantsim::testing::readFile;

// A valid scenario with `members` (",\n"-prefixed JSON members) appended at the top level.
std::string minimalScenario(const std::string& members = "") {
  return "{\n"
         "  \"name\": \"t\",\n"
         "  \"seed\": 3,\n"
         "  \"tenant\": { \"domain\": \"example.onmicrosoft.com\", \"users\": 100 },\n"
         "  \"window\": { \"end\": \"2026-11-01T00:00:00Z\", \"days\": 10 }" +
         members + "\n}\n";
}

Scenario loadOrFail(const std::string& text) {
  auto result = loadScenarioText(text);
  if (!result) {
    const std::vector<ScenarioError>& errors = result.error();
    std::string all;
    for (const ScenarioError& error : errors) all += error.toString() + "\n";
    ADD_FAILURE() << "expected a scenario, got errors:\n" << all;
    return {};
  }
  return *result;
}

std::vector<std::string> errorStrings(const std::string& text) {
  std::vector<std::string> strings;
  for (const ScenarioError& error : validateScenarioText(text)) strings.push_back(error.toString());
  return strings;
}

Ticks at(const char* text) { return parseIsoTime(text).value(); }

// ---- Shipped scenarios -----------------------------------------------------------------------

TEST(ShippedScenarios, EveryScenarioFileValidatesAndLoads) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kScenarioDir)) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "scenario.schema.json") {
      continue;
    }
    SCOPED_TRACE(entry.path().filename().string());
    auto result = loadScenarioFile(entry.path().string());
    if (!result) {
      const std::vector<ScenarioError>& errors = result.error();
      for (const ScenarioError& error : errors) ADD_FAILURE() << error.toString();
    }
    EXPECT_TRUE(result.ok());
    ++checked;
  }
  EXPECT_GE(checked, 7);
}

TEST(ShippedScenarios, QuickstartHasTheDocumentedTenantWindowAndApps) {
  Scenario quickstart = loadOrFail(readFile(kScenarioDir / "quickstart.json"));
  EXPECT_EQ(quickstart.seed, 42u);
  EXPECT_EQ(quickstart.tenant.users, 1000);
  EXPECT_EQ(quickstart.tenant.license, "P2");
  EXPECT_EQ(quickstart.windowEnd, at("2026-11-01T00:00:00Z"));
  EXPECT_EQ(quickstart.windowDays, 30);
  EXPECT_EQ(quickstart.server.auth, "strict");
  ASSERT_EQ(quickstart.storylines.size(), 4u);
  EXPECT_EQ(quickstart.storylines[0].kind, "pimEscalation");
  EXPECT_EQ(quickstart.storylines[1].kind, "rogueCloudPkiCa");
  EXPECT_EQ(quickstart.storylines[2].kind, "passwordSpray");
  EXPECT_EQ(quickstart.storylines[3].kind, "impossibleTravel");
  for (const StorylineConfig& storyline : quickstart.storylines) {
    EXPECT_GE(storyline.at, quickstart.windowStart());
    EXPECT_LT(storyline.at, quickstart.windowEnd);
  }
  ASSERT_EQ(quickstart.apps.size(), 2u);
  EXPECT_EQ(quickstart.apps[0].displayName, "tenantsim demo app");
  EXPECT_EQ(quickstart.apps[0].clientId, "11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(quickstart.apps[0].secret, "tenantsim-demo-secret");
  EXPECT_EQ(quickstart.apps[0].permissions,
            (std::vector<std::string>{"AuditLog.Read.All", "Directory.Read.All",
                                      "DeviceManagementApps.Read.All", "IdentityRiskEvent.Read.All",
                                      "SecurityAlert.Read.All", "SecurityIncident.Read.All"}));
  EXPECT_EQ(quickstart.apps[1].clientId, "66666666-7777-8888-9999-000000000000");
  EXPECT_TRUE(quickstart.apps[1].permissions.empty());
}

TEST(ShippedScenarios, LoadLiveRunsALargeTenantInLiveModeWithoutAuthOrThrottling) {
  Scenario live = loadOrFail(readFile(kScenarioDir / "load-live.json"));
  EXPECT_EQ(live.tenant.users, 10'000'000);
  ASSERT_TRUE(live.live.has_value());
  EXPECT_EQ(live.live->speed, 10);
  EXPECT_FALSE(live.server.throttling);
  EXPECT_EQ(live.server.auth, "off");
}

// ---- Defaults and typed loading --------------------------------------------------------------

TEST(ScenarioLoading, AbsentKeysTakeTheStructDefaults) {
  Scenario loaded = loadOrFail(minimalScenario());
  Scenario defaults;
  EXPECT_EQ(loaded.tenant.name, defaults.tenant.name);
  EXPECT_EQ(loaded.tenant.license, defaults.tenant.license);
  ASSERT_TRUE(loaded.workloads.background && loaded.workloads.pim &&
              loaded.workloads.conditionalAccess && loaded.workloads.cloudPki);
  EXPECT_EQ(loaded.workloads.background->eventsPerUserPerDay, 15);
  EXPECT_EQ(loaded.workloads.pim->eligibleUsers, PimConfig{}.eligibleUsers);
  EXPECT_EQ(loaded.workloads.cloudPki->leafCertificatesPerCA,
            CloudPkiConfig{}.leafCertificatesPerCA);
  EXPECT_FALSE(loaded.workloads.catalogTour);
  EXPECT_TRUE(loaded.storylines.empty());
  EXPECT_TRUE(loaded.apps.empty());
  EXPECT_EQ(loaded.server.auth, "strict");
  EXPECT_TRUE(loaded.server.throttling);
  EXPECT_EQ(loaded.server.directoryAuditsBudget.requests, 5);
  EXPECT_EQ(loaded.server.faults.statuses, FaultConfig{}.statuses);
  EXPECT_FALSE(loaded.live.has_value());
}

TEST(ScenarioLoading, SchemaDefaultsAgreeWithStructDefaults) {
  nlohmann::json schema = parseJson(embedded::scenario_schema_json());
  auto schema_default = [&](const std::string& pointer) {
    return schema.at(nlohmann::json::json_pointer(pointer + "/default"));
  };
  EXPECT_EQ(schema_default("/$defs/background/properties/eventsPerUserPerDay"),
            BackgroundConfig{}.eventsPerUserPerDay);
  EXPECT_EQ(schema_default("/$defs/background/properties/nightFactor"),
            BackgroundConfig{}.nightFactor);
  EXPECT_EQ(schema_default("/$defs/pim/properties/eligibleUsers"), PimConfig{}.eligibleUsers);
  EXPECT_EQ(schema_default("/$defs/pim/properties/denialShare"), PimConfig{}.denialShare);
  EXPECT_EQ(schema_default("/$defs/conditionalAccess/properties/policies"),
            ConditionalAccessConfig{}.policies);
  EXPECT_EQ(schema_default("/$defs/cloudPki/properties/readsPerDay"), CloudPkiConfig{}.readsPerDay);
  EXPECT_EQ(schema_default("/$defs/faults/properties/statuses"), FaultConfig{}.statuses);
  EXPECT_EQ(schema_default("/$defs/latency/properties/sigma"), LatencyConfig{}.sigma);
  EXPECT_EQ(schema_default("/properties/server/properties/intuneRetentionDays"),
            ServerConfig{}.intuneRetentionDays);
  EXPECT_EQ(schema_default("/properties/tenant/properties/users"), TenantConfig{}.users);
}

void expectEveryPropertyDocumented(const nlohmann::json& node, const std::string& where) {
  if (node.is_array()) {
    for (const nlohmann::json& element : node) expectEveryPropertyDocumented(element, where);
  }
  if (!node.is_object()) return;
  if (auto properties = node.find("properties"); properties != node.end()) {
    for (const auto& [key, property] : properties->items()) {
      EXPECT_TRUE(property.contains("title") && property.contains("description")) << where << key;
    }
  }
  for (const auto& [key, member] : node.items()) {
    if (key != "default" && key != "examples")
      expectEveryPropertyDocumented(member, where + key + "/");
  }
}

TEST(ScenarioLoading, EverySchemaPropertyHasATitleAndDescription) {
  expectEveryPropertyDocumented(parseJson(embedded::scenario_schema_json()), "/");
}

TEST(ScenarioLoading, TenantIdIsDerivedFromTheSeedAsALowercaseGuid) {
  std::string first = loadOrFail(minimalScenario()).tenant.id;
  EXPECT_EQ(loadOrFail(minimalScenario()).tenant.id, first);
  EXPECT_TRUE(std::regex_match(
      first, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << first;
  std::string other_seed = minimalScenario();
  other_seed.replace(other_seed.find("\"seed\": 3"), 9, "\"seed\": 4");
  EXPECT_NE(loadOrFail(other_seed).tenant.id, first);
}

TEST(ScenarioLoading, FalseDisablesAWorkload) {
  Scenario loaded =
      loadOrFail(minimalScenario(",\n\"workloads\": { \"pim\": false, \"cloudPki\": false }"));
  EXPECT_FALSE(loaded.workloads.pim.has_value());
  EXPECT_FALSE(loaded.workloads.cloudPki.has_value());
  EXPECT_TRUE(loaded.workloads.background.has_value());
}

TEST(ScenarioLoading, ThrottlingFalseTurnsThrottlingOff) {
  EXPECT_FALSE(
      loadOrFail(minimalScenario(",\n\"server\": { \"throttling\": false }")).server.throttling);
}

TEST(ScenarioLoading, ThrottlingObjectSetsTheBudgets) {
  Scenario loaded =
      loadOrFail(minimalScenario(",\n\"server\": { \"throttling\": { \"directoryAudits\": { "
                                 "\"requests\": 7, \"perSeconds\": 3 } } }"));
  EXPECT_TRUE(loaded.server.throttling);
  EXPECT_EQ(loaded.server.directoryAuditsBudget.requests, 7);
  EXPECT_EQ(loaded.server.directoryAuditsBudget.perSeconds, 3);
  EXPECT_EQ(loaded.server.auditEventsBudget.requests, 1000);
}

TEST(ScenarioLoading, EndpointSettingsAreKeptPerEndpoint) {
  Scenario loaded = loadOrFail(minimalScenario(
      ",\n\"server\": { \"endpoints\": { \"token\": { \"latency\": { \"distribution\": \"fixed\", "
      "\"ms\": 250 }, \"faults\": { \"rate\": 0.5, \"statuses\": [502] } } } }"));
  ASSERT_EQ(loaded.server.endpoints.count("token"), 1u);
  ASSERT_TRUE(loaded.server.endpoints["token"].latency && loaded.server.endpoints["token"].faults);
  EXPECT_EQ(loaded.server.endpoints["token"].latency->distribution, "fixed");
  EXPECT_EQ(loaded.server.endpoints["token"].latency->ms, 250);
  EXPECT_EQ(loaded.server.endpoints["token"].faults->statuses, std::vector<int>{502});
}

TEST(ScenarioLoading, EndpointBlocksStartFromTheGlobalOnesAndAbsentBlocksStayAbsent) {
  Scenario loaded = loadOrFail(minimalScenario(
      ",\n\"server\": { \"faults\": { \"rate\": 0.2, \"statuses\": [503], \"retryAfterSeconds\": 7 "
      "}, "
      "\"endpoints\": { \"auditEvents\": { \"faults\": { \"rate\": 0 } }, "
      "\"directoryAudits\": { \"latency\": { \"distribution\": \"fixed\", \"ms\": 5 } } } }"));
  const EndpointServerConfig& auditEvents = loaded.server.endpoints["auditEvents"];
  ASSERT_TRUE(auditEvents.faults);
  EXPECT_EQ(auditEvents.faults->rate, 0);                          // given
  EXPECT_EQ(auditEvents.faults->statuses, std::vector<int>{503});  // inherited
  EXPECT_EQ(auditEvents.faults->retryAfterSeconds, 7);
  EXPECT_FALSE(auditEvents.latency);
  EXPECT_FALSE(loaded.server.endpoints["directoryAudits"].faults);
  EXPECT_TRUE(loaded.server.endpoints["directoryAudits"].latency);
}

TEST(ScenarioLoading, StorylineLabelDefaultsToItsKind) {
  Scenario loaded =
      loadOrFail(minimalScenario(",\n\"storylines\": [ { \"kind\": \"rogueCloudPkiCa\", \"at\": "
                                 "\"2026-10-25T10:00:00+02:00\" } ]"));
  ASSERT_EQ(loaded.storylines.size(), 1u);
  EXPECT_EQ(loaded.storylines[0].label, "rogueCloudPkiCa");
  EXPECT_EQ(loaded.storylines[0].at, at("2026-10-25T08:00:00Z"));
}

TEST(ScenarioLoading, LiveSectionEnablesLiveModeWithItsStart) {
  Scenario loaded = loadOrFail(minimalScenario(",\n\"live\": { \"start\": \"2026-11-02\" }"));
  ASSERT_TRUE(loaded.live.has_value());
  EXPECT_EQ(loaded.live->speed, 1);
  EXPECT_EQ(loaded.live->start, at("2026-11-02T00:00:00Z"));
}

TEST(ScenarioLoading, LiveEpochIsTheWallClockInstantOfTheStart) {
  Scenario loaded = loadOrFail(minimalScenario(
      ",\n\"live\": { \"start\": \"2026-11-02\", \"epoch\": \"2026-12-07T02:00:00Z\" }"));
  ASSERT_TRUE(loaded.live.has_value());
  EXPECT_EQ(loaded.live->epoch, at("2026-12-07T02:00:00Z"));
}

TEST(ScenarioLoading, LiveWithoutEpochStartsWithTheProcess) {
  Scenario loaded = loadOrFail(minimalScenario(",\n\"live\": { \"speed\": 2 }"));
  ASSERT_TRUE(loaded.live.has_value());
  EXPECT_FALSE(loaded.live->epoch.has_value());
}

TEST(ScenarioLoading, CommentsOfBothStylesAreAccepted) {
  std::string text =
      minimalScenario(",\n// a line comment\n/* a block\n comment */ \"description\": \"x\"");
  EXPECT_EQ(loadOrFail(text).description, "x");
}

// ---- Error reports ---------------------------------------------------------------------------

TEST(ScenarioErrors, OutOfRangeValueReportsLinePathAndBound) {
  std::string text = R"({
  "name": "t",
  "seed": 1,
  "window": { "end": "2026-11-01", "days": 1 },
  "tenant": {
    "domain": "example.com",
    "users": 0
  }
})";
  EXPECT_EQ(errorStrings(text),
            std::vector<std::string>{"line 7: $.tenant.users: must be at least 1, got 0"});
}

TEST(ScenarioErrors, WrongTypeNamesTheExpectedAndTheActualType) {
  std::string text = minimalScenario();
  text.replace(text.find("\"users\": 100"), 12, "\"users\": \"ten\"");
  EXPECT_EQ(
      errorStrings(text),
      std::vector<std::string>{"line 4: $.tenant.users: must be an integer, got string \"ten\""});
}

TEST(ScenarioErrors, UnknownKeySuggestsTheClosestKnownKey) {
  std::string text = minimalScenario();
  text.replace(text.find("\"users\""), 7, "\"usres\"");
  std::vector<std::string> errors = errorStrings(text);
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "line 4: $.tenant: missing required key 'users'",
                        "line 4: $.tenant.usres: unknown key 'usres' (did you mean 'users'?)"}));
}

TEST(ScenarioErrors, UnknownKeyFarFromEveryKnownKeyHasNoSuggestion) {
  EXPECT_EQ(errorStrings(minimalScenario(",\n\"colour\": 1")),
            std::vector<std::string>{"line 6: $.colour: unknown key 'colour'"});
}

TEST(ScenarioErrors, MissingRequiredKeyIsReportedAtItsObject) {
  std::string text = minimalScenario();
  text.replace(text.find("\"domain\": \"example.onmicrosoft.com\", "), 36, "");
  EXPECT_EQ(errorStrings(text),
            std::vector<std::string>{"line 4: $.tenant: missing required key 'domain'"});
}

TEST(ScenarioErrors, MisspelledEnumValueSuggestsTheAllowedOne) {
  std::vector<std::string> errors =
      errorStrings(minimalScenario(",\n\"server\": { \"auth\": \"strct\" }"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "line 6: $.server.auth: must be one of \"strict\", \"permissive\", \"off\", got string "
            "\"strct\" (did you mean \"strict\"?)");
}

TEST(ScenarioErrors, MalformedJsonIsOneErrorWithLineAndColumn) {
  std::string text = "{\n  \"name\": \"t\"\n  \"seed\": 1\n}\n";
  std::vector<ScenarioError> errors = validateScenarioText(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[0].path, "$");
  EXPECT_NE(errors[0].message.find("malformed JSON at column 8: syntax error"), std::string::npos)
      << errors[0].message;
}

TEST(ScenarioErrors, WorkloadOfTheWrongFormMustBeFalseOrAnObject) {
  EXPECT_EQ(errorStrings(minimalScenario(",\n\"workloads\": { \"pim\": \"yes\" }")),
            std::vector<std::string>{
                "line 6: $.workloads.pim: must be false or an object, got string \"yes\""});
}

TEST(ScenarioErrors, ErrorInsideAnEnabledWorkloadPointsAtTheField) {
  EXPECT_EQ(
      errorStrings(minimalScenario(",\n\"workloads\": {\n \"pim\": { \"eligibleUsers\": -1 } }")),
      std::vector<std::string>{
          "line 7: $.workloads.pim.eligibleUsers: must be at least 0, got -1"});
}

TEST(ScenarioErrors, StorylineOutsideTheWindowIsRejected) {
  std::vector<std::string> errors =
      errorStrings(minimalScenario(",\n\"storylines\": [\n  { \"kind\": \"pimEscalation\", \"at\": "
                                   "\"2026-09-01T00:00:00Z\" } ]"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "line 7: $.storylines[0].at: must be inside the window 2026-10-22T00:00:00.0000000Z .. "
            "2026-11-01T00:00:00.0000000Z, got \"2026-09-01T00:00:00Z\"");
}

TEST(ScenarioErrors, InvalidDateTimeIsRejected) {
  std::string text = minimalScenario();
  text.replace(text.find("2026-11-01T00:00:00Z"), 20, "2026-13-01T00:00:00Z");
  EXPECT_EQ(errorStrings(text),
            std::vector<std::string>{"line 5: $.window.end: must be an ISO 8601 time such as "
                                     "2026-11-01T00:00:00Z, got string \"2026-13-01T00:00:00Z\""});
}

TEST(ScenarioErrors, SeveralErrorsAreReportedAtOnceInFileOrder) {
  std::string text = R"({
  "name": "",
  "seed": -1,
  "tenant": { "domain": "not a domain", "users": 1, "licence": "P2" },
  "window": { "end": "2026-11-01", "days": 0 }
})";
  std::vector<ScenarioError> errors = validateScenarioText(text);
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[0].path, "$.name");
  EXPECT_EQ(errors[1].path, "$.seed");
  EXPECT_EQ(errors[4].path, "$.window.days");
  EXPECT_EQ(errors[4].line, 5);
  EXPECT_EQ(errors[4].message, "must be greater than 0, got 0");
}

TEST(ScenarioErrors, EligibleUsersCannotExceedTheTenantsUsers) {
  EXPECT_EQ(
      errorStrings(minimalScenario(",\n\"workloads\": { \"pim\": { \"eligibleUsers\": 101 } }")),
      std::vector<std::string>{"line 6: $.workloads.pim.eligibleUsers: must be at most the "
                               "tenant's users (100), got 101"});
}

TEST(ScenarioErrors, DuplicateClientIdsAreRejected) {
  std::string apps = R"(,
"apps": [
  { "displayName": "a", "clientId": "11111111-2222-3333-4444-555555555555" },
  { "displayName": "b", "clientId": "11111111-2222-3333-4444-555555555555" } ])";
  EXPECT_EQ(
      errorStrings(minimalScenario(apps)),
      std::vector<std::string>{"line 8: $.apps[1].clientId: duplicate clientId "
                               "'11111111-2222-3333-4444-555555555555' (also used by $.apps[0])"});
}

TEST(ScenarioErrors, ArrayElementErrorsPointAtTheElement) {
  std::string apps = ",\n\"apps\": [\n  { \"displayName\": \"a\", \"clientId\": \"x\" },\n  7 ]";
  EXPECT_EQ(errorStrings(minimalScenario(apps)),
            (std::vector<std::string>{"line 7: $.apps[0].clientId: must be a GUID such as "
                                      "11111111-2222-3333-4444-555555555555, "
                                      "got string \"x\"",
                                      "line 8: $.apps[1]: must be an object, got number 7"}));
}

TEST(ScenarioErrors, ImplausibleVolumeNamesTheProduct) {
  std::string text = minimalScenario();
  text.replace(text.find("\"users\": 100"), 12, "\"users\": 100000000");
  text.replace(text.find("\"days\": 10"), 10, "\"days\": 30");
  std::vector<std::string> errors = errorStrings(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "line 4: $.tenant.users: would generate about 45,000,000,000 background events "
            "(tenant.users 100,000,000 x eventsPerUserPerDay 15 x window.days 30), more than the "
            "limit of 20,000,000,000");
}

TEST(ScenarioErrors, LiveStartBeforeTheWindowIsRejected) {
  EXPECT_EQ(errorStrings(minimalScenario(",\n\"live\": { \"start\": \"2026-01-01\" }")),
            std::vector<std::string>{"line 6: $.live.start: must not be before the window start "
                                     "2026-10-22T00:00:00.0000000Z"});
}

TEST(ScenarioErrors, DefaultPageSizeCannotExceedTheMaximum) {
  EXPECT_EQ(errorStrings(minimalScenario(
                ",\n\"server\": { \"pageSize\": { \"default\": 500, \"max\": 100 } }")),
            std::vector<std::string>{
                "line 6: $.server.pageSize.default: must be at most pageSize.max (100), got 500"});
}

TEST(ScenarioErrors, RootMustBeAnObject) {
  EXPECT_EQ(errorStrings("[]"),
            std::vector<std::string>{"line 1: $: must be an object, got an array"});
}

TEST(ScenarioErrors, UnreadableFileIsOneErrorAtTheRoot) {
  auto result = loadScenarioFile("/nonexistent/scenario.json");
  ASSERT_FALSE(result.ok());
  const auto& errors = result.error();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "$");
  EXPECT_NE(errors[0].message.find("/nonexistent/scenario.json"), std::string::npos);
}

TEST(ScenarioErrors, DeeplyNestedInputIsRejectedWithoutCrashing) {
  std::string deep = std::string(20000, '[') + std::string(20000, ']');
  EXPECT_FALSE(validateScenarioText(deep).empty());
  EXPECT_FALSE(validateScenarioText(minimalScenario(",\n\"extra\": " + deep)).empty());
}

TEST(ScenarioErrors, RandomMutationsAlwaysYieldAScenarioOrErrors) {
  const std::string original = readFile(kScenarioDir / "quickstart.json");
  std::mt19937 random(20261101);
  const std::string alphabet = "{}[]\",:0123456789.-+eE/*\n tfnaxZ\\\x01\xff";
  for (int mutation = 0; mutation < 3000; ++mutation) {
    std::string text = original;
    int edits = 1 + static_cast<int>(random() % 4);
    for (int edit = 0; edit < edits && !text.empty(); ++edit) {
      size_t pos = random() % text.size();
      char byte = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          text.erase(pos, 1 + random() % 8);
          break;
        case 1:
          text.insert(pos, 1, byte);
          break;
        default:
          text[pos] = byte;
          break;
      }
    }
    auto result = loadScenarioText(text);
    bool loaded = result.ok();
    ASSERT_TRUE(loaded || !result.error().empty()) << text;
    ASSERT_EQ(loaded, validateScenarioText(text).empty()) << text;
  }
}

// ---- ISO times -------------------------------------------------------------------------------

TEST(IsoTime, FormatsSevenFractionalDigitsAndZ) {
  EXPECT_EQ(formatIsoTime(0), "1970-01-01T00:00:00.0000000Z");
  EXPECT_EQ(formatIsoTime(at("2026-11-01T00:00:00Z")), "2026-11-01T00:00:00.0000000Z");
  EXPECT_EQ(formatIsoTime(-1), "1969-12-31T23:59:59.9999999Z");
}

TEST(IsoTime, RoundTripsEveryTick) {
  for (const char* text : {"2026-11-01T13:45:07.1234567Z", "2000-02-29T23:59:59.9999999Z",
                           "1969-07-20T20:17:40.0000000Z", "9999-12-31T23:59:59.9999999Z"}) {
    EXPECT_EQ(formatIsoTime(at(text)), text);
  }
}

TEST(IsoTime, AcceptsFewerFractionalDigits) {
  EXPECT_EQ(at("2026-11-01T00:00:00.5Z"), at("2026-11-01T00:00:00Z") + kTicksPerSecond / 2);
  EXPECT_EQ(at("2026-11-01T00:00:00.1234567Z") - at("2026-11-01T00:00:00Z"), 1234567);
}

TEST(IsoTime, OffsetsConvertToUtc) {
  EXPECT_EQ(at("2026-11-01T02:30:00+02:30"), at("2026-11-01T00:00:00Z"));
  EXPECT_EQ(at("2026-10-31T19:00:00-05:00"), at("2026-11-01T00:00:00Z"));
  EXPECT_EQ(at("2026-11-01T00:00:00+00:00"), at("2026-11-01T00:00:00Z"));
}

TEST(IsoTime, DateOnlyIsMidnightUtc) {
  EXPECT_EQ(at("2026-11-01"), at("2026-11-01T00:00:00Z"));
  EXPECT_EQ(at("1970-01-02"), kTicksPerDay);
}

TEST(IsoTime, LeapDaysFollowTheGregorianRules) {
  EXPECT_TRUE(parseIsoTime("2028-02-29").has_value());
  EXPECT_TRUE(parseIsoTime("2000-02-29").has_value());
  EXPECT_FALSE(parseIsoTime("2026-02-29").has_value());
  EXPECT_FALSE(parseIsoTime("1900-02-29").has_value());
  EXPECT_EQ(at("2028-03-01") - at("2028-02-28"), 2 * kTicksPerDay);
}

TEST(IsoTime, GarbageIsRejected) {
  for (const char* text :
       {"", "2026", "2026-11", "2026-11-01T", "2026-11-01T00:00:00", "2026-11-01T24:00:00Z",
        "2026-11-01T00:60:00Z", "2026-13-01", "2026-11-00", "2026-11-01T00:00:00.Z",
        "2026-11-01T00:00:00.12345678Z", "2026-11-01T00:00:00Zjunk", "2026-11-01T00:00:00+2:00",
        "yesterday", "2026-11-01x", " 2026-11-01"}) {
    EXPECT_FALSE(parseIsoTime(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace tenantsim
