// A secondary index over records numbered 0, 1, 2, ... in the order they are added: for each
// (dimension, key), the ascending positions of the records that carry the key. Dimensions are
// small integers the caller assigns (an event store uses one per filterable property: activity,
// initiating user, correlation id, target id, ...); keys are well-mixed 64-bit hashes, or small
// integers in a dimension declared direct.
//
// Memory is about 5.1 bytes per posting (4 for the position, 1 for a fingerprint, a bucket
// directory of one word per ~32 postings); direct dimensions need 4. The price is that a lookup
// may return a few positions of other keys (same bucket, same fingerprint): the caller must check
// each candidate record, which it does anyway to evaluate the rest of a query.
//
// Aliases map a second name of an entity to its key (a user principal name to the user's id key).
//
// Not synchronized: the owner (EventStore) guards it with its own lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace tenantsim {

struct Posting {
  uint64_t key = 0;
  uint32_t position = 0;
  uint8_t dimension = 0;
};

// The candidates for one (dimension, key): ascending, each position once, a superset of the
// records added with that key. A view: valid until the index is next modified.
class PostingList {
 public:
  PostingList() = default;

  // Whether the list has no candidate anywhere (no posting in its bucket or the tail).
  bool empty() const { return count_ == 0 && tailBegin_ == tailEnd_; }
  // Candidates in [lo, hi), counted without the fingerprint check: an upper bound, in O(log n).
  size_t estimate(uint32_t lo, uint32_t hi) const;
  // Appends the candidates in [lo, hi) to out, ascending.
  void collect(uint32_t lo, uint32_t hi, std::vector<uint32_t>& out) const;
  // Whether position is a candidate, in O(log n).
  bool contains(uint32_t position) const;

  struct TailEntry {
    uint64_t key;
    uint32_t position;
    bool operator==(const TailEntry&) const = default;
  };

  // The candidates in [lo, hi) one at a time, ascending or descending, found as they are asked
  // for (a page stops after its last item instead of collecting the whole range): the positions
  // collect() gives, each once. The list must outlive the cursor.
  class Cursor {
   public:
    Cursor() = default;
    Cursor(const PostingList& list, uint32_t lo, uint32_t hi, bool ascending);
    // The next candidate in the walk's direction; false when none is left.
    bool next(uint32_t& position);

   private:
    const PostingList* list_ = nullptr;
    const uint32_t* mainLo_ = nullptr;  // main part still to walk: [mainLo_, mainHi_)
    const uint32_t* mainHi_ = nullptr;
    const TailEntry* tailLo_ = nullptr;  // tail still to walk (all after the main part)
    const TailEntry* tailHi_ = nullptr;
    bool ascending_ = true;
    int64_t last_ = -1;  // a bucket may hold one record twice (two keys alike in bucket and print)
  };

 private:
  friend class PostingIndex;
  bool fingerprintMatches(size_t i) const {
    return fingerprints_ == nullptr || ((fingerprints_[i] ^ fingerprint_) & mask_) == 0;
  }

  const uint32_t* positions_ = nullptr;    // the bucket's positions, ascending
  const uint8_t* fingerprints_ = nullptr;  // parallel to positions_; null in a direct dimension
  size_t count_ = 0;
  uint8_t fingerprint_ = 0, mask_ = 0;
  const TailEntry* tailBegin_ = nullptr;  // exact key matches among the newest postings
  const TailEntry* tailEnd_ = nullptr;
};

class PostingIndex {
 public:
  // `direct` lists the dimensions whose keys are small integers (below 2^20) used as they are.
  explicit PostingIndex(size_t dimensions, std::vector<uint8_t> direct = {});

  // Adds postings of records newer than any added before: every position must be greater than
  // the positions of earlier calls. Order within the call does not matter; a record must not
  // repeat a (dimension, key).
  void add(std::span<const Posting> postings);

  // Sizes the bucket directories of empty dimensions for about `postings` postings each (a bulk
  // build that arrives in parts; without it the directory grows from the first part's size and
  // spends fingerprint bits on the way).
  void expect(size_t postings);

  // Merges the newest postings of every dimension that has a main part into it: the end of a bulk
  // build, after which the layout depends only on the postings added (and expect()), not on how
  // they came in.
  void compact();

  // The candidates for (dimension, key).
  PostingList find(uint8_t dimension, uint64_t key) const;

  // Records that alias (a second name of an entity, in its own alias kind) names key.
  void addAlias(uint8_t kind, uint64_t alias, uint64_t key);
  // The keys alias names (empty when unknown). Valid until the index is next modified.
  std::span<const uint64_t> aliasTargets(uint8_t kind, uint64_t alias) const;

  size_t postings() const;
  size_t memoryBytes() const;

  // The same layout: the same candidates for every (dimension, key) and the same aliases.
  bool operator==(const PostingIndex&) const = default;

 private:
  using TailEntry = PostingList::TailEntry;
  // One dimension: a bucketed main part (bucket = the key's top `bits` bits, or the key itself
  // when direct; positions ascending within a bucket) and a small tail of the newest postings,
  // sorted by (key, position), merged into the main part once it grows past a fraction of it.
  struct Dimension {
    bool direct = false;
    unsigned bits = 0;    // hashed dimensions: bucket bits
    unsigned fpBits = 8;  // fingerprint bits still meaningful (growing `bits` consumes them)
    std::vector<uint32_t> starts;  // bucket b: [starts[b], starts[b + 1])
    std::vector<uint32_t> positions;
    std::vector<uint8_t> fingerprints;
    std::vector<TailEntry> tail;

    bool operator==(const Dimension&) const = default;
    size_t bucketOf(uint64_t key) const;
    uint8_t fingerprintOf(uint64_t key) const;
    void addToTail(std::vector<TailEntry>& added);
    void flushTail();
  };

  std::vector<Dimension> dimensions_;
  std::unordered_map<uint64_t, std::vector<uint64_t>> aliases_;
};

}  // namespace tenantsim
