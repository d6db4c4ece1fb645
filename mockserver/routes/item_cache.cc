#include "mockserver/routes/item_cache.h"

#include "base/rng.h"

namespace tenantsim::mock {

uint64_t RenderedItemCache::hashOf(const CachedItemKey& k) {
  const uint64_t variant =
      k.select ^ (uint64_t{k.log} << 56 | uint64_t{k.api} << 48 | uint64_t{k.enums} << 40);
  return combine(combine(static_cast<uint64_t>(k.time), k.key), variant);
}

// ---- SlotIndex (the top 6 bits of a hash pick the shard; the table probes from the low ones)

uint32_t RenderedItemCache::SlotIndex::find(uint64_t hash, const CachedItemKey& key,
                                            const std::vector<Slot>& slots) const {
  if (entries_.empty()) return kNone;
  const size_t mask = entries_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Entry& e = entries_[i];
    if (e.slot == kNone) return kNone;
    if (e.hash == hash && slots[e.slot].key == key) return e.slot;
  }
}

void RenderedItemCache::SlotIndex::insert(uint64_t hash, uint32_t slot) {
  if ((size_ + 1) * 2 > entries_.size()) grow();
  const size_t mask = entries_.size() - 1;
  size_t i = hash & mask;
  while (entries_[i].slot != kNone) i = (i + 1) & mask;
  entries_[i] = {hash, slot};
  ++size_;
}

void RenderedItemCache::SlotIndex::erase(uint64_t hash, uint32_t slot) {
  const size_t mask = entries_.size() - 1;
  size_t hole = hash & mask;
  while (entries_[hole].slot != slot) hole = (hole + 1) & mask;
  // Backward shift: move later entries of the run into the hole when their home allows it.
  for (size_t j = (hole + 1) & mask; entries_[j].slot != kNone; j = (j + 1) & mask) {
    const size_t home = entries_[j].hash & mask;
    // The entry at j may fill the hole when its home is not in (hole, j], cyclically.
    const bool homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
    if (homeBetween) continue;
    entries_[hole] = entries_[j];
    hole = j;
  }
  entries_[hole] = Entry{};
  --size_;
}

void RenderedItemCache::SlotIndex::grow() {
  std::vector<Entry> old = std::move(entries_);
  entries_.assign(old.empty() ? 64 : old.size() * 2, Entry{});
  const size_t mask = entries_.size() - 1;
  for (const Entry& e : old) {
    if (e.slot == kNone) continue;
    size_t i = e.hash & mask;
    while (entries_[i].slot != kNone) i = (i + 1) & mask;
    entries_[i] = e;
  }
}

// ---- RenderedItemCache

RenderedItemCache::RenderedItemCache(size_t byteBudget)
    : budget_(byteBudget),
      shardBudget_(byteBudget / kShards),
      shards_(byteBudget > 0 ? std::make_unique<std::array<Shard, kShards>>() : nullptr) {}

RenderedItemCache::~RenderedItemCache() = default;

RenderedItemCache::Shard& RenderedItemCache::shardOf(size_t hash) {
  return (*shards_)[(hash >> 58) % kShards];
}

bool RenderedItemCache::appendTo(const CachedItemKey& key, std::string& out) {
  if (!shards_) return false;
  const uint64_t hash = hashOf(key);
  Shard& shard = shardOf(hash);
  std::lock_guard lock(shard.mutex);
  const uint32_t at = shard.index.find(hash, key, shard.slots);
  if (at == SlotIndex::kNone) {
    ++shard.misses;
    return false;
  }
  Slot& slot = shard.slots[at];
  slot.referenced = true;
  out.append(slot.bytes);
  ++shard.hits;
  return true;
}

void RenderedItemCache::makeRoom(Shard& shard, size_t incoming) {
  // CLOCK: a referenced slot gets a second chance (its bit cleared), an unreferenced one goes.
  // Two turns of the hand clear every bit, so the loop ends.
  while (shard.bytes + incoming > shardBudget_ && !shard.index.empty()) {
    if (shard.hand >= shard.slots.size()) shard.hand = 0;
    const uint32_t at = static_cast<uint32_t>(shard.hand++);
    Slot& slot = shard.slots[at];
    if (!slot.live) continue;
    if (slot.referenced) {
      slot.referenced = false;
      continue;
    }
    shard.bytes -= slot.bytes.size() + kEntryOverheadBytes;
    shard.index.erase(slot.hash, at);
    std::string().swap(slot.bytes);
    slot.live = false;
    shard.freeSlots.push_back(at);
    ++shard.evictions;
  }
}

void RenderedItemCache::insert(const CachedItemKey& key, std::string_view bytes) {
  if (!shards_) return;
  const size_t charge = bytes.size() + kEntryOverheadBytes;
  if (charge > shardBudget_) return;
  const uint64_t hash = hashOf(key);
  Shard& shard = shardOf(hash);
  std::lock_guard lock(shard.mutex);
  // Another request rendered it meanwhile.
  if (shard.index.find(hash, key, shard.slots) != SlotIndex::kNone) return;
  makeRoom(shard, charge);
  uint32_t at;
  if (!shard.freeSlots.empty()) {
    at = shard.freeSlots.back();
    shard.freeSlots.pop_back();
  } else {
    at = static_cast<uint32_t>(shard.slots.size());
    shard.slots.emplace_back();
  }
  Slot& slot = shard.slots[at];
  slot.key = key;
  slot.hash = hash;
  slot.bytes.assign(bytes);
  slot.live = true;
  slot.referenced = false;
  shard.bytes += charge;
  shard.index.insert(hash, at);
}

RenderCacheStats RenderedItemCache::stats() const {
  RenderCacheStats s;
  if (!shards_) return s;
  for (const Shard& shard : *shards_) {
    std::lock_guard lock(shard.mutex);
    s.hits += shard.hits;
    s.misses += shard.misses;
    s.evictions += shard.evictions;
    s.entries += shard.index.size();
    s.bytes += shard.bytes;
  }
  return s;
}

}  // namespace tenantsim::mock
