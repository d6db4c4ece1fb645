#include "mockserver/odata/filter_parser.h"

#include <algorithm>
#include <optional>
#include <string>

namespace tenantsim::odata {
namespace {

bool isLiteral(const Token& token) {
  switch (token.kind) {
    case TokenKind::String:
    case TokenKind::DateTime:
    case TokenKind::Guid:
    case TokenKind::Integer:
      return true;
    case TokenKind::Identifier:
      return token.text == "null" || token.text == "true" || token.text == "false";
    default:
      return false;
  }
}

std::optional<Operator> comparisonOperator(std::string_view word) {
  if (word == "eq") return Operator::Eq;
  if (word == "ne") return Operator::Ne;
  if (word == "gt") return Operator::Gt;
  if (word == "ge") return Operator::Ge;
  if (word == "lt") return Operator::Lt;
  if (word == "le") return Operator::Le;
  return std::nullopt;
}

// `literal op property` means `property mirrored(op) literal`.
Operator mirrored(Operator op) {
  switch (op) {
    case Operator::Gt:
      return Operator::Lt;
    case Operator::Ge:
      return Operator::Le;
    case Operator::Lt:
      return Operator::Gt;
    case Operator::Le:
      return Operator::Ge;
    default:
      return op;
  }
}

class FilterParser {
 public:
  FilterParser(std::vector<Token> tokens, int maxDepth)
      : tokens_(std::move(tokens)), maxDepth_(maxDepth) {}

  Result<SyntaxTree> run() {
    const std::optional<uint32_t> root = parseOr();
    if (root && peek().kind != TokenKind::End)
      fail("unexpected '" + std::string(peek().text) + "'");
    if (error_) return *error_;
    return SyntaxTree{std::move(tokens_), std::move(nodes_), *root};
  }

 private:
  const Token& peek(size_t ahead = 0) const {
    const size_t index = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[index];
  }
  bool atWord(std::string_view word) const {
    return peek().kind == TokenKind::Identifier && peek().text == word;
  }
  bool accept(TokenKind kind) {
    if (peek().kind != kind) return false;
    ++pos_;
    return true;
  }
  std::nullopt_t fail(std::string detail) {
    if (!error_) {
      const size_t at = peek().offset;
      error_ =
          badRequest("Invalid filter clause", detail + " (at position " + std::to_string(at) + ")");
    }
    return std::nullopt;
  }
  bool expect(TokenKind kind, std::string_view what) {
    if (accept(kind)) return true;
    fail("expected " + std::string(what));
    return false;
  }
  uint32_t add(SyntaxNode node) {
    nodes_.push_back(std::move(node));
    return static_cast<uint32_t>(nodes_.size() - 1);
  }

  // A run of 'and' or 'or' operands becomes one n-ary node, so evaluation depth stays bounded
  // by the nesting depth, not by the number of clauses.
  std::optional<uint32_t> parseChain(SyntaxKind kind, std::string_view word,
                                     std::optional<uint32_t> (FilterParser::*operand)()) {
    const std::optional<uint32_t> first = (this->*operand)();
    if (!first || !atWord(word)) return first;
    SyntaxNode chain{.kind = kind, .children = {*first}};
    while (atWord(word)) {
      ++pos_;
      const std::optional<uint32_t> next = (this->*operand)();
      if (!next) return std::nullopt;
      chain.children.push_back(*next);
    }
    return add(std::move(chain));
  }
  std::optional<uint32_t> parseOr() {
    return parseChain(SyntaxKind::Or, "or", &FilterParser::parseAnd);
  }
  std::optional<uint32_t> parseAnd() {
    return parseChain(SyntaxKind::And, "and", &FilterParser::parseUnary);
  }

  std::optional<uint32_t> parseUnary() {
    if (++depth_ > maxDepth_) return fail("nesting deeper than " + std::to_string(maxDepth_));
    std::optional<uint32_t> result;
    if (atWord("not")) {
      ++pos_;
      if (const std::optional<uint32_t> operand = parseUnary()) {
        result = add(SyntaxNode{.kind = SyntaxKind::Not, .children = {*operand}});
      }
    } else {
      result = parsePrimary();
    }
    --depth_;
    return result;
  }

  std::optional<uint32_t> parsePrimary() {
    if (accept(TokenKind::OpenParen)) {
      const std::optional<uint32_t> inner = parseOr();
      if (!inner || !expect(TokenKind::CloseParen, "')'")) return std::nullopt;
      return inner;
    }
    if (peek().kind == TokenKind::Identifier && peek(1).kind == TokenKind::OpenParen &&
        !isLiteral(peek()) && !atToLower()) {
      return parseFunctionCall();
    }
    return parseComparisonOrLambda();
  }

  bool atToLower() const {
    return peek().kind == TokenKind::Identifier && peek(1).kind == TokenKind::OpenParen &&
           equalsIgnoreAsciiCase(peek().text, "tolower");
  }

  // A path, or tolower(path) (sets lower).
  bool parseOperand(std::vector<std::string_view>& path, bool& lower) {
    if (!atToLower()) return parsePath(path);
    pos_ += 2;  // 'tolower' and '('
    lower = true;
    if (!parsePath(path)) return false;
    if (peek().kind == TokenKind::Slash) {
      fail("tolower takes a property");
      return false;
    }
    return expect(TokenKind::CloseParen, "')'");
  }

  std::optional<uint32_t> parseFunctionCall() {
    const std::string_view name = peek().text;
    const bool contains = equalsIgnoreAsciiCase(name, "contains");
    if (!contains && !equalsIgnoreAsciiCase(name, "startswith")) {
      return fail("function '" + std::string(name) + "' is not supported");
    }
    pos_ += 2;  // name and '('
    SyntaxNode call{.kind = contains ? SyntaxKind::Contains : SyntaxKind::StartsWith};
    if (!parseOperand(call.path, call.lower) || !expect(TokenKind::Comma, "','"))
      return std::nullopt;
    if (!isLiteral(peek()))
      return fail(std::string(contains ? "contains" : "startswith") +
                  " needs a literal second argument");
    call.literal = static_cast<uint32_t>(pos_++);
    if (!expect(TokenKind::CloseParen, "')'")) return std::nullopt;
    return add(std::move(call));
  }

  // A property path: name ('/' name)*. Stops before '/any(' so the caller sees the lambda.
  bool parsePath(std::vector<std::string_view>& path) {
    if (peek().kind != TokenKind::Identifier || isLiteral(peek())) {
      fail("expected a property name");
      return false;
    }
    path.push_back(tokens_[pos_++].text);
    while (peek().kind == TokenKind::Slash && peek(1).kind == TokenKind::Identifier &&
           !(peek(2).kind == TokenKind::OpenParen)) {
      path.push_back(tokens_[pos_ + 1].text);
      pos_ += 2;
    }
    return true;
  }

  std::optional<uint32_t> parseComparisonOrLambda() {
    SyntaxNode node{.kind = SyntaxKind::Compare};
    bool literalFirst = false;
    if (isLiteral(peek())) {
      literalFirst = true;
      node.literal = static_cast<uint32_t>(pos_++);
    } else {
      const bool lowered = atToLower();
      if (!parseOperand(node.path, node.lower)) return std::nullopt;
      if (!lowered && peek().kind == TokenKind::Slash) return parseLambda(std::move(node.path));
    }
    if (peek().kind != TokenKind::Identifier) return fail("expected a comparison operator");
    const std::optional<Operator> op = comparisonOperator(peek().text);
    if (!op) return fail("operator '" + std::string(peek().text) + "' is not supported");
    ++pos_;
    if (literalFirst) {
      if (!parseOperand(node.path, node.lower)) return std::nullopt;
      if (peek().kind == TokenKind::Slash) return fail("a lambda cannot be compared");
      node.op = mirrored(*op);
    } else {
      if (!isLiteral(peek())) return fail("expected a literal after the operator");
      node.literal = static_cast<uint32_t>(pos_++);
      node.op = *op;
    }
    return add(std::move(node));
  }

  // At '/' name '(' after the collection path.
  std::optional<uint32_t> parseLambda(std::vector<std::string_view> collection) {
    const std::string_view name = peek(1).text;
    if (!equalsIgnoreAsciiCase(name, "any")) {
      return fail("lambda operator '" + std::string(name) + "' is not supported");
    }
    pos_ += 3;  // '/', 'any', '('
    SyntaxNode lambda{.kind = SyntaxKind::Any, .path = std::move(collection)};
    if (accept(TokenKind::CloseParen)) return add(std::move(lambda));
    if (peek().kind != TokenKind::Identifier || isLiteral(peek())) {
      return fail("expected a range variable");
    }
    lambda.rangeVariable = tokens_[pos_++].text;
    if (!expect(TokenKind::Colon, "':'")) return std::nullopt;
    if (++depth_ > maxDepth_) return fail("nesting deeper than " + std::to_string(maxDepth_));
    const std::optional<uint32_t> body = parseOr();
    --depth_;
    if (!body || !expect(TokenKind::CloseParen, "')'")) return std::nullopt;
    lambda.children.push_back(*body);
    return add(std::move(lambda));
  }

  std::vector<Token> tokens_;
  std::vector<SyntaxNode> nodes_;
  size_t pos_ = 0;
  int depth_ = 0;
  int maxDepth_;
  std::optional<Error> error_;
};

}  // namespace

Result<SyntaxTree> parseFilter(std::string_view text, int maxDepth) {
  Result<std::vector<Token>> tokens = tokenizeFilter(text);
  if (!tokens) return tokens.error();
  return FilterParser(std::move(tokens).value(), maxDepth).run();
}

}  // namespace tenantsim::odata
