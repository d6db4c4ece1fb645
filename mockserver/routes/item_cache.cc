#include "mockserver/routes/item_cache.h"

#include "base/rng.h"

namespace tenantsim::mock {

size_t RenderedItemCache::KeyHash::operator()(const CachedItemKey& k) const {
  const uint64_t variant =
      k.select ^ (uint64_t{k.log} << 56 | uint64_t{k.api} << 48 | uint64_t{k.enums} << 40);
  return static_cast<size_t>(combine(combine(static_cast<uint64_t>(k.time), k.key), variant));
}

RenderedItemCache::RenderedItemCache(size_t byteBudget)
    : budget_(byteBudget),
      shardBudget_(byteBudget / kShards),
      shards_(byteBudget > 0 ? std::make_unique<std::array<Shard, kShards>>() : nullptr) {}

RenderedItemCache::~RenderedItemCache() = default;

RenderedItemCache::Shard& RenderedItemCache::shardOf(size_t hash) {
  // The top bits pick the shard; unordered_map buckets by the low ones.
  return (*shards_)[(hash >> 58) % kShards];
}

bool RenderedItemCache::appendTo(const CachedItemKey& key, std::string& out) {
  if (!shards_) return false;
  Shard& shard = shardOf(KeyHash{}(key));
  std::lock_guard lock(shard.mutex);
  auto it = shard.index.find(key);
  if (it == shard.index.end()) {
    ++shard.misses;
    return false;
  }
  Slot& slot = shard.slots[it->second];
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
    shard.index.erase(slot.key);
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
  Shard& shard = shardOf(KeyHash{}(key));
  std::lock_guard lock(shard.mutex);
  if (shard.index.contains(key)) return;  // another request rendered it meanwhile
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
  slot.bytes.assign(bytes);
  slot.live = true;
  slot.referenced = false;
  shard.bytes += charge;
  shard.index.emplace(key, at);
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
