#include "simulator/simulation/posting_index.h"

#include <algorithm>
#include <bit>

namespace tenantsim {
namespace {

constexpr size_t kMinTail = 4096;     // the tail is merged into the main part past this size...
constexpr size_t kTailFraction = 64;  // ...or past 1/64 of the main part, whichever is larger
constexpr size_t kPerBucket = 32;     // postings per bucket the directory is sized for
constexpr unsigned kMinFingerprintBits = 4;  // a growing directory leaves the fingerprint this many

template <typename T>
size_t bytesOf(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

uint64_t aliasSlot(uint8_t kind, uint64_t alias) {
  return alias ^ (uint64_t{kind} * 0x9e3779b97f4a7c15ULL);
}

}  // namespace

// ---- PostingList

size_t PostingList::estimate(uint32_t lo, uint32_t hi) const {
  if (lo >= hi) return 0;
  const uint32_t* end = positions_ + count_;
  size_t n = static_cast<size_t>(std::lower_bound(positions_, end, hi) -
                                 std::lower_bound(positions_, end, lo));
  auto byPosition = [](const TailEntry& e, uint32_t p) { return e.position < p; };
  n += static_cast<size_t>(std::lower_bound(tailBegin_, tailEnd_, hi, byPosition) -
                           std::lower_bound(tailBegin_, tailEnd_, lo, byPosition));
  return n;
}

void PostingList::collect(uint32_t lo, uint32_t hi, std::vector<uint32_t>& out) const {
  if (lo >= hi) return;
  int64_t last = -1;  // a bucket may hold one record twice (two keys alike in bucket and print)
  const uint32_t* end = positions_ + count_;
  for (const uint32_t* p = std::lower_bound(positions_, end, lo); p != end && *p < hi; ++p) {
    if (*p == last || !fingerprintMatches(static_cast<size_t>(p - positions_))) continue;
    out.push_back(*p);
    last = *p;
  }
  auto byPosition = [](const TailEntry& e, uint32_t p) { return e.position < p; };
  for (const TailEntry* t = std::lower_bound(tailBegin_, tailEnd_, lo, byPosition);
       t != tailEnd_ && t->position < hi; ++t) {
    if (t->position == last) continue;
    out.push_back(t->position);
    last = t->position;
  }
}

bool PostingList::contains(uint32_t position) const {
  const uint32_t* end = positions_ + count_;
  for (const uint32_t* p = std::lower_bound(positions_, end, position); p != end && *p == position;
       ++p) {
    if (fingerprintMatches(static_cast<size_t>(p - positions_))) return true;
  }
  auto byPosition = [](const TailEntry& e, uint32_t p) { return e.position < p; };
  const TailEntry* t = std::lower_bound(tailBegin_, tailEnd_, position, byPosition);
  return t != tailEnd_ && t->position == position;
}

PostingList::Cursor::Cursor(const PostingList& list, uint32_t lo, uint32_t hi, bool ascending)
    : list_(&list), ascending_(ascending) {
  if (lo >= hi) return;
  const uint32_t* end = list.positions_ + list.count_;
  mainLo_ = std::lower_bound(list.positions_, end, lo);
  mainHi_ = std::lower_bound(mainLo_, end, hi);
  auto byPosition = [](const TailEntry& e, uint32_t p) { return e.position < p; };
  tailLo_ = std::lower_bound(list.tailBegin_, list.tailEnd_, lo, byPosition);
  tailHi_ = std::lower_bound(tailLo_, list.tailEnd_, hi, byPosition);
}

bool PostingList::Cursor::next(uint32_t& position) {
  // The tail's positions all follow the main part's: ascending walks the main part first.
  for (;;) {
    uint32_t p = 0;
    if (ascending_) {
      if (mainLo_ != mainHi_) {
        const uint32_t* at = mainLo_++;
        if (!list_->fingerprintMatches(static_cast<size_t>(at - list_->positions_))) continue;
        p = *at;
      } else if (tailLo_ != tailHi_) {
        p = (tailLo_++)->position;
      } else {
        return false;
      }
    } else {
      if (tailLo_ != tailHi_) {
        p = (--tailHi_)->position;
      } else if (mainLo_ != mainHi_) {
        const uint32_t* at = --mainHi_;
        if (!list_->fingerprintMatches(static_cast<size_t>(at - list_->positions_))) continue;
        p = *at;
      } else {
        return false;
      }
    }
    if (static_cast<int64_t>(p) == last_) continue;
    last_ = p;
    position = p;
    return true;
  }
}

// ---- PostingIndex::Dimension

size_t PostingIndex::Dimension::bucketOf(uint64_t key) const {
  if (direct) return static_cast<size_t>(key);
  return bits == 0 ? 0 : static_cast<size_t>(key >> (64 - bits));
}

uint8_t PostingIndex::Dimension::fingerprintOf(uint64_t key) const {
  return static_cast<uint8_t>(key >> (56 - bits));
}

void PostingIndex::Dimension::addToTail(std::vector<TailEntry>& added) {
  const size_t limit = std::max(kMinTail, positions.size() / kTailFraction);
  if (tail.size() + added.size() > limit) {
    tail.insert(tail.end(), added.begin(), added.end());
    flushTail();
    return;
  }
  auto byKey = [](const TailEntry& a, const TailEntry& b) {
    return a.key != b.key ? a.key < b.key : a.position < b.position;
  };
  std::sort(added.begin(), added.end(), byKey);
  std::vector<TailEntry> merged;
  merged.reserve(tail.size() + added.size());
  std::merge(tail.begin(), tail.end(), added.begin(), added.end(), std::back_inserter(merged),
             byKey);
  tail = std::move(merged);
}

// Rebuilds the main part with the tail merged in. Tail positions all follow the main part's, so
// appending them to their buckets in position order keeps every bucket ascending. The bucket
// directory grows with the postings, taking its new bits from the fingerprints (a bucket splits
// into consecutive buckets in order, so they stay ascending too).
void PostingIndex::Dimension::flushTail() {
  std::vector<TailEntry> fresh = std::move(tail);
  tail = {};
  auto byPosition = [](const TailEntry& a, const TailEntry& b) { return a.position < b.position; };
  if (!std::is_sorted(fresh.begin(), fresh.end(), byPosition))  // a bulk add comes in order
    std::stable_sort(fresh.begin(), fresh.end(), byPosition);
  const size_t total = positions.size() + fresh.size();
  const size_t oldBuckets = starts.empty() ? 0 : starts.size() - 1;
  unsigned grow = 0;
  size_t buckets = 0;
  if (direct) {
    buckets = oldBuckets;
    for (const TailEntry& e : fresh) buckets = std::max<size_t>(buckets, e.key + 1);
  } else {
    const unsigned target =
        std::min(32u, std::max(4u, static_cast<unsigned>(std::bit_width(total / kPerBucket))));
    if (positions.empty()) {
      bits = std::max(bits, target);
      fpBits = 8;
    } else if (target > bits && fpBits > kMinFingerprintBits) {
      grow = std::min(target - bits, fpBits - kMinFingerprintBits);
    }
    buckets = size_t{1} << (bits + grow);
  }
  auto grownBucket = [&](size_t oldBucket, size_t i) {
    return grow == 0 ? oldBucket : (oldBucket << grow) | (fingerprints[i] >> (8 - grow));
  };
  std::vector<uint32_t> newStarts(buckets + 1, 0);
  for (size_t b = 0; b < oldBuckets; ++b)
    for (size_t i = starts[b]; i < starts[b + 1]; ++i) ++newStarts[grownBucket(b, i) + 1];
  bits += grow;
  fpBits -= grow;
  for (const TailEntry& e : fresh) ++newStarts[bucketOf(e.key) + 1];
  for (size_t b = 0; b < buckets; ++b) newStarts[b + 1] += newStarts[b];

  std::vector<uint32_t> cursor(newStarts.begin(), newStarts.end() - 1);
  std::vector<uint32_t> newPositions(total);
  std::vector<uint8_t> newFingerprints(direct ? 0 : total);
  for (size_t b = 0; b < oldBuckets; ++b) {
    for (size_t i = starts[b]; i < starts[b + 1]; ++i) {
      uint32_t at = cursor[grownBucket(b, i)]++;
      newPositions[at] = positions[i];
      if (!direct) newFingerprints[at] = static_cast<uint8_t>(fingerprints[i] << grow);
    }
  }
  for (const TailEntry& e : fresh) {
    uint32_t at = cursor[bucketOf(e.key)]++;
    newPositions[at] = e.position;
    if (!direct) newFingerprints[at] = fingerprintOf(e.key);
  }
  starts = std::move(newStarts);
  positions = std::move(newPositions);
  fingerprints = std::move(newFingerprints);
}

// ---- PostingIndex

PostingIndex::PostingIndex(size_t dimensions, std::vector<uint8_t> direct)
    : dimensions_(dimensions) {
  for (uint8_t d : direct) dimensions_.at(d).direct = true;
}

void PostingIndex::expect(size_t postings) {
  const unsigned target =
      std::min(32u, std::max(4u, static_cast<unsigned>(std::bit_width(postings / kPerBucket))));
  for (Dimension& d : dimensions_) {
    if (!d.direct && d.positions.empty()) d.bits = std::max(d.bits, target);
  }
}

void PostingIndex::add(std::span<const Posting> postings) {
  // One dimension at a time, so the entries copied out for a dimension's tail are that
  // dimension's alone (a bulk build adds millions of postings per call).
  std::vector<size_t> counts(dimensions_.size(), 0);
  for (const Posting& p : postings) ++counts.at(p.dimension);
  std::vector<TailEntry> entries;
  for (size_t d = 0; d < dimensions_.size(); ++d) {
    if (counts[d] == 0) continue;
    entries.clear();
    entries.reserve(counts[d]);
    for (const Posting& p : postings)
      if (p.dimension == d) entries.push_back({p.key, p.position});
    dimensions_[d].addToTail(entries);
  }
}

void PostingIndex::compact() {
  // A dimension never merged holds all its postings in the tail (at most kMinTail of them, in
  // (key, position) order whatever the calls), and keeps them there: merging them would cost a
  // bucket directory sized for the whole store.
  for (Dimension& d : dimensions_)
    if (!d.tail.empty() && !d.positions.empty()) d.flushTail();
}

PostingList PostingIndex::find(uint8_t dimension, uint64_t key) const {
  PostingList list;
  const Dimension& d = dimensions_.at(dimension);
  const size_t b = d.bucketOf(key);
  if (b + 1 < d.starts.size()) {
    list.positions_ = d.positions.data() + d.starts[b];
    list.count_ = d.starts[b + 1] - d.starts[b];
    if (!d.direct) {
      list.fingerprints_ = d.fingerprints.data() + d.starts[b];
      list.fingerprint_ = d.fingerprintOf(key);
      list.mask_ = static_cast<uint8_t>(0xff << (8 - d.fpBits));
    }
  }
  auto range =
      std::equal_range(d.tail.begin(), d.tail.end(), TailEntry{key, 0},
                       [](const TailEntry& a, const TailEntry& b) { return a.key < b.key; });
  list.tailBegin_ = d.tail.data() + (range.first - d.tail.begin());
  list.tailEnd_ = d.tail.data() + (range.second - d.tail.begin());
  return list;
}

void PostingIndex::addAlias(uint8_t kind, uint64_t alias, uint64_t key) {
  std::vector<uint64_t>& keys = aliases_[aliasSlot(kind, alias)];
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
}

std::span<const uint64_t> PostingIndex::aliasTargets(uint8_t kind, uint64_t alias) const {
  auto it = aliases_.find(aliasSlot(kind, alias));
  if (it == aliases_.end()) return {};
  return it->second;
}

size_t PostingIndex::postings() const {
  size_t n = 0;
  for (const Dimension& d : dimensions_) n += d.positions.size() + d.tail.size();
  return n;
}

size_t PostingIndex::memoryBytes() const {
  size_t n = 0;
  for (const Dimension& d : dimensions_)
    n += bytesOf(d.starts) + bytesOf(d.positions) + bytesOf(d.fingerprints) + bytesOf(d.tail);
  // Hash nodes: the key, the vector, a next pointer and the bucket slot; plus the keys.
  for (const auto& [slot, keys] : aliases_) n += 48 + bytesOf(keys);
  return n + aliases_.bucket_count() * sizeof(void*);
}

}  // namespace tenantsim
