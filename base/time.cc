#include "base/time.h"

#include <chrono>
#include <cstdio>

namespace tenantsim {
namespace {

// Floor division of t into whole days and the ticks within the day.
int64_t floorDays(Ticks t) {
  return t >= 0 ? t / kTicksPerDay : (t - kTicksPerDay + 1) / kTicksPerDay;
}

// Reads exactly `count` digits at `pos`, advancing it.
std::optional<int> readDigits(std::string_view text, size_t& pos, size_t count) {
  if (text.size() - pos < count) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool consume(std::string_view text, size_t& pos, char expected) {
  if (pos < text.size() && text[pos] == expected) {
    ++pos;
    return true;
  }
  return false;
}

void appendDigits(char*& p, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  p += n;
}

}  // namespace

CivilTime civilTime(Ticks t) {
  const int64_t days = floorDays(t);
  const Ticks rest = t - days * kTicksPerDay;
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  CivilTime c;
  c.year = static_cast<int>(date.year());
  c.month = static_cast<unsigned>(date.month());
  c.day = static_cast<unsigned>(date.day());
  c.hour = static_cast<unsigned>(rest / kTicksPerHour);
  c.minute = static_cast<unsigned>(rest / kTicksPerMinute % 60);
  c.second = static_cast<unsigned>(rest / kTicksPerSecond % 60);
  c.fraction = static_cast<uint32_t>(rest % kTicksPerSecond);
  return c;
}

int64_t daysFromCivil(int year, unsigned month, unsigned day) {
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  return std::chrono::sys_days{date}.time_since_epoch().count();
}

unsigned daysInMonth(int year, unsigned month) {
  using namespace std::chrono;
  return static_cast<unsigned>(
      year_month_day_last{std::chrono::year{year}, month_day_last{std::chrono::month{month}}}
          .day());
}

std::optional<Ticks> parseIsoTime(std::string_view text, IsoTimeSyntax syntax) {
  const bool odata = syntax == IsoTimeSyntax::ODataLiteral;
  size_t pos = 0;
  const auto year = readDigits(text, pos, 4);
  if (!year || !consume(text, pos, '-')) return std::nullopt;
  const auto month = readDigits(text, pos, 2);
  if (!month || !consume(text, pos, '-')) return std::nullopt;
  const auto day = readDigits(text, pos, 2);
  if (!day || (odata && *year < 1) || *month < 1 || *month > 12 || *day < 1 ||
      unsigned(*day) > daysInMonth(*year, unsigned(*month))) {
    return std::nullopt;
  }
  const Ticks midnight = daysFromCivil(*year, unsigned(*month), unsigned(*day)) * kTicksPerDay;
  if (pos == text.size()) return midnight;  // a date alone: midnight UTC

  if (!consume(text, pos, 'T') && !consume(text, pos, 't') && (odata || !consume(text, pos, ' ')))
    return std::nullopt;
  const auto hour = readDigits(text, pos, 2);
  if (!hour || !consume(text, pos, ':')) return std::nullopt;
  const auto minute = readDigits(text, pos, 2);
  if (!minute) return std::nullopt;
  int second = 0;
  if (consume(text, pos, ':')) {
    const auto parsed = readDigits(text, pos, 2);
    if (!parsed) return std::nullopt;
    second = *parsed;
  } else if (!odata) {
    return std::nullopt;  // scenario times carry their seconds
  }
  Ticks fraction = 0;
  if (consume(text, pos, '.')) {
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (++digits > 7) return std::nullopt;
      fraction = fraction * 10 + (text[pos++] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 7; ++digits) fraction *= 10;
  }
  if (*hour > 23 || *minute > 59 || second > 59) return std::nullopt;

  Ticks offset = 0;
  if (consume(text, pos, 'Z') || consume(text, pos, 'z')) {
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '-' ? -1 : 1;
    const auto offsetHours = readDigits(text, pos, 2);
    if (!offsetHours || !consume(text, pos, ':')) return std::nullopt;
    const auto offsetMinutes = readDigits(text, pos, 2);
    if (!offsetMinutes || *offsetMinutes > 59 || *offsetHours > 23 ||
        (odata && *offsetHours * 60 + *offsetMinutes > 14 * 60)) {
      return std::nullopt;
    }
    offset = sign * (*offsetHours * kTicksPerHour + *offsetMinutes * kTicksPerMinute);
  } else {
    return std::nullopt;  // a time needs its zone
  }
  if (pos != text.size()) return std::nullopt;
  return midnight + *hour * kTicksPerHour + *minute * kTicksPerMinute + second * kTicksPerSecond +
         fraction - offset;
}

void appendIsoTime(std::string& out, Ticks t) {
  const CivilTime c = civilTime(t);
  if (c.year < 0 || c.year > 9999) {  // outside what four digits hold: printf's form
    char text[48];
    const int n =
        std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02u:%02u:%02u.%07uZ", c.year, c.month,
                      c.day, c.hour, c.minute, c.second, static_cast<unsigned>(c.fraction));
    out.append(text, static_cast<size_t>(n));
    return;
  }
  char buf[32];
  char* p = buf;
  appendDigits(p, static_cast<uint64_t>(c.year), 4);
  *p++ = '-';
  appendDigits(p, c.month, 2);
  *p++ = '-';
  appendDigits(p, c.day, 2);
  *p++ = 'T';
  appendDigits(p, c.hour, 2);
  *p++ = ':';
  appendDigits(p, c.minute, 2);
  *p++ = ':';
  appendDigits(p, c.second, 2);
  *p++ = '.';
  appendDigits(p, c.fraction, 7);
  *p++ = 'Z';
  out.append(buf, static_cast<size_t>(p - buf));
}

std::string formatIsoTime(Ticks t) {
  std::string text;
  appendIsoTime(text, t);
  return text;
}

void appendIsoTimeWithOffset(std::string& out, Ticks t) {
  appendIsoTime(out, t);
  out.pop_back();  // 'Z'
  out += "+00:00";
}

std::string formatIsoTimeWithOffset(Ticks t) {
  std::string text;
  appendIsoTimeWithOffset(text, t);
  return text;
}

void appendCompactTime(std::string& out, Ticks t) {
  const CivilTime c = civilTime(t);
  char buf[48];
  const int n = std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02u%02u%02uZ", c.year, c.month, c.day,
                              c.hour, c.minute, c.second);
  out.append(buf, static_cast<size_t>(n));
}

int64_t wallClockSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string formatUtcSeconds(std::time_t seconds, const char* format) {
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  const size_t n = std::strftime(buf, sizeof buf, format, &utc);
  return std::string(buf, n);
}

}  // namespace tenantsim
