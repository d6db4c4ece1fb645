// The event store: every event of the simulated window, split by endpoint (Entra directory
// audits, Intune audit events) and kept sorted by (activity time, key). 40 bytes per event.
// In live mode the simulation appends newer events while readers page through older ones.
//
// An indexed store (built with the Simulation) also keeps a secondary index per endpoint
// (event_index.h: activity, initiator, correlation id, targets; about 21 bytes per event),
// updated by every append under the same lock, so a reader sees events and index at one
// consistent point.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <vector>

#include "simulator/simulation/catalog.h"
#include "simulator/simulation/event.h"
#include "simulator/simulation/posting_index.h"

namespace tenantsim {

class Simulation;

class EventStore {
 public:
  EventStore() = default;
  // events must be sorted.
  explicit EventStore(const std::vector<Event>& events) { append(events); }
  // Indexed: `simulation` (which produced the events) must outlive the store; `threads` threads
  // index the initial events.
  EventStore(const std::vector<Event>& events, const Simulation& simulation, unsigned threads = 1);

  // Appends sorted events that are not older than anything stored (live mode). Indexes them
  // first (outside the lock) when the store is indexed. Appenders are serialized.
  void append(const std::vector<Event>& events, unsigned threads = 1);

  // Calls f with the sorted events of one endpoint while holding a shared lock; f must not keep
  // the span past its return.
  template <typename F>
  auto read(Source source, F&& f) const {
    std::shared_lock lock(mutex_);
    const std::vector<Event>& v = source == Source::Intune ? intune_ : entra_;
    return f(std::span<const Event>(v.data(), v.size()));
  }

  // As read(), with the endpoint's index as a second argument (null when not indexed). Positions
  // in the index are positions in the span.
  template <typename F>
  auto readIndexed(Source source, F&& f) const {
    std::shared_lock lock(mutex_);
    const std::vector<Event>& v = source == Source::Intune ? intune_ : entra_;
    const PostingIndex* index = source == Source::Intune ? intuneIndex_.get() : entraIndex_.get();
    return f(std::span<const Event>(v.data(), v.size()), index);
  }

  bool indexed() const { return indexer_ != nullptr; }
  size_t size(Source source) const {
    std::shared_lock lock(mutex_);
    return (source == Source::Intune ? intune_ : entra_).size();
  }
  // Events and indexes.
  size_t memoryBytes() const;
  size_t indexBytes() const;
  void reserve(size_t entra, size_t intune) {
    std::unique_lock lock(mutex_);
    entra_.reserve(entra);
    intune_.reserve(intune);
  }

 private:
  std::vector<Event>& list(Source s) { return s == Source::Intune ? intune_ : entra_; }
  void appendPart(std::span<const Event> events, unsigned threads);

  const Simulation* indexer_ = nullptr;
  std::mutex appendMutex_;
  mutable std::shared_mutex mutex_;
  std::vector<Event> entra_, intune_;
  std::unique_ptr<PostingIndex> entraIndex_, intuneIndex_;
};

}  // namespace tenantsim
