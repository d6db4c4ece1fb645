// Simulator benchmark: generation rate (events/s into the store, one core), resident bytes per
// stored event, and NDJSON rendering rate (MB/s, one core).
//
//   build/simulator_bench [scenario.json] [sign-in days]  (default scenarios/enterprise-100k.json,
//   1)
//
// Sign-ins (issue #13) are generated for the first [sign-in days] of the window (the whole
// window of a 100,000-user tenant is ~80 M sign-ins): rate, resident bytes per stored sign-in,
// the count extrapolated to the window, and the combined audit + sign-in generation rate.
//
// Targets (issue #2): >= 1,000,000 events/s generated, <= 64 bytes per stored event,
// >= 500 MB/s of NDJSON on one core.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <variant>

#include "simulator/graph/render.h"
#include "simulator/graph/signin_render.h"
#include "simulator/simulation/signin_log.h"
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
  Scenario scenario = *loaded;
  Simulation sim(std::move(*loaded));

  // The risk remediations' audit rows alone, cold (they read the risk log from the window's
  // start): their part of the generation time below.
  double remediationSeconds = 0;
  size_t remediations = 0;
  {
    Simulation cold(scenario);
    std::vector<Event> rows;
    auto t = std::chrono::steady_clock::now();
    cold.generateWorkload(WorkloadKind::RiskRemediation, scenario.windowStart(), scenario.windowEnd,
                          rows);
    remediationSeconds = seconds(t);
    remediations = rows.size();
  }

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
  std::printf("risk remediation rows    %zu in %.2f s (part of the generation time)\n",
              remediations, remediationSeconds);
  std::printf("store resident bytes     %.1f bytes/event (target <= 64; record is %zu bytes)\n",
              perEvent, sizeof(Event));
  std::printf(
      "NDJSON render (1 core)   %.0f MB/s, %.0f events/s over %zu events (target 500 MB/s; ratio "
      "%.2f)\n",
      mbps, rendered / renderSeconds, rendered, mbps / 500);

  // Sign-ins.
  double signInDays = argc > 2 ? std::stod(argv[2]) : 1.0;
  SignInLog log(sim);
  if (!log.enabled()) return 0;
  Ticks from = sim.scenario().windowStart();
  Ticks to = from + static_cast<Ticks>(signInDays * kTicksPerDay);
  size_t before2 = residentBytes();
  auto t2 = std::chrono::steady_clock::now();
  std::vector<SignIn> signIns = log.generate(from, to, 1);
  double signInSeconds = seconds(t2);
  size_t after2 = residentBytes();
  size_t signInCount = signIns.size();
  std::string signInBuffer;
  signInBuffer.reserve(8 << 20);
  SignInDetails sd;
  size_t signInBytes = 0, signInRendered = 0;
  auto t3 = std::chrono::steady_clock::now();
  for (const SignIn& x : signIns) {
    log.describe(x, sd);
    renderSignIn(sd, ApiVersion::Beta, signInBuffer);
    signInBuffer += '\n';
    if (signInBuffer.size() > (4 << 20)) {
      signInBytes += signInBuffer.size();
      signInBuffer.clear();
    }
    if (++signInRendered >= 200'000) break;
  }
  signInBytes += signInBuffer.size();
  double signInRenderSeconds = seconds(t3);
  double signInRate = signInCount / signInSeconds;
  double windowSignIns = signInCount * sim.scenario().windowDays / signInDays;
  double auditShare = static_cast<double>(count) * signInDays / sim.scenario().windowDays;
  double combined = (auditShare + signInCount) / (auditShare / genRate + signInSeconds);
  std::printf(
      "sign-ins generated       %zu over %.1f day(s); window estimate %.0f (%.0f per user)\n",
      signInCount, signInDays, windowSignIns,
      windowSignIns / static_cast<double>(sim.tenant().userCount()));
  std::printf("sign-in generation       %.0f sign-ins/s (1 core)\n", signInRate);
  std::printf("audits + sign-ins        %.0f events/s (1 core; target 1,000,000; ratio %.2f)\n",
              combined, combined / 1e6);
  std::printf(
      "sign-in resident bytes   %.1f bytes/sign-in (record is %zu bytes); window estimate "
      "%.2f GB\n",
      static_cast<double>(after2 > before2 ? after2 - before2 : 0) / signInCount, sizeof(SignIn),
      windowSignIns * sizeof(SignIn) / 1e9);
  std::printf("sign-in NDJSON (beta)    %.0f MB/s, %.0f sign-ins/s, %.0f bytes/sign-in\n",
              signInBytes / signInRenderSeconds / 1e6, signInRendered / signInRenderSeconds,
              static_cast<double>(signInBytes) / signInRendered);
  return 0;
}
