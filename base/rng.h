// Deterministic randomness. Every draw is a function of (scenario seed, stream name, indexes):
// there is no global generator and no clock, so any part of a simulation can be recomputed alone,
// in any order, on any machine, and give the same values.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

#include "base/guid.h"

namespace tenantsim {

// SplitMix64's step from state x (adds the increment, then finalizes): a bijective, well-mixed
// 64-bit hash.
constexpr uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a, for turning stream names into numbers at compile time.
constexpr uint64_t hashName(std::string_view name) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

constexpr uint64_t combine(uint64_t a, uint64_t b) { return mix64(a ^ mix64(b)); }

// A small generator (SplitMix64 sequence) for the draws of one object or process.
class Rng {
 public:
  explicit constexpr Rng(uint64_t seed) : state_(seed) {}
  Rng(uint64_t seed, std::string_view stream, uint64_t index = 0, uint64_t sub = 0)
      : state_(combine(combine(combine(seed, hashName(stream)), index), sub)) {}

  constexpr uint64_t next() { return mix64(state_ += 0x9e3779b97f4a7c15ULL); }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n); n > 0.
  uint64_t below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<__uint128_t>(next()) * n) >> 64);
  }
  int64_t between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(below(hi - lo + 1)); }
  bool chance(double p) { return uniform() < p; }
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  double normal() {  // Box-Muller; one value per call keeps the sequence simple to reason about
    double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(6.283185307179586 * u2);
  }
  double logNormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
  // Poisson for small means; a rounded normal approximation above 64.
  int64_t poisson(double mean);

  template <typename Container>
  const auto& pick(const Container& c) {
    return c[below(std::size(c))];
  }

 private:
  uint64_t state_;
};

inline int64_t Rng::poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean > 64) {
    double v = mean + std::sqrt(mean) * normal();
    return v < 0 ? 0 : static_cast<int64_t>(std::llround(v));
  }
  double limit = std::exp(-mean), p = 1;
  int64_t k = 0;
  do {
    ++k;
    p *= uniform();
  } while (p > limit);
  return k - 1;
}

// A deterministic GUID (version-4 layout) from two draws of the stream.
inline void guidFrom(uint64_t seed, std::string_view stream, uint64_t index, char out[36]) {
  Rng r(seed, stream, index);
  uint64_t hi = r.next(), lo = r.next();
  formatGuid(hi, lo, out);
}

}  // namespace tenantsim
