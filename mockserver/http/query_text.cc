#include "mockserver/http/query_text.h"

#include <algorithm>
#include <optional>

#include "base/url_encoding.h"
#include "base/utf8.h"

namespace tenantsim::mock {
namespace {

constexpr size_t kLongestQuotedName = 64;

// "query parameter '$filter'", or "query parameter 3" when the name itself cannot be quoted.
std::string parameterName(std::string_view decodedName, size_t index) {
  if (!decodedName.empty() && decodedName.size() <= kLongestQuotedName &&
      !findTextProblem(decodedName) && decodedName.find('\'') == std::string_view::npos)
    return "query parameter '" + std::string(decodedName) + "'";
  return "query parameter " + std::to_string(index + 1);
}

}  // namespace

std::string queryTextProblem(std::string_view rawQuery) {
  if (rawQuery.starts_with('?')) rawQuery.remove_prefix(1);
  size_t index = 0;
  for (size_t start = 0; start <= rawQuery.size(); ++index) {
    const size_t amp = std::min(rawQuery.find('&', start), rawQuery.size());
    const std::string_view segment = rawQuery.substr(start, amp - start);
    start = amp + 1;
    const size_t equals = segment.find('=');
    const std::string name = decodeFormComponent(segment.substr(0, equals));
    const std::string value = decodeFormComponent(
        equals == std::string_view::npos ? std::string_view() : segment.substr(equals + 1));
    if (std::optional<TextProblem> problem = findTextProblem(name))
      return parameterName(name, index) +
             " has a name that is not valid text: " + describe(*problem);
    if (std::optional<TextProblem> problem = findTextProblem(value))
      return parameterName(name, index) + " is not valid text: " + describe(*problem);
  }
  return "";
}

}  // namespace tenantsim::mock
