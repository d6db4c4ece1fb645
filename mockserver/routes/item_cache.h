// The rendered-item cache of a serving state: the exact JSON bytes of list items already written,
// so a page of items served before (the same items in the same variant) is a concatenation of
// copies instead of describing and rendering each item again (docs/performance.md#render-cache).
//
// Valid only for items whose bytes are a pure function of the record and the variant: audit
// events and sign-ins are (describe() reads the record and the scenario, never the clock, and a
// live append adds records without changing old ones). Not for anything whose bytes depend on the
// server clock (risky users' state, incidents' status). A reload builds a new serving state and
// with it an empty cache.
//
// Thread-safe: 64 shards, each with its own lock, hash index and CLOCK ring; the byte budget is
// split evenly between them and each evicts its least recently referenced items to stay within
// its share. The bytes charged for an item include its index and slot overhead.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/graph/evolvable_enum.h"
#include "simulator/graph/model.h"
#include "simulator/graph/render.h"

namespace tenantsim::mock {

// Everything an item's bytes depend on besides its record.
struct RenderVariant {
  Endpoint log = Endpoint::DirectoryAudits;
  ApiVersion api = ApiVersion::V1;
  UnknownEnumMembers enums = UnknownEnumMembers::AsSentinel;
  PropertyMask select = kAllProperties;
};

// One item: its record's (time, key), which are unique within a log, and the variant.
struct CachedItemKey {
  int64_t time = 0;
  uint64_t key = 0;
  PropertyMask select = kAllProperties;
  uint8_t log = 0, api = 0, enums = 0;
  bool operator==(const CachedItemKey&) const = default;
};

struct RenderCacheStats {
  uint64_t hits = 0, misses = 0, evictions = 0;
  uint64_t entries = 0, bytes = 0;  // bytes as charged against the budget
};

class RenderedItemCache {
 public:
  // Charged per item on top of its bytes: the slot, its index entries, malloc's rounding.
  static constexpr size_t kEntryOverheadBytes = 192;
  static constexpr size_t kShards = 64;

  // byteBudget 0 turns the cache off (every lookup misses, nothing is kept).
  explicit RenderedItemCache(size_t byteBudget);
  ~RenderedItemCache();
  RenderedItemCache(const RenderedItemCache&) = delete;
  RenderedItemCache& operator=(const RenderedItemCache&) = delete;

  bool enabled() const { return budget_ > 0; }
  size_t byteBudget() const { return budget_; }

  // Appends the item's cached bytes to out and returns true; false (out untouched) on a miss.
  bool appendTo(const CachedItemKey& key, std::string& out);
  // Keeps a copy of the item's bytes, evicting others of its shard to stay within the budget.
  // Items larger than a shard's share are not kept.
  void insert(const CachedItemKey& key, std::string_view bytes);

  RenderCacheStats stats() const;

 private:
  static uint64_t hashOf(const CachedItemKey& k);
  struct Slot {
    CachedItemKey key;
    uint64_t hash = 0;
    std::string bytes;
    bool live = false;
    bool referenced = false;
  };
  // Key -> slot: open addressing with linear probing over (hash, slot) pairs, at most half full,
  // deletion by backward shift (no tombstones). One probe sequence in one array per lookup,
  // where a node-based map chased a bucket and a node (and hashed the key a second time).
  class SlotIndex {
   public:
    static constexpr uint32_t kNone = ~uint32_t{0};
    // The slot of key (whose hash is hash), or kNone.
    uint32_t find(uint64_t hash, const CachedItemKey& key, const std::vector<Slot>& slots) const;
    // Adds key's slot; key must not be present.
    void insert(uint64_t hash, uint32_t slot);
    // Removes the entry of slot (present, with this hash).
    void erase(uint64_t hash, uint32_t slot);
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

   private:
    struct Entry {
      uint64_t hash = 0;
      uint32_t slot = kNone;
    };
    void grow();
    std::vector<Entry> entries_;  // a power of two in size, or empty
    size_t size_ = 0;
  };
  struct Shard {
    mutable std::mutex mutex;
    SlotIndex index;
    std::vector<Slot> slots;
    std::vector<uint32_t> freeSlots;
    size_t hand = 0;   // CLOCK hand over slots
    size_t bytes = 0;  // charged bytes of the live slots
    uint64_t hits = 0, misses = 0, evictions = 0;
  };

  Shard& shardOf(size_t hash);
  // Evicts until `incoming` more bytes fit; the shard's lock is held.
  void makeRoom(Shard& shard, size_t incoming);

  size_t budget_;
  size_t shardBudget_;
  std::unique_ptr<std::array<Shard, kShards>> shards_;
};

inline CachedItemKey cachedItemKey(const RenderVariant& v, int64_t time, uint64_t key) {
  return {time,
          key,
          v.select,
          static_cast<uint8_t>(v.log),
          static_cast<uint8_t>(v.api),
          static_cast<uint8_t>(v.enums)};
}

// A page's items (appendItems, simulator/graph/render.h) through the cache: a cached item is
// copied, any other rendered by renderItem(record, out) and kept. cache may be null or off.
template <typename Record, typename RenderItem>
void appendCachedItems(RenderedItemCache* cache, const RenderVariant& variant,
                       std::span<const Record> records, std::string& out, RenderItem&& renderItem) {
  if (cache == nullptr || !cache->enabled()) return appendItems(records, out, renderItem);
  appendItems(records, out, [&](const Record& record, std::string& page) {
    const CachedItemKey key = cachedItemKey(variant, record.time, record.key);
    if (cache->appendTo(key, page)) return;
    const size_t at = page.size();
    renderItem(record, page);
    cache->insert(key, std::string_view(page).substr(at));
  });
}

}  // namespace tenantsim::mock
