// Time (base/time.h): the UTC calendar, the two ISO-8601 input grammars, and the output forms.
#include "base/time.h"

#include <gtest/gtest.h>

#include <ctime>
#include <optional>
#include <string>

#include "base/rng.h"

namespace tenantsim {
namespace {

Ticks at(int year, unsigned month, unsigned day, unsigned hour = 0, unsigned minute = 0,
         unsigned second = 0, Ticks fraction = 0) {
  return daysFromCivil(year, month, day) * kTicksPerDay + hour * kTicksPerHour +
         minute * kTicksPerMinute + second * kTicksPerSecond + fraction;
}

std::optional<Ticks> odata(std::string_view text) {
  return parseIsoTime(text, IsoTimeSyntax::ODataLiteral);
}
std::optional<Ticks> scenario(std::string_view text) {
  return parseIsoTime(text, IsoTimeSyntax::Scenario);
}

TEST(DaysFromCivil, CountsFromTheEpoch) {
  EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(daysFromCivil(1970, 1, 2), 1);
  EXPECT_EQ(daysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(daysFromCivil(1971, 1, 1), 365);
  // 30 years with 7 leap days (1972 ... 1996).
  EXPECT_EQ(daysFromCivil(2000, 1, 1), 30 * 365 + 7);
  // 2000 is a leap year (divisible by 400): 2000-03-01 is 31 + 29 days after New Year.
  EXPECT_EQ(daysFromCivil(2000, 3, 1) - daysFromCivil(2000, 1, 1), 60);
  // 2100 is not (divisible by 100): 100 years with 25 leap days (2000 ... 2096).
  EXPECT_EQ(daysFromCivil(2100, 1, 1) - daysFromCivil(2000, 1, 1), 100 * 365 + 25);
  EXPECT_EQ(daysFromCivil(2100, 3, 1) - daysFromCivil(2100, 1, 1), 59);
}

TEST(CivilTime, RoundTripsEveryDayFrom1600To2400) {
  int64_t previous = daysFromCivil(1599, 12, 31);
  CivilTime last = civilTime(previous * kTicksPerDay);
  for (int64_t day = previous + 1; day <= daysFromCivil(2400, 12, 31); ++day) {
    CivilTime c = civilTime(day * kTicksPerDay);
    ASSERT_EQ(daysFromCivil(c.year, c.month, c.day), day)
        << c.year << "-" << c.month << "-" << c.day;
    ASSERT_GE(c.day, 1u);
    ASSERT_LE(c.day, daysInMonth(c.year, c.month));
    // The next day of the calendar.
    if (c.day == 1) {
      ASSERT_EQ(last.day, daysInMonth(last.year, last.month));
      ASSERT_EQ(c.month == 1 ? last.month : last.month + 1, c.month == 1 ? 12u : c.month);
    } else {
      ASSERT_EQ(c.day, last.day + 1);
    }
    ASSERT_EQ(c.hour + c.minute + c.second + c.fraction, 0u);
    last = c;
  }
}

TEST(CivilTime, SplitsTheTimeOfDayAndFloorsBeforeTheEpoch) {
  CivilTime c = civilTime(at(2024, 2, 29, 23, 59, 58, 1234567));
  EXPECT_EQ(c.year, 2024);
  EXPECT_EQ(c.month, 2u);
  EXPECT_EQ(c.day, 29u);
  EXPECT_EQ(c.hour, 23u);
  EXPECT_EQ(c.minute, 59u);
  EXPECT_EQ(c.second, 58u);
  EXPECT_EQ(c.fraction, 1234567u);

  CivilTime before = civilTime(-1);  // one tick before 1970
  EXPECT_EQ(before.year, 1969);
  EXPECT_EQ(before.month, 12u);
  EXPECT_EQ(before.day, 31u);
  EXPECT_EQ(before.hour, 23u);
  EXPECT_EQ(before.minute, 59u);
  EXPECT_EQ(before.second, 59u);
  EXPECT_EQ(before.fraction, 9'999'999u);
}

TEST(DaysInMonth, FollowsTheGregorianLeapRule) {
  EXPECT_EQ(daysInMonth(2024, 2), 29u);
  EXPECT_EQ(daysInMonth(2023, 2), 28u);
  EXPECT_EQ(daysInMonth(2000, 2), 29u);
  EXPECT_EQ(daysInMonth(1900, 2), 28u);
  EXPECT_EQ(daysInMonth(2100, 2), 28u);
  for (unsigned m : {1u, 3u, 5u, 7u, 8u, 10u, 12u}) EXPECT_EQ(daysInMonth(2023, m), 31u) << m;
  for (unsigned m : {4u, 6u, 9u, 11u}) EXPECT_EQ(daysInMonth(2023, m), 30u) << m;
}

TEST(ParseIsoTime, ADateAloneIsMidnightUtcInBothSyntaxes) {
  EXPECT_EQ(scenario("2024-05-01"), at(2024, 5, 1));
  EXPECT_EQ(odata("2024-05-01"), at(2024, 5, 1));
  EXPECT_EQ(scenario("1970-01-01"), 0);
  EXPECT_EQ(scenario("1969-12-31"), -kTicksPerDay);
}

TEST(ParseIsoTime, ScenarioSyntaxAcceptsItsForms) {
  const Ticks t = at(2024, 5, 1, 10, 0, 0);
  EXPECT_EQ(scenario("2024-05-01T10:00:00Z"), t);
  EXPECT_EQ(scenario("2024-05-01t10:00:00z"), t);
  EXPECT_EQ(scenario("2024-05-01 10:00:00Z"), t);
  EXPECT_EQ(scenario("2024-05-01T12:00:00+02:00"), t);
  EXPECT_EQ(scenario("2024-05-01T04:30:00-05:30"), t);
  EXPECT_EQ(scenario("2024-05-02T09:00:00+23:00"), t);  // any offset below 24 hours
  EXPECT_EQ(parseIsoTime("2024-05-01T10:00:00Z"), t);   // Scenario is the default
}

TEST(ParseIsoTime, FractionsHaveOneToSevenDigits) {
  const Ticks t = at(2024, 5, 1, 10, 0, 0);
  EXPECT_EQ(scenario("2024-05-01T10:00:00.5Z"), t + 5'000'000);
  EXPECT_EQ(scenario("2024-05-01T10:00:00.05Z"), t + 500'000);
  EXPECT_EQ(scenario("2024-05-01T10:00:00.1234567Z"), t + 1'234'567);
  EXPECT_EQ(odata("2024-05-01T10:00:00.0000001Z"), t + 1);
  EXPECT_EQ(scenario("2024-05-01T10:00:00.12345678Z"), std::nullopt);
  EXPECT_EQ(scenario("2024-05-01T10:00:00.Z"), std::nullopt);
  EXPECT_EQ(odata("2024-05-01T10:00:00.Z"), std::nullopt);
}

TEST(ParseIsoTime, ODataSyntaxAllowsMissingSecondsButNoSpace) {
  const Ticks t = at(2024, 5, 1, 10, 0, 0);
  EXPECT_EQ(odata("2024-05-01T10:00Z"), t);
  EXPECT_EQ(scenario("2024-05-01T10:00Z"), std::nullopt);  // scenario times carry their seconds
  EXPECT_EQ(odata("2024-05-01 10:00:00Z"), std::nullopt);
  EXPECT_EQ(odata("2024-05-01t10:00:00z"), t);
}

TEST(ParseIsoTime, ODataOffsetsAreAtMostFourteenHours) {
  EXPECT_EQ(odata("2024-05-02T00:00:00+14:00"), at(2024, 5, 1, 10, 0, 0));
  EXPECT_EQ(odata("2024-05-01T00:00:00-14:00"), at(2024, 5, 1, 14, 0, 0));
  EXPECT_EQ(odata("2024-05-02T00:00:00+14:01"), std::nullopt);
  EXPECT_EQ(odata("2024-05-02T00:00:00-15:00"), std::nullopt);
  EXPECT_TRUE(scenario("2024-05-02T00:00:00+14:01"));
}

TEST(ParseIsoTime, ODataRefusesYearZeroAndScenarioDoesNot) {
  EXPECT_EQ(odata("0000-01-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(odata("0001-01-01T00:00:00Z"), at(1, 1, 1));
  EXPECT_EQ(scenario("0000-01-01"), at(0, 1, 1));
}

TEST(ParseIsoTime, RefusesEverythingElse) {
  for (const char* text : {"",
                           "2024",
                           "2024-05",
                           "2024-5-01",
                           "2024-05-1",
                           "24-05-01",
                           "+2024-05-01",
                           " 2024-05-01",
                           "2024-05-01 ",
                           "2024/05/01",
                           "2024-00-10",
                           "2024-13-01",
                           "2024-05-00",
                           "2024-05-32",
                           "2023-02-29",
                           "2100-02-29",
                           "2024-04-31",
                           "2024-05-01T",
                           "2024-05-01T10:00:00",
                           "2024-05-01T24:00:00Z",
                           "2024-05-01T10:60:00Z",
                           "2024-05-01T10:00:60Z",
                           "2024-05-01T1:00:00Z",
                           "2024-05-01T10:00:00ZZ",
                           "2024-05-01T10:00:00Z ",
                           "2024-05-01T10:00:00+0200",
                           "2024-05-01T10:00:00+02",
                           "2024-05-01T10:00:00+24:00",
                           "2024-05-01T10:00:00+02:60",
                           "2024-05-01T10:00:00 Z",
                           "2024-05-01X10:00:00Z",
                           "2024-05-01T10:00:00.-1Z",
                           "2024-05-01T10:00:00,5Z",
                           "2024-05-01T10:00:00UTC"}) {
    EXPECT_EQ(scenario(text), std::nullopt) << "scenario: '" << text << "'";
    EXPECT_EQ(odata(text), std::nullopt) << "odata: '" << text << "'";
  }
  EXPECT_EQ(scenario(std::string_view("2024-05-01\0", 11)), std::nullopt);
}

TEST(ParseIsoTime, LeapDaysAreAcceptedInLeapYears) {
  EXPECT_EQ(scenario("2024-02-29"), at(2024, 2, 29));
  EXPECT_EQ(scenario("2000-02-29T23:59:59Z"), at(2000, 2, 29, 23, 59, 59));
  EXPECT_EQ(odata("1600-02-29"), at(1600, 2, 29));
}

TEST(FormatIsoTime, WritesSevenFractionalDigitsAndZ) {
  EXPECT_EQ(formatIsoTime(0), "1970-01-01T00:00:00.0000000Z");
  EXPECT_EQ(formatIsoTime(-1), "1969-12-31T23:59:59.9999999Z");
  EXPECT_EQ(formatIsoTime(at(2024, 2, 29, 7, 8, 9, 42)), "2024-02-29T07:08:09.0000042Z");
  EXPECT_EQ(formatIsoTime(at(2100, 12, 31, 23, 59, 59, 9'999'999)), "2100-12-31T23:59:59.9999999Z");
  EXPECT_EQ(formatIsoTime(at(1, 1, 1)), "0001-01-01T00:00:00.0000000Z");
}

TEST(FormatIsoTime, YearsBeyondFourDigitsAreWrittenInFull) {
  EXPECT_EQ(formatIsoTime(at(10000, 1, 1)), "10000-01-01T00:00:00.0000000Z");
}

TEST(AppendIsoTime, AppendsToWhatIsThere) {
  std::string out = "at ";
  appendIsoTime(out, 0);
  EXPECT_EQ(out, "at 1970-01-01T00:00:00.0000000Z");
}

TEST(FormatIsoTime, RoundTripsThroughBothParsers) {
  Rng r(1, "isoRoundTrip");
  const Ticks from = at(1970, 1, 1), to = at(2100, 12, 31, 23, 59, 59, 9'999'999);
  for (int i = 0; i < 20'000; ++i) {
    Ticks t = from + static_cast<Ticks>(r.below(static_cast<uint64_t>(to - from + 1)));
    std::string text = formatIsoTime(t);
    ASSERT_EQ(scenario(text), t) << text;
    ASSERT_EQ(odata(text), t) << text;
  }
  for (Ticks t : {at(2000, 2, 29), at(2000, 3, 1) - 1, at(2100, 2, 28, 23, 59, 59), at(1969, 1, 1)})
    EXPECT_EQ(scenario(formatIsoTime(t)), t) << formatIsoTime(t);
}

TEST(AppendIsoTimeWithOffset, WritesPlusZeroAndRoundTrips) {
  const Ticks t = at(2026, 11, 1, 0, 5, 12, 3);
  EXPECT_EQ(formatIsoTimeWithOffset(t), "2026-11-01T00:05:12.0000003+00:00");
  std::string out = "x";
  appendIsoTimeWithOffset(out, t);
  EXPECT_EQ(out, "x2026-11-01T00:05:12.0000003+00:00");
  EXPECT_EQ(scenario(formatIsoTimeWithOffset(t)), t);
  EXPECT_EQ(odata(formatIsoTimeWithOffset(t)), t);
}

TEST(AppendCompactTime, WritesSecondsPrecisionWithoutSeparators) {
  std::string out = "events-";
  appendCompactTime(out, at(2026, 11, 1, 0, 5, 12, 9'999'999));  // the fraction is dropped
  EXPECT_EQ(out, "events-20261101T000512Z");
  std::string epoch;
  appendCompactTime(epoch, 0);
  EXPECT_EQ(epoch, "19700101T000000Z");
}

TEST(FormatUtcSeconds, FormatsInUtcWhateverTheLocalZone) {
  const std::time_t t = 1714557600;  // 2024-05-01T10:00:00Z
  ASSERT_EQ(scenario("2024-05-01T10:00:00Z"), static_cast<Ticks>(t) * kTicksPerSecond);
  EXPECT_EQ(formatUtcSeconds(t, "%Y-%m-%dT%H:%M:%S"), "2024-05-01T10:00:00");
  EXPECT_EQ(formatUtcSeconds(t, "%a, %d %b %Y %H:%M:%S GMT"), "Wed, 01 May 2024 10:00:00 GMT");
  EXPECT_EQ(formatUtcSeconds(0, "%Y-%m-%d %H:%M:%S"), "1970-01-01 00:00:00");
}

TEST(FormatUtcSeconds, AgreesWithFormatIsoTime) {
  Rng r(2, "utcSeconds");
  for (int i = 0; i < 1000; ++i) {
    std::time_t s = static_cast<std::time_t>(r.below(4'102'444'800));  // 1970 to 2100
    EXPECT_EQ(formatUtcSeconds(s, "%Y-%m-%dT%H:%M:%S"),
              formatIsoTime(static_cast<Ticks>(s) * kTicksPerSecond).substr(0, 19));
  }
}

TEST(WallClockSeconds, IsNowInUnixSeconds) {
  const int64_t now = wallClockSeconds();
  EXPECT_GT(now, 1'700'000'000);  // after November 2023
  EXPECT_LT(now, 4'102'444'800);  // before 2100
  EXPECT_NEAR(static_cast<double>(now), static_cast<double>(std::time(nullptr)), 1);
}

}  // namespace
}  // namespace tenantsim
