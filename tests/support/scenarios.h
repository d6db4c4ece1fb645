// The shipped scenarios (scenarios/*.json) as tests start from them.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "simulator/scenario/scenario.h"
#include "tests/support/files.h"

namespace tenantsim::testing {

// scenarios/<name>, loaded and validated; fails the test (and returns a default Scenario) when it
// does not load.
inline Scenario shippedScenario(const std::string& name) {
  auto loaded = loadScenarioFile(sourcePath("scenarios/" + name).string());
  if (auto* errors = std::get_if<std::vector<ScenarioError>>(&loaded)) {
    ADD_FAILURE() << name << ": " << (*errors)[0].toString();
    return {};
  }
  return std::get<Scenario>(loaded);
}

}  // namespace tenantsim::testing
