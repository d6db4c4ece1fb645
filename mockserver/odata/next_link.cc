#include "mockserver/odata/next_link.h"

#include "base/url_encoding.h"
#include "mockserver/odata/capabilities.h"

namespace tenantsim::odata {

std::string buildNextLink(std::string_view baseUrl, const std::vector<QueryParameter>& parameters,
                          std::string_view skiptoken) {
  std::string link(baseUrl);
  char separator = '?';
  for (const QueryParameter& parameter : parameters) {
    // "skiptoken" too: with QueryParseOptions::allowOptionsWithoutDollar it is the same option.
    if (equalsIgnoreAsciiCase(parameter.name, "$skiptoken") ||
        equalsIgnoreAsciiCase(parameter.name, "skiptoken")) {
      continue;
    }
    link.push_back(separator);
    separator = '&';
    link += encodeQueryName(parameter.name);
    if (parameter.hasEquals) {
      link.push_back('=');
      link += encodeQueryValue(parameter.value);
    }
  }
  link.push_back(separator);
  link += "$skiptoken=";
  link += encodeQueryValue(skiptoken);
  return link;
}

}  // namespace tenantsim::odata
