// GET /{v1.0|beta}/identityProtection/riskDetections[/{id}] against fact sheet §3
// (docs/identity-protection.md#serving): context, walks equal to RiskLog::generate (each
// detection once, oldest first), $top rules, default page 20, the filter table and real-client
// shapes (Splunk, Wazuh, Extractor Suite), Graph's error texts, $select, licence, throttling (a
// 429 without Retry-After, per tenant), evolvable enums, items by id.
#include <algorithm>
#include <functional>
#include <set>

#include "base/strings.h"
#include "base/time.h"
#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/routes/risk_query.h"
#include "mockserver/stages/throttling.h"
#include "simulator/graph/risk_render.h"
#include "simulator/simulation/risk_log.h"
#include "simulator/simulation/risky_users.h"
#include "simulator/simulation/world/live_feeder.h"
#include "tests/support/graph_walk.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

using nlohmann::json;

constexpr char kPath[] = "/v1.0/identityProtection/riskDetections";

// 200 users for 4 days with enough travel for background detections, and the three storylines
// that raise planted ones (as tests/simulator/simulation/risk_log_test.cc).
Scenario riskScenario(std::string license = "P2") {
  Scenario s = smallScenario();
  s.tenant.users = 200;
  s.windowDays = 4;
  s.tenant.license = std::move(license);
  SignInsConfig signIns;
  signIns.travelShare = 0.3;
  s.workloads.signIns = signIns;
  const char* kinds[] = {"passwordSpray", "mfaFatigue", "impossibleTravel"};
  for (int i = 0; i < 3; ++i)
    s.storylines.push_back({kinds[i], s.windowStart() + (6 + 24 * i) * kTicksPerHour, kinds[i]});
  return s;
}

TestServer& server() {
  static TestServer* s = new TestServer(riskScenario());
  return *s;
}

std::vector<json> filtered(std::string_view filter, std::string_view extra = "") {
  return walk(server(),
              std::string(kPath) + "?$filter=" + encode(filter) + "&$top=500" + std::string(extra));
}

// The detections the log holds, oldest first, listed at the window end (in their state then:
// their users' remediation), that `keep` accepts.
std::vector<std::string> expectedIds(
    const std::function<bool(const RiskDetection&, const RiskDetectionDetails&)>& keep = {}) {
  const Simulation& sim = server().simulation();
  SignInLog signIns(sim);
  RiskLog log(signIns);
  const Ticks end = sim.scenario().windowEnd;
  std::vector<RiskDetection> visible = log.generateWindow();
  std::erase_if(visible, [&](const RiskDetection& r) { return r.visibleAt() > end; });
  const DetectionStates states(visible, end, sim.scenario());
  std::vector<std::string> ids;
  RiskDetectionDetails d;
  for (const RiskDetection& r : visible) {
    log.describe(r, d);
    applyDetectionState(states.of(r), d);
    if (!keep || keep(r, d)) ids.push_back(d.id);
  }
  return ids;
}

std::vector<std::string> idsOf(const std::vector<json>& rows) {
  std::vector<std::string> ids;
  for (const json& r : rows) ids.push_back(r["id"]);
  return ids;
}

std::string upper(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return text;
}

std::string iso(Ticks t) {
  std::string out;
  appendIsoTime(out, t);
  return out;
}

TEST(RiskRoutes, ListHasContextDefaultPageOf20AndNextLink) {
  TestServer& s = server();
  HttpAnswer a = s.get(kPath);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"],
            s.origin() + "/v1.0/$metadata#identityProtection/riskDetections");
  ASSERT_GT(expectedIds().size(), 20u);
  EXPECT_EQ(a.json["value"].size(), 20u);
  EXPECT_TRUE(a.json["@odata.nextLink"].get<std::string>().starts_with(
      s.origin() + "/v1.0/identityProtection/riskDetections?$skiptoken="));
  const json& row = a.json["value"][0];
  EXPECT_FALSE(row.contains("@odata.type"));
  for (const char* p : {"id",
                        "requestId",
                        "correlationId",
                        "riskEventType",
                        "riskState",
                        "riskLevel",
                        "riskDetail",
                        "source",
                        "detectionTimingType",
                        "activity",
                        "tokenIssuerType",
                        "ipAddress",
                        "location",
                        "activityDateTime",
                        "detectedDateTime",
                        "lastUpdatedDateTime",
                        "userId",
                        "userDisplayName",
                        "userPrincipalName",
                        "additionalInfo"})
    EXPECT_TRUE(row.contains(p)) << p;
  EXPECT_FALSE(row.contains("riskType"));  // beta only
  HttpAnswer beta = s.get("/beta/identityProtection/riskDetections?$top=1");
  ASSERT_EQ(beta.status, 200) << beta.body;
  EXPECT_EQ(beta.json["value"][0]["riskType"], beta.json["value"][0]["riskEventType"]);
  EXPECT_TRUE(beta.json["value"][0].contains("mitreTechniqueId"));
}

TEST(RiskRoutes, WalkIsEveryDetectionOnceOldestFirst) {
  TestServer& s = server();
  const std::vector<json> rows = walk(s, std::string(kPath) + "?$top=7");
  const std::vector<std::string> expected = expectedIds();
  EXPECT_EQ(idsOf(rows), expected);
  EXPECT_EQ(std::set<std::string>(expected.begin(), expected.end()).size(), expected.size());
  for (size_t i = 1; i < rows.size(); ++i)
    ASSERT_LE(rows[i - 1]["detectedDateTime"].get<std::string>(),
              rows[i]["detectedDateTime"].get<std::string>());
  // Newest first on request, the same detections in reverse.
  std::vector<std::string> reversed =
      idsOf(walk(s, std::string(kPath) + "?$orderby=detectedDateTime%20desc&$top=500"));
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(reversed, expected);
}

TEST(RiskRoutes, TopRules) {
  TestServer& s = server();
  HttpAnswer max = s.get(std::string(kPath) + "?$top=500");
  ASSERT_EQ(max.status, 200) << max.body;
  EXPECT_EQ(max.json["value"].size(), std::min<size_t>(500, expectedIds().size()));
  HttpAnswer over = s.get(std::string(kPath) + "?$top=501");
  expectGraphError(over, 400, "BadRequest");
  EXPECT_EQ(over.json["error"]["message"],
            "The limit of '500' for Top query has been exceeded. The value from the incoming "
            "request is '501'.");
  expectGraphError(s.get(std::string(kPath) + "?$top=0"), 400, "BadRequest");
  expectGraphError(s.get(std::string(kPath) + "?$top=abc"), 400, "BadRequest");
}

TEST(RiskRoutes, EnumAndIdentifierFiltersMatchTheLog) {
  const std::vector<std::string> offline = idsOf(filtered("detectionTimingType eq 'offline'"));
  EXPECT_FALSE(offline.empty());
  EXPECT_EQ(offline, expectedIds([](const RiskDetection& r, const RiskDetectionDetails&) {
              return r.timing == RiskTiming::Offline;
            }));
  EXPECT_EQ(idsOf(filtered("riskEventType eq 'passwordSpray'")),
            expectedIds([](const RiskDetection& r, const RiskDetectionDetails&) {
              return r.type == RiskEventType::PasswordSpray;
            }));
  EXPECT_EQ(idsOf(filtered("riskLevel eq 'medium'")),
            expectedIds([](const RiskDetection& r, const RiskDetectionDetails&) {
              return r.level == RiskLevel::Medium;
            }));
  // States follow the users' remediation (risky_users_test.cc checks them against the history).
  for (const char* state : {"atRisk", "remediated", "dismissed", "confirmedCompromised"}) {
    const std::vector<std::string> ids =
        idsOf(filtered(std::string("riskState eq '") + state + "'"));
    EXPECT_FALSE(ids.empty()) << state;
    EXPECT_EQ(ids, expectedIds([&](const RiskDetection&, const RiskDetectionDetails& d) {
                return d.riskState == state;
              }));
  }
  EXPECT_EQ(idsOf(filtered("riskDetail eq 'none'")),
            expectedIds([](const RiskDetection&, const RiskDetectionDetails& d) {
              return d.riskDetail == "none";
            }));
  // The fact sheet's documented `or` (with a type no detection has, and one most have).
  EXPECT_EQ(idsOf(filtered("riskEventType eq 'investigationsThreatIntelligence' or riskLevel eq "
                           "'medium'")),
            expectedIds([](const RiskDetection& r, const RiskDetectionDetails&) {
              return r.level == RiskLevel::Medium;
            }));
  // Identifiers of one detection find it (and the others of its sign-in / user).
  const json row = filtered("riskEventType eq 'anomalousToken'").at(0);
  for (const char* p : {"requestId", "correlationId", "ipAddress", "userId", "id"}) {
    const std::vector<json> rows =
        filtered(std::string(p) + " eq '" + row[p].get<std::string>() + "'");
    EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [&](const json& r) { return r == row; }))
        << p;
    for (const json& r : rows) EXPECT_EQ(r[p], row[p]) << p;
  }
  // Graph stores the principal name lower-case: any case of value and property name finds it
  // (Microsoft-Extractor-Suite sends `UserPrincipalName eq`).
  const std::string upn = row["userPrincipalName"];
  const std::vector<std::string> byUser = idsOf(filtered("userPrincipalName eq '" + upn + "'"));
  EXPECT_EQ(byUser, expectedIds([&](const RiskDetection&, const RiskDetectionDetails& d) {
              return d.signIn.userPrincipalName == upn;
            }));
  EXPECT_EQ(idsOf(filtered("UserPrincipalName eq '" + upper(upn) + "'")), byUser);
  EXPECT_EQ(idsOf(filtered("startswith(userPrincipalName,'" + upn.substr(0, 3) + "')")),
            expectedIds([&](const RiskDetection&, const RiskDetectionDetails& d) {
              return d.signIn.userPrincipalName.starts_with(upn.substr(0, 3));
            }));
}

TEST(RiskRoutes, TimeFiltersAndClientShapes) {
  const Simulation& sim = server().simulation();
  const Ticks mid = sim.scenario().windowStart() + 2 * kTicksPerDay;
  // detectedDateTime ge X&$top=500 (fact sheet §3.2).
  EXPECT_EQ(idsOf(filtered("detectedDateTime ge " + iso(mid))),
            expectedIds([&](const RiskDetection& r, const RiskDetectionDetails&) {
              return r.time >= mid;
            }));
  // Wazuh: activityDateTime ge start and activityDateTime lt end.
  const Ticks end = mid + kTicksPerDay;
  EXPECT_EQ(
      idsOf(filtered("activityDateTime ge " + iso(mid) + " and activityDateTime lt " + iso(end))),
      expectedIds([&](const RiskDetection& r, const RiskDetectionDetails&) {
        return r.signIn.time >= mid && r.signIn.time < end;
      }));
  // Splunk: lastUpdatedDateTime gt checkpoint&$orderby=lastUpdatedDateTime, then the next
  // checkpoint is the largest lastUpdatedDateTime read.
  const std::vector<json> rows =
      filtered("lastUpdatedDateTime gt " + iso(mid), "&$orderby=lastUpdatedDateTime");
  EXPECT_EQ(idsOf(rows), expectedIds([&](const RiskDetection&, const RiskDetectionDetails& d) {
              return d.lastUpdated > mid;
            }));
  std::string checkpoint;
  for (const json& r : rows)
    checkpoint = std::max(checkpoint, r["lastUpdatedDateTime"].get<std::string>());
  ASSERT_FALSE(checkpoint.empty());
  EXPECT_TRUE(filtered("lastUpdatedDateTime gt " + checkpoint).empty());
}

TEST(RiskRoutes, BadQueriesGetGraphTexts) {
  TestServer& s = server();
  HttpAnswer unknown =
      s.get(std::string(kPath) + "?$filter=" + encode("createdDateTime ge 2026-01-01T00:00:00Z"));
  expectGraphError(unknown, 400, "BadRequest");
  EXPECT_EQ(unknown.json["error"]["message"],
            "Invalid filter clause: Could not find a property named 'createdDateTime' on type "
            "'microsoft.graph.riskDetection'.");
  HttpAnswer unterminated = s.get(std::string(kPath) + "?$filter=" + encode("riskLevel eq 'hi"));
  expectGraphError(unterminated, 400, "BadRequest");
  EXPECT_TRUE(unterminated.json["error"]["message"].get<std::string>().starts_with(
      "Invalid filter clause"));
  expectGraphError(s.get(std::string(kPath) + "?$filter=" + encode("startswith(riskLevel,'h')")),
                   400, "BadRequest");
  expectGraphError(s.get(std::string(kPath) + "?$count=true"), 400, "BadRequest");
  expectGraphError(s.get(std::string(kPath) + "?$skip=5"), 400, "BadRequest");
  expectGraphError(s.get(std::string(kPath) + "?$orderby=riskLevel"), 400, "BadRequest");
  expectGraphError(s.get(std::string(kPath) + "?$skiptoken=garbage"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/identityProtection/riskDetections/x/y"), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/identityProtection/riskyThings"), 400, "BadRequest");
}

// The posting indexes narrow the scan and never change an answer.
TEST(RiskRoutes, IndexedQueriesEqualTheScan) {
  const Simulation& sim = server().simulation();
  SignInLog signIns(sim);
  RiskLog log(signIns);
  std::unique_ptr<RiskStore> store =
      buildRiskStore(log, sim.scenario().windowStart(), sim.scenario().windowEnd);
  RiskQueryEngine engine(log, *store);
  const odata::EndpointCapabilities caps =
      odata::EndpointCapabilities::forEndpoint(Endpoint::RiskDetections);
  const json row = filtered("riskEventType eq 'anomalousToken'").at(0);
  size_t indexed = 0;
  for (const std::string& text : std::vector<std::string>{
           "riskLevel eq 'high'", "riskState eq 'atRisk'", "detectionTimingType eq 'offline'",
           "riskEventType eq 'unfamiliarFeatures' and riskLevel eq 'medium'",
           "userPrincipalName eq '" + upper(row["userPrincipalName"]) + "'",
           "userId eq '" + row["userId"].get<std::string>() + "' or ipAddress eq '" +
               row["ipAddress"].get<std::string>() + "'",
           "requestId eq '" + row["requestId"].get<std::string>() + "'",
           "correlationId eq '" + row["correlationId"].get<std::string>() + "'",
           "id eq '" + row["id"].get<std::string>() + "'", "riskLevel eq 'none'"}) {
    Result<odata::CompiledFilter> filter = odata::CompiledFilter::compile(text, caps);
    ASSERT_TRUE(filter) << text;
    auto ids = [&](bool useIndexes) {
      RiskPageQuery q;
      q.filter = &filter.value();
      q.now = sim.scenario().windowEnd;
      q.window.lo = sim.scenario().windowStart();
      q.window.hi = q.now;
      q.window.direction = odata::SortDirection::Ascending;
      q.window.pageSize = 10'000;
      q.useIndexes = useIndexes;
      RecordPage<RiskDetection> page = engine.page(q);
      indexed += page.usedIndex;
      std::vector<uint64_t> keys;
      for (const RiskDetection& r : page.events) keys.push_back(r.key);
      return keys;
    };
    EXPECT_EQ(ids(true), ids(false)) << text;
  }
  EXPECT_GT(indexed, 5u);
}

// Live mode: the feeder appends the detections of the time it covers, so a store built up to
// the live start and fed to the end holds what generating the whole window gives.
TEST(RiskRoutes, LiveFeederAppendsTheDetectionsAsTheClockPasses) {
  Scenario scenario = riskScenario();
  scenario.server.ingestDelay = "none";
  Simulation simulation(scenario);
  const Scenario& s = simulation.scenario();
  const Ticks middle = s.windowStart() + (s.windowEnd - s.windowStart()) / 2;
  EventStore events(simulation.generate(s.windowStart(), middle), simulation);
  SignInLog signIns(simulation);
  RiskLog log(signIns);
  std::unique_ptr<SignInStore> signInStore = buildSignInStore(signIns, s.windowStart(), middle, 1);
  std::unique_ptr<RiskStore> riskStore = buildRiskStore(log, s.windowStart(), middle);
  const size_t before = riskStore->size();
  ServerClock clock = ServerClock::history(s.windowEnd);
  LiveFeederOptions options;
  options.maxCatchUp = 6 * kTicksPerHour;
  LiveFeeder feeder(simulation, events, clock, middle, options);
  feeder.feedSignIns(signIns, *signInStore);
  feeder.feedRisks(*riskStore);
  for (int step = 0; step < 100 && feeder.appendedUpTo() < s.windowEnd; ++step) feeder.advance();
  ASSERT_EQ(feeder.appendedUpTo(), s.windowEnd);
  const std::vector<RiskDetection> whole = log.generateWindow();
  EXPECT_GT(riskStore->size(), before);
  riskStore->read([&](std::span<const RiskDetection> stored, const PostingIndex*) {
    EXPECT_TRUE(std::equal(stored.begin(), stored.end(), whole.begin(), whole.end()));
    return 0;
  });
}

TEST(RiskRoutes, SelectNamesTheProperties) {
  TestServer& s = server();
  HttpAnswer a = s.get(std::string(kPath) + "?$select=riskLevel,userPrincipalName&$top=3");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"],
            s.origin() +
                "/v1.0/$metadata#identityProtection/riskDetections(riskLevel,userPrincipalName)");
  for (const json& row : a.json["value"]) {
    EXPECT_EQ(row.size(), 3u) << row.dump();  // id always
    EXPECT_TRUE(row.contains("riskLevel") && row.contains("userPrincipalName"));
  }
  expectGraphError(s.get(std::string(kPath) + "?$select=nope"), 400, "BadRequest");
}

TEST(RiskRoutes, ItemById) {
  TestServer& s = server();
  HttpAnswer list = s.get(std::string(kPath) + "?$top=2");
  ASSERT_EQ(list.status, 200) << list.body;
  const json& row = list.json["value"][1];
  HttpAnswer item = s.get(std::string(kPath) + "/" + row["id"].get<std::string>());
  ASSERT_EQ(item.status, 200) << item.body;
  EXPECT_EQ(item.json["@odata.context"],
            s.origin() + "/v1.0/$metadata#identityProtection/riskDetections/$entity");
  json copy = item.json;
  copy.erase("@odata.context");
  EXPECT_EQ(copy, row);
  HttpAnswer missing = s.get(std::string(kPath) + "/" + std::string(64, 'a'));
  expectGraphError(missing, 404, "Request_ResourceNotFound");
}

TEST(RiskRoutes, EvolvableEnumsKeepLateMembersBehindTheSentinel) {
  // Nothing served today is declared after unknownFutureValue; the rule itself:
  EXPECT_EQ(evolvableMemberName(kRiskDetailEnum, "adminDismissedRiskForSignIn",
                                UnknownEnumMembers::AsSentinel),
            "unknownFutureValue");
  EXPECT_EQ(evolvableMemberName(kRiskDetailEnum, "adminDismissedRiskForSignIn",
                                UnknownEnumMembers::Included),
            "adminDismissedRiskForSignIn");
  EXPECT_EQ(
      evolvableMemberName(kActivityTypeEnum, "servicePrincipal", UnknownEnumMembers::AsSentinel),
      "unknownFutureValue");
  EXPECT_EQ(evolvableMemberName(kRiskLevelEnum, "hidden", UnknownEnumMembers::AsSentinel),
            "hidden");
  HttpAnswer a =
      server().get(std::string(kPath) + "?$top=1", {{"Prefer", "include-unknown-enum-members"}});
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.header("Preference-Applied"), "include-unknown-enum-members");
}

TEST(RiskRoutes, LicenceFreeIs403AndP1SeesGeneric) {
  Scenario p1 = riskScenario("P1");
  p1.tenant.users = 60;
  p1.windowDays = 2;
  p1.storylines.resize(1);  // the password spray: a premium detection
  TestServer s(p1);
  const std::vector<json> rows = walk(s, std::string(kPath) + "?$top=500");
  ASSERT_FALSE(rows.empty());
  for (const json& r : rows) {
    EXPECT_EQ(r["riskEventType"], "generic");
    EXPECT_EQ(r["riskLevel"], "hidden");
    EXPECT_EQ(r["riskDetail"], "hidden");
  }
  EXPECT_EQ(walk(s, std::string(kPath) + "?$filter=" + encode("riskEventType eq 'generic'")).size(),
            rows.size());
  EXPECT_TRUE(walk(s, std::string(kPath) + "?$filter=" + encode("riskEventType eq 'passwordSpray'"))
                  .empty());

  Scenario free = tenantsim::mock::testing::smallScenario();
  free.tenant.users = 20;
  free.windowDays = 1;
  free.tenant.license = "Free";
  TestServer f(free);
  HttpAnswer a = f.get(kPath);
  expectGraphError(a, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant");
  EXPECT_EQ(a.json["error"]["message"],
            "Neither tenant is B2C or tenant doesn't have premium license");
}

TEST(RiskRoutes, NeedsIdentityRiskEventReadAll) {
  TestServer& s = server();
  const std::string token = s.tokenFor(kNoRolesClientId, kNoRolesSecret);
  HttpAnswer a = s.send("GET", kPath, {{"Authorization", "Bearer " + token}});
  expectGraphError(a, 403, "Authorization_RequestDenied");
}

// Identity Protection: 1 request/s per tenant across all apps; its 429 has no Retry-After.
TEST(RiskRoutes, ThrottledPerTenantWithoutRetryAfter) {
  StageDeps deps;
  const auto at = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  deps.now = [at] { return at; };
  std::unique_ptr<Stage> stage = makeThrottlingStage(ThrottlingStageConfig{}, deps);
  auto send = [&](Endpoint endpoint, std::string app, httplib::Response& response) {
    httplib::Request request;
    request.remote_addr = "10.0.0.1";
    RequestContext ctx{request, response, endpoint, "req", "client", std::move(app), "tenant", 1};
    return stage->handle(ctx);
  };
  httplib::Response first, second, audits;
  EXPECT_TRUE(send(Endpoint::RiskDetections, "a", first));
  EXPECT_FALSE(send(Endpoint::RiskDetections, "b", second));  // another app, same tenant
  EXPECT_EQ(second.status, 429);
  EXPECT_FALSE(second.has_header("Retry-After"));
  EXPECT_NE(second.body.find("\"TooManyRequests\""), std::string::npos);
  EXPECT_TRUE(send(Endpoint::DirectoryAudits, "a", audits));  // a budget of its own
  EXPECT_NE(audits.status, 429);
}

}  // namespace
}  // namespace tenantsim::mock::testing
