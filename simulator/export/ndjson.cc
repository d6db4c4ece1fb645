// ndjson: one Graph item per line in time order, rendered in parallel blocks and written in order
// (to a file that appears whole when complete, or to stdout).
#include <algorithm>
#include <cstdio>
#include <thread>

#include "base/atomic_file.h"
#include "simulator/export/formats.h"

namespace tenantsim {

void renderNdjson(const Simulation& sim, const Event* first, const Event* last, ApiVersion api,
                  std::string& out) {
  EventDetails d;
  for (const Event* e = first; e != last; ++e) {
    sim.describe(*e, d);
    renderGraphItem(d, api, out);
    out += '\n';
  }
}

Status writeNdjson(const Simulation& sim, const std::vector<Event>& events, const ExportOptions& o,
                   const ProgressCallback& progress) {
  const bool toStdout = o.out.empty() || o.out == "-";
  AtomicFile file;
  if (!toStdout)
    if (Status opened = file.open(o.out); !opened) return opened;
  auto write = [&](std::string_view bytes) -> Status {
    if (!toStdout) return file.write(bytes);
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size())
      return plainError("write to stdout failed");
    return {};
  };
  const size_t kBlock = 4096;
  unsigned threads = std::max(1u, o.threads);
  std::vector<std::string> buffers(threads);
  for (size_t base = 0; base < events.size(); base += kBlock * threads) {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      size_t a = std::min(events.size(), base + t * kBlock),
             b = std::min(events.size(), a + kBlock);
      auto job = [&, t, a, b] {
        buffers[t].clear();
        renderNdjson(sim, events.data() + a, events.data() + b, o.api, buffers[t]);
      };
      if (threads == 1)
        job();
      else
        pool.emplace_back(job);
    }
    for (auto& th : pool) th.join();
    for (auto& buffer : buffers)
      if (Status written = write(buffer); !written) return written;
    if (progress) progress(std::min(events.size(), base + kBlock * threads), events.size());
  }
  if (!toStdout) return file.commit();
  return std::fflush(stdout) == 0 ? Status() : plainError("write to stdout failed");
}

}  // namespace tenantsim
