#include "mockserver/auth/guid.h"

#include <openssl/rand.h>

#include <cctype>

#include "mockserver/auth/certificate_builder.h"

namespace tenantsim::auth {
namespace {

std::string formatGuid(unsigned char bytes[16], unsigned char version) {
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | (version << 4));
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0F];
  }
  return out;
}

}  // namespace

std::string newRandomGuid() {
  unsigned char bytes[16] = {};
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    // The CSPRNG failing is not recoverable in a meaningful way; a fixed-but-valid GUID keeps
    // responses well formed.
    return "00000000-0000-4000-8000-000000000000";
  }
  return formatGuid(bytes, 4);
}

std::string nameBasedGuid(std::string_view name) {
  std::string hash = digest("SHA256", name);
  unsigned char bytes[16] = {};
  for (size_t i = 0; i < 16 && i < hash.size(); ++i) bytes[i] = static_cast<unsigned char>(hash[i]);
  return formatGuid(bytes, 5);
}

bool looksLikeGuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i])))
      return false;
  }
  return true;
}

}  // namespace tenantsim::auth
