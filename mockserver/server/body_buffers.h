// Response body buffers kept between requests (issue #14, docs/performance.md#body-buffers). A
// route builds its page in the response's body (takeBodyBuffer, graph_response.h); the connection
// layer hands each request a buffer an earlier answer was written from, and takes it back once the
// answer is sent. Without it every page was a fresh allocation on a worker thread, freed on an
// event loop after the write: on a `$top=10` page that large allocation made glibc consolidate its
// fast bins on every request, and a 1000-item page (about 2 MB) was faulted in page by page.
//
// Bounded: at most maxBytes of capacity is kept in all, and a buffer larger than maxBufferBytes
// is freed instead of kept. Thread-safe (workers take, event loops give back).
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace tenantsim::mock {

class BodyBufferPool {
 public:
  BodyBufferPool(size_t maxBytes, size_t maxBufferBytes)
      : maxBytes_(maxBytes), maxBufferBytes_(maxBufferBytes) {}

  // An empty string, with the capacity of a kept buffer when there is one.
  std::string take();
  // Takes the buffer (the caller's string is left empty): keeps its memory for a later take()
  // when it fits the bounds, frees it otherwise.
  void give(std::string&& buffer);

  size_t keptBytes() const;
  size_t keptBuffers() const;
  // take() calls that found no kept buffer (the route allocated its page afresh) since start.
  size_t misses() const;

 private:
  const size_t maxBytes_, maxBufferBytes_;
  mutable std::mutex mutex_;
  std::vector<std::string> kept_;
  size_t keptBytes_ = 0, misses_ = 0;
};

}  // namespace tenantsim::mock
