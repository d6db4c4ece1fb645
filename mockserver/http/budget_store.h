// Where the throttling stage keeps its sliding windows (docs/reliability.md#one-budget): in the
// server's memory (each replica counts alone, the default) or in a store shared by replicas
// (`serve --throttle-store redis://host:port`, mockserver/budget_redis/). A window is kept per key
// (app, tenant and endpoint); admit() counts one request against it atomically.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace tenantsim::mock {

struct Admission {
  bool allowed = true;
  std::chrono::steady_clock::duration wait{};  // when refused: until the window frees a slot
  bool storeUnavailable = false;               // the store could not answer: allowed (fail open)
  int64_t inWindow = 0;  // when allowed: requests in the window, this one included (0: unknown)
};

class BudgetStore {
 public:
  virtual ~BudgetStore() = default;
  // Admits one request under `key` when fewer than `requests` were admitted in the last `period`,
  // else says how long until the oldest of them leaves the window. Thread-safe.
  virtual Admission admit(std::string_view key, int64_t requests,
                          std::chrono::steady_clock::duration period) = 0;
};

}  // namespace tenantsim::mock
