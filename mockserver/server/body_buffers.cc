#include "mockserver/server/body_buffers.h"

#include <utility>

namespace tenantsim::mock {

// A buffer smaller than this is not worth keeping: the string's own inline storage or a small
// allocation serves it as well.
constexpr size_t kMinKeptBytes = 4096;

std::string BodyBufferPool::take() {
  std::string buffer;
  {
    std::lock_guard lock(mutex_);
    if (kept_.empty()) {
      ++misses_;
      return buffer;
    }
    buffer = std::move(kept_.back());
    kept_.pop_back();
    keptBytes_ -= buffer.capacity();
  }
  buffer.clear();
  return buffer;
}

void BodyBufferPool::give(std::string&& buffer) {
  std::string kept = std::move(buffer);
  size_t capacity = kept.capacity();
  if (capacity < kMinKeptBytes || capacity > maxBufferBytes_) return;
  std::lock_guard lock(mutex_);
  if (keptBytes_ + capacity > maxBytes_) return;  // `kept` is freed after the lock is released
  keptBytes_ += capacity;
  kept_.push_back(std::move(kept));
}

size_t BodyBufferPool::keptBytes() const {
  std::lock_guard lock(mutex_);
  return keptBytes_;
}

size_t BodyBufferPool::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

size_t BodyBufferPool::keptBuffers() const {
  std::lock_guard lock(mutex_);
  return kept_.size();
}

}  // namespace tenantsim::mock
