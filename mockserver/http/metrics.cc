#include "mockserver/http/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tenantsim::mock {
namespace {

void appendLine(std::string& out, const char* format, auto... args) {
  char line[256];
  int n = std::snprintf(line, sizeof line, format, args...);
  if (n > 0) out.append(line, std::min<size_t>(static_cast<size_t>(n), sizeof line - 1));
}

void appendHeader(std::string& out, const char* name, const char* type, const char* help) {
  appendLine(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

std::string routeLabel(Endpoint e) { return std::string(endpointName(e)); }

}  // namespace

size_t Metrics::statusSlot(int status) {
  return static_cast<size_t>(std::clamp(status, kMinStatus, kMaxStatus) - kMinStatus);
}

void Metrics::recordResponse(Endpoint endpoint, int status, size_t items, double seconds) {
  PerEndpoint& m = endpoints_[index(endpoint)];
  m.byStatus[statusSlot(status)].fetch_add(1, std::memory_order_relaxed);
  m.items.fetch_add(items, std::memory_order_relaxed);
  seconds = std::max(0.0, seconds);
  size_t bucket = static_cast<size_t>(
      std::lower_bound(kDurationBuckets.begin(), kDurationBuckets.end(), seconds) -
      kDurationBuckets.begin());
  m.durationBuckets[bucket].fetch_add(1, std::memory_order_relaxed);
  m.durationMicrosSum.fetch_add(static_cast<uint64_t>(std::llround(seconds * 1e6)),
                                std::memory_order_relaxed);
}

void Metrics::recordThrottled(Endpoint endpoint) {
  endpoints_[index(endpoint)].throttled.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::recordFault(Endpoint endpoint, int status) {
  endpoints_[index(endpoint)].faultsByStatus[statusSlot(status)].fetch_add(
      1, std::memory_order_relaxed);
}

uint64_t Metrics::requests(Endpoint endpoint, int status) const {
  return endpoints_[index(endpoint)].byStatus[statusSlot(status)].load(std::memory_order_relaxed);
}

uint64_t Metrics::throttled(Endpoint endpoint) const {
  return endpoints_[index(endpoint)].throttled.load(std::memory_order_relaxed);
}

uint64_t Metrics::faults(Endpoint endpoint) const {
  uint64_t total = 0;
  for (const auto& c : endpoints_[index(endpoint)].faultsByStatus)
    total += c.load(std::memory_order_relaxed);
  return total;
}

uint64_t Metrics::itemsServed(Endpoint endpoint) const {
  return endpoints_[index(endpoint)].items.load(std::memory_order_relaxed);
}

void Metrics::recordReload(bool ok) {
  (ok ? reloadsOk_ : reloadsFailed_).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::servingStateCreated() { servingStates_.fetch_add(1, std::memory_order_relaxed); }
void Metrics::servingStateDestroyed() { servingStates_.fetch_sub(1, std::memory_order_relaxed); }

void Metrics::recordBudgetStoreUnavailable() {
  budgetStoreUnavailable_.fetch_add(1, std::memory_order_relaxed);
}

uint64_t Metrics::budgetStoreUnavailable() const {
  return budgetStoreUnavailable_.load(std::memory_order_relaxed);
}

uint64_t Metrics::reloads(bool ok) const {
  return (ok ? reloadsOk_ : reloadsFailed_).load(std::memory_order_relaxed);
}

std::string Metrics::prometheusText() const {
  std::string out;
  out.reserve(4096);
  auto load = [](const std::atomic<uint64_t>& a) {
    return static_cast<unsigned long long>(a.load(std::memory_order_relaxed));
  };

  appendHeader(out, "tenantsim_requests_total", "counter",
               "Requests answered, by route and HTTP status.");
  for (Endpoint e : kAllEndpoints) {
    const PerEndpoint& m = endpoints_[index(e)];
    for (size_t s = 0; s < kStatuses; ++s)
      if (uint64_t n = m.byStatus[s].load(std::memory_order_relaxed))
        appendLine(out, "tenantsim_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                   routeLabel(e).c_str(), kMinStatus + static_cast<int>(s),
                   static_cast<unsigned long long>(n));
  }

  appendHeader(out, "tenantsim_throttled_total", "counter",
               "Requests refused with 429 by the throttling budgets.");
  for (Endpoint e : kAllEndpoints)
    appendLine(out, "tenantsim_throttled_total{route=\"%s\"} %llu\n", routeLabel(e).c_str(),
               load(endpoints_[index(e)].throttled));

  appendHeader(out, "tenantsim_throttle_store_unavailable_total", "counter",
               "Budgeted requests served without a budget because the shared throttle store "
               "(serve --throttle-store) did not answer (fail open).");
  appendLine(out, "tenantsim_throttle_store_unavailable_total %llu\n",
             load(budgetStoreUnavailable_));

  appendHeader(out, "tenantsim_faults_injected_total", "counter",
               "Faults injected, by route and HTTP status.");
  for (Endpoint e : kAllEndpoints) {
    const PerEndpoint& m = endpoints_[index(e)];
    for (size_t s = 0; s < kStatuses; ++s)
      if (uint64_t n = m.faultsByStatus[s].load(std::memory_order_relaxed))
        appendLine(out, "tenantsim_faults_injected_total{route=\"%s\",status=\"%d\"} %llu\n",
                   routeLabel(e).c_str(), kMinStatus + static_cast<int>(s),
                   static_cast<unsigned long long>(n));
  }

  appendHeader(
      out, "tenantsim_scenario_reloads_total", "counter",
      "Scenario reloads: swapped in (ok) or refused because the file failed validation (failed).");
  appendLine(out, "tenantsim_scenario_reloads_total{result=\"ok\"} %llu\n", load(reloadsOk_));
  appendLine(out, "tenantsim_scenario_reloads_total{result=\"failed\"} %llu\n",
             load(reloadsFailed_));
  appendHeader(
      out, "tenantsim_serving_states", "gauge",
      "Scenario states in memory: 1, plus replaced ones still finishing requests after a reload.");
  appendLine(out, "tenantsim_serving_states %llu\n", load(servingStates_));

  appendHeader(out, "tenantsim_events_served_total", "counter",
               "Audit items returned in response pages.");
  for (Endpoint e : kGraphCollections)
    appendLine(out, "tenantsim_events_served_total{route=\"%s\"} %llu\n", routeLabel(e).c_str(),
               load(endpoints_[index(e)].items));

  appendHeader(out, "tenantsim_request_duration_seconds", "histogram",
               "Time spent answering a request.");
  for (Endpoint e : kAllEndpoints) {
    const PerEndpoint& m = endpoints_[index(e)];
    unsigned long long cumulative = 0;
    for (size_t b = 0; b < kDurationBuckets.size(); ++b) {
      cumulative += load(m.durationBuckets[b]);
      appendLine(out, "tenantsim_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                 routeLabel(e).c_str(), kDurationBuckets[b], cumulative);
    }
    cumulative += load(m.durationBuckets.back());
    appendLine(out, "tenantsim_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
               routeLabel(e).c_str(), cumulative);
    appendLine(out, "tenantsim_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
               routeLabel(e).c_str(), static_cast<double>(load(m.durationMicrosSum)) / 1e6);
    appendLine(out, "tenantsim_request_duration_seconds_count{route=\"%s\"} %llu\n",
               routeLabel(e).c_str(), cumulative);
  }
  return out;
}

std::unique_ptr<Metrics> makeMetrics() { return std::make_unique<Metrics>(); }

}  // namespace tenantsim::mock
