#include "base/utf8.h"

#include <cstdint>
#include <cstdio>

namespace tenantsim {
namespace {

std::string hexByte(unsigned char byte) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", byte);
  return text;
}

std::string codePoint(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(value));
  return text;
}

bool isContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

std::optional<TextProblem> findInvalidUtf8(std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  while (i < bytes.size()) {
    const unsigned char lead = data[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t value = 0;
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      value = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      value = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      value = lead & 0x07;
    } else if (isContinuation(lead)) {
      return TextProblem{i, "unexpected continuation byte " + hexByte(lead)};
    } else {
      return TextProblem{i, "byte " + hexByte(lead) + " never appears in UTF-8"};
    }
    for (size_t k = 1; k < length; ++k) {
      if (i + k >= bytes.size() || !isContinuation(data[i + k]))
        return TextProblem{i, "truncated " + std::to_string(length) + "-byte sequence"};
      value = (value << 6) | (data[i + k] & 0x3F);
    }
    static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (value < kSmallest[length])
      return TextProblem{i, "overlong encoding of " + codePoint(value)};
    if (value >= 0xD800 && value <= 0xDFFF)
      return TextProblem{i, "UTF-16 surrogate " + codePoint(value)};
    if (value > 0x10FFFF) return TextProblem{i, "code point above U+10FFFF"};
    i += length;
  }
  return std::nullopt;
}

std::optional<TextProblem> findControlCharacter(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7F)
      return TextProblem{i, "control character " + codePoint(byte)};
  }
  return std::nullopt;
}

std::optional<TextProblem> findTextProblem(std::string_view bytes) {
  std::optional<TextProblem> utf8 = findInvalidUtf8(bytes);
  std::optional<TextProblem> control = findControlCharacter(bytes);
  if (utf8 && control) return utf8->offset <= control->offset ? utf8 : control;
  return utf8 ? utf8 : control;
}

std::string describe(const TextProblem& problem) {
  return problem.reason + " at byte " + std::to_string(problem.offset);
}

}  // namespace tenantsim
