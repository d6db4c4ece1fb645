#include "mockserver/odata/url_encoding.h"

namespace tenantsim::odata {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool keptRaw(unsigned char c, bool isName) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
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
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(decoded.size() + decoded.size() / 2);
  for (char ch : decoded) {
    const auto c = static_cast<unsigned char>(ch);
    if (keptRaw(c, isName)) {
      out.push_back(ch);
    } else if (c == ' ') {
      out += "%20";
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
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
      if (raw.size() - i < 3) return std::nullopt;
      const int high = hexValue(raw[i + 1]);
      const int low = hexValue(raw[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string encodeQueryValue(std::string_view decoded) { return encode(decoded, false); }
std::string encodeQueryName(std::string_view decoded) { return encode(decoded, true); }

}  // namespace tenantsim::odata
