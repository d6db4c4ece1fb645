// Recursive-descent parser from $filter tokens to a syntax tree; no metadata is consulted here
// (binding against an endpoint's capabilities happens in filter.cc, after the whole text parsed).
//
//   or      := and ('or' and)*
//   and     := unary ('and' unary)*
//   unary   := 'not' unary | primary
//   primary := '(' or ')'
//            | name '(' operand ',' literal ')'           -- startswith, contains, any case
//            | path '/' 'any' '(' [ var ':' or ] ')'      -- lambda, any whitespace
//            | operand op operand                         -- one path, one literal
//   operand := path | 'tolower' '(' path ')'               -- tolower: where capabilities allow
//   op      := eq | ne | gt | ge | lt | le
//   literal := 'string' | datetime | date | guid | integer | null | true | false
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter_lexer.h"
#include "mockserver/odata/odata_error.h"

namespace tenantsim::odata {

enum class SyntaxKind : uint8_t { And, Or, Not, Compare, StartsWith, Contains, Any };

struct SyntaxNode {
  SyntaxKind kind;
  std::vector<uint32_t> children{};      // And/Or: two or more; Not: one; Any: zero or one
  std::vector<std::string_view> path{};  // Compare/StartsWith: the property; Any: collection
  Operator op = Operator::Eq;            // Compare (already mirrored if written literal-first)
  uint32_t literal = 0;                  // Compare/StartsWith: index into SyntaxTree::tokens
  std::string_view rangeVariable{};      // Any with a body
  bool lower = false;                    // Compare/StartsWith/Contains: tolower(path)
};

struct SyntaxTree {
  std::vector<Token> tokens;
  std::vector<SyntaxNode> nodes;
  uint32_t root = 0;
};

// Parses `text` (views in the result point into it: keep it alive). Parentheses, 'not' and
// lambdas nested deeper than maxDepth are rejected before they can exhaust the stack. Errors are
// 400 "Invalid filter clause" with the reason in detail.
Result<SyntaxTree> parseFilter(std::string_view text, int maxDepth);

}  // namespace tenantsim::odata
