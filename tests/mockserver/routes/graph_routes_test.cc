// The shapes of Graph's answers: contexts, absolute nextLinks repeating every option, last pages,
// single items, the Intune functions, 404/400/405 answers and the request forms clients send.
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

TEST(GraphRoutes, ListHasGraphHeadersAndContext) {
  TestServer& s = sharedServer();
  HttpAnswer a =
      s.get("/v1.0/auditLogs/directoryAudits?$top=2", {{"client-request-id", "abc-123"}});
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.header("Content-Type"), kGraphContentType);
  EXPECT_EQ(a.header("OData-Version"), "4.0");
  EXPECT_EQ(a.header("client-request-id"), "abc-123");
  EXPECT_FALSE(a.header("request-id").empty());
  EXPECT_FALSE(a.header("x-ms-ags-diagnostic").empty());
  EXPECT_EQ(a.json["@odata.context"], s.origin() + "/v1.0/$metadata#auditLogs/directoryAudits");
  EXPECT_EQ(a.json["value"].size(), 2u);
}

TEST(GraphRoutes, NextLinkIsAbsoluteAndRepeatsEveryOption) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.get(
      "/beta/auditLogs/"
      "directoryAudits?$filter=category%20eq%20'UserManagement'&$top=5&$orderby=activityDateTime%"
      "20asc");
  ASSERT_EQ(a.status, 200) << a.body;
  std::string next = a.json["@odata.nextLink"];
  EXPECT_TRUE(next.starts_with(s.origin() +
                               "/beta/auditLogs/"
                               "directoryAudits?$filter=category%20eq%20%27UserManagement%27&$"
                               "top=5&$orderby=activityDateTime%20asc&$skiptoken="))
      << next;
}

TEST(GraphRoutes, SelectNarrowsItemsAndContext) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.get("/v1.0/auditLogs/directoryAudits?$select=activityDateTime,id&$top=1");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"],
            s.origin() + "/v1.0/$metadata#auditLogs/directoryAudits(activityDateTime,id)");
  EXPECT_EQ(a.json["value"][0].size(), 2u);
}

TEST(GraphRoutes, LastPageHasNoNextLink) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.get("/v1.0/deviceManagement/auditEvents?$top=1000");
  ASSERT_EQ(a.status, 200) << a.body;
  std::string target = s.relative(a.json["@odata.nextLink"]);
  size_t pages = 1;
  while (true) {
    HttpAnswer page = s.get(target);
    ASSERT_EQ(page.status, 200) << page.body;
    ++pages;
    if (!page.json.contains("@odata.nextLink")) break;
    target = s.relative(page.json["@odata.nextLink"]);
  }
  EXPECT_GE(pages, 2u);
}

TEST(GraphRoutes, SingleDirectoryAuditHasEntityContext) {
  TestServer& s = sharedServer();
  HttpAnswer list = s.get("/v1.0/auditLogs/directoryAudits?$top=1");
  std::string id = list.json["value"][0]["id"];
  std::string encoded;
  for (char c : id) encoded += c == ' ' ? std::string("%20") : std::string(1, c);
  HttpAnswer a = s.get("/v1.0/auditlogs/directoryaudits/" + encoded);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"],
            s.origin() + "/v1.0/$metadata#auditLogs/directoryAudits/$entity");
  nlohmann::json item = a.json;
  item.erase("@odata.context");
  EXPECT_EQ(item, list.json["value"][0]);
}

TEST(GraphRoutes, SingleAuditEventHasEntityContext) {
  TestServer& s = sharedServer();
  HttpAnswer list = s.get("/beta/deviceManagement/auditEvents?$top=1");
  std::string id = list.json["value"][0]["id"];
  HttpAnswer a = s.get("/beta/deviceManagement/auditEvents/" + id);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["@odata.context"],
            s.origin() + "/beta/$metadata#deviceManagement/auditEvents/$entity");
  EXPECT_EQ(a.json["id"], id);
}

TEST(GraphRoutes, UnknownIdIs404ResourceNotFound) {
  TestServer& s = sharedServer();
  expectGraphError(s.get("/v1.0/auditLogs/directoryAudits/Directory_nope"), 404,
                   "Request_ResourceNotFound");
  expectGraphError(s.get("/v1.0/deviceManagement/auditEvents/00000000-0000-0000-0000-000000000000"),
                   404, "Request_ResourceNotFound");
}

TEST(GraphRoutes, AuditCategoriesIsAStringCollection) {
  TestServer& s = sharedServer();
  for (std::string path : {"/v1.0/deviceManagement/auditEvents/getAuditCategories",
                           "/beta/deviceManagement/auditEvents/getAuditCategories()"}) {
    HttpAnswer a = s.get(path);
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_TRUE(
        a.json["@odata.context"].get<std::string>().ends_with("/$metadata#Collection(Edm.String)"));
    EXPECT_FALSE(a.json["value"].empty());
  }
}

TEST(GraphRoutes, AuditActivityTypesTakesAQuotedOrEncodedCategory) {
  TestServer& s = sharedServer();
  HttpAnswer quoted =
      s.get("/v1.0/deviceManagement/auditEvents/getAuditActivityTypes(category='Application')");
  HttpAnswer encoded =
      s.get("/v1.0/deviceManagement/auditEvents/getAuditActivityTypes(category=%27Application%27)");
  ASSERT_EQ(quoted.status, 200) << quoted.body;
  EXPECT_EQ(quoted.json["value"], encoded.json["value"]);
  EXPECT_FALSE(quoted.json["value"].empty());
}

TEST(GraphRoutes, CountOnAuditEventsIsTheTrueTotal) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.get("/v1.0/deviceManagement/auditEvents?$count=true&$top=1");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_GT(a.json["@odata.count"].get<int64_t>(), 1);
}

TEST(GraphRoutes, CountOnDirectoryAuditsIs400) {
  expectGraphError(sharedServer().get("/v1.0/auditLogs/directoryAudits?$count=true"), 400,
                   "BadRequest");
}

TEST(GraphRoutes, UnknownSegmentIs400) {
  HttpAnswer a = sharedServer().get("/v1.0/auditLogs/signUps");
  expectGraphError(a, 400, "BadRequest");
  EXPECT_EQ(a.json["error"]["message"], "Resource not found for the segment 'signUps'.");
}

TEST(GraphRoutes, OtherVersionsAre404) {
  expectGraphError(sharedServer().get("/v2.0/auditLogs/directoryAudits"), 404, "NotFound");
}

TEST(GraphRoutes, WrongMethodOnACollectionIs405) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.send("POST", "/v1.0/auditLogs/directoryAudits",
                        {{"Authorization", "Bearer " + s.readerToken()}}, "{}", "application/json");
  expectGraphError(a, 405, "Request_BadRequest");
  EXPECT_EQ(a.header("Allow"), "GET");
}

TEST(GraphRoutes, EncodedDollarAndPlusAreUnderstood) {
  TestServer& s = sharedServer();
  HttpAnswer plain =
      s.get("/v1.0/auditLogs/directoryAudits?$filter=category%20eq%20'UserManagement'&$top=4");
  HttpAnswer encoded =
      s.get("/v1.0/auditLogs/directoryAudits?%24filter=category+eq+%27UserManagement%27&&%24top=4");
  ASSERT_EQ(encoded.status, 200) << encoded.body;
  EXPECT_EQ(plain.json["value"], encoded.json["value"]);
}

TEST(GraphRoutes, AbsoluteFormTargetIsRoutedByPath) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.get("http://127.0.0.1:" + std::to_string(s.port()) +
                       "/v1.0/auditLogs/directoryAudits?$top=2");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_TRUE(a.json["@odata.nextLink"].get<std::string>().starts_with(s.origin() + "/v1.0/"));
}

TEST(GraphRoutes, GetWithFormContentTypeAndEmptyBodyIsAccepted) {
  TestServer& s = sharedServer();
  httplib::Client client("127.0.0.1", s.port());
  httplib::Headers headers{{"Authorization", "Bearer " + s.readerToken()},
                           {"Content-Type", "application/x-www-form-urlencoded"},
                           {"Content-Length", "0"}};
  auto r = client.Get("/v1.0/auditLogs/directoryAudits?$top=1", headers);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST(GraphRoutes, ForwardedProtoAndHostShapeTheNextLink) {
  TestServer& s = sharedServer();
  HttpAnswer a = s.get("/v1.0/auditLogs/directoryAudits?$top=1",
                       {{"X-Forwarded-Proto", "https"}, {"Host", "graph.test:8443"}});
  EXPECT_TRUE(
      a.json["@odata.nextLink"].get<std::string>().starts_with("https://graph.test:8443/v1.0/"))
      << a.body;
}

// docs/filters.md: gt and lt on directoryAudits' activityDateTime are accepted unless the scenario
// sets server.lenientFilters to false (the quick-start scenario leaves it at its default).
TEST(GraphRoutes, GtAndLtOnDirectoryAuditsActivityDateTimeAreAcceptedByDefault) {
  TestServer& s = sharedServer();
  ASSERT_TRUE(s.simulation().scenario().server.lenientFilters);
  HttpAnswer a = s.get("/v1.0/auditLogs/directoryAudits?$top=3&$filter=activityDateTime%20gt%20" +
                       formatIsoTime(s.simulation().scenario().windowEnd - 2 * kTicksPerDay) +
                       "%20and%20activityDateTime%20lt%20" +
                       formatIsoTime(s.simulation().scenario().windowEnd));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["value"].size(), 3u);
}

TEST(GraphRoutes, StrictFiltersRefuseGtOnDirectoryAuditsActivityDateTime) {
  Scenario strict = smallScenario();
  strict.server.lenientFilters = false;
  TestServer s(strict);
  HttpAnswer a = s.get("/v1.0/auditLogs/directoryAudits?$filter=activityDateTime%20gt%20" +
                       formatIsoTime(s.simulation().scenario().windowEnd - kTicksPerDay));
  expectGraphError(a, 400, "BadRequest");
  EXPECT_EQ(a.json["error"]["message"], "Invalid filter clause");
}

// Graph's evolvable-enum rule: the Prefer header is honoured and said so; the audit enums have no
// member after unknownFutureValue, so the items are the same bytes either way.
TEST(GraphRoutes, PreferIncludeUnknownEnumMembersIsApplied) {
  TestServer& s = sharedServer();
  const std::string target = "/beta/auditLogs/directoryAudits?$top=20";
  HttpAnswer plain = s.get(target);
  HttpAnswer preferred = s.get(target, {{"Prefer", "include-unknown-enum-members"}});
  ASSERT_EQ(preferred.status, 200) << preferred.body;
  EXPECT_EQ(preferred.header("Preference-Applied"), "include-unknown-enum-members");
  EXPECT_EQ(plain.header("Preference-Applied"), "");
  EXPECT_EQ(preferred.json["value"], plain.json["value"]);
}

TEST(GraphRoutes, PreferIncludeUnknownEnumMembersIsAppliedToASingleItem) {
  TestServer& s = sharedServer();
  HttpAnswer list = s.get("/v1.0/auditLogs/directoryAudits?$top=1");
  ASSERT_EQ(list.status, 200) << list.body;
  std::string encoded;
  for (char c : list.json["value"][0]["id"].get<std::string>())
    encoded += c == ' ' ? std::string("%20") : std::string(1, c);
  HttpAnswer item = s.get("/v1.0/auditLogs/directoryAudits/" + encoded,
                          {{"Prefer", "odata.maxpagesize=5, include-unknown-enum-members"}});
  ASSERT_EQ(item.status, 200) << item.body;
  EXPECT_EQ(item.header("Preference-Applied"), "include-unknown-enum-members");
}

std::vector<std::string> idsOf(const HttpAnswer& a) {
  std::vector<std::string> ids;
  for (const auto& item : a.json["value"]) ids.push_back(item["id"]);
  return ids;
}

TEST(GraphRoutes, SkipOnAuditEventsPassesOverTheFirstMatches) {
  TestServer& s = sharedServer();
  HttpAnswer eight = s.get("/v1.0/deviceManagement/auditEvents?$top=8");
  HttpAnswer skipped = s.get("/v1.0/deviceManagement/auditEvents?$top=5&$skip=3");
  ASSERT_EQ(skipped.status, 200) << skipped.body;
  std::vector<std::string> all = idsOf(eight);
  ASSERT_EQ(all.size(), 8u);
  EXPECT_EQ(idsOf(skipped), std::vector<std::string>(all.begin() + 3, all.end()));
}

// The nextLink repeats $skip (Graph repeats every option), and the pages after the first start at
// their skiptoken: a walk with $skip=K lists every match but the first K, each once.
TEST(GraphRoutes, SkipAppliesToTheFirstPageOfAWalkOnly) {
  TestServer& s = sharedServer();
  const std::string filter =
      "$filter=category%20eq%20'DeviceConfiguration'&$orderby=activityDateTime%20asc";
  auto walk = [&](const std::string& first) {
    std::vector<std::string> ids;
    std::string target = first;
    for (int pages = 0; pages < 1000; ++pages) {
      HttpAnswer a = s.get(target);
      EXPECT_EQ(a.status, 200) << a.body;
      if (a.status != 200) break;
      for (const std::string& id : idsOf(a)) ids.push_back(id);
      if (!a.json.contains("@odata.nextLink")) break;
      std::string next = a.json["@odata.nextLink"];
      EXPECT_NE(next.find("&$skip=7&$skiptoken="), std::string::npos) << next;
      target = s.relative(next);
    }
    return ids;
  };
  std::vector<std::string> everything = walk("/beta/deviceManagement/auditEvents?" + filter);
  ASSERT_GT(everything.size(), 20u);
  std::vector<std::string> rest =
      walk("/beta/deviceManagement/auditEvents?" + filter + "&$top=6&$skip=7");
  EXPECT_EQ(rest, std::vector<std::string>(everything.begin() + 7, everything.end()));
}

TEST(GraphRoutes, SkipOnDirectoryAuditsIsRefused) {
  HttpAnswer a = sharedServer().get("/v1.0/auditLogs/directoryAudits?$skip=2");
  expectGraphError(a, 400, "BadRequest");
  EXPECT_EQ(a.json["error"]["message"],
            "Query option 'Skip' is not allowed. To allow it, set the 'AllowedQueryOptions' "
            "property on EnableQueryAttribute or QueryValidationSettings.");
}

TEST(GraphRoutes, DefaultOrderIsNewestFirst) {
  HttpAnswer a = sharedServer().get("/v1.0/auditLogs/directoryAudits?$top=50");
  ASSERT_EQ(a.status, 200);
  for (size_t i = 1; i < a.json["value"].size(); ++i)
    EXPECT_GE(a.json["value"][i - 1]["activityDateTime"].get<std::string>(),
              a.json["value"][i]["activityDateTime"].get<std::string>());
}

}  // namespace
}  // namespace tenantsim::mock::testing
