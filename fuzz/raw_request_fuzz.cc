// libFuzzer target: see fuzz/targets/server.h (fuzzRawRequest).
#include "fuzz/targets/server.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tenantsim::fuzz::fuzzRawRequest(data, size);
}
