// GET /{v1.0|beta}/auditLogs/provisioning[/{id}] (and beta auditLogs/directoryProvisioning)
// against fact sheet §2 (docs/provisioning.md#serving): context, walks equal to
// ProvisioningLog::generate, order, $top, the filter table (eq, contains, gt, lt, case-sensitive,
// tolower(), date-only literals, Microsoft's troubleshooting example), Graph's errors, items by
// id, 404, licence; the index against the scan.
#include <algorithm>

#include "base/time.h"
#include "mockserver/odata/capabilities.h"
#include "mockserver/routes/provisioning_query.h"
#include "simulator/simulation/provisioning_log.h"
#include "simulator/simulation/world/live_feeder.h"
#include "tests/support/graph_walk.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

using nlohmann::json;

// The last twelve hours of the window: a few hundred entries.
Ticks recentFrom() { return sharedServer().simulation().scenario().windowEnd - 12 * kTicksPerHour; }

std::string recent() { return "activityDateTime gt " + formatIsoTime(recentFrom()); }

std::vector<json> filtered(std::string_view version, std::string_view filter,
                           std::string_view extra = "", int top = 1000) {
  return walk(sharedServer(), "/" + std::string(version) +
                                  "/auditLogs/provisioning?$filter=" + encode(filter) +
                                  "&$top=" + std::to_string(top) + std::string(extra));
}

std::vector<std::string> idsOf(const std::vector<json>& rows) {
  std::vector<std::string> ids;
  for (const json& r : rows) ids.push_back(r["id"]);
  return ids;
}

// The log's entries after recentFrom(), newest first.
std::vector<std::string> expectedRecentIds() {
  const Simulation& sim = sharedServer().simulation();
  ProvisioningLog log(sim);
  const std::vector<ProvisioningEvent> all =
      log.generate(recentFrom() + 1, sim.scenario().windowEnd);
  std::vector<std::string> ids;
  ProvisioningDetails d;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    log.describe(*it, d, false);
    ids.push_back(d.id);
  }
  return ids;
}

const std::vector<json>& recentRows() {
  static std::vector<json> rows = filtered("v1.0", recent());
  return rows;
}

// A recent row with the wanted status, for filter values.
const json& sampleWith(std::string_view status) {
  for (const json& r : recentRows())
    if (r["provisioningStatusInfo"]["status"] == status) return r;
  return recentRows().front();
}

TEST(ProvisioningRoutes, ListHasContextAndPages) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.get("/v1.0/auditLogs/provisioning?$top=3");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"], s.origin() + "/v1.0/$metadata#auditLogs/provisioning");
  EXPECT_EQ(a.json["value"].size(), 3u);
  EXPECT_TRUE(a.json["@odata.nextLink"].get<std::string>().find("$skiptoken=") !=
              std::string::npos);
  HttpAnswer beta = s.get("/beta/auditLogs/directoryProvisioning?$top=1");
  ASSERT_EQ(beta.status, 200) << beta.body;
  EXPECT_EQ(beta.json["@odata.context"],
            s.origin() + "/beta/$metadata#auditLogs/directoryProvisioning");
  EXPECT_TRUE(beta.json["value"][0].contains("statusInfo"));
  HttpAnswer v1 = s.get("/v1.0/auditLogs/directoryProvisioning");
  expectGraphError(v1, 400, "BadRequest");
}

TEST(ProvisioningRoutes, WalkIsEveryEntryOnceNewestFirst) {
  const std::vector<std::string> expected = expectedRecentIds();
  ASSERT_GT(expected.size(), 20u);
  ASSERT_LT(expected.size(), 1500u);
  EXPECT_EQ(idsOf(recentRows()), expected);
  std::vector<json> small = filtered("beta", recent(), "", 97);
  EXPECT_EQ(idsOf(small), expected);
}

TEST(ProvisioningRoutes, AscendingOrderIsTheReverseWalk) {
  std::vector<std::string> expected = expectedRecentIds();
  std::reverse(expected.begin(), expected.end());
  EXPECT_EQ(idsOf(filtered("v1.0", recent(), "&$orderby=activityDateTime%20asc", 150)), expected);
}

TEST(ProvisioningRoutes, EqualityRowsOfTheFilterTable) {
  const json& x = sampleWith("success");
  const std::string scope = recent() + " and ";
  auto check = [&](const std::string& property, const std::string& value) {
    const std::vector<json> rows = filtered("v1.0", scope + property + " eq '" + value + "'");
    EXPECT_FALSE(rows.empty()) << property;
    for (const json& r : rows) {
      json v = r;
      size_t at = 0;
      while (at != std::string::npos) {
        size_t slash = property.find('/', at);
        v = v[property.substr(at, slash == std::string::npos ? slash : slash - at)];
        at = slash == std::string::npos ? slash : slash + 1;
      }
      EXPECT_EQ(v, value) << property;
    }
  };
  for (const char* p : {"id", "jobId", "cycleId", "changeId", "provisioningAction", "tenantId"})
    check(p, x[p]);
  check("servicePrincipal/id", x["servicePrincipal"]["id"]);
  check("servicePrincipal/displayName", x["servicePrincipal"]["displayName"]);
  check("sourceIdentity/id", x["sourceIdentity"]["id"]);
  check("targetIdentity/id", x["targetIdentity"]["id"]);
  check("provisioningStatusInfo/status", "success");
  const std::vector<json> skipped = filtered("beta", scope + "statusInfo/status eq 'skipped'");
  ASSERT_FALSE(skipped.empty());
  for (const json& r : skipped) EXPECT_EQ(r["statusInfo"]["status"], "skipped");
}

TEST(ProvisioningRoutes, ComparisonsAreCaseSensitiveAndToLowerFolds) {
  const std::string scope = recent() + " and ";
  EXPECT_TRUE(filtered("v1.0", scope + "servicePrincipal/displayName eq 'SERVICENOW'").empty());
  EXPECT_TRUE(
      filtered("v1.0", scope + "contains(servicePrincipal/displayName, 'servicenow')").empty());
  const std::vector<json> folded =
      filtered("v1.0", scope + "contains(tolower(servicePrincipal/displayName), 'servicenow')");
  ASSERT_FALSE(folded.empty());
  for (const json& r : folded) EXPECT_EQ(r["servicePrincipal"]["displayName"], "ServiceNow");
  EXPECT_EQ(
      idsOf(filtered("v1.0", scope + "tolower(servicePrincipal/displayName) eq 'servicenow'")),
      idsOf(folded));
  // A literal with capitals never equals a lowered value.
  EXPECT_TRUE(
      filtered("v1.0", scope + "tolower(servicePrincipal/displayName) eq 'ServiceNow'").empty());
  const std::vector<json> part =
      filtered("v1.0", scope + "contains(sourceSystem/displayName, 'Active')");
  EXPECT_EQ(part.size(), recentRows().size());
}

// docs/provisioning.md: Microsoft's troubleshooting query, date-only bounds and all.
TEST(ProvisioningRoutes, MicrosoftsTroubleshootingExampleWorks) {
  TestServer& s = sharedServer();
  const std::string day =
      formatIsoTime(s.simulation().scenario().windowEnd - kTicksPerDay).substr(0, 10);
  const std::string next = formatIsoTime(s.simulation().scenario().windowEnd).substr(0, 10);
  const json& x = sampleWith("success");
  const std::string spId = x["servicePrincipal"]["id"];
  auto query = [&](const std::string& idPart) {
    return "contains(tolower(servicePrincipal/id), '" + idPart +
           "') or contains(tolower(servicePrincipal/displayName), 'salesforce') and "
           "activityDateTime gt " +
           day + " and activityDateTime lt " + next;
  };
  // tolower() lowers the value, not the literal: an upper-case literal finds nothing.
  std::string upper = spId.substr(0, 8);
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  if (upper != spId.substr(0, 8)) {
    for (const json& r : filtered("v1.0", query(upper)))
      EXPECT_EQ(r["servicePrincipal"]["displayName"], "Salesforce");
  }
  HttpAnswer a = s.get(
      "/v1.0/auditLogs/provisioning?$top=500&$orderby=activityDateTime%20desc&"
      "$filter=" +
      encode(query(spId.substr(0, 8))));
  ASSERT_EQ(a.status, 200) << a.body;
  ASSERT_FALSE(a.json["value"].empty());
  for (const json& r : a.json["value"]) {
    const std::string name = r["servicePrincipal"]["displayName"];
    EXPECT_TRUE(r["servicePrincipal"]["id"] == x["servicePrincipal"]["id"] || name == "Salesforce")
        << name;
    // `or` binds looser than `and`: the id disjunct has no date bounds.
    if (name == "Salesforce") {
      EXPECT_EQ(r["activityDateTime"].get<std::string>().substr(0, 10), day);
    }
  }
}

TEST(ProvisioningRoutes, TimeBoundsAndClientShapes) {
  const json& x = sampleWith("success");
  const std::string at = x["activityDateTime"];
  const std::vector<json> ge =
      filtered("v1.0", "activityDateTime ge " + at + " and servicePrincipal/id eq '" +
                           x["servicePrincipal"]["id"].get<std::string>() + "'");
  ASSERT_FALSE(ge.empty());
  EXPECT_EQ(ge.back()["id"], x["id"]);  // newest first: the bound itself is last
  for (const json& r : filtered("v1.0", "activityDateTime lt " + at + " and " + recent()))
    EXPECT_LT(r["activityDateTime"].get<std::string>(), at);
}

TEST(ProvisioningRoutes, UnsupportedFiltersGetGraphsErrors) {
  TestServer& s = sharedServer();
  HttpAnswer unknown =
      s.get("/v1.0/auditLogs/provisioning?$filter=" + encode("userPrincipalName eq 'x'"));
  expectGraphError(unknown, 400, "BadRequest");
  EXPECT_EQ(unknown.json["error"]["message"],
            "Invalid filter clause: Could not find a property named 'userPrincipalName' on type "
            "'microsoft.graph.provisioningObjectSummary'.");
  for (const std::string text :
       {"jobId ne 'x'", "startswith(jobId, 'x')", "contains(jobId, 'x'", "tolower(jobId, 'x')",
        "durationInMilliseconds gt 5", "contains(tolower(activityDateTime), '2026')"}) {
    HttpAnswer a = s.get("/v1.0/auditLogs/provisioning?$filter=" + encode(text));
    expectGraphError(a, 400, "BadRequest");
    EXPECT_EQ(a.json["error"]["message"], "Invalid filter clause") << text;
  }
  // tolower() and contains are the provisioning log's: other endpoints refuse them.
  HttpAnswer signIns =
      s.get("/v1.0/auditLogs/signIns?$filter=" + encode("contains(tolower(appDisplayName), 'x')"));
  expectGraphError(signIns, 400, "BadRequest");
  HttpAnswer select = s.get("/v1.0/auditLogs/provisioning?$select=id");
  expectGraphError(select, 400, "BadRequest");
}

TEST(ProvisioningRoutes, RetentionRefusesOlderLowerBounds) {
  TestServer& s = sharedServer();
  const Ticks end = s.simulation().scenario().windowEnd;
  HttpAnswer a = s.get("/v1.0/auditLogs/provisioning?$filter=" +
                       encode("activityDateTime gt " + formatIsoTime(end - 31 * kTicksPerDay)));
  expectGraphError(a, 400, "BadRequest");
  EXPECT_EQ(a.json["error"]["message"], "Invalid filter clause");
}

TEST(ProvisioningRoutes, ItemByIdAndGraphs404) {
  TestServer& s = sharedServer();
  const json& x = sampleWith("failure");
  HttpAnswer a = s.get("/beta/auditLogs/provisioning/" + x["id"].get<std::string>());
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"],
            s.origin() + "/beta/$metadata#auditLogs/provisioning/$entity");
  EXPECT_EQ(a.json["id"], x["id"]);
  EXPECT_EQ(a.json["changeId"], x["changeId"]);
  expectGraphError(s.get("/v1.0/auditLogs/provisioning/00000000-0000-0000-0000-000000000000"), 404,
                   "Request_ResourceNotFound");
}

TEST(ProvisioningRoutes, PreferIncludeUnknownEnumMembersIsApplied) {
  TestServer& s = sharedServer();
  HttpAnswer asked =
      s.get("/v1.0/auditLogs/provisioning?$top=1", {{"Prefer", "include-unknown-enum-members"}});
  ASSERT_EQ(asked.status, 200);
  EXPECT_EQ(asked.header("Preference-Applied"), "include-unknown-enum-members");
}

TEST(ProvisioningRoutes, FreeTenantsGetGraphs403) {
  Scenario free = smallScenario();
  free.tenant.users = 50;
  free.tenant.license = "Free";
  free.workloads.signIns.reset();
  free.workloads.provisioning.reset();
  TestServer s(free);
  for (const char* target : {"/v1.0/auditLogs/provisioning", "/beta/auditLogs/provisioning/abc"}) {
    HttpAnswer a = s.get(target);
    expectGraphError(a, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant");
    EXPECT_EQ(a.json["error"]["message"],
              "Neither tenant is B2C or tenant doesn't have premium license");
  }
}

// Live mode (docs/provisioning.md#serving): the feeder appends the entries of the time it covers,
// so a store built up to the live start and fed to the end holds what generating the window gives.
TEST(ProvisioningQuery, LiveFeederAppendsTheEntriesAsTheClockPasses) {
  const Simulation& sim = sharedServer().simulation();
  const Scenario& s = sim.scenario();
  ProvisioningLog log(sim);
  const Ticks liveStart = s.windowEnd - 12 * kTicksPerHour;
  std::unique_ptr<ProvisioningStore> store =
      buildProvisioningStore(log, s.windowStart(), liveStart);
  const size_t before = store->size();
  EventStore events(std::vector<Event>{}, sim);
  ServerClock clock = ServerClock::history(s.windowEnd);
  LiveFeederOptions options;
  options.maxCatchUp = 2 * kTicksPerHour;
  LiveFeeder feeder(sim, events, clock, liveStart, options);
  feeder.feedProvisioning(log, *store);
  for (int step = 0; step < 20 && feeder.appendedUpTo() < s.windowEnd; ++step) feeder.advance();
  ASSERT_EQ(feeder.appendedUpTo(), s.windowEnd);
  EXPECT_GT(store->size(), before);
  const std::vector<ProvisioningEvent> whole = log.generateWindow();
  store->read([&](std::span<const ProvisioningEvent> stored, const PostingIndex*) {
    EXPECT_EQ(stored.size(), whole.size());
    EXPECT_TRUE(std::equal(stored.begin(), stored.end(), whole.begin(), whole.end()));
    return 0;
  });
}

// The startup build runs on every core (docs/performance.md#full-tenant): the records and the
// index are those of a one-thread build, and the records those the log generates.
TEST(ProvisioningQuery, BuildIsTheSameWhateverTheThreadCount) {
  const Simulation& sim = sharedServer().simulation();
  const Scenario& s = sim.scenario();
  ProvisioningLog log(sim);
  std::unique_ptr<ProvisioningStore> one =
      buildProvisioningStore(log, s.windowStart(), s.windowEnd, 1);
  std::unique_ptr<ProvisioningStore> four =
      buildProvisioningStore(log, s.windowStart(), s.windowEnd, 4);
  const std::vector<ProvisioningEvent> whole = log.generateWindow();
  ASSERT_GT(whole.size(), 1000u);
  EXPECT_EQ(four->memoryBytes(), one->memoryBytes());
  one->read([&](std::span<const ProvisioningEvent> expected, const PostingIndex* expectedIndex) {
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), whole.begin(), whole.end()));
    four->read([&](std::span<const ProvisioningEvent> stored, const PostingIndex* index) {
      EXPECT_TRUE(std::equal(stored.begin(), stored.end(), whole.begin(), whole.end()));
      EXPECT_TRUE(*index == *expectedIndex);
      return 0;
    });
    return 0;
  });
}

// The index gives the scan's pages for every indexed property, in both directions.
TEST(ProvisioningQuery, IndexAnswersAsTheScanDoes) {
  const Simulation& sim = sharedServer().simulation();
  ProvisioningLog log(sim);
  std::unique_ptr<ProvisioningStore> store =
      buildProvisioningStore(log, sim.scenario().windowStart(), sim.scenario().windowEnd);
  ProvisioningQueryEngine engine(log, *store);
  ASSERT_GT(store->size(), 1000u);
  // docs/provisioning.md: 32-byte records and their postings.
  const size_t bytesPerEntry = store->memoryBytes() / store->size();
  RecordProperty("bytesPerEntry", static_cast<int>(bytesPerEntry));
  EXPECT_LE(bytesPerEntry, 96u);
  // The common action and statuses are not listed (provisioning_index.h); the rare ones are.
  store->read([&](std::span<const ProvisioningEvent> events, const PostingIndex* index) {
    auto listed = [&](ProvisioningDimension d, uint64_t key) {
      return index->find(static_cast<uint8_t>(d), key)
          .estimate(0, static_cast<uint32_t>(events.size()));
    };
    using R = ProvisioningResult;
    EXPECT_EQ(listed(ProvisioningDimension::Status, static_cast<uint64_t>(R::Success)), 0u);
    EXPECT_EQ(listed(ProvisioningDimension::Status, static_cast<uint64_t>(R::Skipped)), 0u);
    EXPECT_EQ(
        listed(ProvisioningDimension::Action, static_cast<uint64_t>(ProvisioningAction::Update)),
        0u);
    EXPECT_GT(listed(ProvisioningDimension::Status, static_cast<uint64_t>(R::Failure)), 0u);
    EXPECT_GT(
        listed(ProvisioningDimension::Action, static_cast<uint64_t>(ProvisioningAction::Create)),
        0u);
    return 0;
  });
  const json& x = sampleWith("success");
  const odata::EndpointCapabilities caps = odata::EndpointCapabilities::forEndpoint(
      Endpoint::Provisioning, {ApiVersion::Beta, true, true});
  for (const std::string& text : std::vector<std::string>{
           "jobId eq '" + x["jobId"].get<std::string>() + "'",
           "servicePrincipal/id eq '" + x["servicePrincipal"]["id"].get<std::string>() + "'",
           "cycleId eq '" + x["cycleId"].get<std::string>() + "'",
           "sourceIdentity/id eq '" + x["sourceIdentity"]["id"].get<std::string>() + "'",
           "targetIdentity/id eq '" + x["targetIdentity"]["id"].get<std::string>() + "'",
           std::string(
               "provisioningAction eq 'delete' or provisioningStatusInfo/status eq 'failure'"),
           std::string("statusInfo/status eq 'skipped' and provisioningAction eq 'update'"),
           // Values the index does not list (actionIsIndexed, resultIsIndexed), alone, beside a
           // listed one, and narrowing a selective term.
           std::string("provisioningStatusInfo/status eq 'success'"),
           std::string("provisioningAction eq 'update' or provisioningAction eq 'create'"),
           "cycleId eq '" + x["cycleId"].get<std::string>() +
               "' and provisioningStatusInfo/status eq 'success'",
           std::string("tolower(provisioningAction) eq 'create'")}) {
    Result<odata::CompiledFilter> filter = odata::CompiledFilter::compile(text, caps);
    ASSERT_TRUE(filter) << text << ": " << filter.error().message;
    for (odata::SortDirection direction :
         {odata::SortDirection::Descending, odata::SortDirection::Ascending}) {
      ProvisioningPageQuery q;
      q.filter = &filter.value();
      q.now = sim.scenario().windowEnd;
      q.window.lo = sim.scenario().windowStart();
      q.window.hi = q.now;
      q.window.direction = direction;
      q.window.pageSize = 50;
      RecordPage<ProvisioningEvent> indexed = engine.page(q);
      q.useIndexes = false;
      RecordPage<ProvisioningEvent> scanned = engine.page(q);
      EXPECT_EQ(indexed.events, scanned.events) << text;
      EXPECT_EQ(indexed.next.has_value(), scanned.next.has_value()) << text;
      EXPECT_FALSE(scanned.events.empty()) << text;
    }
  }
}

}  // namespace
}  // namespace tenantsim::mock::testing
