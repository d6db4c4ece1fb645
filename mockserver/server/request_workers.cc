#include "mockserver/server/request_workers.h"

namespace tenantsim::mock {

RequestWorkers::RequestWorkers(size_t threads, size_t maxQueued, std::chrono::milliseconds maxWait)
    : threadCount_(std::max<size_t>(1, threads)),
      maxQueued_(std::max<size_t>(1, maxQueued)),
      maxWait_(maxWait) {
  for (size_t i = 0; i < threadCount_; ++i) threads_.emplace_back([this] { work(); });
}

RequestWorkers::~RequestWorkers() { shutdown(); }

bool RequestWorkers::tryPost(Job job) {
  {
    std::lock_guard lock(mutex_);
    // Jobs a worker is about to take (idle_ of them) do not count as waiting.
    if (shutdown_ || queue_.size() >= maxQueued_ + idle_) {
      ++shed_;
      return false;
    }
    queue_.push_back({std::chrono::steady_clock::now(), std::move(job)});
    if (idle_ == 0) return true;
  }
  ready_.notify_one();
  return true;
}

void RequestWorkers::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_ && threads_.empty()) return;
    shutdown_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

size_t RequestWorkers::shedCount() const {
  std::lock_guard lock(mutex_);
  return shed_;
}

void RequestWorkers::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    ready_.wait(lock, [this] { return !queue_.empty() || shutdown_; });
    --idle_;
    if (queue_.empty()) return;  // shutting down and drained
    Queued next = std::move(queue_.front());
    queue_.pop_front();
    bool expired = maxWait_.count() > 0 && std::chrono::steady_clock::now() - next.at > maxWait_;
    if (expired) ++shed_;
    lock.unlock();
    next.job(expired);
    next.job = nullptr;  // destroyed outside the lock
    lock.lock();
  }
}

}  // namespace tenantsim::mock
