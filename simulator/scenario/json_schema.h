// A small JSON Schema validator: the subset of draft 2020-12 our schemas use, reporting every
// violation with the JSON path of the offending value and a message meant for a person.
//
// Supported keywords: type (string or array; "integer" accepts integral numbers), properties,
// required, additionalProperties (boolean or schema), enum, const, minimum, maximum,
// exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern (ECMAScript, searched),
// format (through caller-supplied checkers), items, minItems, maxItems, oneOf, anyOf and $ref to
// "#/$defs/<name>". Annotations (title, description, default, examples, ...) are ignored.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tenantsim {

struct SchemaViolation {
  std::string path;     // "$.workloads.pim.eligibleUsers"
  std::string message;  // "must be at least 0, got -1"
};

class JsonSchema {
 public:
  // Returns true when `text` is a valid instance of the format.
  using FormatChecker = std::function<bool(std::string_view text)>;

  // Prepares `schema` (compiling every pattern once). An error when the schema itself is
  // unusable: an invalid regular expression or a $ref that does not resolve.
  // Formats without a checker are not checked.
  static Result<JsonSchema> compile(nlohmann::json schema,
                                    std::map<std::string, FormatChecker> format_checkers = {});

  // Every violation of the schema by `instance`, in document order of discovery. Empty = valid.
  // Never throws.
  std::vector<SchemaViolation> validate(const nlohmann::json& instance) const;

  struct Compiled;  // opaque: the schema with its patterns compiled and references resolved

 private:
  explicit JsonSchema(std::shared_ptr<const Compiled> compiled) : compiled_(std::move(compiled)) {}
  std::shared_ptr<const Compiled> compiled_;
};

// The edit distance between two strings (insertions, deletions, substitutions and adjacent
// transpositions each cost 1); used to suggest the key or value a person probably meant.
size_t editDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or "" when none is close enough to be a plausible typo.
std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tenantsim
