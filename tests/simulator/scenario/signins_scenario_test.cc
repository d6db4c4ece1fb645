// Specification of the scenario's signIns block: defaults from the fact sheet, typed loading,
// the licence rule and the volume rule, each error with its location.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "embedded/files.h"
#include "simulator/scenario/scenario.h"
#include "tests/support/json.h"

namespace tenantsim {
namespace {

std::string scenarioWith(const std::string& tenantExtra, const std::string& members = "") {
  return "{\n"
         "  \"name\": \"t\",\n"
         "  \"seed\": 3,\n"
         "  \"tenant\": { \"domain\": \"example.onmicrosoft.com\", \"users\": 100" +
         tenantExtra +
         " },\n"
         "  \"window\": { \"end\": \"2026-11-01T00:00:00Z\", \"days\": 10 }" +
         members + "\n}\n";
}

std::vector<std::string> errorStrings(const std::string& text) {
  std::vector<std::string> strings;
  for (const ScenarioError& error : validateScenarioText(text)) strings.push_back(error.toString());
  return strings;
}

TEST(SignInsScenario, AbsentBlockGivesTheFactSheetDefaults) {
  auto loaded = loadScenarioText(scenarioWith(""));
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(loaded->workloads.signIns.has_value());
  const SignInsConfig& c = *loaded->workloads.signIns;
  EXPECT_EQ(c.interactivePerUserPerWorkday, 3);
  EXPECT_EQ(c.nonInteractivePerInteractive, 8);
  EXPECT_EQ(c.servicePrincipalPerInteractive, 2);
  EXPECT_EQ(c.failureShare, 0.08);
}

TEST(SignInsScenario, SchemaDefaultsAgreeWithStructDefaults) {
  nlohmann::json schema = parseJson(embedded::scenario_schema_json());
  const nlohmann::json& p = schema["$defs"]["signIns"]["properties"];
  SignInsConfig d;
  EXPECT_EQ(p["interactivePerUserPerWorkday"]["default"], d.interactivePerUserPerWorkday);
  EXPECT_EQ(p["nonInteractivePerInteractive"]["default"], d.nonInteractivePerInteractive);
  EXPECT_EQ(p["servicePrincipalPerInteractive"]["default"], d.servicePrincipalPerInteractive);
  EXPECT_EQ(p["managedIdentities"]["default"], d.managedIdentities);
  EXPECT_EQ(p["managedIdentitySignInsPerHour"]["default"], d.managedIdentitySignInsPerHour);
  EXPECT_EQ(p["failureShare"]["default"], d.failureShare);
  EXPECT_EQ(p["travelShare"]["default"], d.travelShare);
  EXPECT_EQ(p["legacyClientShare"]["default"], d.legacyClientShare);
  EXPECT_EQ(p["servicePrincipalFailureShare"]["default"], d.servicePrincipalFailureShare);
}

TEST(SignInsScenario, GivenKeysOverrideTheDefaults) {
  auto loaded = loadScenarioText(
      scenarioWith("",
                   ",\n\"workloads\": { \"signIns\": { \"interactivePerUserPerWorkday\": 5, "
                   "\"travelShare\": 0.1, \"managedIdentities\": 7 } }"));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->workloads.signIns->interactivePerUserPerWorkday, 5);
  EXPECT_EQ(loaded->workloads.signIns->travelShare, 0.1);
  EXPECT_EQ(loaded->workloads.signIns->managedIdentities, 7);
  EXPECT_EQ(loaded->workloads.signIns->failureShare, SignInsConfig{}.failureShare);
}

TEST(SignInsScenario, FalseDisablesSignIns) {
  auto loaded = loadScenarioText(scenarioWith("", ",\n\"workloads\": { \"signIns\": false }"));
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded->workloads.signIns.has_value());
}

TEST(SignInsScenario, FreeTenantsHaveNoSignInsByDefault) {
  auto loaded = loadScenarioText(scenarioWith(", \"license\": \"Free\""));
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded->workloads.signIns.has_value());
}

TEST(SignInsScenario, AnExplicitBlockOnAFreeTenantIsAnErrorAtTheBlock) {
  EXPECT_EQ(errorStrings(
                scenarioWith(", \"license\": \"Free\"", ",\n\"workloads\": { \"signIns\": {} }")),
            std::vector<std::string>{
                "line 6: $.workloads.signIns: needs tenant.license P1 or P2 (Free tenants have no "
                "sign-in logs); set signIns to false or raise the license"});
}

TEST(SignInsScenario, ASharePastOneIsASchemaErrorWithItsPath) {
  std::vector<std::string> errors =
      errorStrings(scenarioWith("", ",\n\"workloads\": { \"signIns\": { \"failureShare\": 2 } }"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("$.workloads.signIns.failureShare"), std::string::npos) << errors[0];
}

// workloads.signIns.riskRemediation (docs/identity-protection.md#remediation-shares).
TEST(SignInsScenario, RiskRemediationSharesLoadWithSchemaDefaults) {
  nlohmann::json schema = parseJson(embedded::scenario_schema_json());
  const nlohmann::json& p =
      schema["$defs"]["signIns"]["properties"]["riskRemediation"]["properties"];
  const RiskRemediationConfig d;
  EXPECT_EQ(p["passedMfaShare"]["default"], d.passedMfaShare);
  EXPECT_EQ(p["securedPasswordResetShare"]["default"], d.securedPasswordResetShare);
  EXPECT_EQ(p["adminPasswordResetShare"]["default"], d.adminPasswordResetShare);
  EXPECT_EQ(p["adminDismissedShare"]["default"], d.adminDismissedShare);
  EXPECT_EQ(p["servicePrincipalRiskPerDay"]["default"], d.servicePrincipalRiskPerDay);
  EXPECT_EQ(p["servicePrincipalDismissedShare"]["default"], d.servicePrincipalDismissedShare);
  auto loaded = loadScenarioText(
      scenarioWith("",
                   ",\n\"workloads\": { \"signIns\": { \"riskRemediation\": { "
                   "\"adminPasswordResetShare\": 0.3, \"servicePrincipalRiskPerDay\": 0 } } }"));
  ASSERT_TRUE(loaded);
  const RiskRemediationConfig& r = loaded->workloads.signIns->riskRemediation;
  EXPECT_EQ(r.adminPasswordResetShare, 0.3);
  EXPECT_EQ(r.servicePrincipalRiskPerDay, 0);
  EXPECT_EQ(r.passedMfaShare, d.passedMfaShare);
}

TEST(SignInsScenario, UserRemediationSharesPastOneAreAnErrorAtTheBlock) {
  std::vector<std::string> errors =
      errorStrings(scenarioWith("",
                                ",\n\"workloads\": { \"signIns\": { \"riskRemediation\": { "
                                "\"passedMfaShare\": 0.5, \"adminDismissedShare\": 0.5 } } }"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("$.workloads.signIns.riskRemediation"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("add up to 1.25"), std::string::npos) << errors[0];
}

TEST(SignInsScenario, AnUnknownKeyIsAnError) {
  std::vector<std::string> errors = errorStrings(
      scenarioWith("", ",\n\"workloads\": { \"signIns\": { \"interactivePerDay\": 2 } }"));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("$.workloads.signIns"), std::string::npos) << errors[0];
}

TEST(SignInsScenario, AnImpossibleVolumeIsReportedWithItsProduct) {
  std::string text = scenarioWith("",
                                  ",\n\"workloads\": { \"signIns\": { "
                                  "\"interactivePerUserPerWorkday\": 1000, "
                                  "\"nonInteractivePerInteractive\": 100, "
                                  "\"servicePrincipalPerInteractive\": 100 } }");
  text.replace(text.find("\"users\": 100 "), 13, "\"users\": 100000 ");
  std::vector<std::string> errors = errorStrings(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("$.workloads.signIns: would generate about"), std::string::npos)
      << errors[0];
}

}  // namespace
}  // namespace tenantsim
