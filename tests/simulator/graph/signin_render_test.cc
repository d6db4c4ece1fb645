// The signIn entity as Graph shapes it (fact sheet §1.2-§1.5): every property's name and JSON
// type in v1.0 and beta, enum members, nulls where Graph sends null, and the evolvable enum rule.
#include "simulator/graph/signin_render.h"

#include <regex>
#include <set>

#include "simulator/simulation/signin_log.h"
#include "tests/support/json.h"
#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using nlohmann::json;

struct Rendered {
  SignIn signIn;
  json v1, beta;
};

std::vector<Rendered> renderedSignIns() {
  Scenario s = testing::smallScenario(150, 3);
  s.workloads.signIns = SignInsConfig{};
  s.workloads.signIns->travelShare = 0.2;
  static Simulation* sim = new Simulation(s);
  static SignInLog* log = new SignInLog(*sim);
  std::vector<Rendered> out;
  SignInDetails d;
  std::string a, b;
  std::vector<SignIn> signIns = log->generateWindow();
  signIns.resize(std::min<size_t>(signIns.size(), 4000));
  for (const SignIn& x : signIns) {
    log->describe(x, d);
    a.clear();
    b.clear();
    renderSignIn(d, ApiVersion::V1, a);
    renderSignIn(d, ApiVersion::Beta, b);
    out.push_back({x, parseJson(a), parseJson(b)});
  }
  return out;
}

const std::vector<Rendered>& all() {
  static const std::vector<Rendered> rendered = renderedSignIns();
  return rendered;
}

const Rendered& firstOf(SignInKind kind) {
  for (const Rendered& r : all())
    if (r.signIn.kind == kind) return r;
  throw std::runtime_error("no sign-in of that kind");
}

std::set<std::string> keys(const json& o) {
  std::set<std::string> k;
  for (auto it = o.begin(); it != o.end(); ++it) k.insert(it.key());
  return k;
}

const std::set<std::string> kV1 = {"id",
                                   "createdDateTime",
                                   "userDisplayName",
                                   "userPrincipalName",
                                   "userId",
                                   "appId",
                                   "appDisplayName",
                                   "ipAddress",
                                   "clientAppUsed",
                                   "userAgent",
                                   "correlationId",
                                   "conditionalAccessStatus",
                                   "isInteractive",
                                   "riskDetail",
                                   "riskLevelAggregated",
                                   "riskLevelDuringSignIn",
                                   "riskState",
                                   "riskEventTypes",
                                   "riskEventTypes_v2",
                                   "resourceDisplayName",
                                   "resourceId",
                                   "resourceTenantId",
                                   "homeTenantId",
                                   "servicePrincipalId",
                                   "servicePrincipalName",
                                   "authenticationAppDeviceDetails",
                                   "status",
                                   "deviceDetail",
                                   "location",
                                   "appliedConditionalAccessPolicies"};

TEST(SignInRender, V1HasExactlyTheCsdlProperties) {
  EXPECT_EQ(keys(firstOf(SignInKind::Interactive).v1), kV1);
}

TEST(SignInRender, BetaAddsTheBetaOnlyProperties) {
  std::set<std::string> beta = keys(firstOf(SignInKind::Interactive).beta);
  for (const std::string& k : kV1) EXPECT_TRUE(beta.count(k)) << k;
  for (const char* k : {"userType",
                        "appOwnerTenantId",
                        "signInEventTypes",
                        "originalRequestId",
                        "sessionId",
                        "uniqueTokenIdentifier",
                        "authenticationProtocol",
                        "incomingTokenType",
                        "clientCredentialType",
                        "authenticationRequirement",
                        "authenticationDetails",
                        "authenticationRequirementPolicies",
                        "authenticationProcessingDetails",
                        "authenticationMethodsUsed",
                        "crossTenantAccessType",
                        "isTenantRestricted",
                        "tokenIssuerType",
                        "tokenIssuerName",
                        "processingTimeInMilliseconds",
                        "flaggedForReview",
                        "signInIdentifier",
                        "signInIdentifierType",
                        "managedServiceIdentity",
                        "appTokenProtectionStatus",
                        "signInTokenProtectionStatus",
                        "sessionLifetimePolicies"})
    EXPECT_TRUE(beta.count(k)) << k;
}

TEST(SignInRender, PropertyTypesMatchTheCsdl) {
  const std::regex id("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{10}00");
  const std::regex time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z)");
  for (const Rendered& r : all()) {
    const json& j = r.beta;
    ASSERT_TRUE(j["id"].is_string());
    EXPECT_TRUE(std::regex_match(j["id"].get<std::string>(), id));
    EXPECT_TRUE(std::regex_match(j["createdDateTime"].get<std::string>(), time));
    EXPECT_TRUE(j["userId"].is_string());  // not null in the CSDL
    EXPECT_TRUE(j["isInteractive"].is_boolean());
    EXPECT_TRUE(j["status"]["errorCode"].is_number_integer());
    EXPECT_TRUE(j["location"]["geoCoordinates"]["latitude"].is_number());
    EXPECT_TRUE(j["location"]["geoCoordinates"]["altitude"].is_null());
    EXPECT_TRUE(j["processingTimeInMilliseconds"].is_number_integer());
    EXPECT_TRUE(j["riskEventTypes_v2"].is_array());
    EXPECT_TRUE(j["authenticationAppDeviceDetails"].is_null());
    EXPECT_EQ(j["originalRequestId"], j["id"]);
    EXPECT_EQ(j["resourceTenantId"], j["homeTenantId"]);
  }
}

TEST(SignInRender, EnumsUseTheirCsdlMembers) {
  const std::set<std::string> caStatus = {"success", "failure", "notApplied"};
  const std::set<std::string> results = {"success", "failure", "notApplied", "notEnabled",
                                         "unknownFutureValue"};
  const std::set<std::string> eventTypes = {"interactiveUser", "nonInteractiveUser",
                                            "servicePrincipal", "managedIdentity"};
  for (const Rendered& r : all()) {
    EXPECT_TRUE(caStatus.count(r.beta["conditionalAccessStatus"])) << r.beta.dump();
    EXPECT_TRUE(eventTypes.count(r.beta["signInEventTypes"][0])) << r.beta.dump();
    EXPECT_EQ(r.beta["tokenIssuerType"], "AzureAD");
    for (const json& p : r.beta["appliedConditionalAccessPolicies"])
      EXPECT_TRUE(results.count(p["result"])) << p.dump();
  }
}

TEST(SignInRender, ReportOnlyResultsNeedTheIncludeUnknownEnumMembersPreference) {
  SignInDetails d;
  CaPolicySnapshot policy;
  policy.displayName = "Require MFA for admins";
  SignIn s;
  d.signIn = &s;
  d.policies.push_back({&policy, CaPolicyResult::ReportOnlySuccess});
  std::string plain, included;
  renderSignIn(d, ApiVersion::V1, plain);
  renderSignIn(d, ApiVersion::V1, included, UnknownEnumMembers::Included);
  EXPECT_EQ(parseJson(plain)["appliedConditionalAccessPolicies"][0]["result"],
            "unknownFutureValue");
  EXPECT_EQ(parseJson(included)["appliedConditionalAccessPolicies"][0]["result"],
            "reportOnlySuccess");
}

TEST(SignInRender, SuccessHasANullFailureReasonAndFailuresTheGraphText) {
  bool sawWrongPassword = false;
  for (const Rendered& r : all()) {
    const json& st = r.v1["status"];
    if (st["errorCode"] == 0) {
      EXPECT_TRUE(st["failureReason"].is_null());
    } else {
      EXPECT_TRUE(st["failureReason"].is_string());
    }
    if (st["errorCode"] == 53003) {
      EXPECT_EQ(r.v1["conditionalAccessStatus"], "failure");
    }
    if (st["errorCode"] == 50126) {
      EXPECT_EQ(st["failureReason"],
                "Error validating credentials due to invalid username or password.");
      sawWrongPassword = true;
    }
  }
  EXPECT_TRUE(sawWrongPassword);
}

TEST(SignInRender, UserRowsHaveAnEmptyServicePrincipalIdAndWorkloadRowsNoUser) {
  const json& user = firstOf(SignInKind::Interactive).beta;
  EXPECT_EQ(user["servicePrincipalId"], "");
  EXPECT_TRUE(user["servicePrincipalName"].is_null());
  EXPECT_EQ(user["userType"], "member");
  EXPECT_EQ(user["userPrincipalName"],
            user["userPrincipalName"].get<std::string>());  // lower case below
  std::string upn = user["userPrincipalName"];
  EXPECT_EQ(upn, [&] {
    std::string l = upn;
    for (char& c : l) c = static_cast<char>(std::tolower(c));
    return l;
  }());
  const json& sp = firstOf(SignInKind::ServicePrincipal).beta;
  EXPECT_TRUE(sp["userDisplayName"].is_null());
  EXPECT_EQ(sp["userId"], "");
  EXPECT_NE(sp["servicePrincipalId"], "");
  EXPECT_EQ(sp["clientCredentialType"], "clientSecret");
  EXPECT_EQ(sp["signInEventTypes"][0], "servicePrincipal");
  EXPECT_TRUE(sp["appliedConditionalAccessPolicies"].empty());
  const json& mi = firstOf(SignInKind::ManagedIdentity).beta;
  EXPECT_EQ(mi["ipAddress"], "");
  EXPECT_TRUE(mi["managedServiceIdentity"]["associatedResourceId"].is_string());
  EXPECT_TRUE(mi["managedServiceIdentity"]["msiType"] == "systemAssigned" ||
              mi["managedServiceIdentity"]["msiType"] == "userAssigned");
}

TEST(SignInRender, NonInteractiveRowsArePreviouslySatisfiedRefreshes) {
  const json& ni = firstOf(SignInKind::NonInteractive).beta;
  EXPECT_FALSE(ni["isInteractive"]);
  EXPECT_EQ(ni["signInEventTypes"][0], "nonInteractiveUser");
  EXPECT_EQ(ni["incomingTokenType"], "primaryRefreshToken");
  EXPECT_EQ(ni["authenticationDetails"][0]["authenticationMethod"], "Previously satisfied");
}

TEST(SignInRender, MfaSignInsSayMultiFactorAuthentication) {
  int mfa = 0;
  for (const Rendered& r : all()) {
    if (!(r.signIn.flags & kSignInMfa)) continue;
    EXPECT_EQ(r.beta["authenticationRequirement"], "multiFactorAuthentication");
    ++mfa;
  }
  EXPECT_GT(mfa, 0);
}

TEST(SignInRender, TheV1PopulationIsInteractiveUserSignIns) {
  EXPECT_TRUE(inDefaultPopulation(firstOf(SignInKind::Interactive).signIn, ApiVersion::V1));
  EXPECT_FALSE(inDefaultPopulation(firstOf(SignInKind::NonInteractive).signIn, ApiVersion::V1));
  EXPECT_TRUE(inDefaultPopulation(firstOf(SignInKind::ManagedIdentity).signIn, ApiVersion::Beta));
}

}  // namespace
}  // namespace tenantsim
