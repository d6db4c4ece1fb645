// Generating a time range on several threads: the range is cut into parts of whole hours' worth,
// each part generated and sorted independently, then concatenated in order. Every generator is a
// pure function of its range, so the result does not depend on the thread count.
#pragma once

#include <algorithm>
#include <thread>
#include <vector>

#include "base/time.h"

namespace tenantsim {

// Runs run(0) ... run(threads - 1), each on its own thread (on this one when threads is 1), and
// returns when all are done.
template <typename Run>
void runOnThreads(unsigned threads, Run&& run) {
  if (threads <= 1) {
    run(0u);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(run, t);
  for (std::thread& t : pool) t.join();
}

// fill(a, b, out) appends the items of [a, b) to out in any order; T has operator<.
template <typename T, typename Fill>
std::vector<T> generateInParallel(Ticks from, Ticks to, unsigned threads, Fill&& fill) {
  threads = std::max(1u, threads);
  Ticks hours = (to - from + kTicksPerHour - 1) / kTicksPerHour;
  unsigned parts = static_cast<unsigned>(std::max<Ticks>(1, std::min<Ticks>(threads, hours)));
  std::vector<std::vector<T>> chunks(parts);
  auto run = [&](unsigned p) {
    Ticks a = from + (to - from) * p / parts, b = from + (to - from) * (p + 1) / parts;
    if (p + 1 == parts) b = to;
    fill(a, b, chunks[p]);
    std::sort(chunks[p].begin(), chunks[p].end());
  };
  runOnThreads(parts, run);
  if (parts == 1) return std::move(chunks[0]);
  size_t total = 0;
  for (auto& c : chunks) total += c.size();
  std::vector<T> out;
  out.reserve(total);
  for (auto& c : chunks) out.insert(out.end(), c.begin(), c.end());
  return out;
}

}  // namespace tenantsim
