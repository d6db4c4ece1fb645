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

#include "base/time.h"
#include "simulator/simulation/parallel_range.h"
#include "simulator/simulation/posting_index.h"
#include "simulator/simulation/record_array.h"

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
    Collected c = collect(records, base, threads);
    std::unique_lock lock(mutex_);
    records_.append(records);
    addToIndex(c);
  }

  // Fills an empty store in bulk without ever holding the records twice: next(out) sets `out`
  // to the next slice of sorted records (none older than the slice before) and returns false
  // once none is left; each slice is copied in and then dropped. The stored records are then
  // indexed on `threads` threads in parts that grow with the index (a part's postings are the
  // only other temporary), and the index is compacted. The result (records and index alike)
  // does not depend on the slices or the thread count (nor on minPart, the first part's size).
  template <typename NextSlice>
  void build(NextSlice&& next, unsigned threads, size_t minPart = kMinBuildPart) {
    std::lock_guard serial(appendMutex_);
    {
      std::vector<Record> slice;
      while (next(slice)) {
        std::unique_lock lock(mutex_);
        records_.append(slice);
      }
    }
    std::unique_lock lock(mutex_);
    records_.shrinkToFit();
    const size_t n = records_.size();
    index_.expect(n);
    lock.unlock();
    // Positions below `done` are indexed. Only appenders change records_, and this is one.
    for (size_t done = 0; done < n;) {
      const size_t part = std::min(n - done, std::max<size_t>({1, minPart, done / kBuildGrowth}));
      Collected c = collect(std::span<const Record>(records_.data() + done, part),
                            static_cast<uint32_t>(done), threads);
      lock.lock();
      addToIndex(c);
      lock.unlock();
      done += part;
    }
    lock.lock();
    index_.compact();
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
  // build() indexes parts of max(kMinBuildPart, indexed / kBuildGrowth) records: each part's
  // postings (16 bytes each, about 6 per record, held twice while added) stay an eighth of the
  // index's size or less, and the index's main part is rebuilt about nine times over in all.
  static constexpr size_t kMinBuildPart = size_t{1} << 20;
  static constexpr size_t kBuildGrowth = 8;
  struct Part {
    std::vector<Posting> postings;
    std::vector<IndexAlias> aliases;
  };
  struct Collected {
    std::vector<Part> parts;
    std::vector<IndexAlias> aliases;  // sorted, unique
  };

  // The postings and aliases of records stored (or about to be) from position `base` on,
  // collected on up to `threads` threads without any lock.
  Collected collect(std::span<const Record> records, uint32_t base, unsigned threads) const {
    threads = static_cast<unsigned>(
        std::clamp<size_t>(records.size() / kRecordsPerThread, 1, std::max(1u, threads)));
    Collected c;
    c.parts.resize(threads);
    auto run = [&](unsigned t) {
      Indexer indexer = makeIndexer_();
      const size_t from = records.size() * t / threads, to = records.size() * (t + 1) / threads;
      for (size_t i = from; i < to; ++i)
        indexer.collect(records[i], base + static_cast<uint32_t>(i), c.parts[t].postings,
                        c.parts[t].aliases);
    };
    runOnThreads(threads, run);
    for (Part& p : c.parts) {
      c.aliases.insert(c.aliases.end(), p.aliases.begin(), p.aliases.end());
      p.aliases = {};
    }
    std::sort(c.aliases.begin(), c.aliases.end());
    c.aliases.erase(std::unique(c.aliases.begin(), c.aliases.end()), c.aliases.end());
    return c;
  }

  // Adds collected postings and aliases; the caller holds the exclusive lock.
  void addToIndex(Collected& c) {
    for (Part& p : c.parts) {
      index_.add(p.postings);
      p = {};
    }
    for (const IndexAlias& a : c.aliases) index_.addAlias(a.kind, a.alias, a.key);  // deduplicates
  }

  std::mutex appendMutex_;
  mutable std::shared_mutex mutex_;
  RecordArray<Record> records_;
  PostingIndex index_;
  IndexerFactory makeIndexer_;
};

// IndexedRecordStore::build()'s slices of [from, to): generate(a, b) (sorted records) for
// consecutive [a, b) of `slice` ticks each, the last one shorter.
template <typename Generate>
auto timeSlices(Ticks from, Ticks to, Ticks slice, Generate generate) {
  return [=, at = from](auto& out) mutable {
    if (at >= to) return false;
    const Ticks end = to - at > slice ? at + slice : to;
    out = generate(at, end);
    at = end;
    return true;
  };
}

}  // namespace tenantsim
