// Sign-in store benchmark: what serving auditLogs/signIns costs (generation, indexing, bytes per
// sign-in with the indexes) and what the indexes buy (first-page latency of selective filters with
// the planner and with the scan forced, in process).
//
//   build/signin_store_bench [users] [days] [threads]
//       (default 1000 users (the quick-start tenant), 30 days, 2 threads; the scenario is
//       scenarios/quickstart.json with tenant.users and window.days replaced)
//
// Target (issue #13): <= 64 bytes per sign-in including the indexes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "mockserver/odata/capabilities.h"
#include "mockserver/routes/signin_query.h"
#include "simulator/scenario/scenario.h"

using namespace tenantsim;

namespace {

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

double firstPageMs(const mock::SignInQueryEngine& engine, mock::SignInPageQuery q, bool index,
                   size_t& items, bool& usedIndex) {
  q.useIndexes = index;
  std::vector<double> ms;
  auto started = std::chrono::steady_clock::now();
  for (int run = 0; run < 21 && (run < 1 || seconds(started) < 2); ++run) {
    auto t0 = std::chrono::steady_clock::now();
    mock::RecordPage<SignIn> page = engine.page(q);
    ms.push_back(seconds(t0) * 1000);
    items = page.events.size();
    usedIndex = page.usedIndex;
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const long users = argc > 1 ? std::stol(argv[1]) : 1000;
  const double days = argc > 2 ? std::stod(argv[2]) : 30;
  const unsigned threads = argc > 3 ? static_cast<unsigned>(std::stoul(argv[3])) : 2;
  auto loaded = loadScenarioFile("scenarios/quickstart.json");
  if (!loaded) {
    std::fprintf(stderr, "run from the checkout: %s\n", loaded.error()[0].toString().c_str());
    return 1;
  }
  Scenario scenario = *loaded;
  scenario.tenant.users = users;
  scenario.windowDays = days;
  Simulation simulation(scenario);
  SignInLog log(simulation);

  auto t0 = std::chrono::steady_clock::now();
  std::vector<SignIn> signIns = log.generateWindow(threads);
  const double generate = seconds(t0);
  auto t1 = std::chrono::steady_clock::now();
  std::unique_ptr<SignInStore> store = makeSignInStore(log);
  store->expect(signIns.size());
  store->append(signIns, threads);
  const double index = seconds(t1);
  const double n = static_cast<double>(store->size());
  std::printf("users %ld, days %g: %zu sign-ins\n", users, days, store->size());
  std::printf("generate %.2f s (%.2f M/s), index %.2f s (%.2f M/s) on %u threads\n", generate,
              n / generate / 1e6, index, n / index / 1e6, threads);
  std::printf("store %.1f bytes/sign-in (record %zu, index %.1f)\n", store->memoryBytes() / n,
              sizeof(SignIn), store->indexBytes() / n);

  mock::SignInQueryEngine engine(log, *store);
  SignInDetails d;
  size_t sample = signIns.size() / 2;
  while (sample + 1 < signIns.size() && signIns[sample].kind != SignInKind::Interactive) ++sample;
  log.describe(signIns[sample], d);
  const Ticks end = scenario.windowEnd;
  odata::CapabilityOptions options;
  options.apiVersion = ApiVersion::Beta;
  options.lenient = true;
  const auto caps = odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, options);
  const std::string queries[] = {
      "",
      "userPrincipalName eq '" + d.userPrincipalName + "'",
      "correlationId eq '" + d.correlationId + "'",
      "status/errorCode eq 53003",
      "signInEventTypes/any(t: t eq 'servicePrincipal')",
      "ipAddress eq '" + d.ipAddress + "'",
      "riskLevelDuringSignIn eq 'medium'",
      "riskState eq 'atRisk'",
      "riskLevelAggregated eq 'high'",
      "riskEventTypes_v2/any(t: t eq 'unfamiliarFeatures')",
      "riskLevelDuringSignIn eq 'none'",
  };
  std::printf("%-70s %10s %10s %6s\n", "filter (beta, first page of 1000)", "index ms", "scan ms",
              "items");
  for (const std::string& text : queries) {
    auto filter = odata::CompiledFilter::compile(text, caps);
    if (!filter) {
      std::fprintf(stderr, "%s: %s\n", text.c_str(), filter.error().message.c_str());
      return 1;
    }
    mock::SignInPageQuery q;
    q.filter = &*filter;
    q.population = mock::populationFor(ApiVersion::Beta, *filter);
    q.now = end;
    q.window.lo = end - 30 * kTicksPerDay;
    q.window.hi = end;
    size_t items = 0;
    bool used = false;
    const double indexed = firstPageMs(engine, q, true, items, used);
    const double scanned = firstPageMs(engine, q, false, items, used);
    std::printf("%-70s %10.2f %10.2f %6zu\n",
                (text.empty() ? "(none)" : text).substr(0, 70).c_str(), indexed, scanned, items);
  }
  return 0;
}
