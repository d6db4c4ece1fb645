// Fuzz entry point for the scenario loader: any text must be loaded or refused with errors that
// name a location, never crash or hang.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "simulator/scenario/scenario.h"

namespace tenantsim::fuzz {

inline int fuzzScenario(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = loadScenarioText(text);
  if (!loaded) {
    const std::vector<ScenarioError>& errors = loaded.error();
    if (errors.empty()) {
      std::fprintf(stderr, "fuzz invariant violated: scenario refused without errors\n");
      std::abort();
    }
    for (const ScenarioError& e : errors) (void)e.toString();
  }
  return 0;
}

}  // namespace tenantsim::fuzz
