#include "tests/support/json.h"

namespace tenantsim {

nlohmann::json parseJson(std::string_view text) { return nlohmann::json::parse(text); }

nlohmann::json parseJsonOrDiscarded(std::string_view text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

nlohmann::json parseJsonWithComments(std::string_view text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
}

}  // namespace tenantsim
