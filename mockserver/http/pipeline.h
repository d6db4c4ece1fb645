// The request pipeline: a chain of small stages, each one class with one job and one config
// block (request ids, auth, throttling, faults, latency), run before the route.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/http/trace.h"
#include "simulator/graph/model.h"
#include "simulator/scenario/scenario.h"

namespace tenantsim::mock {

struct RequestContext {
  const httplib::Request& request;
  httplib::Response& response;
  Endpoint endpoint = Endpoint::Other;
  std::string requestId;        // generated per request
  std::string clientRequestId;  // echoed from the client, else = requestId
  std::string appId;            // the calling app, once auth has run ("" when unknown)
  std::string tenantId;
  uint64_t sequence = 0;   // per-server request counter (seeded faults use it)
  size_t itemsServed = 0;  // events the route returned (metrics)

  // This request's trace record (trace.h); null when tracing is off.
  RequestTrace* trace = nullptr;

  // Records a stage's decision in the trace (no-op without one).
  void note(std::string_view stage, std::string text) {
    if (trace) trace->note(stage, std::move(text));
  }
  bool tracing() const { return trace != nullptr; }
};

class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view name() const = 0;
  // Returns true to pass the request on; false when the stage has answered it (an error, a 429).
  virtual bool handle(RequestContext& ctx) = 0;
};

// Now in innerError.date's format: 2026-11-01T12:00:00 (UTC, no fraction, no 'Z').
std::string graphErrorDate();

// Writes Graph's error envelope: {"error":{"code","message","innerError":{"date","request-id",
// "client-request-id"}}} with status, Graph's Content-Type and the request-id headers.
// `detail`, when given, is added as innerError.detail (tenantsim's precise reason).
void writeGraphError(RequestContext& ctx, int status, std::string_view code,
                     std::string_view message, std::string_view detail = {});

// Sets a response header, replacing any value an earlier stage set (httplib keeps duplicates).
inline void replaceHeader(httplib::Response& response, const std::string& name,
                          const std::string& value) {
  response.headers.erase(name);
  response.set_header(name, value);
}

// Graph's JSON content type.
constexpr const char* kGraphContentType =
    "application/"
    "json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

}  // namespace tenantsim::mock
