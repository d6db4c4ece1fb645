#include "mockserver/odata/filter_lexer.h"

#include <cstdio>

namespace tenantsim::odata {
namespace {

constexpr int64_t kTicksPerSecond = 10'000'000;

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isIdentifierChar(char c) { return isAlpha(c) || isDigit(c) || c == '_'; }
bool isDateTimeChar(char c) {
  return isDigit(c) || c == '-' || c == ':' || c == '.' || c == '+' || c == 'T' || c == 't' ||
         c == 'Z' || c == 'z';
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

unsigned daysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads exactly `count` digits at `pos`, advancing it.
std::optional<int> readDigits(std::string_view text, size_t& pos, size_t count) {
  if (text.size() - pos < count) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (!isDigit(c)) return std::nullopt;
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

bool looksLikeGuid(std::string_view text, size_t pos) {
  if (text.size() - pos < 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    const char c = text[pos + i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !isHex(c)) return false;
  }
  return pos + 36 == text.size() || !(isIdentifierChar(text[pos + 36]) || text[pos + 36] == '-');
}

bool looksLikeDate(std::string_view text, size_t pos) {
  if (text.size() - pos < 10) return false;
  for (size_t i = 0; i < 10; ++i) {
    const char c = text[pos + i];
    if ((i == 4 || i == 7) ? c != '-' : !isDigit(c)) return false;
  }
  return true;
}

ODataError invalidClause(std::string detail) {
  return badRequest("Invalid filter clause", std::move(detail));
}

}  // namespace

std::optional<int64_t> parseDateTimeLiteral(std::string_view text) {
  size_t pos = 0;
  const auto year = readDigits(text, pos, 4);
  if (!year || !consume(text, pos, '-')) return std::nullopt;
  const auto month = readDigits(text, pos, 2);
  if (!month || !consume(text, pos, '-')) return std::nullopt;
  const auto day = readDigits(text, pos, 2);
  if (!day || *year < 1 || *month < 1 || *month > 12 || *day < 1 ||
      unsigned(*day) > daysInMonth(*year, unsigned(*month))) {
    return std::nullopt;
  }
  const int64_t days = daysFromCivil(*year, unsigned(*month), unsigned(*day));
  if (pos == text.size()) return days * 86400 * kTicksPerSecond;  // date-only: midnight UTC

  if (!consume(text, pos, 'T') && !consume(text, pos, 't')) return std::nullopt;
  const auto hour = readDigits(text, pos, 2);
  if (!hour || !consume(text, pos, ':')) return std::nullopt;
  const auto minute = readDigits(text, pos, 2);
  if (!minute) return std::nullopt;
  int second = 0;
  if (consume(text, pos, ':')) {
    const auto parsed = readDigits(text, pos, 2);
    if (!parsed) return std::nullopt;
    second = *parsed;
  }
  int64_t fraction = 0;
  if (consume(text, pos, '.')) {
    size_t digits = 0;
    while (pos < text.size() && isDigit(text[pos])) {
      if (++digits > 7) return std::nullopt;
      fraction = fraction * 10 + (text[pos++] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 7; ++digits) fraction *= 10;
  }
  if (*hour > 23 || *minute > 59 || second > 59) return std::nullopt;

  int offsetSeconds = 0;
  if (consume(text, pos, 'Z') || consume(text, pos, 'z')) {
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '-' ? -1 : 1;
    const auto offsetHour = readDigits(text, pos, 2);
    if (!offsetHour || !consume(text, pos, ':')) return std::nullopt;
    const auto offsetMinute = readDigits(text, pos, 2);
    if (!offsetMinute || *offsetMinute > 59 || *offsetHour * 60 + *offsetMinute > 14 * 60) {
      return std::nullopt;
    }
    offsetSeconds = sign * (*offsetHour * 3600 + *offsetMinute * 60);
  } else {
    return std::nullopt;  // OData DateTimeOffset literals must carry Z or an offset
  }
  if (pos != text.size()) return std::nullopt;
  const int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + second - offsetSeconds;
  return seconds * kTicksPerSecond + fraction;
}

std::string formatDateTime(int64_t ticks) {
  int64_t seconds = ticks / kTicksPerSecond;
  int64_t fraction = ticks % kTicksPerSecond;
  if (fraction < 0) {
    fraction += kTicksPerSecond;
    --seconds;
  }
  int64_t days = seconds / 86400;
  int64_t secondOfDay = seconds % 86400;
  if (secondOfDay < 0) {
    secondOfDay += 86400;
    --days;
  }
  // H. Hinnant's civil_from_days.
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%07lldZ",
                static_cast<long long>(year), month, day,
                static_cast<long long>(secondOfDay / 3600),
                static_cast<long long>(secondOfDay / 60 % 60),
                static_cast<long long>(secondOfDay % 60), static_cast<long long>(fraction));
  return buffer;
}

Result<std::vector<Token>> tokenizeFilter(std::string_view text) {
  std::vector<Token> tokens;
  size_t pos = 0;
  auto push = [&](TokenKind kind, size_t start, size_t end) {
    tokens.push_back(Token{kind, start, text.substr(start, end - start), {}, 0});
  };
  while (pos < text.size()) {
    const char c = text[pos];
    const size_t start = pos;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++pos;
    } else if (c == '(' || c == ')' || c == ',' || c == ':' || c == '/') {
      push(c == '('   ? TokenKind::OpenParen
           : c == ')' ? TokenKind::CloseParen
           : c == ',' ? TokenKind::Comma
           : c == ':' ? TokenKind::Colon
                      : TokenKind::Slash,
           pos, pos + 1);
      ++pos;
    } else if (c == '\'') {
      std::string value;
      ++pos;
      for (;;) {
        if (pos >= text.size()) {
          return invalidClause("unterminated string literal at position " + std::to_string(start));
        }
        if (text[pos] == '\'') {
          if (pos + 1 < text.size() && text[pos + 1] == '\'') {
            value.push_back('\'');
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        value.push_back(text[pos++]);
      }
      push(TokenKind::String, start, pos);
      tokens.back().value = std::move(value);
    } else if (isHex(c) && looksLikeGuid(text, pos)) {
      pos += 36;
      push(TokenKind::Guid, start, pos);
    } else if (looksLikeDate(text, pos)) {
      while (pos < text.size() && isDateTimeChar(text[pos])) ++pos;
      const std::string_view literal = text.substr(start, pos - start);
      const std::optional<int64_t> ticks = parseDateTimeLiteral(literal);
      if (!ticks) {
        const bool looksLikeDecodedPlus =
            pos + 1 < text.size() && text[pos] == ' ' && isDigit(text[pos + 1]);
        return invalidClause(concat(
            {"'", literal, "' is not a valid DateTimeOffset",
             looksLikeDecodedPlus ? " ('+' in a query string means a space: write %2B)" : ""}));
      }
      push(TokenKind::DateTime, start, pos);
      tokens.back().ticks = *ticks;
    } else if (isDigit(c) || (c == '-' && pos + 1 < text.size() && isDigit(text[pos + 1]))) {
      ++pos;
      while (pos < text.size() && isDigit(text[pos])) ++pos;
      push(TokenKind::Integer, start, pos);
    } else if (isAlpha(c) || c == '_') {
      while (pos < text.size() && isIdentifierChar(text[pos])) ++pos;
      push(TokenKind::Identifier, start, pos);
    } else {
      return invalidClause("unexpected character at position " + std::to_string(pos));
    }
  }
  push(TokenKind::End, text.size(), text.size());
  return tokens;
}

}  // namespace tenantsim::odata
