// Splits $filter text (already percent-decoded) into tokens. Literal forms: 'strings' with ''
// escapes, unquoted DateTimeOffsets (0–7 fractional digits, Z or ±hh:mm), date-only literals
// (midnight UTC), unquoted GUIDs and integers (which no audit property accepts).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/odata/odata_error.h"

namespace tenantsim::odata {

enum class TokenKind : uint8_t {
  Identifier,  // property names, keywords (eq, and, any, null, …), function names
  String,      // 'text' -> text with '' unescaped
  DateTime,    // 2024-01-01T00:00:00Z or 2024-01-01
  Guid,        // 8-4-4-4-12 hex digits
  Integer,
  OpenParen,
  CloseParen,
  Comma,
  Colon,
  Slash,
  End,
};

struct Token {
  TokenKind kind;
  size_t offset;          // in the filter text, for error details
  std::string_view text;  // the raw characters (String: including quotes)
  std::string value;      // String: the unescaped contents
  int64_t ticks = 0;      // DateTime: 100 ns ticks since 1970-01-01T00:00:00Z
};

// Tokenizes the whole text; the last token is End. Errors are 400 "Invalid filter clause" with
// the reason in detail.
Result<std::vector<Token>> tokenizeFilter(std::string_view text);

}  // namespace tenantsim::odata
