// graph-pages: the server's pages of the unfiltered lists, newest first, linked by nextLink.
#include "simulator/graph/render.h"
#include "tests/support/export_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::testing {
namespace {

struct Walk {
  std::vector<std::string> ids;
  std::vector<std::string> times;
  size_t pages = 0;
};

// Follows file:// nextLinks from the first page of one endpoint folder.
Walk followLinks(const std::string& firstPage) {
  Walk walk;
  std::string path = firstPage;
  while (!path.empty()) {
    json page = parseJson(readFile(path));
    ++walk.pages;
    for (const json& item : page["value"]) {
      walk.ids.push_back(item["id"]);
      walk.times.push_back(item["activityDateTime"]);
    }
    path = page.contains("@odata.nextLink") ? page["@odata.nextLink"].get<std::string>().substr(7)
                                            : "";
  }
  return walk;
}

TEST(GraphPagesExport, FollowingNextLinksVisitsEveryEventOnceNewestFirst) {
  TempDir dir;
  ExportOptions o = optionsFor("graph-pages", dir.str());
  o.baseUrl = "file://" + dir.str();
  o.pageSize = 500;
  runOrFail(o);
  std::vector<std::string> all;
  for (const char* folder : {"directoryAudits", "auditEvents"}) {
    Walk walk = followLinks(dir / (std::string(folder) + "/page-00001.json"));
    EXPECT_TRUE(std::is_sorted(walk.times.rbegin(), walk.times.rend()))
        << folder << " is not newest first";
    EXPECT_EQ(walk.pages, readTree(dir / folder).size()) << "every page file is reached";
    all.insert(all.end(), walk.ids.begin(), walk.ids.end());
  }
  EXPECT_EQ(sorted(all), ndjsonIds());
}

TEST(GraphPagesExport, PagesCarryContextAndTopItemsAndOnlyTheLastLacksNextLink) {
  TempDir dir;
  ExportOptions o = optionsFor("graph-pages", dir.str());
  o.pageSize = 700;
  o.api = ApiVersion::V1;
  runOrFail(o);
  for (auto [folder, path] : {std::pair{"directoryAudits", "auditLogs/directoryAudits"},
                              std::pair{"auditEvents", "deviceManagement/auditEvents"}}) {
    auto files = readTree(dir / folder);
    ASSERT_FALSE(files.empty());
    size_t index = 0;
    for (const auto& [name, bytes] : files) {
      json page = parseJson(bytes);
      bool last = ++index == files.size();
      EXPECT_EQ(page["@odata.context"],
                std::string("https://graph.microsoft.com/v1.0/$metadata#") + path);
      EXPECT_EQ(page.contains("@odata.nextLink"), !last) << name;
      if (!last) {
        char next[32];
        std::snprintf(next, sizeof next, "page-%05zu", index + 1);
        EXPECT_EQ(page["@odata.nextLink"], std::string("https://graph.microsoft.com/v1.0/") + path +
                                               "?$top=700&$skiptoken=" + next);
        EXPECT_EQ(page["value"].size(), 700u) << name;
      } else {
        EXPECT_LE(page["value"].size(), 700u);
      }
    }
  }
}

TEST(GraphPagesExport, FirstPageIsTheServersBytes) {
  TempDir dir;
  ExportOptions o = optionsFor("graph-pages", dir.str());
  o.pageSize = 50;
  runOrFail(o);
  const Simulation& sim = exportSimulation();
  std::vector<Event> events = eventsToExport(sim, o);
  std::string expected;
  beginPage(
      expected, "https://graph.microsoft.com/beta/$metadata#auditLogs/directoryAudits",
      "https://graph.microsoft.com/beta/auditLogs/directoryAudits?$top=50&$skiptoken=page-00002");
  EventDetails d;
  int count = 0;
  for (auto e = events.rbegin(); e != events.rend() && count < 50; ++e) {
    if (sim.catalog().at(e->activity).source != Source::Entra) continue;
    sim.describe(*e, d);
    if (count++) expected += ',';
    renderGraphItem(d, ApiVersion::Beta, expected);
  }
  endPage(expected);
  EXPECT_EQ(readFile(dir / "directoryAudits/page-00001.json"), expected);
}

}  // namespace
}  // namespace tenantsim::testing
