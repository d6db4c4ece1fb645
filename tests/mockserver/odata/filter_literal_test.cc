// Filter literals (DateTimeOffset, date-only, GUID, strings) and hostile input to the lexer and
// parser: every byte string gives a value or an error, never a crash.
#include <gtest/gtest.h>

#include <random>

#include "tests/support/fake_event.h"

namespace tenantsim::odata {
namespace {

using testing::entra;
using testing::intune;

constexpr int64_t kTicksPerSecond = 10'000'000;

TEST(DateTimeLiteral, UnixEpochIsZeroTicks) {
  EXPECT_EQ(parseIsoTime("1970-01-01T00:00:00Z", IsoTimeSyntax::ODataLiteral), 0);
}

TEST(DateTimeLiteral, SecondsAndFractionsUpToSevenDigits) {
  EXPECT_EQ(parseIsoTime("1970-01-01T00:00:01Z", IsoTimeSyntax::ODataLiteral), kTicksPerSecond);
  EXPECT_EQ(parseIsoTime("1970-01-01T00:00:00.5Z", IsoTimeSyntax::ODataLiteral),
            kTicksPerSecond / 2);
  EXPECT_EQ(parseIsoTime("1970-01-01T00:00:00.0000001Z", IsoTimeSyntax::ODataLiteral), 1);
  EXPECT_FALSE(parseIsoTime("1970-01-01T00:00:00.00000001Z", IsoTimeSyntax::ODataLiteral));
  EXPECT_FALSE(parseIsoTime("1970-01-01T00:00:00.Z", IsoTimeSyntax::ODataLiteral));
}

TEST(DateTimeLiteral, SecondsAreOptional) {
  EXPECT_EQ(parseIsoTime("1970-01-01T00:01Z", IsoTimeSyntax::ODataLiteral), 60 * kTicksPerSecond);
}

TEST(DateTimeLiteral, DateOnlyIsMidnightUtc) {
  EXPECT_EQ(parseIsoTime("2022-08-22", IsoTimeSyntax::ODataLiteral),
            parseIsoTime("2022-08-22T00:00:00Z", IsoTimeSyntax::ODataLiteral));
}

TEST(DateTimeLiteral, OffsetsAreNormalizedToUtc) {
  EXPECT_EQ(parseIsoTime("2024-01-01T02:00:00+02:00", IsoTimeSyntax::ODataLiteral),
            parseIsoTime("2024-01-01T00:00:00Z", IsoTimeSyntax::ODataLiteral));
  EXPECT_EQ(parseIsoTime("2023-12-31T22:30:00-01:30", IsoTimeSyntax::ODataLiteral),
            parseIsoTime("2024-01-01T00:00:00Z", IsoTimeSyntax::ODataLiteral));
  EXPECT_EQ(parseIsoTime("2024-01-01T00:00:00+00:00", IsoTimeSyntax::ODataLiteral),
            parseIsoTime("2024-01-01T00:00:00Z", IsoTimeSyntax::ODataLiteral));
  EXPECT_FALSE(parseIsoTime("2024-01-01T00:00:00+15:00", IsoTimeSyntax::ODataLiteral));
}

TEST(DateTimeLiteral, TimeZoneIsRequiredOnDateTimes) {
  EXPECT_FALSE(parseIsoTime("2024-01-01T00:00:00", IsoTimeSyntax::ODataLiteral));
}

TEST(DateTimeLiteral, CalendarIsValidated) {
  EXPECT_TRUE(parseIsoTime("2024-02-29", IsoTimeSyntax::ODataLiteral));
  EXPECT_FALSE(parseIsoTime("2023-02-29", IsoTimeSyntax::ODataLiteral));
  EXPECT_FALSE(parseIsoTime("2024-04-31", IsoTimeSyntax::ODataLiteral));
  EXPECT_FALSE(parseIsoTime("0000-01-01", IsoTimeSyntax::ODataLiteral));
  EXPECT_FALSE(parseIsoTime("2024-01-01T23:60:00Z", IsoTimeSyntax::ODataLiteral));
}

TEST(DateTimeLiteral, FormatRoundTripsWithSevenDigits) {
  EXPECT_EQ(
      formatIsoTime(*parseIsoTime("2022-06-21T23:25:00.1458248Z", IsoTimeSyntax::ODataLiteral)),
      "2022-06-21T23:25:00.1458248Z");
  EXPECT_EQ(formatIsoTime(*parseIsoTime("1969-12-31T23:59:59.9Z", IsoTimeSyntax::ODataLiteral)),
            "1969-12-31T23:59:59.9000000Z");
}

TEST(FilterTokens, OffsetWhosePlusBecameASpaceGetsAHint) {
  const auto tokens = tokenizeFilter("activityDateTime ge 2024-01-01T00:00:00 02:00");
  ASSERT_FALSE(tokens.ok());
  EXPECT_EQ(tokens.error().message, "Invalid filter clause");
  EXPECT_EQ(tokens.error().detail,
            "'2024-01-01T00:00:00' is not a valid DateTimeOffset ('+' in a query string means a "
            "space: write %2B)");
}

TEST(FilterTokens, GuidIsOneToken) {
  const auto tokens = tokenizeFilter("correlationId eq 0a1b2c3d-0000-4000-8000-00000000abcd");
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 4u);
  EXPECT_EQ((*tokens)[2].kind, TokenKind::Guid);
}

TEST(FilterTokens, IdentifierThatStartsLikeHexIsNotAGuid) {
  const auto tokens = tokenizeFilter("deadbeef eq 'x'");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[0].kind, TokenKind::Identifier);
}

TEST(FilterTokens, NonAsciiOutsideStringsIsRejected) {
  EXPECT_EQ(tokenizeFilter("caté eq 'x'").error().message, "Invalid filter clause");
}

TEST(FilterTokens, NonAsciiInsideStringsIsKept) {
  const auto tokens = tokenizeFilter("activityDisplayName eq 'Ändern'");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[2].value, "Ändern");
}

// Random bytes and random token soup: each must compile or be refused with a 400, never crash.
TEST(FilterGarbage, RandomInputGivesAValueOrAnError) {
  std::mt19937 random(20240501);
  const std::vector<std::string> pieces = {"activityDateTime",
                                           "category",
                                           "eq",
                                           "ne",
                                           "ge",
                                           "gt",
                                           "and",
                                           "or",
                                           "not",
                                           "(",
                                           ")",
                                           "'x'",
                                           "''",
                                           "'",
                                           "2024-01-01",
                                           "2024-01-01T00:00:00Z",
                                           "/",
                                           "any",
                                           ":",
                                           ",",
                                           "t",
                                           "targetResources",
                                           "resources",
                                           "startswith",
                                           "null",
                                           " ",
                                           "0a1b2c3d-0000-4000-8000-00000000abcd",
                                           "t/id",
                                           "r/resourceId",
                                           "%",
                                           "\t",
                                           "9"};
  const auto entraCaps = entra();
  const auto intuneCaps = intune();
  testing::FakeEvent event;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) {
      if (round % 2 == 0) {
        text.push_back(static_cast<char>(random() % 256));
      } else {
        text += pieces[random() % pieces.size()];
        text.push_back(' ');
      }
    }
    for (const auto* caps : {&entraCaps, &intuneCaps}) {
      const Result<CompiledFilter> result = CompiledFilter::compile(text, *caps);
      if (result.ok()) {
        result->matches(event);
      } else {
        EXPECT_EQ(result.error().status, 400);
        EXPECT_EQ(result.error().message.substr(0, 21), "Invalid filter clause");
      }
    }
  }
}

}  // namespace
}  // namespace tenantsim::odata
