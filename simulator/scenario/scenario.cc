// Loading a scenario: parse (comments allowed), validate against the compiled-in schema and the
// rules beside it, then build the structs.
#include "simulator/scenario/scenario.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "embedded/files.h"
#include "simulator/scenario/json_locations.h"
#include "simulator/scenario/json_schema.h"
#include "simulator/scenario/scenario_document.h"

namespace tenantsim {

using nlohmann::json;

namespace {

// ---- Parsing ---------------------------------------------------------------------------------

// Parses with comments allowed; a malformed text becomes one error with its line and column.
std::optional<json> parseJson(std::string_view text, std::vector<ScenarioError>& errors) {
  try {
    return json::parse(text.begin(), text.end(), nullptr, true, true);
  } catch (const json::parse_error& error) {
    size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    offset = std::min(offset, text.size());
    size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    std::string detail = error.what();
    if (size_t colon = detail.find(": ");
        detail.find("parse error") != std::string::npos && colon != std::string::npos) {
      detail = detail.substr(colon + 2);
    }
    errors.push_back(
        {"$", lineAtOffset(text, offset),
         "malformed JSON at column " + std::to_string(offset - line_start + 1) + ": " + detail});
  } catch (const std::exception& error) {
    errors.push_back({"$", 1, std::string("malformed JSON: ") + error.what()});
  }
  return std::nullopt;
}

const JsonSchema* scenarioSchema(std::string& problem) {
  static const Result<JsonSchema> compiled = []() -> Result<JsonSchema> {
    try {
      std::string_view text = embedded::scenario_schema_json();
      return JsonSchema::compile(
          json::parse(text.begin(), text.end()),
          {{"date-time", [](std::string_view value) { return parseIsoTime(value).has_value(); }}});
    } catch (const std::exception& error) {
      return plainError(error.what());
    }
  }();
  if (compiled) return &*compiled;
  problem = compiled.error().message;
  return nullptr;
}

// Schema violations and rule violations, each with its line, in file order.
std::vector<ScenarioError> validateParsed(const json& doc, std::string_view text) {
  std::vector<ScenarioError> errors;
  std::string problem;
  const JsonSchema* schema = scenarioSchema(problem);
  if (schema == nullptr) return {{"$", 0, "the built-in scenario schema is unusable: " + problem}};
  std::vector<SchemaViolation> violations = schema->validate(doc);
  try {
    checkScenarioRules(doc, violations);
  } catch (const std::exception& error) {
    violations.push_back(
        {"$", std::string("internal error while checking rules: ") + error.what()});
  }
  JsonLocations locations = JsonLocations::scan(text);
  for (SchemaViolation& violation : violations) {
    int line = locations.lineOf(violation.path);
    errors.push_back({std::move(violation.path), line, std::move(violation.message)});
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const ScenarioError& a, const ScenarioError& b) { return a.line < b.line; });
  return errors;
}

}  // namespace

std::string ScenarioError::toString() const {
  std::string text = line > 0 ? "line " + std::to_string(line) + ": " : "";
  return text + path + ": " + message;
}

std::vector<ScenarioError> validateScenarioText(std::string_view text) {
  try {
    std::vector<ScenarioError> errors;
    std::optional<json> doc = parseJson(text, errors);
    return doc ? validateParsed(*doc, text) : errors;
  } catch (const std::exception& error) {
    return {{"$", 0, std::string("internal error: ") + error.what()}};
  }
}

ScenarioLoad loadScenarioText(std::string_view text) {
  try {
    std::vector<ScenarioError> errors;
    std::optional<json> doc = parseJson(text, errors);
    if (!doc) return errors;
    errors = validateParsed(*doc, text);
    if (!errors.empty()) return errors;
    return buildScenario(*doc);
  } catch (const std::exception& error) {
    return std::vector<ScenarioError>{{"$", 0, std::string("internal error: ") + error.what()}};
  }
}

ScenarioLoad loadScenarioFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  if (file) contents << file.rdbuf();
  if (!file || file.bad()) {
    return std::vector<ScenarioError>{
        {"$", 0, "cannot read scenario file " + path + ": " + std::strerror(errno)}};
  }
  return loadScenarioText(contents.str());
}

}  // namespace tenantsim
