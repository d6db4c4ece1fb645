// JSON parsing for tests, compiled once (tests/support/json.cc) and linked into every test:
// instantiating nlohmann's parser costs about 12 s of ASan+UBSan compile time in each file that
// calls json::parse, so test code parses through these instead. In namespace tenantsim, so that
// tests in any of its namespaces find them unqualified.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace tenantsim {

// Throws nlohmann::json::parse_error when `text` is not JSON, as json::parse does.
nlohmann::json parseJson(std::string_view text);
// A discarded value (is_discarded()) when `text` is not JSON.
nlohmann::json parseJsonOrDiscarded(std::string_view text);
// JSON with // and /* */ comments, as the shipped scenario files are written.
nlohmann::json parseJsonWithComments(std::string_view text);

}  // namespace tenantsim
