// The event-driven connection layer of GraphServer (issue #14): plain HTTP and HTTPS listeners on
// Boost.Asio, one event loop per core, each holding thousands of keep-alive connections. A loop
// reads and frames requests (request_framing.h, strict RFC 9112), hands each complete request to
// the bounded worker pool (request_workers.h) and writes the answer back with one gathered write
// (head and body, no copy of the body). Asio stays inside connection_layer.cc (and the
// internal connection.h and connection_layer_impl.h it includes).
//
// Real limits instead of a thread per connection: at most maxConnections open connections (more
// are answered 503 + Retry-After and closed), at most maxQueuedRequests requests waiting for a
// worker (503 + Retry-After), the read timeout for a request that has started to arrive, the
// keep-alive timeout for an idle connection, the write timeout for a response. stop() closes the
// listeners and idle connections at once and lets every request that has started finish.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "mockserver/http/server_context.h"
#include "mockserver/server/stage_times.h"

namespace tenantsim::mock {

struct ConnectionHandlers {
  // Answers a request (on a worker thread). tls: it came through the HTTPS listener. Returns how
  // long to wait before writing the answer (the latency stage's delay; zero: at once).
  std::function<std::chrono::microseconds(const httplib::Request&, httplib::Response&, bool tls)>
      serve;
  // Fills an error answer the layer gives itself (framing 4xx, 408, 503 when over a limit).
  // `request` holds what was parsed of the request (possibly nothing).
  std::function<void(const httplib::Request&, httplib::Response&, int status,
                     std::string_view detail)>
      refuse;
  // One access-log line per answer; empty: none. ms: from the request's first byte.
  std::function<void(const httplib::Request&, const httplib::Response&, double ms)> log;
};

struct ConnectionStats {
  size_t open = 0;              // connections open now
  size_t accepted = 0;          // since start
  size_t refusedOverLimit = 0;  // connections answered 503 because maxConnections were open
  size_t requestsShed = 0;      // requests answered 503 because the worker queue was full or slow
  size_t maxConnections = 0;    // the limit in force
  size_t workers = 0;
};

class ConnectionLayer {
 public:
  ConnectionLayer(const ServerOptions& options, ConnectionHandlers handlers);
  ~ConnectionLayer();
  ConnectionLayer(const ConnectionLayer&) = delete;
  ConnectionLayer& operator=(const ConnectionLayer&) = delete;

  // Binds and listens on host:port (0: a free port); returns the port. tls: an HTTPS listener
  // with options.tlsCertificate (PEM chain) and options.tlsPrivateKey. Before start().
  Result<int> listen(const std::string& host, int port, bool tls);
  // Raises the open-file limit to its hard limit, starts the event loops and the workers.
  void start();
  // Stops accepting, closes idle connections, waits (bounded) for requests in progress to be
  // answered, then stops. Idempotent.
  void stop();

  ConnectionStats stats() const;
  // Per-stage latency histograms since start or the last report(reset=true) (stage_times.h).
  StageReport stageReport(bool reset);

  class Impl;  // connection_layer.cc

 private:
  std::unique_ptr<Impl> impl_;
};

// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the soft limit now in force.
size_t raiseOpenFileLimit();

}  // namespace tenantsim::mock
