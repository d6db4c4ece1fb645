// The threads that run requests for the connection layer (connection_layer.h). Its event loops
// never run a handler: a handler may sleep (the latency stage), scan for seconds (up to the scan
// deadline) or reload the scenario, and an event loop that waited for it would stall every
// connection it serves. The queue in front of the workers is bounded: a request that finds
// maxQueued requests already waiting, or that waited longer than maxWait for a worker, is
// answered 503 + Retry-After by its job (the job is told so) instead of waiting without bound.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tenantsim::mock {

class RequestWorkers {
 public:
  // expired: the job waited longer than maxWait; it should answer 503 instead of serving.
  using Job = std::function<void(bool expired)>;

  RequestWorkers(size_t threads, size_t maxQueued, std::chrono::milliseconds maxWait);
  ~RequestWorkers();
  RequestWorkers(const RequestWorkers&) = delete;
  RequestWorkers& operator=(const RequestWorkers&) = delete;

  // Queues a job; false (and the job is dropped) when maxQueued jobs already wait or after
  // shutdown().
  bool tryPost(Job job);
  // Runs every job already queued, then joins the threads. Idempotent.
  void shutdown();

  size_t threads() const { return threadCount_; }
  // Jobs refused by tryPost or run expired since start.
  size_t shedCount() const;

 private:
  void work();

  struct Queued {
    std::chrono::steady_clock::time_point at;
    Job job;
  };
  size_t threadCount_, maxQueued_;
  std::chrono::milliseconds maxWait_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Queued> queue_;
  size_t idle_ = 0, shed_ = 0;
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tenantsim::mock
