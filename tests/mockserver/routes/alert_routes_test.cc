// GET /{v1.0|beta}/security/alerts_v2[/{id}] and /security/incidents[/{id}] against fact sheet §4
// (docs/security-alerts.md): schema, walks equal to AlertLog, Elastic's $top+$skip loop, $count,
// $expand=alerts, filters, order, errors, evolvable enums, 404, permissions.
#include <algorithm>
#include <set>

#include "mockserver/routes/alert_query.h"
#include "simulator/simulation/alert_log.h"
#include "tests/support/graph_walk.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

using nlohmann::json;

Scenario alertScenario() {
  Scenario s = smallScenario();
  SignInsConfig signIns;
  signIns.travelShare = 0.3;  // organic alerts in a small tenant
  s.workloads.signIns = signIns;
  const Ticks start = s.windowStart(), end = s.windowEnd;
  s.storylines.push_back({"passwordSpray", start + 6 * kTicksPerHour, "spray"});
  s.storylines.push_back({"impossibleTravel", start + 20 * kTicksPerHour, "travel"});
  s.storylines.push_back({"pimEscalation", start + 30 * kTicksPerHour, "pim"});
  s.storylines.push_back({"rogueCloudPkiCa", start + 40 * kTicksPerHour, "ca"});
  // Late in the window: its incident is taken up but not resolved at the window's end.
  s.storylines.push_back({"mfaFatigue", end - 5 * kTicksPerHour, "fatigue"});
  return s;
}

TestServer& server() {
  static TestServer* s = new TestServer(alertScenario());
  return *s;
}

std::vector<std::string> idsOf(const std::vector<json>& rows) {
  std::vector<std::string> ids;
  for (const json& r : rows) ids.push_back(r["id"]);
  return ids;
}

// The simulation's alerts, newest first (Graph's default order).
std::vector<std::string> expectedAlertIds() {
  SignInLog signIns(server().simulation());
  AlertLog log(signIns);
  std::vector<Alert> all = log.generateWindow();
  std::vector<std::string> ids;
  for (auto it = all.rbegin(); it != all.rend(); ++it) ids.push_back(AlertLog::alertId(*it));
  return ids;
}

const std::vector<json>& allAlerts() {
  static const std::vector<json> rows = walk(server(), "/v1.0/security/alerts_v2");
  return rows;
}

std::set<std::string> keysOf(const json& o) {
  std::set<std::string> keys;
  for (auto it = o.begin(); it != o.end(); ++it) keys.insert(it.key());
  return keys;
}

TEST(AlertRoutes, AlertHasEveryPropertyOfTheFactSheet) {
  ASSERT_FALSE(allAlerts().empty());
  const std::set<std::string> expected = {"@odata.type",
                                          "id",
                                          "actorDisplayName",
                                          "additionalData",
                                          "alertPolicyId",
                                          "alertWebUrl",
                                          "assignedTo",
                                          "categories",
                                          "category",
                                          "classification",
                                          "comments",
                                          "createdDateTime",
                                          "customDetails",
                                          "description",
                                          "detectionSource",
                                          "detectorId",
                                          "determination",
                                          "evidence",
                                          "firstActivityDateTime",
                                          "incidentId",
                                          "incidentWebUrl",
                                          "investigationState",
                                          "lastActivityDateTime",
                                          "lastUpdateDateTime",
                                          "mitreTechniques",
                                          "productName",
                                          "providerAlertId",
                                          "recommendedActions",
                                          "resolvedDateTime",
                                          "serviceSource",
                                          "severity",
                                          "status",
                                          "systemTags",
                                          "tenantId",
                                          "threatDisplayName",
                                          "threatFamilyName",
                                          "title"};
  const std::set<std::string> severities = {"low", "medium", "high"};
  const std::set<std::string> statuses = {"new", "inProgress", "resolved"};
  const std::set<std::string> evidenceBase = {"@odata.type",
                                              "createdDateTime",
                                              "detailedRoles",
                                              "remediationStatus",
                                              "remediationStatusDetails",
                                              "roles",
                                              "tags",
                                              "verdict"};
  for (const json& a : allAlerts()) {
    ASSERT_EQ(keysOf(a), expected) << a.dump();
    EXPECT_EQ(a["@odata.type"], "#microsoft.graph.security.alert");
    EXPECT_TRUE(severities.contains(a["severity"])) << a["severity"];
    EXPECT_TRUE(statuses.contains(a["status"])) << a["status"];
    EXPECT_EQ(a["tenantId"], server().tenantId());
    EXPECT_EQ(a["resolvedDateTime"].is_null(), a["status"] != "resolved");
    EXPECT_EQ(a["assignedTo"].is_null(), a["status"] == "new");
    EXPECT_EQ(a["classification"] == "unknown", a["status"] != "resolved");
    EXPECT_TRUE(a["incidentWebUrl"].get<std::string>().starts_with(
        "https://security.microsoft.com/incidents/" + a["incidentId"].get<std::string>()));
    std::set<std::string> types;
    for (const json& e : a["evidence"]) {
      for (const std::string& key : evidenceBase) EXPECT_TRUE(e.contains(key)) << e.dump();
      types.insert(e["@odata.type"]);
    }
    EXPECT_TRUE(types.contains("#microsoft.graph.security.userEvidence"));
    EXPECT_TRUE(types.contains("#microsoft.graph.security.ipEvidence"));
    EXPECT_TRUE(types.contains("#microsoft.graph.security.oauthApplicationEvidence") ||
                types.contains("#microsoft.graph.security.cloudApplicationEvidence"));
  }
}

TEST(AlertRoutes, EvidenceNamesTheSignInOfTheLog) {
  std::map<std::string, std::string> ipOf;  // sign-in address by user and time
  SignInLog signIns(server().simulation());
  AlertLog log(signIns);
  AlertDetails d;
  std::map<std::string, AlertDetails> byId;
  for (const Alert& a : log.generateWindow()) {
    log.describe(a, d);
    byId[d.id] = d;
  }
  for (const json& row : allAlerts()) {
    const AlertDetails& expected = byId.at(row["id"]);
    for (const json& e : row["evidence"]) {
      if (e["@odata.type"] == "#microsoft.graph.security.userEvidence") {
        EXPECT_EQ(e["userAccount"]["azureAdUserId"], expected.signIn.userId);
        EXPECT_EQ(e["userAccount"]["userPrincipalName"], expected.signIn.userPrincipalName);
      } else if (e["@odata.type"] == "#microsoft.graph.security.ipEvidence") {
        EXPECT_EQ(e["ipAddress"], expected.signIn.ipAddress);
        EXPECT_EQ(e["countryLetterCode"], expected.signIn.countryOrRegion);
      } else if (e["@odata.type"] == "#microsoft.graph.security.oauthApplicationEvidence") {
        EXPECT_EQ(e["appId"], expected.signIn.appId);
      } else if (e["@odata.type"] == "#microsoft.graph.security.deviceEvidence") {
        EXPECT_EQ(e["azureAdDeviceId"], expected.signIn.deviceId);
      }
    }
  }
}

TEST(AlertRoutes, WalkIsEveryAlertOnceNewestFirst) {
  const std::vector<json> rows = walk(server(), "/beta/security/alerts_v2?$top=7");
  EXPECT_EQ(idsOf(rows), expectedAlertIds());
  EXPECT_EQ(idsOf(rows), idsOf(allAlerts()));
  HttpAnswer a = server().get("/v1.0/security/alerts_v2?$top=7&$filter=severity%20ne%20'low'");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"], server().origin() + "/v1.0/$metadata#security/alerts_v2");
  EXPECT_EQ(a.json["@odata.nextLink"],
            server().origin() +
                "/v1.0/security/alerts_v2?$top=7&$filter=severity%20ne%20%27low%27&$skip=7");
}

// Elastic's m365_defender loop: $top + $skip it bumps itself while pages are full, a
// lastUpdateDateTime checkpoint, oldest change first.
TEST(AlertRoutes, ElasticSkipLoopSeesEveryAlertOnceInUpdateOrder) {
  const std::string since = "2000-01-01T00:00:00Z";
  std::vector<json> rows;
  for (int skip = 0;; skip += 5) {
    HttpAnswer a = server().get("/v1.0/security/alerts_v2?$top=5&$skip=" + std::to_string(skip) +
                                    "&$filter=lastUpdateDateTime%20ge%20" + since +
                                    "&$orderby=lastUpdateDateTime%20asc",
                                {{"Prefer", "include-unknown-enum-members"}});
    ASSERT_EQ(a.status, 200) << a.body;
    for (const json& r : a.json["value"]) rows.push_back(r);
    if (a.json["value"].size() < 5) break;
  }
  std::vector<std::string> ids = idsOf(rows), expected = expectedAlertIds();
  std::sort(ids.begin(), ids.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  for (size_t i = 1; i < rows.size(); ++i)
    EXPECT_LE(rows[i - 1]["lastUpdateDateTime"].get<std::string>(),
              rows[i]["lastUpdateDateTime"].get<std::string>());
}

TEST(AlertRoutes, CountIsEveryMatchBeforeSkipAndTop) {
  HttpAnswer a = server().get("/v1.0/security/alerts_v2?$count=true&$top=2&$skip=1");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.count"], allAlerts().size());
  ASSERT_EQ(a.json["value"].size(), 2u);
  EXPECT_EQ(a.json["value"][0]["id"], allAlerts()[1]["id"]);
}

TEST(AlertRoutes, FiltersMatchWhatTheRowsSay) {
  struct Case {
    std::string filter;
    bool (*keep)(const json&);
  };
  const std::string middle = allAlerts()[allAlerts().size() / 2]["createdDateTime"];
  static std::string pivot;
  pivot = middle;
  const Case cases[] = {
      {"status eq 'new'", [](const json& r) { return r["status"] == "new"; }},
      {"Status ne 'resolved'", [](const json& r) { return r["status"] != "resolved"; }},
      {"severity eq 'high' or serviceSource eq 'microsoftDefenderForCloudApps'",
       [](const json& r) {
         return r["severity"] == "high" || r["serviceSource"] == "microsoftDefenderForCloudApps";
       }},
      {"classification eq 'truePositive' and determination ne 'multiStagedAttack'",
       [](const json& r) {
         return r["classification"] == "truePositive" && r["determination"] != "multiStagedAttack";
       }},
      {"assignedTo ne null", [](const json& r) { return !r["assignedTo"].is_null(); }},
      {"createdDateTime gt " + middle,
       [](const json& r) { return r["createdDateTime"].get<std::string>() > pivot; }},
      {"lastUpdateDateTime le " + middle,
       [](const json& r) { return r["lastUpdateDateTime"].get<std::string>() <= pivot; }},
  };
  for (const Case& c : cases) {
    std::vector<std::string> expected;
    for (const json& r : allAlerts())
      if (c.keep(r)) expected.push_back(r["id"]);
    EXPECT_EQ(idsOf(walk(server(), "/v1.0/security/alerts_v2?$filter=" + encode(c.filter))),
              expected)
        << c.filter;
  }
  EXPECT_FALSE(idsOf(walk(server(), "/v1.0/security/alerts_v2?$filter=" +
                                        encode("classification eq 'truePositive'")))
                   .empty());
}

TEST(AlertRoutes, OrderByCreatedAscendingIsTheReverse) {
  std::vector<std::string> ascending =
      idsOf(walk(server(), "/v1.0/security/alerts_v2?$orderby=createdDateTime"));
  std::reverse(ascending.begin(), ascending.end());
  EXPECT_EQ(ascending, idsOf(allAlerts()));
}

TEST(AlertRoutes, ItemByIdIsTheListRow) {
  const json& row = allAlerts().front();
  HttpAnswer a = server().get("/v1.0/security/alerts_v2/" + row["id"].get<std::string>());
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"],
            server().origin() + "/v1.0/$metadata#security/alerts_v2/$entity");
  json item = a.json;
  item.erase("@odata.context");
  EXPECT_EQ(item, row);
  expectGraphError(server().get("/v1.0/security/alerts_v2/ad00000000000000000000000000000000"), 404,
                   "NotFound");
  expectGraphError(server().get("/beta/security/incidents/12"), 404, "NotFound");
}

TEST(AlertRoutes, IncidentsExpandTheirAlerts) {
  const std::vector<json> incidents =
      walk(server(), "/v1.0/security/incidents?$expand=alerts&$top=3");
  ASSERT_FALSE(incidents.empty());
  std::map<std::string, std::set<std::string>> alertsOf;
  for (const json& a : allAlerts()) alertsOf[a["incidentId"]].insert(a["id"]);
  size_t alerts = 0;
  const std::set<std::string> expected = {"@odata.type",        "id",
                                          "displayName",        "status",
                                          "severity",           "classification",
                                          "determination",      "assignedTo",
                                          "priorityScore",      "createdDateTime",
                                          "lastUpdateDateTime", "customTags",
                                          "systemTags",         "comments",
                                          "description",        "summary",
                                          "redirectIncidentId", "resolvingComment",
                                          "lastModifiedBy",     "incidentWebUrl",
                                          "tenantId",           "alerts"};
  for (const json& i : incidents) {
    EXPECT_EQ(keysOf(i), expected) << i.dump();
    EXPECT_EQ(i["@odata.type"], "#microsoft.graph.security.incident");
    std::set<std::string> ids;
    for (const json& a : i["alerts"]) ids.insert(a["id"]);
    EXPECT_EQ(ids, alertsOf[i["id"]]) << i["id"];
    alerts += ids.size();
  }
  EXPECT_EQ(alerts, allAlerts().size());
  HttpAnswer plain = server().get("/v1.0/security/incidents?$top=1");
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_FALSE(plain.json["value"][0].contains("alerts"));
  EXPECT_EQ(plain.json["@odata.nextLink"],
            server().origin() + "/v1.0/security/incidents?$top=1&$skip=1");
  const std::string id = incidents.front()["id"];
  HttpAnswer item = server().get("/beta/security/incidents/" + id + "?$expand=alerts");
  ASSERT_EQ(item.status, 200) << item.body;
  EXPECT_EQ(item.json["@odata.context"],
            server().origin() + "/beta/$metadata#security/incidents(alerts())/$entity");
  EXPECT_EQ(item.json["alerts"].size(), incidents.front()["alerts"].size());
}

TEST(AlertRoutes, StorylineIncidentsAreOnePerStoryline) {
  std::set<std::string> storylineIncidents;
  for (const json& a : allAlerts())
    if (a["classification"] == "truePositive" || !a["actorDisplayName"].is_null())
      storylineIncidents.insert(a["incidentId"]);
  EXPECT_EQ(storylineIncidents.size(), 5u);
}

TEST(AlertRoutes, AwaitingActionNeedsThePreferHeader) {
  auto statuses = [](const httplib::Headers& headers, std::string* applied) {
    HttpAnswer a =
        server().get("/v1.0/security/incidents?$filter=severity%20eq%20'medium'", headers);
    EXPECT_EQ(a.status, 200) << a.body;
    if (applied) *applied = a.header("Preference-Applied");
    std::multiset<std::string> out;
    for (const json& i : a.json["value"]) out.insert(i["status"]);
    return out;
  };
  std::string applied;
  const std::multiset<std::string> plain = statuses({}, nullptr);
  const std::multiset<std::string> included =
      statuses({{"Prefer", "include-unknown-enum-members"}}, &applied);
  EXPECT_EQ(applied, "include-unknown-enum-members");
  EXPECT_EQ(included.count("awaitingAction"), 1u) << "the late mfaFatigue incident";
  EXPECT_EQ(plain.count("unknownFutureValue"), 1u);
  EXPECT_EQ(plain.count("awaitingAction"), 0u);
}

TEST(AlertRoutes, BadQueriesGetGraphsErrors) {
  TestServer& s = server();
  expectGraphError(s.get("/v1.0/security/alerts_v2?$filter=title%20eq%20'x'"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/security/alerts_v2?$orderby=severity"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/security/alerts_v2?$select=id"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/security/alerts_v2?$expand=evidence"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/security/incidents?$expand=comments"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/security/incidents?$expand=owner"), 400, "BadRequest");
  HttpAnswer nested = s.get("/v1.0/security/incidents?$expand=alerts($select=id)");
  expectGraphError(nested, 400, "BadRequest");
  EXPECT_EQ(nested.json["error"]["message"], "Nested query options in $expand are not supported.");
  expectGraphError(s.get("/v1.0/security/alerts_v2?$top=0"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/security/alerts_v2?$skip=-1"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/security/alerts_v2?$skiptoken=abc"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/security/alerts_v2?$filter=createdDateTime%20ge%20'x"), 400,
                   "BadRequest");
  expectGraphError(s.get("/v1.0/security/alerts"), 400, "BadRequest");
  HttpAnswer top = s.get("/v1.0/security/incidents?$top=51&$count=true");
  ASSERT_EQ(top.status, 200) << top.body;
  EXPECT_LE(top.json["value"].size(), 50u);
}

TEST(AlertRoutes, PermissionsAreTheSecurityOnes) {
  TestServer& s = server();
  const std::string token = s.tokenFor(kNoRolesClientId, kNoRolesSecret);
  HttpAnswer a = s.send("GET", "/v1.0/security/alerts_v2", {{"Authorization", "Bearer " + token}});
  expectGraphError(a, 403, "Authorization_RequestDenied");
  HttpAnswer i = s.send("GET", "/v1.0/security/incidents", {{"Authorization", "Bearer " + token}});
  expectGraphError(i, 403, "Authorization_RequestDenied");
  EXPECT_EQ(s.send("GET", "/v1.0/security/alerts_v2").status, 401);
}

// The server's clock decides what is listed and in which state (live mode moves it on): the
// engine generates up to the clock, and further when the clock passes what it has.
TEST(AlertRoutes, EngineListsWhatItsClockHasReachedInThatState) {
  const Simulation& sim = server().simulation();
  SignInLog signIns(sim);
  const Ticks mid = sim.scenario().windowStart() + 36 * kTicksPerHour;
  AlertQueryEngine engine(signIns, mid, 2);
  SecurityListQuery q;
  q.now = mid;
  q.top = 100000;
  SecurityPage<Alert> early = engine.alerts(q);
  ASSERT_GT(early.matched, 0u);
  for (const Alert* a : early.items) {
    EXPECT_LE(a->time, mid);
    EXPECT_LE(a->lastUpdateAt(mid), mid);
  }
  SecurityPage<Incident> incidents = engine.incidents(q);
  for (const Incident* i : incidents.items) EXPECT_LE(i->time, mid);
  q.now = sim.scenario().windowEnd;
  SecurityPage<Alert> late = engine.alerts(q);
  EXPECT_EQ(late.matched, expectedAlertIds().size());
  EXPECT_GT(late.matched, early.matched);
}

}  // namespace
}  // namespace tenantsim::mock::testing
