#include "mockserver/odata/filter.h"

#include <algorithm>
#include <charconv>

#include "base/time.h"
#include "mockserver/odata/filter_parser.h"

namespace tenantsim::odata {

namespace {

enum class NodeKind : uint8_t {
  And,
  Or,
  Not,
  StringCompare,    // eq/ne against `text`
  StartsWith,       // prefix `text`
  Contains,         // substring `text`
  NullCompare,      // eq null / ne null
  DateTimeCompare,  // op against `ticks`
  IntegerCompare,   // op against `ticks` (the integer literal)
  Any,              // first child (if any) is the body, evaluated per element
};

struct Node {
  NodeKind kind;
  Operator op = Operator::Eq;
  bool ignoreCase = false;
  bool lower = false;      // tolower(property): the value's ASCII letters lowered first
  bool onElement = false;  // reads the current lambda element, not the event
  Field field = Field::Id;
  Collection collection = Collection::TargetResources;
  int64_t ticks = 0;
  std::string text{};
  std::vector<uint32_t> children{};
};

char asciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// value (lowered first when `lower`: tolower()) against literal text.
bool equalStrings(std::string_view value, std::string_view text, bool ignoreCase,
                  bool lower = false) {
  if (!lower) return ignoreCase ? equalsIgnoreAsciiCase(value, text) : value == text;
  if (value.size() != text.size()) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    if (asciiLower(value[i]) != (ignoreCase ? asciiLower(text[i]) : text[i])) return false;
  }
  return true;
}

bool startsWith(std::string_view value, std::string_view prefix, bool ignoreCase, bool lower) {
  if (value.size() < prefix.size()) return false;
  return equalStrings(value.substr(0, prefix.size()), prefix, ignoreCase, lower);
}

bool containsText(std::string_view value, std::string_view part, bool ignoreCase, bool lower) {
  if (part.size() > value.size()) return false;
  for (size_t at = 0; at + part.size() <= value.size(); ++at) {
    if (equalStrings(value.substr(at, part.size()), part, ignoreCase, lower)) return true;
  }
  return false;
}

bool compareTicks(int64_t value, Operator op, int64_t literal) {
  switch (op) {
    case Operator::Eq:
      return value == literal;
    case Operator::Ne:
      return value != literal;
    case Operator::Gt:
      return value > literal;
    case Operator::Ge:
      return value >= literal;
    case Operator::Lt:
      return value < literal;
    case Operator::Le:
      return value <= literal;
    case Operator::StartsWith:
    case Operator::Contains:
      return false;
  }
  return false;
}

}  // namespace

struct CompiledFilter::Program {
  std::vector<Node> nodes;
  uint32_t root = 0;
  bool empty = true;
  FilterPlan plan;

  // The element index is meaningful only for nodes with onElement set (inside an any()).
  bool evaluate(uint32_t index, const FieldSource& source, Collection collection,
                size_t element) const {
    const Node& node = nodes[index];
    auto readString = [&]() {
      return node.onElement ? source.elementString(collection, element, node.field)
                            : source.string(node.field);
    };
    switch (node.kind) {
      case NodeKind::And:
        for (uint32_t child : node.children) {
          if (!evaluate(child, source, collection, element)) return false;
        }
        return true;
      case NodeKind::Or:
        for (uint32_t child : node.children) {
          if (evaluate(child, source, collection, element)) return true;
        }
        return false;
      case NodeKind::Not:
        return !evaluate(node.children[0], source, collection, element);
      case NodeKind::StringCompare: {
        const std::optional<std::string_view> value = readString();
        const bool equal = value && equalStrings(*value, node.text, node.ignoreCase, node.lower);
        return node.op == Operator::Eq ? equal : !equal;
      }
      case NodeKind::StartsWith: {
        const std::optional<std::string_view> value = readString();
        return value && startsWith(*value, node.text, node.ignoreCase, node.lower);
      }
      case NodeKind::Contains: {
        const std::optional<std::string_view> value = readString();
        return value && containsText(*value, node.text, node.ignoreCase, node.lower);
      }
      case NodeKind::NullCompare: {
        const bool isNull = !readString().has_value();
        return node.op == Operator::Eq ? isNull : !isNull;
      }
      case NodeKind::DateTimeCompare:
        return compareTicks(source.dateTime(node.field), node.op, node.ticks);
      case NodeKind::IntegerCompare:
        return compareTicks(source.integer(node.field), node.op, node.ticks);
      case NodeKind::Any: {
        const size_t count = source.count(node.collection);
        if (node.children.empty()) return count > 0;
        for (size_t i = 0; i < count; ++i) {
          if (evaluate(node.children[0], source, node.collection, i)) return true;
        }
        return false;
      }
    }
    return false;
  }
};

namespace {

Error invalidClause(std::string detail) {
  return badRequest("Invalid filter clause", std::move(detail));
}

Error propertyNotFound(std::string_view name, std::string_view type) {
  return badRequest("Invalid filter clause: Could not find a property named '" + std::string(name) +
                    "' on type '" + std::string(type) + "'.");
}

std::string joinPath(const std::vector<std::string_view>& segments, size_t from = 0) {
  std::string joined;
  for (size_t i = from; i < segments.size(); ++i) {
    if (i > from) joined.push_back('/');
    joined.append(segments[i]);
  }
  return joined;
}

// Binds a syntax tree to an endpoint, producing the evaluable nodes.
class FilterBinder {
 public:
  FilterBinder(const SyntaxTree& tree, const EndpointCapabilities& caps,
               const FilterOptions& options, std::vector<Node>& out)
      : tree_(tree), caps_(caps), options_(options), out_(out) {}

  // The lambda in scope while binding an any() body.
  struct Scope {
    const LambdaCollection* collection = nullptr;
    std::string_view rangeVariable;
  };

  Result<uint32_t> bind(uint32_t index, const Scope& scope) {
    const SyntaxNode& syntax = tree_.nodes[index];
    switch (syntax.kind) {
      case SyntaxKind::And:
      case SyntaxKind::Or:
      case SyntaxKind::Not:
        return bindLogical(syntax, scope);
      case SyntaxKind::Compare:
      case SyntaxKind::StartsWith:
      case SyntaxKind::Contains:
        return bindComparison(syntax, scope);
      case SyntaxKind::Any:
        return bindAny(syntax, scope);
    }
    return invalidClause("unknown node");
  }

 private:
  uint32_t add(Node node) {
    out_.push_back(std::move(node));
    return static_cast<uint32_t>(out_.size() - 1);
  }

  Result<uint32_t> bindLogical(const SyntaxNode& syntax, const Scope& scope) {
    Node node{.kind = syntax.kind == SyntaxKind::And  ? NodeKind::And
                      : syntax.kind == SyntaxKind::Or ? NodeKind::Or
                                                      : NodeKind::Not};
    if (node.kind == NodeKind::Or && !caps_.allowOr) return invalidClause("'or' is not supported");
    if (node.kind == NodeKind::Not && !caps_.allowNot) {
      return invalidClause("'not' is not supported");
    }
    if (node.kind == NodeKind::And && !caps_.allowAnd) {
      return invalidClause("'and' is not supported");
    }
    for (uint32_t child : syntax.children) {
      Result<uint32_t> bound = bind(child, scope);
      if (!bound) return bound;
      node.children.push_back(bound.value());
    }
    return add(std::move(node));
  }

  Result<const FilterableProperty*> resolve(const std::vector<std::string_view>& path,
                                            const Scope& scope) {
    if (scope.collection == nullptr) {
      if (const FilterableProperty* found = caps_.findProperty(joinPath(path))) return found;
      if (caps_.canonicalTopLevel(path[0]).empty()) {
        return propertyNotFound(path[0], caps_.entityType);
      }
      return invalidClause(concat({"'", joinPath(path), "' cannot be used in $filter"}));
    }
    if (path.size() == 1 && path[0] == scope.rangeVariable) {  // a collection of primitives
      if (const FilterableProperty* found = caps_.findElementProperty(*scope.collection, ""))
        return found;
    }
    if (path[0] != scope.rangeVariable || path.size() < 2) {
      return invalidClause("inside any(), properties must be written '" +
                           std::string(scope.rangeVariable) + "/<property>'");
    }
    const std::string elementPath = joinPath(path, 1);
    if (const FilterableProperty* found =
            caps_.findElementProperty(*scope.collection, elementPath)) {
      return found;
    }
    for (std::string_view known : scope.collection->allElementProperties) {
      if (caps_.namesEqual(known, path[1])) {
        return invalidClause(concat({"'", elementPath, "' cannot be used in $filter"}));
      }
    }
    return propertyNotFound(path[1], scope.collection->elementType);
  }

  Result<uint32_t> bindComparison(const SyntaxNode& syntax, const Scope& scope) {
    Result<const FilterableProperty*> resolved = resolve(syntax.path, scope);
    if (!resolved) return resolved.error();
    const FilterableProperty& property = *resolved.value();
    const Operator op = syntax.kind == SyntaxKind::StartsWith ? Operator::StartsWith
                        : syntax.kind == SyntaxKind::Contains ? Operator::Contains
                                                              : syntax.op;
    const std::string written = joinPath(syntax.path);
    if (syntax.lower && (!caps_.allowToLower || property.type != ValueType::String))
      return invalidClause("function 'tolower' is not supported on '" + written + "'");
    if (!property.operators.contains(op)) {
      return invalidClause("operator '" + std::string(operatorName(op)) +
                           "' is not supported on '" + written + "'");
    }
    const Token& literal = tree_.tokens[syntax.literal];
    Node node{.kind = NodeKind::StringCompare,
              .op = op,
              .onElement = scope.collection != nullptr,
              .field = property.field};
    const std::string mismatch =
        "literal " + std::string(literal.text) + " does not match the type of '" + written + "'";
    const bool isNull = literal.kind == TokenKind::Identifier && literal.text == "null";

    if (property.type == ValueType::DateTime) {
      node.kind = NodeKind::DateTimeCompare;
      if (literal.kind == TokenKind::DateTime) {
        node.ticks = literal.ticks;
      } else if (literal.kind == TokenKind::String && caps_.lenient &&
                 parseIsoTime(literal.value, IsoTimeSyntax::ODataLiteral)) {
        node.ticks = *parseIsoTime(literal.value, IsoTimeSyntax::ODataLiteral);
      } else {
        return invalidClause(mismatch);
      }
      return add(std::move(node));
    }
    if (property.type == ValueType::Integer) {
      node.kind = NodeKind::IntegerCompare;
      int64_t value = 0;
      const char* end = literal.text.data() + literal.text.size();
      const auto parsed = std::from_chars(literal.text.data(), end, value);
      if (literal.kind != TokenKind::Integer || parsed.ec != std::errc() || parsed.ptr != end)
        return invalidClause(mismatch);
      node.ticks = value;
      return add(std::move(node));
    }
    if (isNull && (op == Operator::Eq || op == Operator::Ne)) {
      node.kind = NodeKind::NullCompare;
      return add(std::move(node));
    }
    const bool guidProperty = property.type == ValueType::Guid;
    if (literal.kind == TokenKind::String) {
      node.text = literal.value;
    } else if (literal.kind == TokenKind::Guid && op != Operator::StartsWith &&
               op != Operator::Contains && (guidProperty || caps_.lenient)) {
      node.text = std::string(literal.text);
    } else {
      return invalidClause(mismatch);
    }
    node.ignoreCase = guidProperty || property.ignoreCase || options_.caseInsensitiveStrings;
    node.lower = syntax.lower;
    if (op == Operator::StartsWith) node.kind = NodeKind::StartsWith;
    if (op == Operator::Contains) node.kind = NodeKind::Contains;
    return add(std::move(node));
  }

  Result<uint32_t> bindAny(const SyntaxNode& syntax, const Scope& scope) {
    if (scope.collection != nullptr) return invalidClause("nested any() is not supported");
    const std::string written = joinPath(syntax.path);
    const LambdaCollection* collection =
        syntax.path.size() == 1 ? caps_.findCollection(syntax.path[0]) : nullptr;
    if (collection == nullptr) {
      if (caps_.canonicalTopLevel(syntax.path[0]).empty()) {
        return propertyNotFound(syntax.path[0], caps_.entityType);
      }
      return invalidClause(concat({"'", written, "' cannot be used with any()"}));
    }
    Node node{.kind = NodeKind::Any, .collection = collection->collection};
    if (!syntax.children.empty()) {
      Result<uint32_t> body = bind(syntax.children[0], Scope{collection, syntax.rangeVariable});
      if (!body) return body;
      node.children.push_back(body.value());
    }
    return add(std::move(node));
  }

  const SyntaxTree& tree_;
  const EndpointCapabilities& caps_;
  const FilterOptions& options_;
  std::vector<Node>& out_;
};

void lowerBound(std::optional<int64_t>& bound, int64_t value) {
  bound = bound ? std::max(*bound, value) : value;
}
void upperBound(std::optional<int64_t>& bound, int64_t value) {
  bound = bound ? std::min(*bound, value) : value;
}

bool isTimeComparison(const Node& node) {
  return node.kind == NodeKind::DateTimeCompare &&
         (node.field == Field::ActivityDateTime || node.field == Field::CreatedDateTime ||
          node.field == Field::DetectedDateTime) &&
         !node.onElement;
}

// The `eq` constraints among conjuncts: top-level equalities and those inside any() bodies.
void collectEqualities(const std::vector<Node>& nodes, const std::vector<uint32_t>& conjuncts,
                       std::vector<EqualityConstraint>& equalities,
                       std::vector<EqualityConstraint>& elementEqualities) {
  for (uint32_t index : conjuncts) {
    const Node& node = nodes[index];
    if (node.kind == NodeKind::StringCompare && node.op == Operator::Eq && !node.onElement) {
      equalities.push_back({node.field, node.text, node.ignoreCase || node.lower});
    } else if (node.kind == NodeKind::IntegerCompare && node.op == Operator::Eq) {
      equalities.push_back({node.field, std::to_string(node.ticks), false});
    } else if (node.kind == NodeKind::Any && !node.children.empty()) {
      const Node& body = nodes[node.children[0]];
      std::vector<uint32_t> parts = {node.children[0]};
      if (body.kind == NodeKind::And) parts = body.children;
      for (uint32_t part : parts) {
        const Node& element = nodes[part];
        if (element.kind == NodeKind::StringCompare && element.op == Operator::Eq &&
            element.onElement) {
          elementEqualities.push_back({element.field, element.text, element.ignoreCase});
        }
      }
    }
  }
}

std::vector<uint32_t> conjunctsOf(const std::vector<Node>& nodes, uint32_t index) {
  if (nodes[index].kind == NodeKind::And) return nodes[index].children;
  return {index};
}

FilterPlan buildPlan(const std::vector<Node>& nodes, uint32_t root) {
  FilterPlan plan;
  const std::vector<uint32_t> conjuncts = conjunctsOf(nodes, root);
  for (uint32_t index : conjuncts) {
    const Node& node = nodes[index];
    if (isTimeComparison(node)) {
      switch (node.op) {
        case Operator::Eq:
          lowerBound(plan.timeLo, node.ticks);
          upperBound(plan.timeHi, node.ticks);
          break;
        case Operator::Ge:
          lowerBound(plan.timeLo, node.ticks);
          break;
        case Operator::Gt:
          lowerBound(plan.timeLo, node.ticks + 1);
          break;
        case Operator::Le:
          upperBound(plan.timeHi, node.ticks);
          break;
        case Operator::Lt:
          upperBound(plan.timeHi, node.ticks - 1);
          break;
        default:
          break;
      }
    } else if (node.kind == NodeKind::Or) {
      std::vector<FilterPlan::Disjunct> disjuncts(node.children.size());
      for (size_t i = 0; i < node.children.size(); ++i) {
        collectEqualities(nodes, conjunctsOf(nodes, node.children[i]), disjuncts[i].equalities,
                          disjuncts[i].elementEqualities);
      }
      plan.alternatives.push_back(std::move(disjuncts));
    }
  }
  collectEqualities(nodes, conjuncts, plan.equalities, plan.elementEqualities);
  for (const Node& node : nodes) {
    if (!isTimeComparison(node)) continue;
    const int64_t bound = node.op == Operator::Gt ? node.ticks + 1 : node.ticks;
    if (node.op == Operator::Eq || node.op == Operator::Ge || node.op == Operator::Gt) {
      plan.earliestLowerBound =
          plan.earliestLowerBound ? std::min(*plan.earliestLowerBound, bound) : bound;
    }
  }
  return plan;
}

}  // namespace

CompiledFilter::CompiledFilter() : program_(std::make_shared<const Program>()) {}

CompiledFilter::CompiledFilter(std::shared_ptr<const Program> program)
    : program_(std::move(program)) {}

Result<CompiledFilter> CompiledFilter::compile(std::string_view text,
                                               const EndpointCapabilities& caps,
                                               const FilterOptions& options) {
  if (text.empty()) return CompiledFilter();
  if (text.size() > options.maxLength) {
    return invalidClause("the filter is longer than " + std::to_string(options.maxLength) +
                         " characters");
  }
  Result<SyntaxTree> tree = parseFilter(text, options.maxDepth);
  if (!tree) return tree.error();
  auto program = std::make_shared<Program>();
  Result<uint32_t> root =
      FilterBinder(tree.value(), caps, options, program->nodes).bind(tree->root, {});
  if (!root) return root.error();
  program->root = root.value();
  program->empty = false;
  program->plan = buildPlan(program->nodes, program->root);
  return CompiledFilter(std::move(program));
}

bool CompiledFilter::matches(const FieldSource& source) const {
  if (program_->empty) return true;
  return program_->evaluate(program_->root, source, Collection::TargetResources, 0);
}

const FilterPlan& CompiledFilter::plan() const { return program_->plan; }

bool CompiledFilter::matchesEverything() const { return program_->empty; }

bool CompiledFilter::usesCollection(Collection collection) const {
  for (const Node& node : program_->nodes)
    if (node.kind == NodeKind::Any && node.collection == collection) return true;
  return false;
}

}  // namespace tenantsim::odata
