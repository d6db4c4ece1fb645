// JSON writing (base/json_writer.h). appendJsonString: the escaper every rendered event goes
// through. It checks sixteen bytes at a time (SSE2), or eight, and overlaps the last block, so
// every escapable byte is tried at every offset and string length around those steps, against a
// byte-at-a-time reference and against nlohmann's parser.
#include "base/json_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/json.h"

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
    EXPECT_EQ(parseJson(escaped(s)).get<std::string>(), s) << "rotation " << cut;
  }
}

TEST(JsonString, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(escaped(""), "\"\"");
  EXPECT_EQ(escaped("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(escaped("C:\\dir"), "\"C:\\\\dir\"");
  EXPECT_EQ(escaped("a\nb\rc\td"), "\"a\\nb\\rc\\td\"");
  // The other control characters as \u00xx, lowercase hex, \b and \f included.
  EXPECT_EQ(escaped(std::string("\0", 1)), "\"\\u0000\"");
  EXPECT_EQ(escaped("\x01\x08\x0c\x1b\x1f"), "\"\\u0001\\u0008\\u000c\\u001b\\u001f\"");
  EXPECT_EQ(escaped("/"), "\"/\"");        // a solidus needs no escape
  EXPECT_EQ(escaped("\x7f"), "\"\x7f\"");  // DEL is not a JSON control character
}

TEST(JsonString, PassesUtf8ThroughByteForByte) {
  const std::string utf8 = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91 \xe4\xb8\xad\xe6\x96\x87";
  EXPECT_EQ(escaped(utf8), "\"" + utf8 + "\"");
  // Bytes that are not valid UTF-8 are not the escaper's business: passed through too.
  EXPECT_EQ(escaped("\xff\xfe"), "\"\xff\xfe\"");
}

TEST(JsonStringOrNull, WritesNullOrTheLiteral) {
  std::string out;
  appendJsonStringOrNull(out, "ignored", true);
  EXPECT_EQ(out, "null");
  out.clear();
  appendJsonStringOrNull(out, "a\"b", false);
  EXPECT_EQ(out, "\"a\\\"b\"");
  out.clear();
  appendJsonStringOrNull(out, "", false);
  EXPECT_EQ(out, "\"\"");  // empty is not null
}

// A default string_view's data() is null: the fast paths must not hand it to memcpy (UBSan
// aborted the export tests on it; a value described as "no value" is such a view).
TEST(JsonString, AnEmptyViewWithNoDataIsAnEmptyString) {
  const std::string_view none;
  std::string out;
  appendJsonString(out, none);
  EXPECT_EQ(out, "\"\"");
  out = "{";
  appendJsonField(out, "a", none, /*isNull=*/false, /*comma=*/false);
  out += '}';
  EXPECT_EQ(out, "{\"a\":\"\"}");
}

TEST(JsonKey, WritesTheCommaUnlessFirst) {
  std::string out = "{";
  appendJsonKey(out, "a", /*comma=*/false);
  out += "1";
  appendJsonKey(out, "b");
  out += "2}";
  EXPECT_EQ(out, "{\"a\":1,\"b\":2}");
}

TEST(JsonField, WritesKeyAndStringOrNull) {
  std::string out = "{";
  appendJsonField(out, "id", "x\ty", /*isNull=*/false, /*comma=*/false);
  appendJsonField(out, "name", "", /*isNull=*/true);
  appendJsonField(out, "empty", "");
  out += '}';
  EXPECT_EQ(out, "{\"id\":\"x\\ty\",\"name\":null,\"empty\":\"\"}");
  nlohmann::json parsed = parseJson(out);
  EXPECT_EQ(parsed["id"], "x\ty");
  EXPECT_TRUE(parsed["name"].is_null());
}

// appendJsonField writes a value that needs no escaping in one piece (key and value copied over
// a fill of quotes) and anything else through appendJsonKey and appendJsonString: both paths,
// with and without the comma, at every value length around the escaper's 8- and 16-byte steps,
// and keys long enough to take appendJsonKey's own slow path.
TEST(JsonField, OnePiecePathMatchesKeyThenString) {
  for (std::string key : {std::string("k"), std::string("userPrincipalName"), std::string(70, 'q')})
    for (size_t length = 0; length <= 40; ++length)
      for (bool comma : {false, true})
        for (bool escape : {false, true}) {
          std::string value(length, 'v');
          if (escape && length) value[length / 2] = '"';
          std::string expected = "[", got = "[";
          appendJsonKey(expected, key, comma);
          appendJsonString(expected, value);
          appendJsonField(got, key, value, /*isNull=*/false, comma);
          ASSERT_EQ(got, expected) << key << " " << length << " " << comma << " " << escape;
        }
}

// An object of three properties (bits 0, 1, 2) through the writer, with the given selection.
std::string writeObject(uint64_t select) {
  std::string out;
  {
    JsonObjectWriter w(out, select);
    if (w.key(0, "id")) appendJsonString(out, "1");
    if (w.key(1, "count")) out += "2";
    if (w.key(2, "missing")) out += "null";
  }
  return out;
}

TEST(JsonObjectWriter, WritesOnlySelectedPropertiesWithCommasBetween) {
  EXPECT_EQ(writeObject(0b111), "{\"id\":\"1\",\"count\":2,\"missing\":null}");
  EXPECT_EQ(writeObject(0b110), "{\"count\":2,\"missing\":null}");  // no leading comma
  EXPECT_EQ(writeObject(0b101), "{\"id\":\"1\",\"missing\":null}");
  EXPECT_EQ(writeObject(0b100), "{\"missing\":null}");
  EXPECT_EQ(writeObject(0), "{}");
  for (uint64_t select = 0; select < 8; ++select)
    EXPECT_TRUE(nlohmann::json::accept(writeObject(select))) << writeObject(select);
}

TEST(JsonObjectWriter, ReportsWhetherAKeyWasWritten) {
  std::string out;
  JsonObjectWriter w(out, uint64_t{1} << 63);
  EXPECT_FALSE(w.key(0, "a"));
  EXPECT_EQ(out, "{");
  EXPECT_TRUE(w.key(63, "last"));  // the highest bit works too
  EXPECT_EQ(out, "{\"last\":");
}

TEST(JsonObjectWriter, NestsAndAppendsAfterWhatIsThere) {
  std::string out = "[";
  {
    JsonObjectWriter outer(out, ~uint64_t{0});
    if (outer.key(0, "inner")) {
      JsonObjectWriter inner(out, 0b10);
      if (inner.key(0, "hidden")) out += "0";
      if (inner.key(1, "shown")) out += "true";
    }
    if (outer.key(1, "after")) out += "1";
  }
  out += "]";
  EXPECT_EQ(out, "[{\"inner\":{\"shown\":true},\"after\":1}]");
}

}  // namespace
}  // namespace tenantsim
