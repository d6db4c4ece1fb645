// Time as the whole project counts it: Ticks (100 ns since 1970-01-01T00:00:00Z, .NET's unit and
// Graph's seven fractional digits), the UTC calendar (on <chrono>), and the ISO-8601 forms Graph,
// Azure Monitor, Entra and the scenario files use.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace tenantsim {

using Ticks = int64_t;
constexpr Ticks kTicksPerSecond = 10'000'000;
constexpr Ticks kTicksPerMinute = 60 * kTicksPerSecond;
constexpr Ticks kTicksPerHour = 60 * kTicksPerMinute;
constexpr Ticks kTicksPerDay = 24 * kTicksPerHour;

// The UTC civil fields of a time; `fraction` is in ticks (0 to 9,999,999).
struct CivilTime {
  int year;
  unsigned month, day, hour, minute, second;
  uint32_t fraction;
};
CivilTime civilTime(Ticks t);
// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t daysFromCivil(int year, unsigned month, unsigned day);
unsigned daysInMonth(int year, unsigned month);

// The two ISO-8601 grammars accepted as input.
enum class IsoTimeSyntax {
  // Scenario files: a date alone (midnight UTC), or date 'T'|'t'|' ' hh:mm:ss[.f{1,7}] and
  // 'Z'|'z'|±hh:mm.
  Scenario,
  // OData DateTimeOffset literals in $filter: a date alone, or date 'T'|'t' hh:mm[:ss[.f{1,7}]]
  // and 'Z'|'z'|±hh:mm with an offset of at most 14:00; year 0001 or later.
  ODataLiteral,
};
// The ticks of text, or nullopt unless the whole text is one valid time of that grammar.
std::optional<Ticks> parseIsoTime(std::string_view text,
                                  IsoTimeSyntax syntax = IsoTimeSyntax::Scenario);

// "YYYY-MM-DDTHH:MM:SS.fffffffZ": Graph's seven-digit UTC form.
void appendIsoTime(std::string& out, Ticks t);
std::string formatIsoTime(Ticks t);
// "YYYY-MM-DDTHH:MM:SS.fffffff+00:00": the offset form (Azure Monitor, Graph's policy objects).
void appendIsoTimeWithOffset(std::string& out, Ticks t);
std::string formatIsoTimeWithOffset(Ticks t);
// "20261101T000512Z": a file-name-safe token, seconds precision.
void appendCompactTime(std::string& out, Ticks t);

// Real (wall-clock) Unix seconds: tokens and certificates live in real time even when the server
// clock is simulated.
int64_t wallClockSeconds();

// A wall-clock instant (seconds since the epoch) in UTC through a strftime format, e.g.
// "%Y-%m-%dT%H:%M:%S" (Graph's innerError.date) or "%a, %d %b %Y %H:%M:%S GMT" (RFC 1123).
std::string formatUtcSeconds(std::time_t seconds, const char* format);

}  // namespace tenantsim
