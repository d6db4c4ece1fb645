// Text checks (base/utf8.h): well-formed UTF-8 per RFC 3629 and no control characters, with the
// offset and a reason that never echoes the bytes.
#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace tenantsim {
namespace {

std::string problemOf(std::string_view bytes) {
  std::optional<TextProblem> problem = findTextProblem(bytes);
  return problem ? describe(*problem) : "";
}

TEST(Utf8, AsciiAndEveryEncodingLengthAreText) {
  EXPECT_EQ(problemOf(""), "");
  EXPECT_EQ(problemOf("activityDateTime ge 2024-01-01"), "");
  EXPECT_EQ(problemOf("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "");  // é € 😀
  EXPECT_EQ(problemOf("\xEF\xBF\xBF\xF4\x8F\xBF\xBF"), "");               // U+FFFF, U+10FFFF
  EXPECT_EQ(problemOf("a\tb"), "");                                       // tab is whitespace
}

TEST(Utf8, OverlongFormsAreRefused) {
  EXPECT_EQ(problemOf("a\xC0\xAF"), "overlong encoding of U+002F at byte 1");
  EXPECT_EQ(problemOf("\xC1\xBF"), "overlong encoding of U+007F at byte 0");
  EXPECT_EQ(problemOf("\xE0\x80\xAF"), "overlong encoding of U+002F at byte 0");
  EXPECT_EQ(problemOf("\xF0\x82\x82\xAC"), "overlong encoding of U+20AC at byte 0");
  EXPECT_EQ(problemOf("\xC0\x80"),
            "overlong encoding of U+0000 at byte 0");  // "modified UTF-8" NUL
}

TEST(Utf8, SurrogatesAreRefused) {
  EXPECT_EQ(problemOf("x\xED\xA0\x80"), "UTF-16 surrogate U+D800 at byte 1");
  EXPECT_EQ(problemOf("\xED\xBF\xBF"), "UTF-16 surrogate U+DFFF at byte 0");
  EXPECT_EQ(problemOf("\xED\x9F\xBF"), "");  // U+D7FF, just below
}

TEST(Utf8, CodePointsAboveTheUnicodeRangeAreRefused) {
  EXPECT_EQ(problemOf("\xF4\x90\x80\x80"), "code point above U+10FFFF at byte 0");
  EXPECT_EQ(problemOf("\xF7\xBF\xBF\xBF"), "code point above U+10FFFF at byte 0");
}

TEST(Utf8, StrayAndImpossibleBytesAreRefused) {
  EXPECT_EQ(problemOf("ab\x80"), "unexpected continuation byte 0x80 at byte 2");
  EXPECT_EQ(problemOf("\xFF"), "byte 0xFF never appears in UTF-8 at byte 0");
  EXPECT_EQ(problemOf("\xF8\x88\x80\x80\x80"), "byte 0xF8 never appears in UTF-8 at byte 0");
}

TEST(Utf8, TruncatedSequencesAreRefused) {
  EXPECT_EQ(problemOf("\xC3"), "truncated 2-byte sequence at byte 0");
  EXPECT_EQ(problemOf("a\xE2\x82"), "truncated 3-byte sequence at byte 1");
  EXPECT_EQ(problemOf("\xF0\x9F\x98"
                      "a"),
            "truncated 4-byte sequence at byte 0");
}

TEST(Utf8, ControlCharactersAreRefused) {
  EXPECT_EQ(problemOf(std::string("a\0b", 3)), "control character U+0000 at byte 1");
  EXPECT_EQ(problemOf("line\r\n"), "control character U+000D at byte 4");
  EXPECT_EQ(problemOf("\x1F"), "control character U+001F at byte 0");
  EXPECT_EQ(problemOf("del\x7F"), "control character U+007F at byte 3");
  EXPECT_FALSE(findInvalidUtf8(std::string("a\0b", 3)));  // NUL is valid UTF-8, just not text
}

TEST(Utf8, TheFirstProblemWins) {
  EXPECT_EQ(problemOf(std::string("\x01\xFF", 2)), "control character U+0001 at byte 0");
  EXPECT_EQ(problemOf(std::string("\xFF\x01", 2)), "byte 0xFF never appears in UTF-8 at byte 0");
}

}  // namespace
}  // namespace tenantsim
