// Per-request traces: what each pipeline stage decided about one Graph or identity request (auth,
// throttling window, fault draw, added latency), the query plan, and the outcome. The server
// keeps the newest records in a bounded ring that /_tenantsim/requests lists (docs/tracing.md).
#pragma once

#include <httplib.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tenantsim::mock {

// One stage's decision, e.g. {"throttling", "throttled: 6th request in 10 s for app X on
// directoryAudits; retry after 3 s"}.
struct TraceDecision {
  std::string_view stage;  // a stage's name(): static storage
  std::string text;
};

// A list request's query plan, kept as numbers and written out only when a record is read
// (describe()): "activityDateTime 2026-10-30T00:00:00Z .. (open); visible at …, retained from …;
// 1 equality; descending; page size 10; 10 returned of 37; next page: yes".
struct QueryPlanTrace {
  bool present = false;
  std::optional<int64_t> timeLo, timeHi;    // activityDateTime bounds (ticks), nullopt: open
  int64_t visibleAt = 0, retainedFrom = 0;  // the server clock and the retention floor (ticks)
  uint32_t equalities = 0;
  bool ascending = false, fromSkiptoken = false, nextPage = false;
  uint64_t pageSize = 0, returned = 0;
  std::optional<uint64_t> total;  // with $count=true
  bool usedIndex = false;         // index candidates (true) or a scan of the time range (false)
  uint64_t examined = 0;          // events the filter was evaluated on

  std::string describe() const;  // "" when !present
};

struct RequestTrace {
  uint64_t id = 0;  // 1, 2, …: the ring's sequence (the x-tenantsim-trace-id header)
  int64_t startedUnixMicros = 0;  // wall time the request arrived
  std::string method;
  std::string target;         // path and query, secrets redacted (redactTarget)
  std::string_view endpoint;  // endpointName(): static storage
  std::string requestId;
  std::string_view authorization;  // the Authorization header, redacted (redactAuthorization)
  std::string appId;
  std::string tenantId;
  std::vector<TraceDecision> decisions;  // in pipeline order
  QueryPlanTrace plan;                   // the query plan of a list request
  int status = 0;
  size_t bytes = 0;
  double durationMs = 0;

  void note(std::string_view stage, std::string text) {
    decisions.push_back({stage, std::move(text)});
  }
};

// The request target with credentials hidden: client_secret, client_assertion, code, password,
// access_token and refresh_token values become "[redacted]"; a $skiptoken keeps its first 8
// characters followed by "…". Everything else is kept as sent.
std::string redactTarget(std::string_view target);

// "Bearer [redacted]" for a bearer token, "[redacted]" for anything else, "" when absent.
std::string_view redactAuthorization(std::string_view header);

// A trace of `request` to `endpoint` (endpointName) before the pipeline runs: time, method,
// redacted target and Authorization. Token requests also name their app (client_id) and say
// which credential they carry (its value never recorded).
RequestTrace beginTrace(const httplib::Request& request, std::string_view endpoint);

// The response's status and size, and the time since `started`.
void finishTrace(RequestTrace& trace, const httplib::Response& response,
                 std::chrono::steady_clock::time_point started);

// The request header asking for the trace id, and the response header carrying it.
constexpr const char* kTraceRequestHeader = "x-tenantsim-trace";
constexpr const char* kTraceIdHeader = "x-tenantsim-trace-id";

struct TraceFilter {
  int status = 0;               // exact status; 0 any. 4 or 5 (a digit): any 4xx or 5xx
  std::string app;              // app id, exact (ASCII case-insensitive)
  std::string path;             // substring of the target
  int64_t sinceUnixMicros = 0;  // started at or after
  size_t limit = 100;
  bool matches(const RequestTrace& trace) const;
};

// A bounded ring of the newest traces. push() takes its id from an atomic counter and then locks
// only its slot's stripe (one of kStripes mutexes) to swap the record in; the replaced record is
// freed after unlocking. Readers lock one stripe per slot they copy, and skip a slot whose record
// is not (or no longer) the id they look for: a request still being recorded.
class TraceRing {
 public:
  explicit TraceRing(size_t capacity);

  size_t capacity() const { return slots_.size(); }
  // Numbers a record and stores it, replacing the oldest when full; returns its id.
  uint64_t push(RequestTrace trace);
  // Newest first, at most filter.limit.
  std::vector<RequestTrace> recent(const TraceFilter& filter) const;
  std::optional<RequestTrace> find(uint64_t id) const;
  // Durations (ms) of the newest `count` records, for percentiles.
  std::vector<double> recentDurations(size_t count) const;

 private:
  static constexpr size_t kStripes = 64;
  std::mutex& stripe(uint64_t id) const { return stripes_[((id - 1) % slots_.size()) % kStripes]; }
  RequestTrace& slot(uint64_t id) { return slots_[(id - 1) % slots_.size()]; }
  const RequestTrace& slot(uint64_t id) const { return slots_[(id - 1) % slots_.size()]; }
  uint64_t oldestKept(uint64_t newest) const {
    return newest > slots_.size() ? newest - slots_.size() + 1 : 1;
  }

  mutable std::array<std::mutex, kStripes> stripes_;
  std::vector<RequestTrace> slots_;
  std::atomic<uint64_t> pushed_{0};  // ids handed out; the newest record has id <= pushed_
};

// The value of `p` (0..1) among `values` (sorted in place); 0 when empty.
double percentile(std::vector<double>& values, double p);

int64_t unixMicrosNow();

}  // namespace tenantsim::mock
