#include "base/json_writer.h"

#include <cstring>

namespace tenantsim {
namespace {

// Whether any of the 8 bytes in `word` is a control character, '"' or '\\' (the bytes JSON
// escapes). Bytes of 0x80 and above never match; a match can make the bytes above it match too,
// which only sends the caller to its byte loop early.
inline bool anyByteNeedsEscape(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto hasZeroByte = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  return ((word - kOnes * 0x20) & ~word & kHigh) | hasZeroByte(word ^ (kOnes * '"')) |
         hasZeroByte(word ^ (kOnes * '\\'));
}

}  // namespace

void appendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight bytes at a time while none needs escaping (most strings need none at all).
    while (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (anyByteNeedsEscape(word)) break;
      i += 8;
    }
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + start, i - start);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
  out += '"';
}

}  // namespace tenantsim
