// libFuzzer target: see fuzz/targets/odata.h (fuzzQueryOptions).
#include "fuzz/targets/odata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tenantsim::fuzz::fuzzQueryOptions(data, size);
}
