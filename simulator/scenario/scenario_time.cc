// parseIsoTime and formatIsoTime (declared in scenario.h): UTC ticks <-> ISO 8601 text, with
// the calendar computed here rather than through timegm and the C locale.
#include <cstdio>

#include "simulator/scenario/scenario.h"

namespace tenantsim {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t daysFromCivil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2;
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t year_of_era = year - era * 400;
  int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

void civilFromDays(int64_t days, int64_t& year, int64_t& month, int64_t& day) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t day_of_era = days - era * 146097;
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t shifted_month = (5 * day_of_year + 2) / 153;
  day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  year = year_of_era + era * 400 + (month <= 2);
}

bool isLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int64_t daysInMonth(int64_t year, int64_t month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

// Reads exactly `count` digits at `pos` into `value`.
bool readDigits(std::string_view text, size_t& pos, size_t count, int64_t& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return true;
}

bool expectChar(std::string_view text, size_t& pos, char expected) {
  if (pos >= text.size() || text[pos] != expected) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<Ticks> parseIsoTime(std::string_view text) {
  size_t pos = 0;
  int64_t year, month, day, hour = 0, minute = 0, second = 0, fraction = 0;
  if (!readDigits(text, pos, 4, year) || !expectChar(text, pos, '-') ||
      !readDigits(text, pos, 2, month) || !expectChar(text, pos, '-') ||
      !readDigits(text, pos, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return std::nullopt;
  Ticks offset = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
    ++pos;
    if (!readDigits(text, pos, 2, hour) || !expectChar(text, pos, ':') ||
        !readDigits(text, pos, 2, minute) || !expectChar(text, pos, ':') ||
        !readDigits(text, pos, 2, second) || hour > 23 || minute > 59 || second > 59) {
      return std::nullopt;
    }
    if (pos < text.size() && text[pos] == '.') {
      size_t digits = 0;
      for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digits) {
        if (digits >= 7) return std::nullopt;
        fraction = fraction * 10 + (text[pos] - '0');
      }
      if (digits == 0) return std::nullopt;
      for (; digits < 7; ++digits) fraction *= 10;
    }
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
      ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      int sign = text[pos++] == '+' ? 1 : -1;
      int64_t offset_hours, offset_minutes;
      if (!readDigits(text, pos, 2, offset_hours) || !expectChar(text, pos, ':') ||
          !readDigits(text, pos, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59) {
        return std::nullopt;
      }
      offset = sign * (offset_hours * kTicksPerHour + offset_minutes * kTicksPerMinute);
    } else {
      return std::nullopt;  // a time needs its zone
    }
    if (pos != text.size()) return std::nullopt;
  }
  return daysFromCivil(year, month, day) * kTicksPerDay + hour * kTicksPerHour +
         minute * kTicksPerMinute + second * kTicksPerSecond + fraction - offset;
}

std::string formatIsoTime(Ticks ticks) {
  int64_t days = ticks / kTicksPerDay;
  Ticks within_day = ticks % kTicksPerDay;
  if (within_day < 0) {
    within_day += kTicksPerDay;
    --days;
  }
  int64_t year, month, day;
  civilFromDays(days, year, month, day);
  char text[48];
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%07lldZ",
                static_cast<long long>(year), static_cast<long long>(month),
                static_cast<long long>(day), static_cast<long long>(within_day / kTicksPerHour),
                static_cast<long long>(within_day / kTicksPerMinute % 60),
                static_cast<long long>(within_day / kTicksPerSecond % 60),
                static_cast<long long>(within_day % kTicksPerSecond));
  return text;
}

}  // namespace tenantsim
