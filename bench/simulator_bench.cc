// Simulator benchmark: generation rate (events/s into the store, one core), resident bytes per
// stored event, and NDJSON rendering rate (MB/s, one core).
//
//   build/simulator_bench [scenario.json]     (default scenarios/enterprise-100k.json)
//
// Targets (issue #2): >= 1,000,000 events/s generated, <= 64 bytes per stored event,
// >= 500 MB/s of NDJSON on one core.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <variant>

#include "simulator/graph/render.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/store.h"

using namespace tenantsim;

namespace {

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Resident set size in bytes, from /proc/self/statm.
size_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4096;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "scenarios/enterprise-100k.json";
  auto loaded = loadScenarioFile(path);
  if (!loaded) {
    const std::vector<ScenarioError>& errors = loaded.error();
    std::fprintf(stderr, "%s: %s\n", path.c_str(), errors[0].toString().c_str());
    return 1;
  }
  Simulation sim(std::move(*loaded));

  size_t before = residentBytes();
  auto t0 = std::chrono::steady_clock::now();
  std::vector<Event> events = sim.generateWindow(1);
  double genSeconds = seconds(t0);
  EventStore store(events);
  size_t count = events.size();
  events = {};
  events.shrink_to_fit();
  size_t after = residentBytes();

  // Render NDJSON on one core, into a reused buffer flushed every 4 MB (no disk).
  std::string buffer;
  buffer.reserve(8 << 20);
  EventDetails details;
  size_t bytes = 0, rendered = 0;
  auto t1 = std::chrono::steady_clock::now();
  store.read(Source::Entra, [&](std::span<const Event> s) {
    for (const Event& e : s) {
      sim.describe(e, details);
      renderGraphItem(details, ApiVersion::Beta, buffer);
      buffer += '\n';
      ++rendered;
      if (buffer.size() > (4 << 20)) {
        bytes += buffer.size();
        buffer.clear();
      }
      if (rendered >= 500'000) break;
    }
    return 0;
  });
  bytes += buffer.size();
  double renderSeconds = seconds(t1);

  double genRate = count / genSeconds;
  double perEvent = static_cast<double>(after > before ? after - before : 0) / count;
  double mbps = bytes / renderSeconds / 1e6;
  std::printf("scenario                 %s\n", path.c_str());
  std::printf("events generated         %zu\n", count);
  std::printf("generation (1 core)      %.0f events/s   (target 1,000,000; ratio %.2f)\n", genRate,
              genRate / 1e6);
  std::printf("store resident bytes     %.1f bytes/event (target <= 64; record is %zu bytes)\n",
              perEvent, sizeof(Event));
  std::printf(
      "NDJSON render (1 core)   %.0f MB/s, %.0f events/s over %zu events (target 500 MB/s; ratio "
      "%.2f)\n",
      mbps, rendered / renderSeconds, rendered, mbps / 500);
  return 0;
}
