// The admin surface under /_tenantsim/: health, Prometheus metrics, the server clock (read, pin,
// release), a summary of the loaded scenario and reload. Loopback callers only, unless an admin
// token is configured: then any caller presenting it.
//
//   GET  /_tenantsim/health    {"status":"ok","events":{"directoryAudits":N,"auditEvents":M},
//                              "clock":"…","mode":"history|live"}
//   GET  /_tenantsim/metrics   Prometheus text (text/plain; version=0.0.4)
//   GET  /_tenantsim/clock     {"now":"…","mode":"…","speed":S}
//   PUT  /_tenantsim/clock     body {"now":"2026-11-01T00:00:00Z"} pins the clock, {"reset":true}
//   POST /_tenantsim/clock     lets it run again; answers like GET, or 400 on a bad body
//   GET  /_tenantsim/scenario  name, seed, tenant, window, workloads, storylines, server, live
//   POST /_tenantsim/reload    re-reads the scenario file and swaps it in (see
//   GraphServer::reload):
//                              200 {"status":"reloaded","generation":N,...}; 400 with every
//                              validation error in error.details (the old scenario keeps serving);
//                              409 while another reload runs; 501 when not started from a file
//   GET  /_tenantsim/requests, /requests/{id}, /stats, /capabilities   see admin_inspect.h
//   GET  /_tenantsim/ui/       the dashboard (dashboard.h)
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/http/metrics.h"
#include "mockserver/http/trace.h"
#include "simulator/scenario/scenario.h"
#include "simulator/simulation/store.h"
#include "simulator/simulation/world/clock.h"

namespace tenantsim::mock {

constexpr std::string_view kAdminPrefix = "/_tenantsim/";

// What a reload did.
struct ReloadOutcome {
  enum class Status { Reloaded, Invalid, Busy, Unavailable };
  Status status = Status::Unavailable;
  std::string message;                          // one line for logs and the error envelope
  std::vector<ScenarioError> errors;            // Invalid: every problem found
  uint64_t generation = 0;                      // the state serving afterwards (1 = the first)
  size_t directoryAudits = 0, auditEvents = 0;  // Reloaded: events in the new store
  double seconds = 0;                           // Reloaded: time spent generating
};

class RenderedItemCache;

struct AdminContext {
  const Scenario& scenario;
  ServerClock& clock;
  const EventStore& store;
  const Metrics& metrics;
  // Empty: loopback callers only. Set (serve --admin-token): callers from anywhere, each with
  // Authorization: Bearer <token> (loopback callers too, since a proxy tunnel looks local).
  std::string token = {};
  uint64_t generation = 1;  // the serving state's number (1 + reloads so far)
  std::function<ReloadOutcome()> reload = nullptr;  // empty: POST /_tenantsim/reload answers 501
  const TraceRing* traces = nullptr;  // request traces (admin_inspect.h); null: tracing is off
  const RenderedItemCache* renderCache =
      nullptr;  // the serving state's (item_cache.h); may be null
};

// True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z).
bool isLoopbackAddress(std::string_view address);

// Answers the request when its path is under /_tenantsim/ and returns true; returns false (and
// leaves the response alone) for any other path. Non-loopback callers get 403, unknown admin
// paths 404, wrong methods 405; with a token set, a missing or wrong bearer token 401. Never
// throws. Errors carry Graph's innerError (request ids from the response headers).
bool handleAdminRequest(AdminContext& admin, const httplib::Request& request,
                        httplib::Response& response);

// Registers the admin routes on a server; `admin` must outlive it.
void registerAdminRoutes(httplib::Server& server, AdminContext& admin);

}  // namespace tenantsim::mock
