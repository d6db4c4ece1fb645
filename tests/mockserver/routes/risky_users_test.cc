// GET /{v1.0|beta}/identityProtection/riskyUsers[/{id}[/history]] (docs/identity-protection.md
// #risky-users): every risky user is a user with a detection, its level and state follow the
// detections and the remediation (MFA, password reset, admin dismissal, confirmed compromise of
// storyline victims), its history is in time order and ends in its state; paging, $top, the
// filter table with Splunk's checkpoint shape, errors, licence.
#include <map>
#include <set>
#include <tuple>

#include "base/time.h"
#include "tests/support/graph_walk.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

using nlohmann::json;

constexpr char kPath[] = "/v1.0/identityProtection/riskyUsers";
constexpr char kDetections[] = "/v1.0/identityProtection/riskDetections?$top=500";

Scenario riskScenario(std::string license = "P2") {
  Scenario s = smallScenario();
  s.tenant.users = 200;
  s.windowDays = 4;
  s.tenant.license = std::move(license);
  SignInsConfig signIns;
  signIns.travelShare = 0.3;
  // Every remediation kind among the ~50 risky users, and background service-principal risk.
  signIns.riskRemediation.securedPasswordResetShare = 0.15;
  signIns.riskRemediation.adminPasswordResetShare = 0.15;
  signIns.riskRemediation.servicePrincipalRiskPerDay = 0.2;
  s.workloads.signIns = signIns;
  const char* kinds[] = {"passwordSpray", "mfaFatigue", "impossibleTravel"};
  for (int i = 0; i < 3; ++i)
    s.storylines.push_back({kinds[i], s.windowStart() + (6 + 24 * i) * kTicksPerHour, kinds[i]});
  // Confirmed compromised (8 h after its detection, 2-6 h after the secret) before the window end.
  s.storylines.push_back(
      {"compromisedServicePrincipal", s.windowStart() + 76 * kTicksPerHour, "stolen secret"});
  return s;
}

TestServer& server() {
  static TestServer* s = new TestServer(riskScenario());
  return *s;
}

int levelRank(const std::string& l) { return l == "low" ? 1 : l == "medium" ? 2 : 3; }

TEST(RiskyUsers, StateFollowsDetectionsAndRemediation) {
  TestServer& s = server();
  std::map<std::string, std::vector<json>> detectionsByUser;
  for (const json& d : walk(s, kDetections))
    detectionsByUser[d["userId"].get<std::string>()].push_back(d);
  ASSERT_FALSE(detectionsByUser.empty());
  HttpAnswer first = s.get(kPath);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json["@odata.context"],
            s.origin() + "/v1.0/$metadata#identityProtection/riskyUsers");
  const std::vector<json> users = walk(s, std::string(kPath) + "?$top=500");
  EXPECT_EQ(users.size(), detectionsByUser.size());  // P2: every user with a detection
  std::set<std::string> details;
  std::string lastTime;
  for (const json& u : users) {
    const std::string id = u["id"];
    ASSERT_TRUE(detectionsByUser.count(id)) << id;
    EXPECT_GE(u["riskLastUpdatedDateTime"].get<std::string>(), lastTime);  // oldest first
    lastTime = u["riskLastUpdatedDateTime"];
    details.insert(u["riskDetail"].get<std::string>());
    HttpAnswer item = s.get(std::string(kPath) + "/" + id);
    ASSERT_EQ(item.status, 200) << item.body;
    EXPECT_EQ(item.json["riskState"], u["riskState"]);
    EXPECT_EQ(item.json["userPrincipalName"], detectionsByUser[id][0]["userPrincipalName"]);

    HttpAnswer h = s.get(std::string(kPath) + "/" + id + "/history");
    ASSERT_EQ(h.status, 200) << h.body;
    const json& items = h.json["value"];
    ASSERT_FALSE(items.empty());
    size_t raised = 0;
    int openMax = 0;
    std::string t;
    for (const json& e : items) {
      EXPECT_EQ(e["userId"], id);
      EXPECT_GE(e["riskLastUpdatedDateTime"].get<std::string>(), t);  // time order
      t = e["riskLastUpdatedDateTime"];
      if (!e["activity"]["riskEventTypes"].empty()) {
        ++raised;
        // The detection this item records is one of the user's: detected before it, and last
        // updated then (still at risk) or later (closed by a remediation).
        bool known = false;
        int level = 0;
        for (const json& d : detectionsByUser[id]) {
          const bool match = d["detectedDateTime"] <= e["riskLastUpdatedDateTime"] &&
                             d["lastUpdatedDateTime"] >= e["riskLastUpdatedDateTime"] &&
                             d["riskEventType"] == e["activity"]["riskEventTypes"][0];
          known |= match;
          if (match && (d["riskState"] != "atRisk" ||
                        d["lastUpdatedDateTime"] == e["riskLastUpdatedDateTime"]))
            level = std::max(level, levelRank(d["riskLevel"]));
        }
        EXPECT_TRUE(known) << e.dump();
        if (e["riskState"] == "atRisk") {
          openMax = std::max(openMax, level);
          EXPECT_EQ(levelRank(e["riskLevel"]), openMax) << e.dump();
        }
      } else {
        openMax = 0;  // a remediation closes the open detections
        EXPECT_NE(e["riskState"], "atRisk");
        EXPECT_EQ(e["activity"]["detail"], e["riskDetail"]);
      }
    }
    EXPECT_EQ(raised, detectionsByUser[id].size()) << id;
    const json& last = items.back();
    EXPECT_EQ(last["riskState"], u["riskState"]);
    EXPECT_EQ(last["riskLevel"], u["riskLevel"]);
    EXPECT_EQ(last["riskDetail"], u["riskDetail"]);
    EXPECT_EQ(last["riskLastUpdatedDateTime"], u["riskLastUpdatedDateTime"]);
  }
  // Every remediation kind occurs; storyline victims are confirmed compromised.
  for (const char* d : {"none", "userPassedMFADrivenByRiskBasedPolicy",
                        "userPerformedSecuredPasswordReset", "adminGeneratedTemporaryPassword",
                        "adminDismissedAllRiskForUser", "adminConfirmedUserCompromised"})
    EXPECT_TRUE(details.count(d)) << d;
}

// Detections follow their user's remediation (docs/identity-protection.md#remediation-on-the-
// detections): the remediation after a detection closes it with its state and detail, at its time.
TEST(RiskyUsers, DetectionsFollowTheirUsersRemediation) {
  TestServer& s = server();
  const std::vector<json> detections = walk(s, kDetections);
  std::map<std::string, std::vector<json>> historyOf;
  std::set<std::string> states;
  for (const json& d : detections) {
    const std::string user = d["userId"];
    if (!historyOf.count(user))
      historyOf[user] = s.get(std::string(kPath) + "/" + user + "/history").json["value"];
    states.insert(d["riskState"].get<std::string>());
    // The first remediation at or after the detection's own update closes it.
    const json* closing = nullptr;
    bool compromised = false;
    for (const json& e : historyOf[user]) {
      if (!e["activity"]["riskEventTypes"].empty()) continue;
      if (e["riskLastUpdatedDateTime"] >= d["detectedDateTime"] &&
          e["riskLastUpdatedDateTime"] >= d["lastUpdatedDateTime"]) {
        closing = &e;
        break;
      }
      compromised |= e["riskState"] == "confirmedCompromised";
    }
    if (d["riskState"] == "atRisk") {
      EXPECT_EQ(d["riskDetail"], "none");
      EXPECT_TRUE(closing == nullptr) << d.dump();
      EXPECT_FALSE(compromised);
    } else if (closing) {
      EXPECT_EQ(d["riskState"], (*closing)["riskState"]) << d.dump();
      EXPECT_EQ(d["riskDetail"], (*closing)["riskDetail"]);
      EXPECT_EQ(d["lastUpdatedDateTime"], (*closing)["riskLastUpdatedDateTime"]);
    } else {
      EXPECT_EQ(d["riskState"], "confirmedCompromised") << d.dump();  // raised after the confirm
      EXPECT_TRUE(compromised);
    }
  }
  for (const char* state : {"atRisk", "remediated", "dismissed", "confirmedCompromised"})
    EXPECT_TRUE(states.count(state)) << state;
  // Filters see the same states (a scan: the state follows the clock, it is not indexed).
  const std::vector<json> remediated =
      walk(s, std::string(kDetections) + "&$filter=" + encode("riskState eq 'remediated'"));
  size_t expected = 0;
  for (const json& d : detections) expected += d["riskState"] == "remediated";
  EXPECT_EQ(remediated.size(), expected);
  for (const json& d : remediated) EXPECT_EQ(d["riskState"], "remediated");
}

TEST(RiskyUsers, PagingFiltersAndErrors) {
  TestServer& s = server();
  const std::vector<json> all = walk(s, std::string(kPath) + "?$top=500");
  ASSERT_GT(all.size(), 5u);
  int pages = 0;
  const std::vector<json> paged = walk(s, std::string(kPath) + "?$top=3", &pages);
  EXPECT_EQ(paged, all);
  EXPECT_EQ(pages, static_cast<int>((all.size() + 2) / 3));
  EXPECT_EQ(s.get(kPath).json["value"].size(), std::min<size_t>(20, all.size()));  // default 20
  std::vector<json> reversed =
      walk(s, std::string(kPath) + "?$top=4&$orderby=" + encode("riskLastUpdatedDateTime desc"));
  ASSERT_EQ(reversed.size(), all.size());
  EXPECT_EQ(reversed.front(), all.back());

  for (const char* state : {"atRisk", "remediated", "dismissed", "confirmedCompromised"}) {
    const std::vector<json> rows = walk(
        s, std::string(kPath) + "?$filter=" + encode(std::string("riskState eq '") + state + "'"));
    EXPECT_FALSE(rows.empty()) << state;
    for (const json& r : rows) EXPECT_EQ(r["riskState"], state);
  }
  const std::vector<json> high = walk(
      s, std::string(kPath) + "?$filter=" + encode("riskLevel eq 'high' or riskLevel eq 'medium'"));
  for (const json& r : high) EXPECT_NE(r["riskLevel"], "low");
  // Extractor Suite's PascalCase, any case of the value.
  std::string upn = all[0]["userPrincipalName"];
  std::string upper = upn;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::vector<json> one =
      walk(s, std::string(kPath) + "?$filter=" + encode("UserPrincipalName eq '" + upper + "'"));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["id"], all[0]["id"]);
  // Splunk's checkpoint: riskLastUpdatedDateTime gt X&$orderby=riskLastUpdatedDateTime.
  const std::string mid = all[all.size() / 2]["riskLastUpdatedDateTime"];
  const std::vector<json> later =
      walk(s, std::string(kPath) + "?$filter=" + encode("riskLastUpdatedDateTime gt " + mid) +
                  "&$orderby=riskLastUpdatedDateTime");
  size_t expected = 0;
  for (const json& r : all) expected += r["riskLastUpdatedDateTime"].get<std::string>() > mid;
  EXPECT_EQ(later.size(), expected);

  HttpAnswer selected = s.get(std::string(kPath) + "?$select=riskLevel,userPrincipalName");
  ASSERT_EQ(selected.status, 200) << selected.body;
  EXPECT_EQ(
      selected.json["@odata.context"],
      s.origin() + "/v1.0/$metadata#identityProtection/riskyUsers(riskLevel,userPrincipalName)");
  EXPECT_EQ(selected.json["value"][0].size(), 3u);  // id, riskLevel, userPrincipalName
  EXPECT_EQ(selected.json["value"][0]["riskLevel"], all[0]["riskLevel"]);
  expectGraphError(s.get(std::string(kPath) + "?$select=nope"), 400, "BadRequest");
  expectGraphError(s.get(std::string(kPath) + "?$top=501"), 400, "BadRequest");
  HttpAnswer bad = s.get(std::string(kPath) + "?$filter=" + encode("foo eq 'x'"));
  expectGraphError(bad, 400, "BadRequest");
  EXPECT_NE(bad.json["error"]["message"].get<std::string>().find("microsoft.graph.riskyUser"),
            std::string::npos);
  expectGraphError(s.get(std::string(kPath) + "/00000000-0000-0000-0000-000000000000"), 404,
                   "Request_ResourceNotFound");
  expectGraphError(s.get(std::string(kPath) + "/x/history/more"), 400, "BadRequest");
  HttpAnswer extra = s.get(std::string(kPath) + "/" + all[0]["id"].get<std::string>() + "/foo");
  EXPECT_NE(extra.status, 200);
}

// Graph's own texts for what clients get wrong (the hostile corpus, 790-809, sends the same
// shapes and checks only status and envelope).
TEST(RiskyUsers, ErrorsCarryGraphsTexts) {
  TestServer& s = server();
  auto message = [&](const std::string& target, int status) {
    HttpAnswer a = s.get(target);
    expectGraphError(a, status, status == 404 ? "Request_ResourceNotFound" : "BadRequest");
    return a.json["error"]["message"].get<std::string>();
  };
  const std::string path = kPath;
  EXPECT_EQ(message(path + "?$filter=" + encode("riskEventType eq 'x'"), 400),
            "Invalid filter clause: Could not find a property named 'riskEventType' on type "
            "'microsoft.graph.riskyUser'.");
  EXPECT_EQ(message("/beta/identityProtection/riskyUsers?$filter=" + encode("detectedDateTime ge "
                                                                            "2026-01-01T00:00:00Z"),
                    400),
            "Invalid filter clause: Could not find a property named 'detectedDateTime' on type "
            "'microsoft.graph.riskyUser'.");
  EXPECT_EQ(message(path + "?$skip=10", 400),
            "Query option 'Skip' is not allowed. To allow it, set the 'AllowedQueryOptions' "
            "property on EnableQueryAttribute or QueryValidationSettings.");
  EXPECT_EQ(message(path + "?$top=501", 400),
            "The limit of '500' for Top query has been exceeded. The value from the incoming "
            "request is '501'.");
  EXPECT_EQ(message(path + "/not-a-user", 404),
            "Resource 'not-a-user' does not exist or one of its queried reference-property "
            "objects are not present.");
  EXPECT_EQ(message(path + "/00000000-0000-0000-0000-000000000000/history", 404),
            "Resource '00000000-0000-0000-0000-000000000000' does not exist or one of its "
            "queried reference-property objects are not present.");
  for (const char* bad : {"not (riskState eq 'atRisk')", "riskLevel eq 'high' and",
                          "startswith(riskLevel,'h')", "riskLastUpdatedDateTime gt 'yesterday'"}) {
    EXPECT_EQ(message(path + "?$filter=" + encode(bad), 400).rfind("Invalid filter clause", 0), 0u)
        << bad;
  }
}

TEST(RiskyUsers, LicenceP1SeesMediumAndHighWithoutHistory) {
  TestServer s(riskScenario("P1"));
  const std::vector<json> rows = walk(s, std::string(kPath) + "?$top=500");
  ASSERT_FALSE(rows.empty());
  for (const json& r : rows) {
    EXPECT_TRUE(r["riskLevel"] == "medium" || r["riskLevel"] == "high") << r.dump();
    EXPECT_EQ(r["riskDetail"], "hidden");
  }
  expectGraphError(s.get(std::string(kPath) + "/" + rows[0]["id"].get<std::string>() + "/history"),
                   403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant");
}

// compromisedServicePrincipal (docs/identity-protection.md#service-principals): the audited new
// secret, the service principal's sign-ins from abroad carrying the risk, its detection (joined by
// requestId, naming the secret's key id) and the risky service principal with its history.
TEST(RiskyUsers, CompromisedServicePrincipalAcrossTheLogs) {
  TestServer& s = server();
  const std::string detections = "/v1.0/identityProtection/servicePrincipalRiskDetections";
  // The storyline's detection is the one at high risk (background ones are low or medium).
  const std::vector<json> rows = walk(s, detections + "?$filter=" + encode("riskLevel eq 'high'"));
  ASSERT_EQ(rows.size(), 1u);
  const json& d = rows[0];
  EXPECT_EQ(d["id"].get<std::string>().size(), 52u);
  EXPECT_EQ(d["riskEventType"], "investigationsThreatIntelligence");
  EXPECT_EQ(d["source"], "IdentityProtection");
  EXPECT_EQ(d["detectionTimingType"], "offline");
  EXPECT_EQ(d["activity"], "unknownFutureValue");  // servicePrincipal follows the sentinel
  EXPECT_EQ(d["riskState"], "confirmedCompromised");
  EXPECT_EQ(d["riskDetail"], "unknownFutureValue");
  EXPECT_FALSE(d.contains("userId"));
  ASSERT_EQ(d["keyIds"].size(), 1u);
  HttpAnswer late = s.get(detections + "/" + d["id"].get<std::string>(),
                          {{"Prefer", "include-unknown-enum-members"}});
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(late.json["activity"], "servicePrincipal");
  EXPECT_EQ(late.json["riskDetail"], "adminConfirmedServicePrincipalCompromised");
  EXPECT_EQ(
      late.json["@odata.context"],
      s.origin() + "/v1.0/$metadata#identityProtection/servicePrincipalRiskDetections/$entity");

  // The detection joins one of the service principal's sign-ins, from the address it names,
  // which carries the risk.
  const std::vector<json> signIns =
      walk(s, "/beta/auditLogs/signIns?$filter=" +
                  encode("id eq '" + d["requestId"].get<std::string>() +
                         "' and signInEventTypes/any(t: t eq 'servicePrincipal')"));
  ASSERT_EQ(signIns.size(), 1u);
  const json& signIn = signIns[0];
  EXPECT_EQ(signIn["servicePrincipalId"], d["servicePrincipalId"]);
  EXPECT_EQ(signIn["appId"], d["appId"]);
  EXPECT_EQ(signIn["ipAddress"], d["ipAddress"]);
  EXPECT_EQ(signIn["correlationId"], d["correlationId"]);
  EXPECT_EQ(signIn["riskState"], "atRisk");
  EXPECT_EQ(signIn["riskLevelAggregated"], "high");
  EXPECT_EQ(signIn["riskEventTypes_v2"], json::array({"investigationsThreatIntelligence"}));
  // The attacker's address finds all five through the sign-in store's IP index (as a scan does).
  EXPECT_EQ(walk(s, "/beta/auditLogs/signIns?$filter=" +
                        encode("ipAddress eq '" + d["ipAddress"].get<std::string>() +
                               "' and signInEventTypes/any(t: t eq 'servicePrincipal')"))
                .size(),
            5u);
  // The audit log has the new secret, with the key id the detection names, on that application.
  const std::vector<json> audits =
      walk(s, "/v1.0/auditLogs/directoryAudits?$filter=" +
                  encode("activityDisplayName eq "
                         "'Update application - Certificates and secrets management'"));
  bool secret = false;
  for (const json& a : audits)
    for (const json& m : a["targetResources"][0]["modifiedProperties"])
      secret |= m["displayName"] == "KeyDescription" &&
                m["newValue"].get<std::string>().find(d["keyIds"][0].get<std::string>()) !=
                    std::string::npos &&
                a["targetResources"][0]["displayName"] == d["servicePrincipalDisplayName"];
  EXPECT_TRUE(secret);

  // The risky service principal, its count, item and history.
  const std::string risky = "/v1.0/identityProtection/riskyServicePrincipals";
  HttpAnswer list = s.get(risky + "?$count=true&$filter=" +
                          encode("id eq '" + d["servicePrincipalId"].get<std::string>() + "'"));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["@odata.count"], 1);
  ASSERT_EQ(list.json["value"].size(), 1u);
  const json& sp = list.json["value"][0];
  EXPECT_EQ(sp["id"], d["servicePrincipalId"]);
  EXPECT_EQ(sp["appId"], d["appId"]);
  EXPECT_EQ(sp["riskState"], "confirmedCompromised");
  EXPECT_EQ(sp["riskLevel"], "high");
  EXPECT_EQ(sp["servicePrincipalType"], "Application");
  EXPECT_EQ(s.get(risky + "/" + sp["id"].get<std::string>()).json["riskState"],
            "confirmedCompromised");
  HttpAnswer history = s.get(risky + "/" + sp["id"].get<std::string>() + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  // The storyline's detection, then the confirmation (after any background detection of the app
  // before it).
  const json& items = history.json["value"];
  ASSERT_GE(items.size(), 2u);
  EXPECT_EQ(items[items.size() - 2]["activity"]["riskEventTypes"][0],
            "investigationsThreatIntelligence");
  EXPECT_EQ(items.back()["riskState"], "confirmedCompromised");
  EXPECT_EQ(items.back()["riskLastUpdatedDateTime"], d["lastUpdatedDateTime"]);
  EXPECT_EQ(s.get("/beta/identityProtection/riskyServicePrincipals/" + sp["id"].get<std::string>() +
                  "/history")
                .json["value"][0]["servicePrincipalId"],
            sp["id"]);

  // Filters, and Graph's errors.
  for (const json& other : walk(s, detections + "?$filter=" +
                                       encode("servicePrincipalId eq '" +
                                              d["servicePrincipalId"].get<std::string>() + "'")))
    EXPECT_EQ(other["servicePrincipalId"], d["servicePrincipalId"]);
  EXPECT_EQ(walk(s, risky + "?$filter=" + encode("riskState eq 'confirmedCompromised'")).size(),
            1u);
  HttpAnswer bad = s.get(detections + "?$filter=" + encode("userId eq 'x'"));
  expectGraphError(bad, 400, "BadRequest");
  EXPECT_EQ(bad.json["error"]["message"],
            "Invalid filter clause: Could not find a property named 'userId' on type "
            "'microsoft.graph.servicePrincipalRiskDetection'.");
  expectGraphError(s.get(detections + "/nope"), 404, "Request_ResourceNotFound");
  expectGraphError(s.get(risky + "/nope/history"), 404, "Request_ResourceNotFound");
  expectGraphError(s.get(detections + "?$top=501"), 400, "BadRequest");
  // The users' list is unchanged: no service principal in riskDetections.
  for (const json& u : walk(s, kDetections)) EXPECT_NE(u["requestId"], d["requestId"]);
}

// The audited remediations, as served (docs/identity-protection.md#remediation-audit-rows): each
// admin action of a riskyServicePrincipals history (dismiss, confirm compromised) is one
// directoryAudits row at its instant, by the history's initiatedBy, targeting the service
// principal, and no other such row exists; each admin password reset of a riskyUsers history
// (adminGeneratedTemporaryPassword) is a `Reset password (by admin)` row by that admin on the user.
TEST(RiskyUsers, RemediationsByAdminsAreAuditRows) {
  TestServer& s = server();
  const std::string audits = "/v1.0/auditLogs/directoryAudits?$filter=";
  // (time, target id, initiator id, activity)
  using Row = std::tuple<std::string, std::string, std::string, std::string>;
  std::multiset<Row> expected, served;
  std::set<std::string> spDetails;
  for (const json& sp : walk(s, "/v1.0/identityProtection/riskyServicePrincipals?$top=500")) {
    const std::string id = sp["id"];
    HttpAnswer h = s.get("/v1.0/identityProtection/riskyServicePrincipals/" + id + "/history",
                         {{"Prefer", "include-unknown-enum-members"}});
    ASSERT_EQ(h.status, 200) << h.body;
    for (const json& e : h.json["value"]) {
      spDetails.insert(e["riskDetail"].get<std::string>());
      if (!e["activity"]["riskEventTypes"].empty()) {
        EXPECT_TRUE(e["initiatedBy"].is_null());
        continue;
      }
      ASSERT_TRUE(e["initiatedBy"].is_string()) << e.dump();
      const bool confirmed = e["riskDetail"] == "adminConfirmedServicePrincipalCompromised";
      EXPECT_EQ(e["riskState"], confirmed ? "confirmedCompromised" : "dismissed");
      if (!confirmed) {
        EXPECT_EQ(e["riskDetail"], "adminDismissedAllRiskForServicePrincipal");
        EXPECT_EQ(e["riskLevel"], "none");
      }
      expected.emplace(
          e["riskLastUpdatedDateTime"], id, e["initiatedBy"],
          confirmed ? "confirmServicePrincipalCompromised" : "DismissServicePrincipal");
    }
  }
  for (const char* d : {"adminConfirmedServicePrincipalCompromised",
                        "adminDismissedAllRiskForServicePrincipal", "none"})
    EXPECT_TRUE(spDetails.count(d)) << d;
  for (const char* name : {"confirmServicePrincipalCompromised", "DismissServicePrincipal"})
    for (const json& a :
         walk(s, audits + encode(std::string("activityDisplayName eq '") + name + "'"))) {
      EXPECT_EQ(a["loggedByService"], "Identity Protection");
      EXPECT_EQ(a["category"], "Other");
      ASSERT_EQ(a["targetResources"].size(), 1u);
      EXPECT_EQ(a["targetResources"][0]["type"], "ServicePrincipal");
      served.emplace(a["activityDateTime"], a["targetResources"][0]["id"],
                     a["initiatedBy"]["user"]["id"], name);
    }
  EXPECT_EQ(served, expected);

  // Admin password resets: each one of a history is a row (the background has other resets).
  std::multiset<Row> resets, resetRows;
  for (const json& u : walk(s, std::string(kPath) + "?$top=500")) {
    const std::string id = u["id"];
    const HttpAnswer h = s.get(std::string(kPath) + "/" + id + "/history");
    for (const json& e : h.json["value"])
      if (e["riskDetail"] == "adminGeneratedTemporaryPassword") {
        EXPECT_EQ(e["riskState"], "remediated");
        ASSERT_TRUE(e["initiatedBy"].is_string());
        EXPECT_NE(e["initiatedBy"], id) << "an admin, not the user";
        resets.emplace(e["riskLastUpdatedDateTime"], id, e["initiatedBy"],
                       "Reset password (by admin)");
      }
  }
  ASSERT_FALSE(resets.empty());
  for (const json& a :
       walk(s, audits + encode("activityDisplayName eq 'Reset password (by admin)'")))
    if (resets.count(Row{a["activityDateTime"], a["targetResources"][0]["id"],
                         a["initiatedBy"]["user"]["id"], "Reset password (by admin)"})) {
      EXPECT_EQ(a["category"], "UserManagement");
      EXPECT_EQ(a["loggedByService"], "Self-service Password Management");
      resetRows.emplace(a["activityDateTime"], a["targetResources"][0]["id"],
                        a["initiatedBy"]["user"]["id"], "Reset password (by admin)");
    }
  EXPECT_EQ(resetRows, resets);
}

}  // namespace
}  // namespace tenantsim::mock::testing
