// riskDetection as Graph renders it (fact sheet §3.1): properties, null rules, v1.0 against beta,
// and P1's generic premium detections.
#include "simulator/graph/risk_render.h"

#include <set>

#include "tests/support/json.h"
#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

Scenario scenario(const std::string& license) {
  Scenario s = testing::smallScenario(100, 3);
  s.tenant.license = license;
  s.workloads.signIns = SignInsConfig{};
  s.storylines.push_back({"impossibleTravel", s.windowStart() + 30 * kTicksPerHour, "trip"});
  return s;
}

nlohmann::json firstDetection(const std::string& license, ApiVersion api) {
  Simulation sim(scenario(license));
  SignInLog signIns(sim);
  RiskLog risks(signIns);
  std::vector<RiskDetection> all = risks.generateWindow();
  EXPECT_FALSE(all.empty());
  if (all.empty()) return {};
  RiskDetectionDetails d;
  for (const RiskDetection& r : all) {
    if (r.type != RiskEventType::AnomalousToken) continue;
    risks.describe(r, d);
    std::string out;
    renderRiskDetection(d, api, out);
    return parseJson(out);
  }
  ADD_FAILURE() << "no anomalousToken detection";
  return {};
}

TEST(RiskRender, V1HasTheFactSheetsPropertiesAndNoBetaOnes) {
  nlohmann::json j = firstDetection("P2", ApiVersion::V1);
  const std::set<std::string> expected = {"id",
                                          "activity",
                                          "activityDateTime",
                                          "additionalInfo",
                                          "correlationId",
                                          "detectedDateTime",
                                          "detectionTimingType",
                                          "ipAddress",
                                          "lastUpdatedDateTime",
                                          "location",
                                          "requestId",
                                          "riskDetail",
                                          "riskEventType",
                                          "riskLevel",
                                          "riskState",
                                          "source",
                                          "tokenIssuerType",
                                          "userDisplayName",
                                          "userId",
                                          "userPrincipalName"};
  std::set<std::string> got;
  for (auto& [k, v] : j.items()) got.insert(k);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(j["riskEventType"], "anomalousToken");
  EXPECT_EQ(j["riskLevel"], "high");
  EXPECT_EQ(j["detectionTimingType"], "offline");
  EXPECT_EQ(j["activity"], "signin");
  EXPECT_EQ(j["source"], "activeDirectory");
  EXPECT_TRUE(j["location"]["geoCoordinates"]["altitude"].is_null());
  EXPECT_TRUE(j["location"]["geoCoordinates"]["latitude"].is_number());
  EXPECT_EQ(j["requestId"].get<std::string>().substr(34), "00") << "a sign-in id";
  nlohmann::json info = parseJson(j["additionalInfo"].get<std::string>());
  ASSERT_TRUE(info.is_array());
  EXPECT_EQ(info[0]["Key"], "userAgent");
  EXPECT_GT(j["detectedDateTime"].get<std::string>(), j["activityDateTime"].get<std::string>());
}

TEST(RiskRender, BetaAddsRiskTypeAndMitreTechnique) {
  nlohmann::json j = firstDetection("P2", ApiVersion::Beta);
  EXPECT_EQ(j["riskType"], "anomalousToken");
  EXPECT_EQ(j["mitreTechniqueId"], "T1528");
}

TEST(RiskRender, P1SeesPremiumDetectionsAsGeneric) {
  nlohmann::json j = firstDetection("P1", ApiVersion::V1);
  EXPECT_EQ(j["riskEventType"], "generic");
  EXPECT_EQ(j["riskLevel"], "hidden");
  EXPECT_EQ(j["riskDetail"], "hidden");
}

}  // namespace
}  // namespace tenantsim
