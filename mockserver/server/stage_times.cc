#include "mockserver/server/stage_times.h"

#include <cstdio>

namespace tenantsim::mock {

uint64_t StageHistogram::percentile(double q) const {
  if (count == 0) return 0;
  uint64_t want = static_cast<uint64_t>(q * static_cast<double>(count));
  if (want >= count) want = count - 1;
  uint64_t seen = 0;
  for (size_t b = 0; b < kStageBuckets; ++b) {
    seen += buckets[b];
    if (seen > want) return b + 1 < kStageBuckets ? stageBucketFloor(b + 1) : stageBucketFloor(b);
  }
  return stageBucketFloor(kStageBuckets - 1);
}

std::string StageReport::format() const {
  static constexpr const char* kNames[] = {"queue", "serve", "handback", "write", "total"};
  std::string out;
  char line[200];
  for (size_t i = 0; i < stages.size(); ++i) {
    const StageHistogram& h = stages[i];
    std::snprintf(line, sizeof line,
                  "%-8s n=%llu mean=%.0fus p50<%lluus p90<%lluus p99<%lluus p99.9<%lluus\n",
                  kNames[i], static_cast<unsigned long long>(h.count), h.meanMicros(),
                  static_cast<unsigned long long>(h.percentile(0.5)),
                  static_cast<unsigned long long>(h.percentile(0.9)),
                  static_cast<unsigned long long>(h.percentile(0.99)),
                  static_cast<unsigned long long>(h.percentile(0.999)));
    out += line;
  }
  std::snprintf(
      line, sizeof line, "writes: %llu calls, %llu waits, %llu yields, %llu by workers\n",
      static_cast<unsigned long long>(writeCalls), static_cast<unsigned long long>(writeWaits),
      static_cast<unsigned long long>(writeYields), static_cast<unsigned long long>(workerWrites));
  out += line;
  std::snprintf(line, sizeof line, "body buffers: %llu misses, %llu kept\n",
                static_cast<unsigned long long>(bodyBufferMisses),
                static_cast<unsigned long long>(bodyBuffersKept));
  out += line;
  return out;
}

StageReport StageTimes::report(bool reset) {
  StageReport r;
  auto take = [reset](std::atomic<uint64_t>& a) {
    return reset ? a.exchange(0, std::memory_order_relaxed) : a.load(std::memory_order_relaxed);
  };
  for (size_t i = 0; i < slots_.size(); ++i) {
    for (size_t b = 0; b < kStageBuckets; ++b) r.stages[i].buckets[b] = take(slots_[i].buckets[b]);
    r.stages[i].count = take(slots_[i].count);
    r.stages[i].sumMicros = take(slots_[i].sum);
  }
  r.writeCalls = take(writeCalls_);
  r.writeWaits = take(writeWaits_);
  r.writeYields = take(writeYields_);
  r.workerWrites = take(workerWrites_);
  return r;
}

}  // namespace tenantsim::mock
