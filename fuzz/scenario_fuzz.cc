// libFuzzer target: see fuzz/targets/scenario.h (fuzzScenario).
#include "fuzz/targets/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tenantsim::fuzz::fuzzScenario(data, size);
}
