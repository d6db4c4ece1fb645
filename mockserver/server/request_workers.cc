#include "mockserver/server/request_workers.h"

#include <algorithm>

namespace tenantsim::mock {

RequestWorkers::RequestWorkers(const RequestWorkerOptions& options) : options_(options) {
  options_.threads = std::max<size_t>(1, options_.threads);
  options_.running = std::clamp<size_t>(options_.running, 1, options_.threads);
  options_.maxQueued = std::max<size_t>(1, options_.maxQueued);
  jobStart_.assign(options_.threads, Clock::time_point::max());
  for (size_t i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] { work(i); });
  if (options_.running < options_.threads) watcherThread_ = std::thread([this] { watch(); });
}

RequestWorkers::~RequestWorkers() { shutdown(); }

size_t RequestWorkers::stalled(Clock::time_point now) const {
  if (busy_ == 0) return 0;
  const Clock::time_point before = now - options_.stallAfter;
  return static_cast<size_t>(std::count_if(jobStart_.begin(), jobStart_.end(),
                                           [&](Clock::time_point t) { return t < before; }));
}

bool RequestWorkers::shouldCall(Clock::time_point now) const {
  // A queued job that no awake, free worker will take; a sleeper to call; and fewer than
  // `running` awake workers (counting those already called) that are not stalled.
  const size_t freeAwake = awake() - busy_ + woken_;
  return queue_.size() > freeAwake && sleeping_ > woken_ &&
         awake() + woken_ < options_.running + stalled(now);
}

bool RequestWorkers::tryPost(Job job) {
  bool wakeWorker = false, wakeWatcher = false;
  {
    std::lock_guard lock(mutex_);
    // Jobs a free worker (awake or asleep) can take at once do not count as waiting.
    if (shutdown_ || queue_.size() >= options_.maxQueued + (options_.threads - busy_)) {
      ++shed_;
      return false;
    }
    const Clock::time_point now = Clock::now();
    queue_.push_back({now, std::move(job)});
    if (shouldCall(now)) {
      ++woken_;
      wakeWorker = true;
    }
    // A job that waits for a busy worker: the watcher checks on it every stallAfter.
    if (watcherWaiting_ && queue_.size() > awake() - busy_ + woken_) {
      watcherWaiting_ = false;
      wakeWatcher = true;
    }
  }
  if (wakeWorker) ready_.notify_one();
  if (wakeWatcher) watcher_.notify_one();
  return true;
}

void RequestWorkers::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_ && threads_.empty()) return;
    shutdown_ = true;
  }
  ready_.notify_all();
  watcher_.notify_all();
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
  if (watcherThread_.joinable()) watcherThread_.join();
}

size_t RequestWorkers::shedCount() const {
  std::lock_guard lock(mutex_);
  return shed_;
}

size_t RequestWorkers::stallWakeCount() const {
  std::lock_guard lock(mutex_);
  return stallWakes_;
}

void RequestWorkers::work(size_t worker) {
  std::unique_lock lock(mutex_);
  bool called = false;  // woken by tryPost or the watcher, not by another reason
  for (;;) {
    // Sleep while there is nothing to take, or while more than `running` workers that are not
    // stalled are awake and this one was not called. On shutdown every worker helps drain the
    // queue.
    while (!shutdown_ &&
           (queue_.empty() || (!called && awake() > options_.running + stalled(Clock::now())))) {
      if (watcherWaiting_ && !queue_.empty()) {  // the jobs left wait for busy workers
        watcherWaiting_ = false;
        watcher_.notify_one();
      }
      ++sleeping_;
      ready_.wait(lock);
      --sleeping_;
      called = woken_ > 0;
      if (called) --woken_;
    }
    called = false;
    if (queue_.empty()) return;  // shutting down and drained
    Queued next = std::move(queue_.front());
    queue_.pop_front();
    const Clock::time_point now = Clock::now();
    jobStart_[worker] = now;
    ++busy_;
    bool expired = options_.maxWait.count() > 0 && now - next.at > options_.maxWait;
    if (expired) ++shed_;
    lock.unlock();
    next.job(expired);
    next.job = nullptr;  // destroyed outside the lock
    lock.lock();
    jobStart_[worker] = Clock::time_point::max();
    --busy_;
  }
}

void RequestWorkers::watch() {
  std::unique_lock lock(mutex_);
  while (!shutdown_) {
    if (queue_.empty()) {
      watcherWaiting_ = true;
      watcher_.wait(lock, [this] { return !watcherWaiting_ || shutdown_; });
      watcherWaiting_ = false;
      continue;
    }
    watcher_.wait_for(lock, options_.stallAfter);
    // Jobs wait while the awake workers are held by long jobs: call one more in their place.
    if (!shutdown_ && shouldCall(Clock::now())) {
      ++woken_;
      ++stallWakes_;
      lock.unlock();
      ready_.notify_one();
      lock.lock();
    }
  }
}

}  // namespace tenantsim::mock
