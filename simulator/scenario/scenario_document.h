// The passes over a parsed scenario document that scenario.cc runs after the schema: the rules a
// schema cannot say (scenario_rules.cc), then building the Scenario structs with their defaults
// (scenario_build.cc). Internal to the scenario layer.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "base/time.h"
#include "simulator/scenario/json_schema.h"
#include "simulator/scenario/scenario.h"

namespace tenantsim {

// JSON access that tolerates absent members and values of the wrong type (the rules run beside
// the schema, on documents it may refuse).
const nlohmann::json* member(const nlohmann::json& object, const char* key);
std::optional<double> numberAt(const nlohmann::json* object, const char* key);
std::optional<Ticks> timeAt(const nlohmann::json* object, const char* key);

// Appends a violation for every rule the document breaks (volumes, times, page sizes, latency).
void checkScenarioRules(const nlohmann::json& doc, std::vector<SchemaViolation>& out);

// The Scenario of a valid document, with defaults filled in.
Scenario buildScenario(const nlohmann::json& doc);

}  // namespace tenantsim
