// Planted storylines (simulator/simulation/storylines.h): ground-truth labels on their events.
#include <set>
#include <string>
#include <vector>

#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using testing::renderAll;
using testing::RenderedEvent;
using testing::shippedScenario;

TEST(Storylines, PlantedEventsCarryGroundTruthLabels) {
  Simulation sim(shippedScenario("quickstart.json"));
  std::vector<Event> planted;
  for (const Event& e : sim.generateWindow(2))
    if (e.planted()) planted.push_back(e);
  std::set<std::string> steps;
  for (const RenderedEvent& r : renderAll(sim, planted)) {
    EXPECT_FALSE(r.label.empty());
    steps.insert(r.label.substr(r.label.find(':') + 1));
  }
  for (const char* step : {"activation-requested", "activation-completed", "persistence",
                           "ca-weakened", "ca-created", "mass-revocation"})
    EXPECT_TRUE(steps.count(step)) << step;
}

}  // namespace
}  // namespace tenantsim
