// The PIM workload (simulator/simulation/workloads/pim.cc): activation lifecycles.
#include <map>
#include <string>
#include <vector>

#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using nlohmann::json;
using testing::additionalDetail;
using testing::RenderedEvent;
using testing::renderedWindow;
using testing::shippedScenario;

TEST(PimWorkload, ActivationStepsFollowTheLifecycleInTimeOrder) {
  Scenario s = shippedScenario("pim-escalation.json");
  std::map<std::string, std::vector<std::string>> processes;
  size_t pimRows = 0;
  for (const RenderedEvent& r : renderedWindow(s)) {
    if (r.json.value("loggedByService", "") != "PIM") continue;
    ++pimRows;
    std::string name = r.json["activityDisplayName"];
    if (name.find("(PIM activation)") != std::string::npos ||
        name.find("(PIM deactivate)") != std::string::npos ||
        name.find("(PIM activation expired)") != std::string::npos)
      processes[r.json["correlationId"]].push_back(name);
    if (name.find("(PIM activation)") != std::string::npos) {
      EXPECT_EQ(r.json["operationType"], "ActivateRole");
      if (!additionalDetail(r.json, "Justification").empty() &&
          name.find("denied") == std::string::npos) {
        EXPECT_EQ(r.json["resultReason"], additionalDetail(r.json, "Justification"));
      }
      EXPECT_FALSE(additionalDetail(r.json, "StartTime").empty());
      EXPECT_FALSE(additionalDetail(r.json, "ExpirationTime").empty());
    }
  }
  ASSERT_GT(pimRows, 50u);
  auto index = [](const std::vector<std::string>& steps, const std::string& needle) {
    for (size_t i = 0; i < steps.size(); ++i)
      if (steps[i].find(needle) != std::string::npos) return static_cast<int>(i);
    return -1;
  };
  size_t complete = 0;
  for (const auto& [corr, steps] : processes) {
    int requested = index(steps, "requested (PIM activation)"),
        approved = index(steps, "request approved");
    int denied = index(steps, "request denied"),
        completed = index(steps, "completed (PIM activation)");
    int ended = std::max(index(steps, "(PIM activation expired)"),
                         index(steps, "completed (PIM deactivate)"));
    if (requested != 0) continue;  // began before the window, or a storyline without approval
    if (denied >= 0) {
      EXPECT_EQ(completed, -1) << corr;
    }
    if (approved >= 0) {
      EXPECT_LT(approved, completed) << corr;
    }
    if (completed >= 0 && ended >= 0) {
      EXPECT_LT(completed, ended) << corr;
      ++complete;
    }
  }
  EXPECT_GT(complete, 10u);
}

}  // namespace
}  // namespace tenantsim
