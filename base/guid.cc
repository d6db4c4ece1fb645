#include "base/guid.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

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
  static constexpr char kHex[] = "0123456789abcdef";
  hi = (hi & 0xffffffffffff0fffULL) | (uint64_t{version & 0xf} << 12);
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  int pos = 0;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out[pos++] = '-';
    uint64_t word = i < 16 ? hi : lo;
    int shift = 60 - 4 * (i % 16);
    out[pos++] = kHex[(word >> shift) & 0xf];
  }
}

std::string guidText(uint64_t hi, uint64_t lo, unsigned version) {
  std::string text(36, '\0');
  formatGuid(hi, lo, text.data(), version);
  return text;
}

std::string newRandomGuid() {
  unsigned char bytes[16] = {};
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    // The CSPRNG failing is not recoverable in a meaningful way; a fixed-but-valid GUID keeps
    // responses well formed.
    return "00000000-0000-4000-8000-000000000000";
  }
  return guidText(bigEndian64(bytes), bigEndian64(bytes + 8), 4);
}

std::string nameBasedGuid(std::string_view name) {
  unsigned char hash[EVP_MAX_MD_SIZE] = {};
  unsigned int length = 0;
  EVP_Digest(name.data(), name.size(), hash, &length, EVP_sha256(), nullptr);
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
