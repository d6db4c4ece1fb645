#include "mockserver/stages/memory_budget_store.h"

#include <algorithm>
#include <array>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tenantsim::mock {
namespace {

using SteadyTime = std::chrono::steady_clock::time_point;
using SteadyDuration = std::chrono::steady_clock::duration;

// The admitted requests of one key inside the current window, oldest first.
struct SlidingWindow {
  std::deque<SteadyTime> admitted;
  SteadyTime lastSeen{};
};

class MemoryBudgetStore final : public BudgetStore {
 public:
  MemoryBudgetStore(size_t maxKeys, SteadyDuration idleAfter, std::function<SteadyTime()> now)
      : maxKeys_(maxKeys), idleAfter_(idleAfter), now_(std::move(now)) {}

  Admission admit(std::string_view key, int64_t requests, SteadyDuration period) override {
    std::string owned(key);
    Shard& shard = shards_[std::hash<std::string>{}(owned) % shards_.size()];
    SteadyTime now = now_();
    std::lock_guard lock(shard.mutex);
    sweepIfDue(shard, now);
    SlidingWindow& window = shard.windows[owned];
    window.lastSeen = now;
    while (!window.admitted.empty() && window.admitted.front() + period <= now)
      window.admitted.pop_front();
    if (static_cast<int64_t>(window.admitted.size()) < requests) {
      window.admitted.push_back(now);
      return {.inWindow = static_cast<int64_t>(window.admitted.size())};
    }
    return {false, window.admitted.front() + period - now, false};
  }

 private:
  static constexpr size_t kShards = 16;
  static constexpr size_t kSweepEvery = 1024;  // requests per shard between idle sweeps

  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, SlidingWindow> windows;
    size_t sinceSweep = 0;
  };

  // Drops idle keys periodically, and the least recently seen ones when over the key cap.
  void sweepIfDue(Shard& shard, SteadyTime now) {
    size_t cap = std::max<size_t>(1, maxKeys_ / kShards);
    if (++shard.sinceSweep < kSweepEvery && shard.windows.size() < cap) return;
    shard.sinceSweep = 0;
    std::erase_if(shard.windows,
                  [&](const auto& entry) { return entry.second.lastSeen + idleAfter_ <= now; });
    while (shard.windows.size() >= cap) {
      auto oldest = shard.windows.begin();
      for (auto it = shard.windows.begin(); it != shard.windows.end(); ++it)
        if (it->second.lastSeen < oldest->second.lastSeen) oldest = it;
      shard.windows.erase(oldest);
    }
  }

  size_t maxKeys_;
  SteadyDuration idleAfter_;
  std::function<SteadyTime()> now_;
  std::array<Shard, kShards> shards_;
};

}  // namespace

std::unique_ptr<BudgetStore> makeMemoryBudgetStore(size_t maxKeys, SteadyDuration idleAfter,
                                                   std::function<SteadyTime()> now) {
  return std::make_unique<MemoryBudgetStore>(maxKeys, idleAfter, std::move(now));
}

}  // namespace tenantsim::mock
