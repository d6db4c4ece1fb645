// Connection-level limits of the mock server (issue #6): a bounded work queue that answers
// 503 + Retry-After when every worker is busy and too many connections wait, instead of queueing
// without bound, and the request-header size limit answered with 431 in Graph's envelope.
//
// cpp-httplib (0.11) hands each accepted connection to a TaskQueue as an opaque closure, so the
// queue cannot write on the socket itself. BoundedTaskQueue therefore runs the closures it cannot
// queue on a small separate pool of "overflow" threads, flagged so that the server's pre-routing
// handler (see shedding()) answers each request on such a connection with a Graph-shaped 503,
// Retry-After and Connection: close: cheap work that never waits for a busy worker. When even the
// overflow queue is full, enqueue() blocks the accept loop (the kernel backlog then pushes back).
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tenantsim::mock {

// Part of ServerOptions (server_context.h); `tenantsim serve` sets them from its flags.
struct ServerLimits {
  // Connections waiting for a worker beyond which new ones are shed with 503; 0 = 64 per worker.
  size_t maxPendingConnections = 0;
  // A connection that has waited this long for a worker (every worker pinned by keep-alive
  // clients, say) is shed with 503 too, so a queued client never waits without bound.
  std::chrono::milliseconds maxQueueWait{5000};
  size_t overflowThreads = 2;
  size_t maxOverflowConnections = 1024;
  int retryAfterSeconds = 1;
  // Total request-header bytes (names + values) and header count; more answers 431. A single
  // header line over 8 KiB is refused by cpp-httplib itself (400).
  size_t maxHeaderBytes = 32 * 1024;
  size_t maxHeaderCount = 200;
  // Connections the kernel completes and holds until the accept loop takes them (the kernel caps
  // it at net.core.somaxconn). cpp-httplib 0.11 listens with a backlog of 5: a burst of new
  // connections (a load tester's, or clients reconnecting together) then loses SYNs and waits out
  // the 1, 3, 7 s retransmits.
  int listenBacklog = 4096;
};

class BoundedTaskQueue final : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(size_t workers, const ServerLimits& limits);
  ~BoundedTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // True on an overflow thread: the connection it serves is to be answered 503.
  static bool shedding();
  // Connections handed to the overflow threads since start (all queues).
  static size_t shedCount();

 private:
  void work(bool overflow);

  struct Job {
    std::chrono::steady_clock::time_point queued;
    std::function<void()> fn;
  };
  size_t maxPending_, maxOverflow_;
  std::chrono::milliseconds maxQueueWait_;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<Job> jobs_, overflow_;
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
};

// Raises the backlog of the listening socket `fd` (listen() again on a listening socket only
// changes its backlog). False when fd is not a listening socket or listen() fails.
bool raiseListenBacklog(int fd, int backlog);

// Whether a request's headers exceed the limits (431).
bool headersTooLarge(const httplib::Request& request, const ServerLimits& limits);

}  // namespace tenantsim::mock
