#include "base/base64.h"

#include <array>
#include <cstdint>

namespace tenantsim {
namespace {

constexpr std::string_view kStandardAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) |
                 uint32_t(uint8_t(bytes[i + 2]));
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    if (rest == 2) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    if (rest == 2) out += alphabet[(n >> 6) & 63];
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

std::optional<std::string> decode(std::string_view text, std::string_view alphabet) {
  std::array<int8_t, 256> value;
  value.fill(-1);
  for (size_t i = 0; i < alphabet.size(); ++i) value[uint8_t(alphabet[i])] = int8_t(i);

  // Strip at most two '=' of padding, and only when the padded length is a multiple of 4.
  size_t end = text.size();
  if (end > 0 && text[end - 1] == '=') {
    if (text.size() % 4 != 0) return std::nullopt;
    --end;
    if (end > 0 && text[end - 1] == '=') --end;
  }
  std::string_view body = text.substr(0, end);
  if (body.size() % 4 == 1) return std::nullopt;

  std::string out;
  out.reserve(body.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : body) {
    int8_t v = value[uint8_t(c)];
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::string base64UrlEncode(std::string_view bytes) { return encode(bytes, kUrlAlphabet, false); }

std::optional<std::string> base64UrlDecode(std::string_view text) {
  return decode(text, kUrlAlphabet);
}

std::string base64Encode(std::string_view bytes) { return encode(bytes, kStandardAlphabet, true); }

std::optional<std::string> base64Decode(std::string_view text) {
  return decode(text, kStandardAlphabet);
}

}  // namespace tenantsim
