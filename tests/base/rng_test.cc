// Deterministic randomness (base/rng.h): the same (seed, stream, indexes) give the same draws,
// every draw stays in its range, and the distributions have roughly the right moments.
#include "base/rng.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace tenantsim {
namespace {

constexpr int kDraws = 200'000;

TEST(Mix64, IsSplitMix64) {
  // SplitMix64's reference outputs for seed 0 (Vigna's splitmix64.c) are 0xe220a8397b1dcdaf,
  // 0x6e789e6aa1b965f4, 0x06c45d188009454f: mix64 (which adds the golden gamma itself) is the
  // output for a state, and Rng(s) continues the reference sequence of s from its second output.
  static_assert(mix64(0) == 0xe220a8397b1dcdafULL);
  Rng r(0);
  EXPECT_EQ(r.next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(r.next(), 0x06c45d188009454fULL);
}

TEST(Mix64, HasNoCollisionsOnConsecutiveInputs) {
  std::set<uint64_t> seen;
  for (uint64_t x = 0; x < 100'000; ++x) EXPECT_TRUE(seen.insert(mix64(x)).second) << x;
}

TEST(HashName, IsFnv1aAndUsableAtCompileTime) {
  static_assert(hashName("") == 0xcbf29ce484222325ULL);   // FNV-1a's offset basis
  static_assert(hashName("a") == 0xaf63dc4c8601ec8cULL);  // the published FNV-1a test vector
  static_assert(hashName("background") != hashName("pim"));
  EXPECT_NE(hashName("ab"), hashName("ba"));
}

TEST(Rng, TheSameSeedStreamAndIndexesGiveTheSameSequence) {
  Rng a(42, "users", 7, 3), b(42, "users", 7, 3);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.next(), b.next()) << i;
}

TEST(Rng, EachPartOfTheNameChangesTheSequence) {
  const uint64_t base = Rng(42, "users", 7, 3).next();
  EXPECT_NE(Rng(43, "users", 7, 3).next(), base);
  EXPECT_NE(Rng(42, "groups", 7, 3).next(), base);
  EXPECT_NE(Rng(42, "users", 8, 3).next(), base);
  EXPECT_NE(Rng(42, "users", 7, 4).next(), base);
  EXPECT_NE(Rng(42, "users", 3, 7).next(), base);  // index and sub are not interchangeable
}

TEST(Rng, UniformIsInTheHalfOpenUnitIntervalWithMeanAHalf) {
  Rng r(1, "uniform");
  double sum = 0, squares = 0;
  for (int i = 0; i < kDraws; ++i) {
    double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    squares += u * u;
  }
  double mean = sum / kDraws;
  EXPECT_NEAR(mean, 0.5, 0.005);
  EXPECT_NEAR(squares / kDraws - mean * mean, 1.0 / 12, 0.002);
}

TEST(Rng, BelowStaysUnderNAndHitsEveryValueEvenly) {
  Rng r(2, "below");
  std::array<int, 10> counts{};
  for (int i = 0; i < kDraws; ++i) {
    uint64_t v = r.below(10);
    ASSERT_LT(v, 10u);
    ++counts[v];
  }
  for (int c : counts) EXPECT_NEAR(c, kDraws / 10, kDraws / 100);
  EXPECT_EQ(r.below(1), 0u);
}

TEST(Rng, BelowWorksForHugeBounds) {
  Rng r(3, "huge");
  const uint64_t n = (uint64_t{1} << 63) + 12345;
  int upperHalf = 0;
  for (int i = 0; i < 10'000; ++i) {
    uint64_t v = r.below(n);
    ASSERT_LT(v, n);
    upperHalf += v >= n / 2;
  }
  EXPECT_NEAR(upperHalf, 5000, 300);
}

TEST(Rng, BetweenIncludesBothEnds) {
  Rng r(4, "between");
  std::set<int64_t> seen;
  for (int i = 0; i < 10'000; ++i) {
    int64_t v = r.between(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(r.between(5, 5), 5);
}

TEST(Rng, ChanceHappensWithItsProbability) {
  Rng r(5, "chance");
  int hits = 0;
  for (int i = 0; i < kDraws; ++i) hits += r.chance(0.3);
  EXPECT_NEAR(hits, 0.3 * kDraws, 0.01 * kDraws);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_FALSE(r.chance(0));
    ASSERT_TRUE(r.chance(1));
  }
}

TEST(Rng, ExponentialHasItsMeanAndIsPositive) {
  Rng r(6, "exponential");
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    double v = r.exponential(4.0);
    ASSERT_GE(v, 0.0);
    sum += v;
  }
  EXPECT_NEAR(sum / kDraws, 4.0, 0.05);
}

TEST(Rng, NormalHasMeanZeroAndUnitVariance) {
  Rng r(7, "normal");
  double sum = 0, squares = 0;
  int withinOneSigma = 0;
  for (int i = 0; i < kDraws; ++i) {
    double v = r.normal();
    ASSERT_TRUE(std::isfinite(v));
    sum += v;
    squares += v * v;
    withinOneSigma += std::abs(v) < 1;
  }
  EXPECT_NEAR(sum / kDraws, 0, 0.01);
  EXPECT_NEAR(squares / kDraws, 1, 0.02);
  EXPECT_NEAR(static_cast<double>(withinOneSigma) / kDraws, 0.6827, 0.005);
}

TEST(Rng, LogNormalHasItsMedian) {
  Rng r(8, "logNormal");
  std::vector<double> v;
  for (int i = 0; i < 50'001; ++i) v.push_back(r.logNormal(13'100, 1.345));
  std::nth_element(v.begin(), v.begin() + 25'000, v.end());
  EXPECT_NEAR(v[25'000], 13'100, 13'100 * 0.03);
  EXPECT_GT(*std::min_element(v.begin(), v.end()), 0);
}

TEST(Rng, PoissonHasMeanAndVarianceEqualToItsMean) {
  for (double mean : {0.5, 3.0, 40.0, 200.0}) {  // 200: the normal approximation
    Rng r(9, "poisson", static_cast<uint64_t>(mean * 10));
    double sum = 0, squares = 0;
    for (int i = 0; i < kDraws; ++i) {
      int64_t k = r.poisson(mean);
      ASSERT_GE(k, 0);
      sum += static_cast<double>(k);
      squares += static_cast<double>(k * k);
    }
    double m = sum / kDraws;
    EXPECT_NEAR(m, mean, 0.02 * mean + 0.01) << mean;
    EXPECT_NEAR(squares / kDraws - m * m, mean, 0.05 * mean + 0.02) << mean;
  }
}

TEST(Rng, PoissonOfNoMeanIsZero) {
  Rng r(10, "poisson");
  EXPECT_EQ(r.poisson(0), 0);
  EXPECT_EQ(r.poisson(-5), 0);
}

TEST(Rng, PickReturnsEveryElementOfTheContainer) {
  Rng r(11, "pick");
  const std::vector<std::string> names = {"ana", "ben", "chloe"};
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(r.pick(names));
  EXPECT_EQ(seen, (std::set<std::string>(names.begin(), names.end())));
  static constexpr int kArray[] = {7, 8};
  int picked = r.pick(kArray);
  EXPECT_TRUE(picked == 7 || picked == 8);
}

std::string guidText(uint64_t hi, uint64_t lo) {
  char out[36];
  formatGuid(hi, lo, out);
  return std::string(out, 36);
}

TEST(FormatGuid, WritesVersionFourVariantOneLowercaseHex) {
  // The version nibble is forced to 4 and the variant bits to 10: all-zero and all-one inputs
  // show exactly the forced bits.
  EXPECT_EQ(guidText(0, 0), "00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(guidText(~uint64_t{0}, ~uint64_t{0}), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  EXPECT_EQ(guidText(0x0123456789abcdefULL, 0xfedcba9876543210ULL),
            "01234567-89ab-4def-bedc-ba9876543210");
}

TEST(FormatGuid, EveryDrawnGuidHasTheShape) {
  Rng r(12, "guids");
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) {
    std::string g = guidText(r.next(), r.next());
    ASSERT_EQ(g.size(), 36u);
    for (size_t k = 0; k < g.size(); ++k) {
      if (k == 8 || k == 13 || k == 18 || k == 23) {
        ASSERT_EQ(g[k], '-') << g;
      } else {
        ASSERT_TRUE((g[k] >= '0' && g[k] <= '9') || (g[k] >= 'a' && g[k] <= 'f')) << g;
      }
    }
    EXPECT_EQ(g[14], '4') << g;
    EXPECT_NE(std::string("89ab").find(g[19]), std::string::npos) << g;
    EXPECT_TRUE(seen.insert(g).second) << g;
  }
}

TEST(GuidFrom, IsTheGuidOfTheStreamsFirstTwoDraws) {
  char a[36], b[36];
  guidFrom(1, "user", 5, a);
  guidFrom(1, "user", 5, b);
  EXPECT_EQ(std::string(a, 36), std::string(b, 36));
  Rng r(1, "user", 5);
  uint64_t hi = r.next(), lo = r.next();
  EXPECT_EQ(std::string(a, 36), guidText(hi, lo));
  guidFrom(1, "user", 6, b);
  EXPECT_NE(std::string(a, 36), std::string(b, 36));
}

}  // namespace
}  // namespace tenantsim
