#include "mockserver/http/prefer.h"

#include <algorithm>
#include <string_view>

#include "base/strings.h"

namespace tenantsim::mock {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

void apply(std::string_view preference, Preferences& out) {
  std::string_view name = trimmed(preference.substr(0, preference.find_first_of(";=")));
  if (equalsIgnoreAsciiCase(name, "include-unknown-enum-members"))
    out.includeUnknownEnumMembers = true;
}

}  // namespace

Preferences parsePreferences(const httplib::Request& request) {
  Preferences out;
  const size_t count = request.get_header_value_count("Prefer");
  for (size_t i = 0; i < count; ++i) {
    const std::string header = request.get_header_value("Prefer", i);
    const std::string_view value = header;
    for (size_t start = 0; start <= value.size();) {
      const size_t comma = std::min(value.find(',', start), value.size());
      apply(value.substr(start, comma - start), out);
      start = comma + 1;
    }
  }
  return out;
}

std::string preferenceApplied(const Preferences& applied) {
  return applied.includeUnknownEnumMembers ? "include-unknown-enum-members" : "";
}

}  // namespace tenantsim::mock
