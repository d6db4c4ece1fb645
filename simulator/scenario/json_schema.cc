#include "simulator/scenario/json_schema.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>

#include "base/strings.h"
#include "simulator/scenario/json_locations.h"

namespace tenantsim {

using nlohmann::json;

struct JsonSchema::Compiled {
  json root;
  std::map<const json*, std::regex> patterns;     // keyed by the schema object holding it
  std::map<std::string, const json*> references;  // "$ref" value -> target schema
  std::map<std::string, FormatChecker> format_checkers;
};

namespace {

constexpr int kMaxReferenceDepth = 64;
constexpr size_t kMaxQuotedLength = 60;

// A violation while validating; `mismatch` marks a wrong type or const at the checked value
// itself, which tells oneOf/anyOf that the branch was not the one the author meant.
struct Issue {
  std::string path;
  std::string message;
  bool mismatch = false;
};

std::string dumpSafely(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// "string \"ten\"", "number 1.5", "boolean true", "null", "an object", "an array".
std::string describeValue(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean " + dumpSafely(value);
    case json::value_t::string: {
      std::string quoted = dumpSafely(value);
      if (quoted.size() > kMaxQuotedLength) {
        size_t cut = kMaxQuotedLength;
        while (cut > 0 && (static_cast<unsigned char>(quoted[cut]) & 0xC0) == 0x80) --cut;
        quoted = quoted.substr(0, cut) + "...\"";
      }
      return "string " + quoted;
    }
    default:
      return "number " + dumpSafely(value);
  }
}

std::string typeWithArticle(const std::string& type) {
  if (type == "integer" || type == "object" || type == "array") return "an " + type;
  if (type == "null") return "null";
  return "a " + type;
}

bool isIntegral(double number) {
  return std::isfinite(number) && std::floor(number) == number && std::fabs(number) < 9.0e15;
}

bool hasType(const json& value, const std::string& type) {
  if (type == "integer") {
    return value.is_number_integer() ||
           (value.is_number_float() && isIntegral(value.get<double>()));
  }
  if (type == "number") return value.is_number();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "null") return value.is_null();
  return false;
}

std::vector<std::string> typeList(const json& type) {
  std::vector<std::string> types;
  if (type.is_string()) types.push_back(type.get<std::string>());
  if (type.is_array()) {
    for (const json& t : type) {
      if (t.is_string()) types.push_back(t.get<std::string>());
    }
  }
  return types;
}

std::string joinWithOr(const std::vector<std::string>& parts) {
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += i + 1 == parts.size() ? " or " : ", ";
    joined += parts[i];
  }
  return joined;
}

size_t codePointCount(const std::string& text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// "(did you mean 'users'?)" style suffix, or "" when nothing is close.
std::string suggestionSuffix(std::string_view word, const std::vector<std::string>& candidates,
                             char quote) {
  std::string best = closestMatch(word, candidates);
  if (best.empty()) return "";
  return std::string(" (did you mean ") + quote + best + quote + "?)";
}

class Validator {
 public:
  explicit Validator(const JsonSchema::Compiled& compiled) : compiled_(compiled) {}

  void check(const json& schema, const json& value, const std::string& path,
             std::vector<Issue>& out, int depth) const {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) out.push_back({path, "is not allowed here", true});
      return;
    }
    if (!schema.is_object() || depth > kMaxReferenceDepth) return;
    if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
      auto target = compiled_.references.find(ref->get<std::string>());
      if (target != compiled_.references.end()) check(*target->second, value, path, out, depth + 1);
    }
    if (!checkType(schema, value, path, out)) return;
    if (auto expected = schema.find("const"); expected != schema.end() && *expected != value) {
      out.push_back(
          {path, "must be " + dumpSafely(*expected) + ", got " + describeValue(value), true});
      return;
    }
    checkEnum(schema, value, path, out);
    if (value.is_number()) checkNumber(schema, value, path, out);
    if (value.is_string()) checkString(schema, value, path, out);
    if (value.is_object()) checkObject(schema, value, path, out, depth);
    if (value.is_array()) checkArray(schema, value, path, out, depth);
    if (auto one_of = schema.find("oneOf"); one_of != schema.end() && one_of->is_array()) {
      checkAlternatives(*one_of, true, value, path, out, depth);
    }
    if (auto any_of = schema.find("anyOf"); any_of != schema.end() && any_of->is_array()) {
      checkAlternatives(*any_of, false, value, path, out, depth);
    }
  }

 private:
  bool checkType(const json& schema, const json& value, const std::string& path,
                 std::vector<Issue>& out) const {
    auto type = schema.find("type");
    if (type == schema.end()) return true;
    std::vector<std::string> types = typeList(*type);
    for (const std::string& t : types) {
      if (hasType(value, t)) return true;
    }
    std::vector<std::string> described;
    for (const std::string& t : types) described.push_back(typeWithArticle(t));
    out.push_back(
        {path, "must be " + joinWithOr(described) + ", got " + describeValue(value), true});
    return false;
  }

  void checkEnum(const json& schema, const json& value, const std::string& path,
                 std::vector<Issue>& out) const {
    auto allowed = schema.find("enum");
    if (allowed == schema.end() || !allowed->is_array()) return;
    if (std::find(allowed->begin(), allowed->end(), value) != allowed->end()) return;
    std::string listed;
    std::vector<std::string> strings;
    for (const json& option : *allowed) {
      listed += (listed.empty() ? "" : ", ") + dumpSafely(option);
      if (option.is_string()) strings.push_back(option.get<std::string>());
    }
    std::string message = "must be one of " + listed + ", got " + describeValue(value);
    if (value.is_string()) message += suggestionSuffix(value.get<std::string>(), strings, '"');
    out.push_back({path, message});
  }

  void checkNumber(const json& schema, const json& value, const std::string& path,
                   std::vector<Issue>& out) const {
    double number = value.get<double>();
    auto bound = [&](const char* keyword, auto violates, const char* phrase) {
      auto limit = schema.find(keyword);
      if (limit == schema.end() || !limit->is_number()) return;
      if (violates(number, limit->get<double>())) {
        out.push_back({path, std::string("must be ") + phrase + " " + dumpSafely(*limit) +
                                 ", got " + dumpSafely(value)});
      }
    };
    bound(
        "minimum", [](double n, double l) { return n < l; }, "at least");
    bound(
        "maximum", [](double n, double l) { return n > l; }, "at most");
    bound(
        "exclusiveMinimum", [](double n, double l) { return n <= l; }, "greater than");
    bound(
        "exclusiveMaximum", [](double n, double l) { return n >= l; }, "less than");
  }

  void checkString(const json& schema, const json& value, const std::string& path,
                   std::vector<Issue>& out) const {
    const std::string& text = value.get_ref<const std::string&>();
    size_t length = codePointCount(text);
    auto min_length = schema.find("minLength");
    if (min_length != schema.end() && min_length->is_number_unsigned() &&
        length < min_length->get<size_t>()) {
      out.push_back({path, "must be at least " + dumpSafely(*min_length) +
                               " characters long, got " + std::to_string(length)});
    }
    auto max_length = schema.find("maxLength");
    if (max_length != schema.end() && max_length->is_number_unsigned() &&
        length > max_length->get<size_t>()) {
      out.push_back({path, "must be at most " + dumpSafely(*max_length) + " characters long, got " +
                               std::to_string(length)});
      return;  // too long to be worth matching against a pattern
    }
    auto expected = schema.find("x-expected");
    auto describeExpected = [&](const std::string& fallback) {
      return expected != schema.end() && expected->is_string() ? expected->get<std::string>()
                                                               : fallback;
    };
    auto pattern = compiled_.patterns.find(&schema);
    if (pattern != compiled_.patterns.end() && !std::regex_search(text, pattern->second)) {
      std::string source = schema.value("pattern", "");
      out.push_back({path, "must be " + describeExpected("a string matching " + source) + ", got " +
                               describeValue(value)});
      return;
    }
    auto format = schema.find("format");
    if (format == schema.end() || !format->is_string()) return;
    auto checker = compiled_.format_checkers.find(format->get<std::string>());
    if (checker != compiled_.format_checkers.end() && !checker->second(text)) {
      out.push_back({path, "must be " + describeExpected("a valid " + checker->first) + ", got " +
                               describeValue(value)});
    }
  }

  void checkObject(const json& schema, const json& value, const std::string& path,
                   std::vector<Issue>& out, int depth) const {
    if (auto required = schema.find("required"); required != schema.end() && required->is_array()) {
      for (const json& key : *required) {
        if (key.is_string() && !value.contains(key.get<std::string>())) {
          out.push_back({path, "missing required key '" + key.get<std::string>() + "'"});
        }
      }
    }
    auto properties = schema.find("properties");
    bool has_properties = properties != schema.end() && properties->is_object();
    auto additional = schema.find("additionalProperties");
    std::vector<std::string> known;
    if (has_properties) {
      for (const auto& [key, unused] : properties->items()) known.push_back(key);
    }
    for (const auto& [key, member] : value.items()) {
      std::string member_path = jsonPathChild(path, key);
      if (has_properties && properties->contains(key)) {
        check((*properties)[key], member, member_path, out, depth);
      } else if (additional != schema.end() && additional->is_boolean() &&
                 !additional->get<bool>()) {
        out.push_back(
            {member_path, "unknown key '" + key + "'" + suggestionSuffix(key, known, '\'')});
      } else if (additional != schema.end() && additional->is_object()) {
        check(*additional, member, member_path, out, depth);
      }
    }
  }

  void checkArray(const json& schema, const json& value, const std::string& path,
                  std::vector<Issue>& out, int depth) const {
    auto count_bound = [&](const char* keyword, bool is_minimum) {
      auto limit = schema.find(keyword);
      if (limit == schema.end() || !limit->is_number_unsigned()) return;
      size_t bound = limit->get<size_t>();
      if (is_minimum ? value.size() < bound : value.size() > bound) {
        out.push_back({path, std::string("must have ") + (is_minimum ? "at least " : "at most ") +
                                 std::to_string(bound) + " items, got " +
                                 std::to_string(value.size())});
      }
    };
    count_bound("minItems", true);
    count_bound("maxItems", false);
    auto items = schema.find("items");
    if (items == schema.end()) return;
    for (size_t i = 0; i < value.size(); ++i) {
      check(*items, value[i], jsonPathIndex(path, i), out, depth);
    }
  }

  // oneOf/anyOf: when no alternative matches, reports the errors of the alternative whose type
  // fits the value (the fewest errors wins), or one "must be X or Y" message when none fits.
  void checkAlternatives(const json& alternatives, bool exactly_one, const json& value,
                         const std::string& path, std::vector<Issue>& out, int depth) const {
    std::vector<std::vector<Issue>> results;
    size_t matches = 0;
    for (const json& alternative : alternatives) {
      results.emplace_back();
      check(alternative, value, path, results.back(), depth + 1);
      if (results.back().empty()) ++matches;
    }
    if (matches == 1 || (matches > 1 && !exactly_one)) return;
    if (matches > 1) {
      out.push_back({path, "matches more than one of the allowed forms"});
      return;
    }
    const std::vector<Issue>* best = nullptr;
    for (const std::vector<Issue>& issues : results) {
      bool mismatched = std::any_of(issues.begin(), issues.end(), [&](const Issue& issue) {
        return issue.mismatch && issue.path == path;
      });
      if (!mismatched && (best == nullptr || issues.size() < best->size())) best = &issues;
    }
    if (best != nullptr) {
      out.insert(out.end(), best->begin(), best->end());
      return;
    }
    std::vector<std::string> forms;
    for (const json& alternative : alternatives) forms.push_back(describeForm(alternative, 0));
    out.push_back({path, "must be " + joinWithOr(forms) + ", got " + describeValue(value), true});
  }

  std::string describeForm(const json& schema, int depth) const {
    if (!schema.is_object() || depth > kMaxReferenceDepth) return "a valid value";
    if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
      auto target = compiled_.references.find(ref->get<std::string>());
      if (target != compiled_.references.end()) return describeForm(*target->second, depth + 1);
    }
    if (auto constant = schema.find("const"); constant != schema.end())
      return dumpSafely(*constant);
    if (auto type = schema.find("type"); type != schema.end()) {
      std::vector<std::string> described;
      for (const std::string& t : typeList(*type)) described.push_back(typeWithArticle(t));
      return joinWithOr(described);
    }
    return "a valid value";
  }

  const JsonSchema::Compiled& compiled_;
};

// Compiles the patterns and resolves the references found anywhere in `node`.
Status prepare(const json& node, JsonSchema::Compiled& compiled) {
  if (node.is_array()) {
    for (const json& element : node)
      if (Status prepared = prepare(element, compiled); !prepared) return prepared;
    return {};
  }
  if (!node.is_object()) return {};
  if (auto pattern = node.find("pattern"); pattern != node.end() && pattern->is_string()) {
    try {
      compiled.patterns.emplace(&node,
                                std::regex(pattern->get<std::string>(), std::regex::ECMAScript));
    } catch (const std::regex_error& error) {
      return plainError("invalid pattern " + pattern->get<std::string>() + ": " + error.what());
    }
  }
  if (auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) {
    const std::string& target = ref->get_ref<const std::string&>();
    try {
      if (target.empty() || target[0] != '#') throw std::invalid_argument("not local");
      compiled.references[target] = &compiled.root.at(json::json_pointer(target.substr(1)));
    } catch (const std::exception&) {
      return plainError("unresolvable $ref " + target);
    }
  }
  for (const auto& [key, member] : node.items()) {
    if (key == "const" || key == "enum" || key == "default" || key == "examples") continue;
    if (Status prepared = prepare(member, compiled); !prepared) return prepared;
  }
  return {};
}

}  // namespace

Result<JsonSchema> JsonSchema::compile(json schema,
                                       std::map<std::string, FormatChecker> format_checkers) {
  auto compiled = std::make_shared<Compiled>();
  compiled->root = std::move(schema);
  compiled->format_checkers = std::move(format_checkers);
  if (Status prepared = prepare(compiled->root, *compiled); !prepared)
    return std::move(prepared).error();
  return JsonSchema(std::move(compiled));
}

std::vector<SchemaViolation> JsonSchema::validate(const json& instance) const {
  std::vector<SchemaViolation> violations;
  try {
    std::vector<Issue> issues;
    Validator(*compiled_).check(compiled_->root, instance, "$", issues, 0);
    for (Issue& issue : issues) {
      violations.push_back({std::move(issue.path), std::move(issue.message)});
    }
  } catch (const std::exception& error) {
    violations.push_back({"$", std::string("internal validator error: ") + error.what()});
  }
  return violations;
}

size_t editDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance over three rolling rows.
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string lower_word = asciiLowercase(word);
  size_t threshold = std::clamp<size_t>(word.size() / 3, 1, 3);
  std::string best;
  size_t best_distance = threshold + 1;
  for (const std::string& candidate : candidates) {
    size_t distance = asciiLowercase(candidate) == lower_word ? 0 : editDistance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace tenantsim
