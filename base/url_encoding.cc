#include "base/url_encoding.h"

#include "base/strings.h"

namespace tenantsim {
namespace {

constexpr char kLowerHex[] = "0123456789abcdef";
constexpr char kUpperHex[] = "0123456789ABCDEF";

bool isAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void appendEscaped(std::string& out, unsigned char c, const char* hex) {
  out.push_back('%');
  out.push_back(hex[c >> 4]);
  out.push_back(hex[c & 0xF]);
}

// The byte %XX at raw[i] encodes, or -1 when raw[i] does not start a valid escape.
int escapedByte(std::string_view raw, size_t i) {
  if (raw[i] != '%' || raw.size() - i < 3) return -1;
  const int high = hexDigitValue(raw[i + 1]), low = hexDigitValue(raw[i + 2]);
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

bool keptRaw(unsigned char c, bool isName) {
  if (isAsciiAlnum(c)) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '*':
    case '(':
    case ')':
      return true;
    case '$':
      return isName;
    default:
      return false;
  }
}

std::string encode(std::string_view decoded, bool isName) {
  std::string out;
  out.reserve(decoded.size() + decoded.size() / 2);
  for (char ch : decoded) {
    const auto c = static_cast<unsigned char>(ch);
    if (keptRaw(c, isName)) {
      out.push_back(ch);
    } else if (c == ' ') {
      out += "%20";
    } else {
      appendEscaped(out, c, kLowerHex);
    }
  }
  return out;
}

std::string decodeLeniently(std::string_view raw, bool plusIsSpace) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const int byte = raw[i] == '%' ? escapedByte(raw, i) : -1;
    if (byte >= 0) {
      out.push_back(static_cast<char>(byte));
      i += 2;
    } else {
      out.push_back(raw[i] == '+' && plusIsSpace ? ' ' : raw[i]);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> decodeQueryComponent(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      const int byte = escapedByte(raw, i);
      if (byte < 0) return std::nullopt;
      out.push_back(static_cast<char>(byte));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string decodeFormComponent(std::string_view raw) { return decodeLeniently(raw, true); }
std::string decodePathSegment(std::string_view raw) { return decodeLeniently(raw, false); }

std::string encodeQueryValue(std::string_view decoded) { return encode(decoded, false); }
std::string encodeQueryName(std::string_view decoded) { return encode(decoded, true); }

std::string percentEncode(std::string_view text, std::string_view keep) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (isAsciiAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        keep.find(ch) != std::string_view::npos)
      out.push_back(ch);
    else
      appendEscaped(out, c, kUpperHex);
  }
  return out;
}

}  // namespace tenantsim
