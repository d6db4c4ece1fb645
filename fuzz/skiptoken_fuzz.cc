// libFuzzer target: see fuzz/targets/odata.h (fuzzSkiptoken).
#include "fuzz/targets/odata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tenantsim::fuzz::fuzzSkiptoken(data, size);
}
