// Rendered Graph items (simulator/graph/render.h): directoryAudit and auditEvent shapes, beta and
// v1.0, checked on a generated window.
#include <regex>
#include <string>

#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using nlohmann::json;
using testing::RenderedEvent;
using testing::renderedWindow;
using testing::smallScenario;

TEST(DirectoryAuditShape, IdsTimesAndInitiatorsLookLikeGraphs) {
  std::regex id(
      "^(Directory|PIM|IPCGraph|SSGM|Authentication Methods|[A-Za-z0-9 "
      "]+)_[0-9a-f-]{36}_[A-Z0-9]{5}_[0-9]+$");
  std::regex time("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z$");
  for (const RenderedEvent& r : renderedWindow(smallScenario())) {
    if (r.json.contains("actor")) continue;  // Intune
    ASSERT_TRUE(std::regex_match(r.json["id"].get<std::string>(), id)) << r.json["id"];
    EXPECT_TRUE(std::regex_match(r.json["activityDateTime"].get<std::string>(), time));
    const json& by = r.json["initiatedBy"];
    ASSERT_TRUE(by.contains("app") && by.contains("user"));
    EXPECT_NE(by["app"].is_null(), by["user"].is_null());
    EXPECT_TRUE(r.json["result"] == "success" || r.json["result"] == "failure");
    EXPECT_TRUE(r.json.contains("userAgent"));
    if (!by["user"].is_null()) {
      EXPECT_TRUE(by["user"].contains("homeTenantId"));
    }
  }
}

TEST(DirectoryAuditShape, V1HasNoBetaOnlyFields) {
  for (const RenderedEvent& r : renderedWindow(smallScenario(100, 1), ApiVersion::V1)) {
    EXPECT_FALSE(r.json.contains("userAgent"));
    EXPECT_FALSE(r.json.contains("@odata.type"));
    if (r.json.contains("actor")) {
      EXPECT_FALSE(r.json["actor"].contains("type"));
    }
  }
}

// Graph's beta directoryAudit declares performedBy (auditActivityPerformer) and beta
// auditActivityInitiator declares linkableIdentifiers; both are null when the service has none.
TEST(DirectoryAuditShape, BetaSendsPerformedByAndLinkableIdentifiersAsNull) {
  size_t seen = 0;
  for (const RenderedEvent& r : renderedWindow(smallScenario(100, 1), ApiVersion::Beta)) {
    if (r.json.contains("actor")) continue;
    ++seen;
    ASSERT_TRUE(r.json.contains("performedBy"));
    EXPECT_TRUE(r.json["performedBy"].is_null());
    const json& by = r.json["initiatedBy"];
    ASSERT_TRUE(by.contains("linkableIdentifiers"));
    EXPECT_TRUE(by["linkableIdentifiers"].is_null());
  }
  EXPECT_GT(seen, 0u);
}

TEST(DirectoryAuditShape, V1HasNeitherPerformedByNorLinkableIdentifiers) {
  for (const RenderedEvent& r : renderedWindow(smallScenario(100, 1), ApiVersion::V1)) {
    if (r.json.contains("actor")) continue;
    EXPECT_FALSE(r.json.contains("performedBy"));
    EXPECT_FALSE(r.json["initiatedBy"].contains("linkableIdentifiers"));
  }
}

// The bytes, in the declaration order of auditActivityInitiator (app, linkableIdentifiers, user),
// and $select=id,performedBy projecting to exactly those two.
TEST(DirectoryAuditShape, BetaBytesPlaceLinkableIdentifiersBetweenAppAndUser) {
  Simulation sim(smallScenario(100, 1));
  std::vector<Event> events = sim.generateWindow();
  EventDetails d;
  size_t checked = 0;
  for (const Event& e : events) {
    sim.describe(e, d);
    if (d.activity->source != Source::Entra) continue;
    std::string full;
    renderGraphItem(d, ApiVersion::Beta, full);
    EXPECT_NE(full.find(d.byApp() ? "},\"linkableIdentifiers\":null,\"user\":null}"
                                  : "{\"app\":null,\"linkableIdentifiers\":null,\"user\":{"),
              std::string::npos)
        << full;
    std::string projected;
    renderGraphItem(d, ApiVersion::Beta, projected,
                    directoryAuditProperty("id") | directoryAuditProperty("performedBy"));
    EXPECT_EQ(projected, "{\"id\":\"" + d.id + "\",\"performedBy\":null}");
    if (++checked == 50) break;
  }
  EXPECT_EQ(checked, 50u);
}

TEST(IntuneShape, BetaCarriesLegacyTypeAndV1DoesNot) {
  bool sawIntune = false;
  for (const RenderedEvent& r : renderedWindow(smallScenario(200, 2))) {
    if (!r.json.contains("actor")) continue;
    sawIntune = true;
    EXPECT_EQ(r.json["@odata.type"], "#microsoft.graph.auditEvent");
    EXPECT_EQ(r.json["actor"]["type"], r.json["actor"]["auditActorType"]);
    EXPECT_EQ(r.json["activityResult"].get<std::string>().substr(0, 1),
              r.json["activityResult"] == "Success" ? "S" : "F");
  }
  EXPECT_TRUE(sawIntune);
}

}  // namespace
}  // namespace tenantsim
