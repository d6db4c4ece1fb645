// The threads that run requests for the connection layer (connection_layer.h). Its event loops
// never run a handler: a handler may sleep (the latency stage), scan for seconds (up to the scan
// deadline) or reload the scenario, and an event loop that waited for it would stall every
// connection it serves. The queue in front of the workers is bounded: a request that finds
// maxQueued requests already waiting, or that waited longer than maxWait for a worker, is
// answered 503 + Retry-After by its job (the job is told so) instead of waiting without bound.
//
// Of the `threads` workers, only `running` (one per core by default) are kept awake to take
// jobs: a job queued while that many are awake waits for one of them to finish its current job
// instead of waking another. Waking a sleeping thread for every request, and then eight threads
// taking turns on two cores, was a third of the server's CPU on small answers
// (docs/performance.md#worker-wake-ups). The other workers are there for jobs that stall: a job
// running for longer than `stallAfter` (a long scan, a reload, a blocking call) does not count
// against `running`, so while jobs wait another worker is woken in its place (by the next
// tryPost, or by a watcher that checks every `stallAfter` while jobs wait). A worker that
// finishes a job while more than `running` workers that are not stalled are awake goes back to
// sleep.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tenantsim::mock {

struct RequestWorkerOptions {
  size_t threads = 8;    // at least 1
  size_t running = 2;    // awake workers while jobs make progress (clamped to 1..threads)
  size_t maxQueued = 1;  // at least 1
  std::chrono::milliseconds maxWait{0};  // 0: no limit
  std::chrono::microseconds stallAfter{2000};
};

class RequestWorkers {
 public:
  // expired: the job waited longer than maxWait; it should answer 503 instead of serving.
  using Job = std::function<void(bool expired)>;

  explicit RequestWorkers(const RequestWorkerOptions& options);
  ~RequestWorkers();
  RequestWorkers(const RequestWorkers&) = delete;
  RequestWorkers& operator=(const RequestWorkers&) = delete;

  // Queues a job; false (and the job is dropped) when maxQueued jobs already wait or after
  // shutdown().
  bool tryPost(Job job);
  // Runs every job already queued, then joins the threads. Idempotent.
  void shutdown();

  size_t threads() const { return options_.threads; }
  size_t running() const { return options_.running; }
  // Jobs refused by tryPost or run expired since start.
  size_t shedCount() const;
  // Workers the watcher woke beyond `running` because jobs stalled, since start.
  size_t stallWakeCount() const;

 private:
  using Clock = std::chrono::steady_clock;
  void work(size_t worker);
  void watch();
  size_t awake() const { return options_.threads - sleeping_; }
  // Busy workers whose job started more than stallAfter before now.
  size_t stalled(Clock::time_point now) const;
  // Whether a sleeping worker should be called to take a queued job; the lock is held.
  bool shouldCall(Clock::time_point now) const;

  struct Queued {
    Clock::time_point at;
    Job job;
  };
  RequestWorkerOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;    // sleeping workers
  std::condition_variable watcher_;  // the stall watcher, while nothing is queued
  std::deque<Queued> queue_;
  size_t sleeping_ = 0;                      // workers waiting on ready_
  size_t woken_ = 0;                         // notified but not yet awake (counted in sleeping_)
  size_t busy_ = 0;                          // workers running a job
  std::vector<Clock::time_point> jobStart_;  // per worker, while busy (else max())
  size_t shed_ = 0, stallWakes_ = 0;
  bool watcherWaiting_ = false;  // the watcher sleeps until a job is queued
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
  std::thread watcherThread_;
};

}  // namespace tenantsim::mock
