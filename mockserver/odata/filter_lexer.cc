#include "mockserver/odata/filter_lexer.h"

#include <algorithm>

#include "base/strings.h"
#include "base/time.h"

namespace tenantsim::odata {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isHex(char c) { return hexDigitValue(c) >= 0; }
bool isIdentifierChar(char c) { return isAlpha(c) || isDigit(c) || c == '_'; }
bool isDateTimeChar(char c) {
  return isDigit(c) || c == '-' || c == ':' || c == '.' || c == '+' || c == 'T' || c == 't' ||
         c == 'Z' || c == 'z';
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

Error invalidClause(std::string detail) {
  return badRequest("Invalid filter clause", std::move(detail));
}

}  // namespace

Result<std::vector<Token>> tokenizeFilter(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(std::min<size_t>(text.size() / 2 + 2, 64));  // a guess, to grow it once or never
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
      const size_t quote = text.find('\'', pos + 1);  // the literal's end, but for doubled quotes
      value.reserve((quote == std::string_view::npos ? text.size() : quote) - pos);
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
      const std::optional<int64_t> ticks = parseIsoTime(literal, IsoTimeSyntax::ODataLiteral);
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
