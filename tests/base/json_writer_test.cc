// appendJsonString: the escaper every rendered event goes through. It skips eight bytes at a time
// while none needs escaping, so every escapable byte is tried at every offset and string length
// around the 8-byte steps, against a byte-at-a-time reference and against nlohmann's parser.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "base/json_writer.h"

namespace tenantsim {
namespace {

std::string referenceEscape(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"')
      out += "\\\"";
    else if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else
      out += static_cast<char>(c);
  }
  return out + "\"";
}

std::string escaped(std::string_view s) {
  std::string out = "prefix:";  // appends, keeping what is there
  appendJsonString(out, s);
  EXPECT_EQ(out.substr(0, 7), "prefix:");
  return out.substr(7);
}

TEST(JsonString, EveryEscapableByteAtEveryOffsetAndLength) {
  // The bytes that need escaping, and neighbours that must pass through (0x20, 0x7f, UTF-8).
  const std::string special = std::string("\"\\\n\r\t\x01\x1f", 7) + std::string(1, '\0');
  const std::string plain =
      " \x7f"
      "az09/\xc3\xa9\xe2\x82\xac";
  for (size_t length = 0; length <= 40; ++length) {
    std::string base(length, 'x');
    for (size_t k = 0; k < length; ++k) base[k] = plain[k % plain.size()];
    ASSERT_EQ(escaped(base), referenceEscape(base)) << "length " << length;
    for (size_t at = 0; at < length; ++at)
      for (char c : special) {
        std::string s = base;
        s[at] = c;
        ASSERT_EQ(escaped(s), referenceEscape(s))
            << "length " << length << ", byte " << int(c) << " at " << at;
      }
  }
}

TEST(JsonString, RoundTripsThroughAJsonParser) {
  std::string ascii;
  for (int c = 1; c < 0x80; ++c) ascii += static_cast<char>(c);
  const std::string utf8 = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91";  // café € 🔑
  for (size_t cut = 0; cut <= ascii.size(); cut += 3) {
    std::string s = ascii.substr(cut) + utf8 + ascii.substr(0, cut);
    EXPECT_EQ(nlohmann::json::parse(escaped(s)).get<std::string>(), s) << "rotation " << cut;
  }
}

}  // namespace
}  // namespace tenantsim
