// A store for one log of timed records (sign-ins today; risk detections, provisioning events
// next): the records sorted by (time, key), appended in live mode, with a PostingIndex over them
// that every append extends under the same lock, so a reader sees records and index at one
// consistent point.
//
// What an entity adds is its record type (with `time`, `key` and `visibleAt()`) and an indexer:
//
//   struct MyIndexer {
//     // Appends the postings (and aliases) of r, stored at `position`. One indexer per thread.
//     void collect(const Record& r, uint32_t position, std::vector<Posting>& postings,
//                  std::vector<IndexAlias>& aliases);
//   };
//
// plus a factory for indexers and the empty PostingIndex with the entity's dimensions. The query
// side (mockserver/routes/record_pager.h, index_planner.h) is shared the same way.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <thread>
#include <vector>

#include "simulator/simulation/posting_index.h"

namespace tenantsim {

// A second name of an entity (kind: the entity's alias kind) naming its key.
struct IndexAlias {
  uint8_t kind = 0;
  uint64_t alias = 0, key = 0;
  bool operator==(const IndexAlias&) const = default;
  auto operator<=>(const IndexAlias&) const = default;
};

template <typename Record, typename Indexer>
class IndexedRecordStore {
 public:
  using IndexerFactory = std::function<Indexer()>;

  // `emptyIndex` has the entity's dimensions; `makeIndexer` gives one indexer per thread.
  IndexedRecordStore(PostingIndex emptyIndex, IndexerFactory makeIndexer)
      : index_(std::move(emptyIndex)), makeIndexer_(std::move(makeIndexer)) {}

  // Appends sorted records, none older than anything stored. Indexes them first (outside the
  // lock) on up to `threads` threads; appenders are serialized.
  void append(std::span<const Record> records, unsigned threads = 1) {
    std::lock_guard serial(appendMutex_);
    const uint32_t base = static_cast<uint32_t>(records_.size());  // stable: appenders serialize
    threads = static_cast<unsigned>(
        std::clamp<size_t>(records.size() / kRecordsPerThread, 1, std::max(1u, threads)));
    std::vector<Part> parts(threads);
    auto run = [&](unsigned t) {
      Indexer indexer = makeIndexer_();
      const size_t from = records.size() * t / threads, to = records.size() * (t + 1) / threads;
      for (size_t i = from; i < to; ++i)
        indexer.collect(records[i], base + static_cast<uint32_t>(i), parts[t].postings,
                        parts[t].aliases);
    };
    if (threads == 1) {
      run(0);
    } else {
      std::vector<std::thread> pool;
      for (unsigned t = 0; t < threads; ++t) pool.emplace_back(run, t);
      for (std::thread& t : pool) t.join();
    }
    std::vector<IndexAlias> aliases;
    for (Part& p : parts) aliases.insert(aliases.end(), p.aliases.begin(), p.aliases.end());
    std::sort(aliases.begin(), aliases.end());
    aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
    std::unique_lock lock(mutex_);
    if (records_.capacity() < records_.size() + records.size())
      records_.reserve(std::max(records_.size() + records.size(), records_.capacity() * 5 / 4));
    records_.insert(records_.end(), records.begin(), records.end());
    for (Part& p : parts) {
      index_.add(p.postings);
      p = {};
    }
    for (const IndexAlias& a : aliases) index_.addAlias(a.kind, a.alias, a.key);  // deduplicates
  }

  // Sizes the index for about `records` records (a bulk build).
  void expect(size_t records) {
    std::unique_lock lock(mutex_);
    records_.reserve(records);
    index_.expect(records);
  }

  // Calls f(records, index) with the sorted records while holding a shared lock; positions in
  // the index are positions in the span. f must not keep either past its return.
  template <typename F>
  auto read(F&& f) const {
    std::shared_lock lock(mutex_);
    return f(std::span<const Record>(records_.data(), records_.size()), &index_);
  }

  size_t size() const {
    std::shared_lock lock(mutex_);
    return records_.size();
  }
  // Records (allocated capacity) and index.
  size_t memoryBytes() const {
    std::shared_lock lock(mutex_);
    return records_.capacity() * sizeof(Record) + index_.memoryBytes();
  }
  size_t indexBytes() const {
    std::shared_lock lock(mutex_);
    return index_.memoryBytes();
  }

 private:
  static constexpr size_t kRecordsPerThread = 4096;  // below this, one thread indexes
  struct Part {
    std::vector<Posting> postings;
    std::vector<IndexAlias> aliases;
  };

  std::mutex appendMutex_;
  mutable std::shared_mutex mutex_;
  std::vector<Record> records_;
  PostingIndex index_;
  IndexerFactory makeIndexer_;
};

}  // namespace tenantsim
