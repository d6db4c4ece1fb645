// The event store: every event of the simulated window, split by endpoint (Entra directory
// audits, Intune audit events) and kept sorted by (activity time, key). 40 bytes per event.
// In live mode the simulation appends newer events while readers page through older ones.
#pragma once

#include <mutex>
#include <shared_mutex>
#include <span>
#include <vector>

#include "simulator/simulation/catalog.h"
#include "simulator/simulation/event.h"

namespace tenantsim {

class EventStore {
 public:
  EventStore() = default;
  // events must be sorted.
  explicit EventStore(const std::vector<Event>& events) { append(events); }

  // Appends sorted events that are not older than anything stored (live mode).
  void append(const std::vector<Event>& events) {
    std::unique_lock lock(mutex_);
    const Catalog& catalog = Catalog::instance();
    size_t intune = 0;
    for (const Event& e : events) intune += catalog.at(e.activity).source == Source::Intune;
    entra_.reserve(entra_.size() + events.size() - intune);
    intune_.reserve(intune_.size() + intune);
    for (const Event& e : events) list(catalog.at(e.activity).source).push_back(e);
  }

  // Calls f with the sorted events of one endpoint while holding a shared lock; f must not keep
  // the span past its return.
  template <typename F>
  auto read(Source source, F&& f) const {
    std::shared_lock lock(mutex_);
    const std::vector<Event>& v = source == Source::Intune ? intune_ : entra_;
    return f(std::span<const Event>(v.data(), v.size()));
  }

  size_t size(Source source) const {
    std::shared_lock lock(mutex_);
    return (source == Source::Intune ? intune_ : entra_).size();
  }
  size_t memoryBytes() const {
    std::shared_lock lock(mutex_);
    return (entra_.capacity() + intune_.capacity()) * sizeof(Event);
  }
  void reserve(size_t entra, size_t intune) {
    std::unique_lock lock(mutex_);
    entra_.reserve(entra);
    intune_.reserve(intune);
  }

 private:
  std::vector<Event>& list(Source s) { return s == Source::Intune ? intune_ : entra_; }

  mutable std::shared_mutex mutex_;
  std::vector<Event> entra_, intune_;
};

}  // namespace tenantsim
