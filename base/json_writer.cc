#include "base/json_writer.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

inline bool needsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

#if defined(__SSE2__)
// The bytes of the 16 at p that JSON escapes, one bit each.
inline unsigned escapeMask16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Unsigned v <= 0x1f exactly when min(v, 0x1f) == v.
  const __m128i hit = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
      _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v));
  return static_cast<unsigned>(_mm_movemask_epi8(hit));
}
#endif

// Whether any byte of s needs escaping: sixteen bytes at a time with SSE2 (the last block
// overlapping the one before), eight with plain 64-bit words, and bytewise only below eight.
bool anyEscape(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
#if defined(__SSE2__)
  if (n >= 16) {
    for (size_t i = 0; i + 16 < n; i += 16)
      if (escapeMask16(p + i)) return true;
    return escapeMask16(p + n - 16) != 0;
  }
#endif
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if (anyByteNeedsEscape(word)) return true;
    }
    uint64_t last;
    std::memcpy(&last, p + n - 8, 8);
    return anyByteNeedsEscape(last);
  }
  for (size_t i = 0; i < n; ++i)
    if (needsEscape(static_cast<unsigned char>(p[i]))) return true;
  return false;
}

}  // namespace

void appendJsonString(std::string& out, std::string_view s) {
  const size_t at = out.size();
  if (!anyEscape(s)) {
    // Most strings need no escape: one append of the quotes and everything between them (one
    // call into the string, rather than three).
    out.append(s.size() + 2, '"');
    if (!s.empty()) std::memcpy(out.data() + at + 1, s.data(), s.size());  // data() may be null
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!needsEscape(c)) continue;
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

void appendJsonField(std::string& out, std::string_view key, std::string_view value, bool isNull,
                     bool comma) {
  if (isNull || anyEscape(value)) {
    appendJsonKey(out, key, comma);
    appendJsonStringOrNull(out, value, isNull);
    return;
  }
  // [,]"key":"value": the quotes come from the fill, the rest is copied over it.
  const size_t at = out.size();
  out.append(key.size() + value.size() + 5 + comma, '"');
  char* p = out.data() + at;
  if (comma) *p++ = ',';
  ++p;
  if (!key.empty()) std::memcpy(p, key.data(), key.size());
  p += key.size() + 1;
  *p = ':';
  // An empty view's data() may be null, which memcpy must not get even for 0 bytes.
  if (!value.empty()) std::memcpy(p + 2, value.data(), value.size());
}

}  // namespace tenantsim
