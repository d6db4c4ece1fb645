// The shipped scenarios (scenarios/*.json) as tests start from them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
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
  if (!loaded) {
    const std::vector<ScenarioError>& errors = loaded.error();
    ADD_FAILURE() << name << ": " << errors[0].toString();
    return {};
  }
  return *loaded;
}

// Fewer non-interactive and service-principal sign-ins per interactive one (every kind still
// present): tests check shapes, joins and walks, not volume, and under ASan every sign-in rendered
// and parsed costs. A shipped scenario keeps the fact sheet's rates.
inline void lighterSignIns(Scenario& s) {
  if (!s.workloads.signIns) return;
  s.workloads.signIns->nonInteractivePerInteractive = 2;
  s.workloads.signIns->servicePrincipalPerInteractive = 0.5;
}

// The quick-start scenario shrunk so a test runs in milliseconds: `users` users, `days` days, at
// most 20 PIM-eligible users, no storylines, lighter sign-ins.
inline Scenario smallScenario(int64_t users = 200, double days = 3) {
  Scenario s = shippedScenario("quickstart.json");
  s.tenant.users = users;
  s.windowDays = days;
  if (s.workloads.pim) s.workloads.pim->eligibleUsers = std::min<int64_t>(20, users);
  s.storylines.clear();
  lighterSignIns(s);
  return s;
}

}  // namespace tenantsim::testing
