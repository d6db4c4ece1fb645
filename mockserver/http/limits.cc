#include "mockserver/http/limits.h"

#include <sys/socket.h>

#include <atomic>

namespace tenantsim::mock {
namespace {
thread_local bool onOverflowThread = false;
std::atomic<size_t> shed{0};
}  // namespace

BoundedTaskQueue::BoundedTaskQueue(size_t workers, const ServerLimits& limits)
    : maxPending_(limits.maxPendingConnections ? limits.maxPendingConnections : 64 * workers),
      maxOverflow_(std::max<size_t>(1, limits.maxOverflowConnections)),
      maxQueueWait_(limits.maxQueueWait) {
  for (size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(false); });
  for (size_t i = 0; i < std::max<size_t>(1, limits.overflowThreads); ++i)
    threads_.emplace_back([this] { work(true); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
  std::unique_lock lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (jobs_.size() < maxPending_) {
    jobs_.push_back({now, std::move(fn)});
  } else {
    space_.wait(lock, [this] { return overflow_.size() < maxOverflow_ || shutdown_; });
    overflow_.push_back({now, std::move(fn)});
    shed.fetch_add(1, std::memory_order_relaxed);
  }
  lock.unlock();
  ready_.notify_all();
}

void BoundedTaskQueue::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_ && threads_.empty()) return;
    shutdown_ = true;
  }
  ready_.notify_all();
  space_.notify_all();
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void BoundedTaskQueue::work(bool overflow) {
  onOverflowThread = overflow;
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mutex_);
      if (!overflow) {
        ready_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
        if (jobs_.empty()) return;  // shutting down and drained
        fn = std::move(jobs_.front().fn);
        jobs_.pop_front();
      } else {
        // Overflow connections, or the oldest pending one once it has waited too long.
        auto stale = [&] {
          return !jobs_.empty() && maxQueueWait_.count() > 0 &&
                 std::chrono::steady_clock::now() - jobs_.front().queued > maxQueueWait_;
        };
        while (overflow_.empty() && !stale() && !shutdown_)
          ready_.wait_for(lock, std::chrono::milliseconds(100));
        if (!overflow_.empty()) {
          fn = std::move(overflow_.front().fn);
          overflow_.pop_front();
        } else if (stale() && !shutdown_) {
          fn = std::move(jobs_.front().fn);
          jobs_.pop_front();
          shed.fetch_add(1, std::memory_order_relaxed);
        } else {
          return;  // shutting down: the workers drain what is pending
        }
      }
    }
    if (overflow) space_.notify_one();
    fn();
  }
}

bool BoundedTaskQueue::shedding() { return onOverflowThread; }
size_t BoundedTaskQueue::shedCount() { return shed.load(std::memory_order_relaxed); }

bool raiseListenBacklog(int fd, int backlog) {
  int listening = 0;
  socklen_t size = sizeof listening;
  if (fd < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || !listening)
    return false;
  return ::listen(fd, backlog) == 0;
}

bool headersTooLarge(const httplib::Request& request, const ServerLimits& limits) {
  if (request.headers.size() > limits.maxHeaderCount) return true;
  size_t bytes = 0;
  for (const auto& [name, value] : request.headers) bytes += name.size() + value.size() + 4;
  return bytes > limits.maxHeaderBytes;
}

}  // namespace tenantsim::mock
