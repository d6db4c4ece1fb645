// What recording one request's trace costs on the request's thread: beginTrace (time, method,
// redacted target and Authorization), two stage decisions, the query plan, finishTrace and the
// push into a 1000-record ring (freeing the record it replaces), as the server does for a traced
// `$top=10` list request. Compare with the server's CPU time per request (bench/trace_bench.sh).
//
//   build/trace_record_bench [records per thread, default 200000] [threads, default 1 and 2]
#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "mockserver/http/trace.h"

namespace {

using tenantsim::mock::QueryPlanTrace;
using tenantsim::mock::RequestTrace;
using tenantsim::mock::TraceRing;

void recordTraces(TraceRing& ring, const httplib::Request& request, int count) {
  const std::string appId = "11111111-2222-3333-4444-555555555555";
  const std::string requestId = "4e4418ff-effe-401d-8d07-bc2b39cac9b8";
  for (int i = 0; i < count; ++i) {
    auto started = std::chrono::steady_clock::now();
    RequestTrace trace = tenantsim::mock::beginTrace(request, "directoryAudits");
    trace.note("auth", "allowed: app " + appId);
    trace.note("faults", "no fault (draw for request #" + std::to_string(i) + ", rate 0.01)");
    QueryPlanTrace plan;
    plan.present = true;
    plan.pageSize = plan.returned = 10;
    trace.plan = plan;
    trace.appId = appId;
    trace.tenantId = appId;
    trace.requestId = requestId;
    httplib::Response response;
    response.status = 200;
    tenantsim::mock::finishTrace(trace, response, started);
    ring.push(std::move(trace));
  }
}

double nanosPerRecord(int threads, int perThread) {
  httplib::Request request;
  request.method = "GET";
  request.target = "/v1.0/auditLogs/directoryAudits?$top=10";
  request.headers.emplace("Authorization", "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.sig");
  TraceRing ring(1000);
  recordTraces(ring, request, 2000);  // fill the ring: every later push replaces a record
  std::atomic<int64_t> cpuNanos{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      recordTraces(ring, request, perThread);
      timespec used{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &used);  // this thread's CPU time (user + system)
      cpuNanos += int64_t{used.tv_sec} * 1'000'000'000 + used.tv_nsec;
    });
  for (std::thread& w : workers) w.join();
  return static_cast<double>(cpuNanos.load()) / (static_cast<double>(threads) * perThread);
}

}  // namespace

int main(int argc, char** argv) {
  int perThread = argc > 1 ? std::atoi(argv[1]) : 200000;
  std::vector<int> threadCounts = {1, 2};
  if (argc > 2) threadCounts = {std::atoi(argv[2])};
  for (int threads : threadCounts)
    std::printf("%d thread(s): %.0f ns of CPU time per traced request\n", threads,
                nanosPerRecord(threads, perThread));
  return 0;
}
