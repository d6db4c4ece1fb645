// Paging tokens across replicas and against tampering: two servers of the same scenario,
// alternated page by page, give exactly one server's listing; forged, tampered and other-query
// tokens are 400.
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

std::vector<std::string> walk(TestServer& first, TestServer* second, std::string target) {
  std::vector<std::string> ids;
  for (int page = 0; page < 500; ++page) {
    TestServer& s = (second && page % 2) ? *second : first;
    HttpAnswer a = s.get(target);
    EXPECT_EQ(a.status, 200) << a.body;
    if (a.status != 200) break;
    for (const auto& item : a.json["value"]) ids.push_back(item["id"]);
    if (!a.json.contains("@odata.nextLink")) break;
    std::string link = a.json["@odata.nextLink"];
    target = link.substr(link.find("/v1.0/"));
  }
  return ids;
}

TEST(SkiptokenReplicas, AlternatingTwoServersGivesOneServersListing) {
  TestServer& one = sharedServer();
  TestServer two;
  std::string query =
      "/v1.0/auditLogs/directoryAudits?$filter=category%20eq%20'UserManagement'&$top=113";
  std::vector<std::string> alone = walk(one, nullptr, query);
  std::vector<std::string> alternating = walk(one, &two, query);
  EXPECT_GT(alone.size(), 113u * 2);
  EXPECT_EQ(alternating, alone);
}

std::string firstNextLink(TestServer& s, const std::string& target) {
  HttpAnswer a = s.get(target);
  EXPECT_EQ(a.status, 200) << a.body;
  return s.relative(a.json.value("@odata.nextLink", std::string()));
}

TEST(SkiptokenReplicas, TamperedTokenIs400) {
  TestServer& s = sharedServer();
  std::string next = firstNextLink(s, "/v1.0/auditLogs/directoryAudits?$top=10");
  char& last = next.back();
  last = last == '0' ? '1' : '0';
  expectGraphError(s.get(next), 400, "BadRequest");
}

TEST(SkiptokenReplicas, ForgedTokenIs400) {
  TestServer& s = sharedServer();
  expectGraphError(
      s.get("/v1.0/auditLogs/directoryAudits?$top=10&$skiptoken=0123456789abcdef0123456789abcdef"),
      400, "BadRequest");
  expectGraphError(s.get("/v1.0/auditLogs/directoryAudits?$skiptoken=%00%ff'garbage"), 400,
                   "BadRequest");
}

TEST(SkiptokenReplicas, TokenOfAnotherQueryIs400) {
  TestServer& s = sharedServer();
  std::string next = firstNextLink(s, "/v1.0/auditLogs/directoryAudits?$top=10");
  std::string token = next.substr(next.find("$skiptoken="));
  expectGraphError(s.get("/v1.0/auditLogs/directoryAudits?$top=11&" + token), 400, "BadRequest");
  expectGraphError(s.get("/beta/auditLogs/directoryAudits?$top=10&" + token), 400, "BadRequest");
  expectGraphError(s.get("/v1.0/deviceManagement/auditEvents?$top=10&" + token), 400, "BadRequest");
}

}  // namespace
}  // namespace tenantsim::mock::testing
