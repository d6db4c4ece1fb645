// Where a request's time goes inside the connection layer (issue #14, docs/performance.md#p99):
// latency histograms per stage, filled by the event loops and the workers with relaxed atomic
// increments, read by `ConnectionLayer::stats()` (and `kill -USR1` on `tenantsim serve`, which
// prints them). Buckets are a quarter of a power of two wide (4 per octave of microseconds), so a
// percentile read from them is good to 19 %.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace tenantsim::mock {

enum class ServerStage : size_t {
  Queue,     // the complete request handed to the workers -> a worker starts it
  Serve,     // the worker runs the pipeline and the route (rendering the body)
  Handback,  // the worker is done -> the event loop starts writing (a thread wake-up)
  Write,     // the loop's first write -> the last byte given to the kernel
  Total,     // the request's first byte read -> the last byte given to the kernel
  Count
};

constexpr size_t kStageBuckets = 112;  // up to 2^28 µs, about 4.5 minutes; beyond: the last

// The bucket of a duration in microseconds: 0-3 exactly, then 4 per power of two.
constexpr size_t stageBucket(uint64_t us) {
  if (us < 4) return static_cast<size_t>(us);
  int e = std::bit_width(us) - 1;  // 2^e <= us
  size_t b = 4 + static_cast<size_t>(e - 2) * 4 + static_cast<size_t>((us >> (e - 2)) & 3);
  return b < kStageBuckets ? b : kStageBuckets - 1;
}

// The smallest duration a bucket holds, in microseconds.
constexpr uint64_t stageBucketFloor(size_t b) {
  if (b < 4) return b;
  size_t e = (b - 4) / 4 + 2, sub = (b - 4) % 4;
  return (uint64_t{1} << e) + (sub << (e - 2));
}

struct StageHistogram {
  std::array<uint64_t, kStageBuckets> buckets{};
  uint64_t count = 0, sumMicros = 0;

  // The duration below which a fraction q of the samples lie (a bucket's upper bound), in µs.
  uint64_t percentile(double q) const;
  double meanMicros() const { return count ? static_cast<double>(sumMicros) / count : 0; }
};

struct StageReport {
  std::array<StageHistogram, static_cast<size_t>(ServerStage::Count)> stages;
  uint64_t writeCalls = 0;    // write system calls of answers (plain TCP)
  uint64_t writeWaits = 0;    // times a write found the socket's buffer full and waited
  uint64_t writeYields = 0;   // times a long answer let the loop's other work run between writes
  uint64_t workerWrites = 0;  // answers a worker wrote whole itself (no hand-back to the loop)
  uint64_t bodyBufferMisses = 0;  // pages built in a fresh allocation: the buffer pool was empty
  uint64_t bodyBuffersKept = 0;   // buffers in the pool at the report

  const StageHistogram& operator[](ServerStage s) const { return stages[static_cast<size_t>(s)]; }
  // One line per stage: count, mean, p50, p90, p99, max bucket; then the write counters.
  std::string format() const;
};

class StageTimes {
 public:
  using Clock = std::chrono::steady_clock;

  void record(ServerStage stage, Clock::duration d) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    uint64_t v = us > 0 ? static_cast<uint64_t>(us) : 0;
    Slot& s = slots_[static_cast<size_t>(stage)];
    s.buckets[stageBucket(v)].fetch_add(1, std::memory_order_relaxed);
    s.count.fetch_add(1, std::memory_order_relaxed);
    s.sum.fetch_add(v, std::memory_order_relaxed);
  }
  void countWrite() { writeCalls_.fetch_add(1, std::memory_order_relaxed); }
  void countWait() { writeWaits_.fetch_add(1, std::memory_order_relaxed); }
  void countYield() { writeYields_.fetch_add(1, std::memory_order_relaxed); }
  void countWorkerWrite() { workerWrites_.fetch_add(1, std::memory_order_relaxed); }

  // What was recorded; reset: start counting afresh (for `kill -USR1` reports between runs).
  StageReport report(bool reset);

 private:
  struct Slot {
    std::array<std::atomic<uint64_t>, kStageBuckets> buckets{};
    std::atomic<uint64_t> count{0}, sum{0};
  };
  std::array<Slot, static_cast<size_t>(ServerStage::Count)> slots_;
  std::atomic<uint64_t> writeCalls_{0}, writeWaits_{0}, writeYields_{0}, workerWrites_{0};
};

}  // namespace tenantsim::mock
