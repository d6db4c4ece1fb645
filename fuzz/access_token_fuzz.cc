// libFuzzer target: see fuzz/targets/auth.h (fuzzAccessToken).
#include "fuzz/targets/auth.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return tenantsim::fuzz::fuzzAccessToken(data, size);
}
