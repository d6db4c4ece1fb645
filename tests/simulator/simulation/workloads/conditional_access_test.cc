// The Conditional Access workload (simulator/simulation/workloads/conditional_access.cc): policy
// changes chained old value to new value.
#include <map>
#include <string>

#include "tests/support/json.h"
#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using nlohmann::json;
using testing::RenderedEvent;
using testing::renderedWindow;
using testing::shippedScenario;

TEST(ConditionalAccessWorkload, EachChangesOldValueIsThePreviousNewValue) {
  Scenario s = shippedScenario("ca-policy-drift.json");
  std::map<std::string, std::string> lastNew;
  size_t chained = 0;
  for (const RenderedEvent& r : renderedWindow(s)) {
    if (r.json.value("loggedByService", "") != "Conditional Access") continue;
    EXPECT_TRUE(std::string(r.json["id"]).rfind("IPCGraph_", 0) == 0);
    const json& target = r.json["targetResources"][0];
    if (target["modifiedProperties"].empty()) continue;
    const json& prop = target["modifiedProperties"][0];
    std::string id = target["id"], oldValue = prop["oldValue"], newValue = prop["newValue"];
    if (prop["displayName"] == "ConditionalAccessPolicy") {
      if (!newValue.empty()) {
        EXPECT_EQ(parseJson(newValue)["id"], id);
      }
      if (!oldValue.empty()) {
        EXPECT_TRUE(parseJson(oldValue).contains("state"));  // whole policy as escaped JSON
      }
    }
    if (lastNew.count(id) && !oldValue.empty()) {
      EXPECT_EQ(oldValue, lastNew[id]) << r.json["activityDisplayName"];
      ++chained;
    }
    lastNew[id] = newValue;
  }
  EXPECT_GT(chained, 3u);
}

}  // namespace
}  // namespace tenantsim
