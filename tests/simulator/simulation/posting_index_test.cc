// PostingIndex: per (dimension, key) the ascending positions of the records that carry the key,
// a superset at worst (bucket and fingerprint collisions), across bulk builds and small appends;
// cursors walk them either way.
#include "simulator/simulation/posting_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "base/rng.h"

namespace tenantsim {
namespace {

std::vector<uint32_t> candidates(const PostingList& list, uint32_t lo = 0,
                                 uint32_t hi = UINT32_MAX) {
  std::vector<uint32_t> out;
  list.collect(lo, hi, out);
  return out;
}

uint64_t key(uint64_t n) { return mix64(n + 1); }

TEST(PostingIndex, FindsThePositionsOfAKeyAscending) {
  PostingIndex index(1);
  std::vector<Posting> postings = {{key(7), 3, 0}, {key(7), 1, 0}, {key(8), 2, 0}, {key(7), 9, 0}};
  index.add(postings);
  EXPECT_EQ(candidates(index.find(0, key(7))), (std::vector<uint32_t>{1, 3, 9}));
  EXPECT_EQ(candidates(index.find(0, key(8))), (std::vector<uint32_t>{2}));
  EXPECT_TRUE(candidates(index.find(0, key(9))).empty());
}

TEST(PostingIndex, DimensionsAreSeparate) {
  PostingIndex index(2);
  std::vector<Posting> postings = {{key(1), 0, 0}, {key(1), 1, 1}};
  index.add(postings);
  EXPECT_EQ(candidates(index.find(0, key(1))), (std::vector<uint32_t>{0}));
  EXPECT_EQ(candidates(index.find(1, key(1))), (std::vector<uint32_t>{1}));
}

TEST(PostingIndex, CollectKeepsToTheRange) {
  PostingIndex index(1);
  std::vector<Posting> postings;
  for (uint32_t p = 0; p < 100; ++p) postings.push_back({key(p % 3), p, 0});
  index.add(postings);
  EXPECT_EQ(candidates(index.find(0, key(0)), 10, 20), (std::vector<uint32_t>{12, 15, 18}));
  EXPECT_EQ(index.find(0, key(0)).estimate(10, 20), 3u);
  EXPECT_TRUE(index.find(0, key(0)).contains(99));
  EXPECT_FALSE(index.find(0, key(0)).contains(98));
}

TEST(PostingIndex, DirectDimensionUsesSmallKeysAsTheyAre) {
  PostingIndex index(1, {0});
  std::vector<Posting> postings;
  for (uint32_t p = 0; p < 20'000; ++p) postings.push_back({p % 5, p, 0});
  index.add(postings);
  std::vector<uint32_t> found = candidates(index.find(0, 4));
  ASSERT_EQ(found.size(), 4000u);
  for (uint32_t p : found) EXPECT_EQ(p % 5, 4u);
  EXPECT_TRUE(candidates(index.find(0, 5)).empty());
}

// Random keys with a skewed popularity, appended in random-sized batches (so the tail is merged
// into the main part, and its directory grows, many times): every key finds all its positions,
// and few others, in order, each once.
TEST(PostingIndex, ManyAppendsFindEveryPositionOfEveryKey) {
  std::mt19937_64 rng(14);
  PostingIndex index(3, {2});
  std::map<std::pair<uint8_t, uint64_t>, std::vector<uint32_t>> expected;
  uint32_t position = 0;
  for (int batch = 0; batch < 300; ++batch) {
    std::vector<Posting> postings;
    const int records = batch == 0 ? 5000 : static_cast<int>(rng() % 2000);
    for (int r = 0; r < records; ++r, ++position) {
      const uint64_t k0 = key(rng() % 50), k1 = key(rng() % (1 + position)), k2 = rng() % 300;
      for (auto [d, k] : {std::pair<uint8_t, uint64_t>{0, k0}, {1, k1}, {2, k2}}) {
        postings.push_back({k, position, d});
        expected[{d, k}].push_back(position);
      }
    }
    index.add(postings);
  }
  size_t extra = 0;
  for (const auto& [dk, positions] : expected) {
    std::vector<uint32_t> found = candidates(index.find(dk.first, dk.second));
    ASSERT_TRUE(std::is_sorted(found.begin(), found.end()));
    ASSERT_EQ(std::adjacent_find(found.begin(), found.end()), found.end());
    ASSERT_TRUE(std::includes(found.begin(), found.end(), positions.begin(), positions.end()));
    extra += found.size() - positions.size();
    if (dk.first == 2) {
      EXPECT_EQ(found, positions);  // direct: exact
    }
    for (uint32_t p : positions) {
      ASSERT_TRUE(index.find(dk.first, dk.second).contains(p));
    }
  }
  // A few collisions per lookup on average, although the directory grew far past its first size.
  EXPECT_LT(extra, 8 * expected.size());
}

std::vector<uint32_t> walked(const PostingList& list, uint32_t lo, uint32_t hi, bool ascending) {
  std::vector<uint32_t> out;
  PostingList::Cursor cursor(list, lo, hi, ascending);
  for (uint32_t p = 0; cursor.next(p);) out.push_back(p);
  return out;
}

// A cursor gives what collect() gives, in either direction, over the main part and the tail
// (appends after the bulk build stay in the tail until it is merged), for any range.
TEST(PostingIndex, CursorWalksTheCollectedPositionsBothWays) {
  std::mt19937_64 rng(21);
  PostingIndex index(2, {1});
  uint32_t position = 0;
  for (int batch = 0; batch < 40; ++batch) {
    std::vector<Posting> postings;
    const int records = batch == 0 ? 20'000 : static_cast<int>(rng() % 300);
    for (int r = 0; r < records; ++r, ++position) {
      postings.push_back({key(rng() % 40), position, 0});
      postings.push_back({rng() % 7, position, 1});
    }
    index.add(postings);
  }
  for (int round = 0; round < 300; ++round) {
    const PostingList list = round % 2 ? index.find(0, key(rng() % 45)) : index.find(1, rng() % 8);
    uint32_t lo = static_cast<uint32_t>(rng() % (position + 10));
    uint32_t hi = static_cast<uint32_t>(rng() % (position + 10));
    if (round % 5 == 0) lo = 0, hi = position;
    const std::vector<uint32_t> expected = candidates(list, lo, hi);
    EXPECT_EQ(walked(list, lo, hi, true), expected) << lo << " " << hi;
    std::vector<uint32_t> down = walked(list, lo, hi, false);
    std::reverse(down.begin(), down.end());
    EXPECT_EQ(down, expected) << lo << " " << hi;
  }
}

TEST(PostingIndex, CostsAboutFiveBytesPerPostingWhenBuiltInBulk) {
  PostingIndex index(1);
  std::vector<Posting> postings;
  for (uint32_t p = 0; p < 1'000'000; ++p) postings.push_back({key(p), p, 0});
  index.expect(postings.size());
  index.add(postings);
  EXPECT_EQ(index.postings(), 1'000'000u);
  EXPECT_LE(index.memoryBytes(), 5'500'000u);
}

// compact() after a bulk build (IndexedRecordStore::build): the same postings added at once or
// in batches of any size (some merged, some left in the tail) give one layout.
TEST(PostingIndex, CompactedLayoutDependsOnlyOnThePostings) {
  std::mt19937_64 rng(25);
  std::vector<Posting> postings;
  for (uint32_t p = 0; p < 60'000; ++p) {
    postings.push_back({key(rng() % 900), p, 0});
    if (p % 7 == 0) postings.push_back({rng() % 5, p, 1});
    if (p % 5000 == 0) postings.push_back({key(p), p, 2});  // rare: all in the tail
  }
  auto build = [&](size_t batch) {
    PostingIndex index(3, {1});
    index.expect(60'000);
    for (size_t at = 0; at < postings.size(); at += batch)
      index.add(
          std::span<const Posting>(postings).subspan(at, std::min(batch, postings.size() - at)));
    index.compact();
    return index;
  };
  const PostingIndex once = build(postings.size());
  for (size_t batch : {100, 3000, 17'000}) {
    const PostingIndex batched = build(batch);
    EXPECT_TRUE(batched == once) << batch;
    EXPECT_EQ(candidates(batched.find(0, key(3))), candidates(once.find(0, key(3))));
  }
  EXPECT_EQ(candidates(once.find(2, key(5000))), (std::vector<uint32_t>{5000}));
}

TEST(PostingIndex, AliasesNameTheirKeysOnce) {
  PostingIndex index(1);
  index.addAlias(0, 100, key(1));
  index.addAlias(0, 100, key(2));
  index.addAlias(0, 100, key(1));
  index.addAlias(1, 100, key(3));
  std::span<const uint64_t> named = index.aliasTargets(0, 100);
  EXPECT_EQ(std::vector<uint64_t>(named.begin(), named.end()),
            (std::vector<uint64_t>{key(1), key(2)}));
  EXPECT_EQ(index.aliasTargets(1, 100).size(), 1u);
  EXPECT_TRUE(index.aliasTargets(0, 101).empty());
}

}  // namespace
}  // namespace tenantsim
