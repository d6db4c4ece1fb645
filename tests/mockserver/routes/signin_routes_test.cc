// GET /{v1.0|beta}/auditLogs/signIns[/{id}] against fact sheet §1 (docs/signins.md#serving):
// context, populations, paging walks equal to SignInLog::generate, ordering, $top, the filter
// table row by row, real-client shapes, Graph's error texts, licence, retention, items by id,
// evolvable enums.
#include <algorithm>
#include <set>

#include "base/strings.h"
#include "base/time.h"
#include "simulator/simulation/signin_log.h"
#include "tests/support/graph_walk.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

using nlohmann::json;

// One server for the file: the shared test scenario with 100 users, enough for every kind,
// failure and filter row, small enough that walking a broad filter under ASan takes a second.
TestServer& signInServer() {
  static TestServer* server = [] {
    Scenario s = smallScenario();
    s.tenant.users = 100;
    return new TestServer(std::move(s));
  }();
  return *server;
}

std::vector<json> filtered(TestServer& s, std::string_view version, std::string_view filter,
                           std::string_view extra = "") {
  return walk(s, "/" + std::string(version) + "/auditLogs/signIns?$filter=" + encode(filter) +
                     "&$top=1000" + std::string(extra));
}

// The ids the log holds for the population, newest first, visible at the window end.
std::vector<std::string> expectedIds(const Simulation& sim, bool (*keep)(const SignIn&)) {
  SignInLog log(sim);
  const std::vector<SignIn> all = log.generateWindow(2);
  const Ticks now = sim.scenario().windowEnd;
  std::vector<std::string> ids;
  SignInDetails d;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->visibleAt() > now || !keep(*it)) continue;
    log.describe(*it, d);
    ids.push_back(d.id);
  }
  return ids;
}

std::vector<std::string> idsOf(const std::vector<json>& rows) {
  std::vector<std::string> ids;
  for (const json& r : rows) ids.push_back(r["id"]);
  return ids;
}

// A sample row of the default v1.0 population, for filter values.
const json& sample() {
  static json row = [] {
    std::vector<json> rows = walk(signInServer(), "/v1.0/auditLogs/signIns?$top=999");
    for (const json& r : rows)
      if (r["status"]["errorCode"] == 0 && !r["userAgent"].is_null()) return r;
    return rows.front();
  }();
  return row;
}

TEST(SignInRoutes, ListHasContextAndNoODataType) {
  TestServer& s = signInServer();
  HttpAnswer a = s.get("/v1.0/auditLogs/signIns?$top=2");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"], s.origin() + "/v1.0/$metadata#auditLogs/signIns");
  ASSERT_EQ(a.json["value"].size(), 2u);
  EXPECT_FALSE(a.json["value"][0].contains("@odata.type"));
  EXPECT_TRUE(a.json["@odata.nextLink"].get<std::string>().starts_with(
      s.origin() + "/v1.0/auditLogs/signIns?$top=2&$skiptoken="));
}

TEST(SignInRoutes, V1WalkIsEveryInteractiveSignInOnceNewestFirst) {
  TestServer& s = signInServer();
  const std::vector<json> rows = walk(s, "/v1.0/auditLogs/signIns?$top=1000");
  const std::vector<std::string> expected = expectedIds(
      s.simulation(), [](const SignIn& x) { return x.kind == SignInKind::Interactive; });
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(idsOf(rows), expected);
  for (size_t i = 1; i < rows.size(); ++i)
    ASSERT_GE(rows[i - 1]["createdDateTime"].get<std::string>(),
              rows[i]["createdDateTime"].get<std::string>());
  for (const json& r : rows) ASSERT_TRUE(r["isInteractive"].get<bool>());
}

TEST(SignInRoutes, BetaDefaultIsInteractiveOnlyAndMarksTheType) {
  TestServer& s = signInServer();
  const std::vector<json> rows = walk(s, "/beta/auditLogs/signIns?$top=1000");
  EXPECT_EQ(idsOf(rows), expectedIds(s.simulation(), [](const SignIn& x) {
              return x.kind == SignInKind::Interactive;
            }));
  for (const json& r : rows) ASSERT_EQ(r["signInEventTypes"], json::array({"interactiveUser"}));
}

TEST(SignInRoutes, BetaEventTypeFilterListsThoseKinds) {
  TestServer& s = signInServer();
  const std::vector<json> rows = filtered(
      s, "beta", "signInEventTypes/any(t: t eq 'nonInteractiveUser' or t eq 'servicePrincipal')");
  EXPECT_EQ(idsOf(rows), expectedIds(s.simulation(), [](const SignIn& x) {
              return x.kind == SignInKind::NonInteractive || x.kind == SignInKind::ServicePrincipal;
            }));
  const std::vector<json> managed =
      filtered(s, "beta", "signInEventTypes/any(t: t eq 'managedIdentity')");
  ASSERT_FALSE(managed.empty());
  for (const json& r : managed) ASSERT_EQ(r["signInEventTypes"][0], "managedIdentity");
  const std::vector<json> notInteractive =
      filtered(s, "beta", "signInEventTypes/any(t: t ne 'interactiveUser')");
  EXPECT_EQ(notInteractive.size(), expectedIds(s.simulation(), [](const SignIn& x) {
                                     return x.kind != SignInKind::Interactive;
                                   }).size());
}

TEST(SignInRoutes, V1HasNoEventTypeFilter) {
  HttpAnswer a = signInServer().get("/v1.0/auditLogs/signIns?$filter=" +
                                    encode("signInEventTypes/any(t: t eq 'servicePrincipal')"));
  expectGraphError(a, 400, "BadRequest");
  EXPECT_EQ(a.json["error"]["message"],
            "Invalid filter clause: Could not find a property named 'signInEventTypes' on type "
            "'microsoft.graph.signIn'.");
}

TEST(SignInRoutes, AscendingOrderIsTheReverseWalk) {
  TestServer& s = signInServer();
  std::vector<json> asc =
      walk(s, "/v1.0/auditLogs/signIns?$top=700&$orderby=" + encode("createdDateTime asc"));
  std::vector<std::string> ids = idsOf(asc);
  std::reverse(ids.begin(), ids.end());
  EXPECT_EQ(ids, idsOf(walk(s, "/v1.0/auditLogs/signIns?$top=1000")));
}

TEST(SignInRoutes, TopLimitsPagesAndDefaultIsAThousand) {
  TestServer& s = signInServer();
  HttpAnswer a = s.get("/v1.0/auditLogs/signIns?$top=7");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["value"].size(), 7u);
  HttpAnswer all = s.get("/beta/auditLogs/signIns?$filter=" +
                         encode("signInEventTypes/any(t: t eq 'nonInteractiveUser')"));
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json["value"].size(), 1000u);
  HttpAnswer big = s.get("/beta/auditLogs/signIns?$top=5000&$filter=" +
                         encode("signInEventTypes/any(t: t eq 'nonInteractiveUser')"));
  ASSERT_EQ(big.status, 200) << big.body;
  EXPECT_EQ(big.json["value"].size(), 1000u);  // clamped (docs/signins.md#serving)
}

TEST(SignInRoutes, SelectAndCountAreRefusedWithGraphsText) {
  TestServer& s = signInServer();
  HttpAnswer select = s.get("/v1.0/auditLogs/signIns?$select=id");
  expectGraphError(select, 400, "BadRequest");
  EXPECT_EQ(select.json["error"]["message"],
            "Query option 'Select' is not allowed. To allow it, set the 'AllowedQueryOptions' "
            "property on EnableQueryAttribute or QueryValidationSettings.");
  HttpAnswer count = s.get("/v1.0/auditLogs/signIns?$count=true");
  expectGraphError(count, 400, "BadRequest");
  EXPECT_TRUE(count.json["error"]["message"].get<std::string>().starts_with(
      "Query option 'Count' is not allowed."));
  expectGraphError(s.get("/v1.0/auditLogs/signIns?$skip=5"), 400, "BadRequest");
}

// One row per documented eq property: every row matches, and the sample is among them.
TEST(SignInRoutes, EqualityRowsOfTheFilterTable) {
  TestServer& s = signInServer();
  const json& x = sample();
  const std::pair<const char*, json> rows[] = {
      {"appId", x["appId"]},
      {"clientAppUsed", x["clientAppUsed"]},
      {"conditionalAccessStatus", x["conditionalAccessStatus"]},
      {"correlationId", x["correlationId"]},
      {"id", x["id"]},
      {"resourceDisplayName", x["resourceDisplayName"]},
      {"resourceId", x["resourceId"]},
      {"riskDetail", x["riskDetail"]},
      {"riskLevelAggregated", x["riskLevelAggregated"]},
      {"riskLevelDuringSignIn", x["riskLevelDuringSignIn"]},
      {"riskState", x["riskState"]},
      {"userId", x["userId"]},
      {"appDisplayName", x["appDisplayName"]},
      {"ipAddress", x["ipAddress"]},
      {"userDisplayName", x["userDisplayName"]},
      {"userPrincipalName", x["userPrincipalName"]},
  };
  for (const auto& [name, value] : rows) {
    const std::vector<json> got =
        filtered(s, "v1.0", std::string(name) + " eq '" + value.get<std::string>() + "'");
    ASSERT_FALSE(got.empty()) << name;
    for (const json& r : got) ASSERT_EQ(r[name], value) << name;
    const std::vector<std::string> ids = idsOf(got);
    EXPECT_NE(std::find(ids.begin(), ids.end(), x["id"]), ids.end()) << name;
  }
  const std::pair<const char*, const char*> nested[] = {
      {"deviceDetail/browser", "browser"},
      {"deviceDetail/operatingSystem", "operatingSystem"},
      {"location/city", "city"},
      {"location/state", "state"},
      {"location/countryOrRegion", "countryOrRegion"}};
  for (const auto& [path, leaf] : nested) {
    const std::string parent(std::string_view(path).substr(0, std::string_view(path).find('/')));
    const json& value = x[parent][leaf];
    for (const char* op : {"eq", "startsWith"}) {
      const std::string text = std::string_view(op) == "eq"
                                   ? std::string(path) + " eq '" + value.get<std::string>() + "'"
                                   : "startsWith(" + std::string(path) + ", '" +
                                         value.get<std::string>().substr(0, 3) + "')";
      const std::vector<json> got = filtered(s, "v1.0", text);
      ASSERT_FALSE(got.empty()) << text;
      for (const json& r : got)
        ASSERT_TRUE(
            r[parent][leaf].get<std::string>().starts_with(value.get<std::string>().substr(0, 3)))
            << text;
    }
  }
}

TEST(SignInRoutes, StartsWithRowsOfTheFilterTable) {
  TestServer& s = signInServer();
  const json& x = sample();
  for (const char* name : {"appDisplayName", "ipAddress", "userDisplayName", "userPrincipalName"}) {
    const std::string prefix = x[name].get<std::string>().substr(0, 4);
    const std::vector<json> got =
        filtered(s, "v1.0", "startsWith(" + std::string(name) + ",'" + prefix + "')");
    ASSERT_FALSE(got.empty()) << name;
    for (const json& r : got) ASSERT_TRUE(r[name].get<std::string>().starts_with(prefix)) << name;
  }
}

TEST(SignInRoutes, UserPrincipalNameMatchesInAnyCase) {
  TestServer& s = signInServer();
  const std::string upn = sample()["userPrincipalName"];
  std::string upper = upn;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(idsOf(filtered(s, "v1.0", "userPrincipalName eq '" + upper + "'")),
            idsOf(filtered(s, "v1.0", "userPrincipalName eq '" + upn + "'")));
}

TEST(SignInRoutes, BetaExtraRows) {
  TestServer& s = signInServer();
  const json& x = sample();
  const std::vector<json> byRequest =
      filtered(s, "beta", "originalRequestId eq '" + x["id"].get<std::string>() + "'");
  ASSERT_EQ(byRequest.size(), 1u);
  EXPECT_EQ(byRequest[0]["id"], x["id"]);
  const std::vector<json> mfa =
      filtered(s, "beta", "startsWith(authenticationRequirement, 'multiFactor')");
  for (const json& r : mfa) ASSERT_EQ(r["authenticationRequirement"], "multiFactorAuthentication");
  const std::vector<json> agents = filtered(s, "beta", "startsWith(userAgent, 'Mozilla')");
  ASSERT_FALSE(agents.empty());
  const std::vector<json> sps = filtered(
      s, "beta",
      "signInEventTypes/any(t: t eq 'servicePrincipal') and startsWith(servicePrincipalId, '')");
  ASSERT_FALSE(sps.empty());
  for (const json& r : sps) ASSERT_FALSE(r["servicePrincipalId"].get<std::string>().empty());
  // Documented filter on a beta-only property, absent in v1.0.
  expectGraphError(
      signInServer().get("/v1.0/auditLogs/signIns?$filter=" + encode("tokenIssuerName eq 'x'")),
      400, "BadRequest");
}

TEST(SignInRoutes, ErrorCodeFilters) {
  TestServer& s = signInServer();
  const std::vector<json> failed = filtered(s, "v1.0", "status/errorCode ne 0");
  ASSERT_FALSE(failed.empty());
  for (const json& r : failed) ASSERT_NE(r["status"]["errorCode"], 0);
  const std::vector<json> wrong = filtered(s, "v1.0", "status/errorCode eq 50126");
  ASSERT_FALSE(wrong.empty());
  for (const json& r : wrong) ASSERT_EQ(r["status"]["errorCode"], 50126);
  const std::vector<json> ok = filtered(s, "v1.0", "status/errorCode eq 0");
  EXPECT_EQ(ok.size() + failed.size(), walk(s, "/v1.0/auditLogs/signIns?$top=1000").size());
  expectGraphError(
      s.get("/v1.0/auditLogs/signIns?$filter=" + encode("status/errorCode eq '50126'")), 400,
      "BadRequest");
}

TEST(SignInRoutes, TimeBoundsAndRealClientShapes) {
  TestServer& s = signInServer();
  const Ticks end = s.simulation().scenario().windowEnd;
  const std::string from = formatIsoTime(end - kTicksPerDay),
                    to = formatIsoTime(end - kTicksPerHour);
  for (const std::string& text : {"createdDateTime ge " + from + " and createdDateTime le " + to,
                                  "createdDateTime gt " + from + " and createdDateTime lt " + to}) {
    const std::vector<json> got = filtered(s, "v1.0", text);
    ASSERT_FALSE(got.empty()) << text;
    for (const json& r : got) {
      ASSERT_GE(r["createdDateTime"].get<std::string>().substr(0, 19), from.substr(0, 19)) << text;
      ASSERT_LE(r["createdDateTime"].get<std::string>().substr(0, 19), to.substr(0, 19)) << text;
    }
  }
  const json& x = sample();
  // `or` chains of appId (consumer survey).
  const std::vector<json> either =
      filtered(s, "v1.0",
               "appId eq '" + x["appId"].get<std::string>() +
                   "' or appId eq '00000000-0000-0000-0000-000000000000'");
  EXPECT_EQ(idsOf(either),
            idsOf(filtered(s, "v1.0", "appId eq '" + x["appId"].get<std::string>() + "'")));
  const std::vector<json> noBrowser = filtered(s, "v1.0", "clientAppUsed ne 'Browser'");
  for (const json& r : noBrowser) ASSERT_NE(r["clientAppUsed"], "Browser");
}

TEST(SignInRoutes, UnsupportedFiltersGetGraphsErrors) {
  TestServer& s = signInServer();
  HttpAnswer unknown =
      s.get("/v1.0/auditLogs/signIns?$filter=" + encode("authenticationProtocol eq 'none'"));
  expectGraphError(unknown, 400, "BadRequest");
  EXPECT_EQ(unknown.json["error"]["message"],
            "Invalid filter clause: Could not find a property named 'authenticationProtocol' on "
            "type 'microsoft.graph.signIn'.");
  for (const std::string text :
       {"appId ne 'x'", "startsWith(appId, 'x')", "isInteractive eq true", "riskState ne 'none'"}) {
    HttpAnswer a = s.get("/v1.0/auditLogs/signIns?$filter=" + encode(text));
    expectGraphError(a, 400, "BadRequest");
    EXPECT_EQ(a.json["error"]["message"], "Invalid filter clause") << text;
  }
}

TEST(SignInRoutes, RetentionRefusesOlderLowerBounds) {
  TestServer& s = signInServer();
  const Ticks end = s.simulation().scenario().windowEnd;
  HttpAnswer a = s.get("/v1.0/auditLogs/signIns?$filter=" +
                       encode("createdDateTime ge " + formatIsoTime(end - 31 * kTicksPerDay)));
  expectGraphError(a, 400, "BadRequest");
  EXPECT_EQ(a.json["error"]["message"], "Invalid filter clause");
}

TEST(SignInRoutes, ItemByIdAndGraphs404) {
  TestServer& s = signInServer();
  const json& x = sample();
  HttpAnswer a = s.get("/beta/auditLogs/signIns/" + x["id"].get<std::string>());
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"], s.origin() + "/beta/$metadata#auditLogs/signIns/$entity");
  EXPECT_EQ(a.json["id"], x["id"]);
  EXPECT_EQ(a.json["correlationId"], x["correlationId"]);
  HttpAnswer missing = s.get("/v1.0/auditLogs/signIns/00000000-0000-0000-0000-000000000000");
  expectGraphError(missing, 404, "Request_ResourceNotFound");
}

TEST(SignInRoutes, PreferIncludeUnknownEnumMembersIsApplied) {
  TestServer& s = signInServer();
  HttpAnswer plain = s.get("/v1.0/auditLogs/signIns?$top=1");
  EXPECT_EQ(plain.header("Preference-Applied"), "");
  HttpAnswer asked =
      s.get("/v1.0/auditLogs/signIns?$top=1", {{"Prefer", "include-unknown-enum-members"}});
  ASSERT_EQ(asked.status, 200);
  EXPECT_EQ(asked.header("Preference-Applied"), "include-unknown-enum-members");
}

// The v1.0 row carries every property of fact sheet §1.2; beta adds §1.3's.
TEST(SignInRoutes, SchemaPerVersion) {
  const json& x = sample();
  for (const char* name : {"appDisplayName",
                           "appId",
                           "appliedConditionalAccessPolicies",
                           "authenticationAppDeviceDetails",
                           "clientAppUsed",
                           "conditionalAccessStatus",
                           "correlationId",
                           "createdDateTime",
                           "deviceDetail",
                           "homeTenantId",
                           "id",
                           "ipAddress",
                           "isInteractive",
                           "location",
                           "resourceDisplayName",
                           "resourceId",
                           "resourceTenantId",
                           "riskDetail",
                           "riskEventTypes",
                           "riskEventTypes_v2",
                           "riskLevelAggregated",
                           "riskLevelDuringSignIn",
                           "riskState",
                           "servicePrincipalId",
                           "servicePrincipalName",
                           "status",
                           "userAgent",
                           "userDisplayName",
                           "userId",
                           "userPrincipalName"})
    EXPECT_TRUE(x.contains(name)) << name;
  EXPECT_FALSE(x.contains("signInEventTypes"));
  HttpAnswer beta = signInServer().get("/beta/auditLogs/signIns/" + x["id"].get<std::string>());
  for (const char* name :
       {"signInEventTypes", "originalRequestId", "authenticationRequirement", "tokenIssuerType",
        "userType", "sessionId", "uniqueTokenIdentifier", "authenticationDetails"})
    EXPECT_TRUE(beta.json.contains(name)) << name;
  EXPECT_EQ(beta.json["servicePrincipalId"], "");  // not null in beta CSDL
  EXPECT_TRUE(x["servicePrincipalName"].is_null());
  for (const char* status : {"success", "failure", "notApplied"})
    if (x["conditionalAccessStatus"] == status) return;
  ADD_FAILURE() << x["conditionalAccessStatus"];
}

TEST(SignInRoutes, StrictFiltersRefuseGtLt) {
  Scenario strict = smallScenario();
  strict.tenant.users = 50;
  strict.server.lenientFilters = false;
  TestServer s(strict);
  const std::string at = formatIsoTime(s.simulation().scenario().windowEnd - kTicksPerDay);
  expectGraphError(s.get("/v1.0/auditLogs/signIns?$filter=" + encode("createdDateTime gt " + at)),
                   400, "BadRequest");
  EXPECT_EQ(s.get("/v1.0/auditLogs/signIns?$filter=" + encode("createdDateTime ge " + at)).status,
            200);
}

TEST(SignInRoutes, WithoutTheWorkloadTheListIsEmpty) {
  Scenario off = smallScenario();
  off.tenant.users = 50;
  off.workloads.signIns.reset();
  TestServer s(off);
  HttpAnswer a =
      s.get("/beta/auditLogs/signIns?$filter=" +
            encode("signInEventTypes/any(t: t eq 'servicePrincipal') and userId eq 'x'"));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_TRUE(a.json["value"].empty());
  expectGraphError(s.get("/v1.0/auditLogs/signIns/abc"), 404, "Request_ResourceNotFound");
}

TEST(SignInRoutes, FreeTenantsGetGraphs403) {
  Scenario free = smallScenario();
  free.tenant.users = 50;
  free.tenant.license = "Free";
  free.workloads.signIns.reset();
  TestServer s(free);
  for (const char* target : {"/v1.0/auditLogs/signIns", "/beta/auditLogs/signIns/abc"}) {
    HttpAnswer a = s.get(target);
    expectGraphError(a, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant");
    EXPECT_EQ(a.json["error"]["message"],
              "Neither tenant is B2C or tenant doesn't have premium license");
  }
  EXPECT_EQ(s.get("/v1.0/auditLogs/directoryAudits?$top=1").status, 200);
}

}  // namespace
}  // namespace tenantsim::mock::testing
