// Connection-level limits of the mock server (issues #6 and #14), enforced by the event-driven
// connection layer (mockserver/server/connection_layer.h): how many connections may be open, how
// many requests may wait for a worker and for how long (beyond either: 503 + Retry-After in
// Graph's envelope), how long an idle keep-alive connection is kept, and how large a request head
// may be (414 for the request-target, 431 for the header block).
#pragma once

#include <chrono>
#include <cstddef>

namespace tenantsim::mock {

// Part of ServerOptions (server_context.h); `tenantsim serve` sets them from its flags.
struct ServerLimits {
  // Open connections (idle keep-alive ones included) beyond which a new connection's first request
  // is answered 503 + Retry-After and the connection closed. 0: from the open-file limit (raised
  // to its hard limit at start), less a reserve.
  size_t maxConnections = 0;
  // Requests waiting for a worker beyond which a new request is answered 503; 0: no limit of its
  // own (a connection has at most one request in the server, so maxConnections bounds it).
  size_t maxQueuedRequests = 0;
  // A request that has waited this long for a worker is answered 503 instead of being served.
  std::chrono::milliseconds maxQueueWait{5000};
  int retryAfterSeconds = 1;
  // An idle keep-alive connection is closed after this long without a new request.
  int keepAliveTimeoutSeconds = 5;
  // Total request-header bytes (names + values + 4 per field) and header count; more answers 431,
  // as does a single field line over 8 KiB.
  size_t maxHeaderBytes = 32 * 1024;
  size_t maxHeaderCount = 200;
  // A longer request-target answers 414.
  size_t maxTargetBytes = 8192;
  // Connections the kernel completes and holds until the event loop accepts them (the kernel caps
  // it at net.core.somaxconn): a burst of new connections must not lose SYNs and wait out the
  // 1, 3, 7 s retransmits.
  int listenBacklog = 4096;
  // Event loops (threads that read and write connections); 0: one per core.
  size_t eventLoops = 0;
  // The latency stage's delay is waited out by an event-loop timer before the answer is written,
  // so a delayed request does not hold a worker. false: the worker sleeps (tests use it to keep
  // a worker busy).
  bool deferLatency = true;
};

// Raises the backlog of the listening socket `fd` (listen() again on a listening socket only
// changes its backlog). False when fd is not a listening socket or listen() fails.
bool raiseListenBacklog(int fd, int backlog);

}  // namespace tenantsim::mock
