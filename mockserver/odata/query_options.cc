#include "mockserver/odata/query_options.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

#include "base/url_encoding.h"

namespace tenantsim::odata {
namespace {

// The system query options we parse, and those Graph's audit endpoints refuse.
constexpr std::array<std::string_view, 7> kSupported = {
    "$filter", "$top", "$orderby", "$select", "$count", "$skiptoken", "$skip"};
struct RefusedOption {
  std::string_view name;
  std::string_view allowedQueryOptionsName;  // how ASP.NET OData names it in its message
};
constexpr std::array<RefusedOption, 4> kRefused = {
    {{"$search", "Search"}, {"$expand", "Expand"}, {"$apply", "Apply"}, {"$compute", "Compute"}}};

bool isSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return text;
}

Error notAllowed(std::string_view allowedQueryOptionsName, std::string detail) {
  return badRequest("Query option '" + std::string(allowedQueryOptionsName) +
                        "' is not allowed. To allow it, set the 'AllowedQueryOptions' property on "
                        "EnableQueryAttribute or QueryValidationSettings.",
                    std::move(detail));
}

Error propertyNotFound(std::string_view name, const EndpointCapabilities& caps) {
  return badRequest("Could not find a property named '" + std::string(name) + "' on type '" +
                    std::string(caps.entityType) + "'.");
}

Error syntaxError(size_t position, std::string_view text) {
  return badRequest("Syntax error at position " + std::to_string(position) + " in '" +
                    std::string(text) + "'.");
}

// "$top": a positive 32-bit integer, clamped to or checked against the maximum page size.
std::optional<Error> parseTop(std::string_view value, const QueryParseOptions& options,
                              QueryOptions& out) {
  int64_t top = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), top);
  const bool wellFormed = !value.empty() && value.front() != '-' && ec == std::errc() &&
                          end == value.data() + value.size();
  if (!wellFormed || top <= 0 || top > INT32_MAX) {
    return badRequest("Invalid value '" + std::string(value) +
                      "' for $top query option found. The $top query option requires a positive "
                      "integer value.");
  }
  if (top > options.maxPageSize) {
    if (!options.clampTopToMax) {
      return badRequest("The limit of '" + std::to_string(options.maxPageSize) +
                        "' for Top query has been exceeded. The value from the incoming request "
                        "is '" +
                        std::string(value) + "'.");
    }
    top = options.maxPageSize;
  }
  out.top = static_cast<int>(top);
  return std::nullopt;
}

// "$orderby": exactly one item, an orderable property, then optionally asc or desc.
std::optional<Error> parseOrderBy(std::string_view value, const EndpointCapabilities& caps,
                                  QueryOptions& out) {
  const std::string_view item = trim(value);
  if (item.find(',') != std::string_view::npos) {
    return badRequest("Only one $orderby property is supported: activityDateTime.",
                      "$orderby lists more than one property");
  }
  const size_t nameEnd = std::min(item.find_first_of(" \t"), item.size());
  const std::string_view name = item.substr(0, nameEnd);
  const std::string_view direction = trim(item.substr(nameEnd));
  if (!caps.isOrderable(name)) {
    const std::string_view head = name.substr(0, name.find('/'));
    if (caps.canonicalTopLevel(head).empty()) return propertyNotFound(head, caps);
    return badRequest("The property '" + std::string(name) +
                      "' cannot be used in the $orderby query option.");
  }
  out.orderByProperty = caps.canonicalOrderable(name);
  const std::string lowered = asciiLowercase(direction);
  if (lowered.empty() || lowered == "asc") {
    out.orderBy = SortDirection::Ascending;
  } else if (lowered == "desc") {
    out.orderBy = SortDirection::Descending;
  } else {
    return syntaxError(static_cast<size_t>(direction.data() - value.data()), value);
  }
  return std::nullopt;
}

// "$select": comma-separated top-level properties, or '*'.
std::optional<Error> parseSelect(std::string_view value, const EndpointCapabilities& caps,
                                 QueryOptions& out) {
  if (!caps.allowSelect)
    return notAllowed("Select",
                      "$select is not supported on " + std::string(endpointName(caps.endpoint)));
  bool selectAll = false;
  size_t start = 0;
  while (start <= value.size()) {
    const size_t comma = std::min(value.find(',', start), value.size());
    const std::string_view item = trim(value.substr(start, comma - start));
    if (item.empty()) return syntaxError(comma, value);
    if (item == "*") {
      selectAll = true;
    } else if (const std::string_view canonical = caps.canonicalTopLevel(item);
               !canonical.empty()) {
      bool seen = false;
      for (std::string_view already : out.select) seen = seen || already == canonical;
      if (!seen) out.select.push_back(canonical);
    } else {
      const std::string_view head = item.substr(0, item.find('/'));
      if (head.size() < item.size() && !caps.canonicalTopLevel(head).empty()) {
        return badRequest("Selecting the nested property '" + std::string(item) +
                          "' is not supported; select '" + std::string(head) + "' instead.");
      }
      return propertyNotFound(item, caps);
    }
    start = comma + 1;
  }
  if (selectAll) out.select.clear();
  return std::nullopt;
}

// "$skip": a non-negative 32-bit integer where the endpoint allows it (ASP.NET OData's texts).
std::optional<Error> parseSkip(std::string_view value, const EndpointCapabilities& caps,
                               QueryOptions& out) {
  if (!caps.allowSkip) {
    return notAllowed(
        "Skip", "$skip is not supported on " +
                    std::string(caps.endpoint == Endpoint::DirectoryAudits ? "directoryAudits"
                                                                           : "this endpoint") +
                    "; follow @odata.nextLink");
  }
  int64_t skip = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), skip);
  if (value.front() == '-' || ec != std::errc() || end != value.data() + value.size() ||
      skip > INT32_MAX) {
    return badRequest("Invalid value '" + std::string(value) +
                      "' for $skip query option found. The $skip query option requires a "
                      "non-negative integer value.");
  }
  out.skip = skip;
  return std::nullopt;
}

// "$expand": comma-separated navigation properties the endpoint can expand (no nested options).
std::optional<Error> parseExpand(std::string_view value, const EndpointCapabilities& caps,
                                 QueryOptions& out) {
  if (!out.expand.empty()) {
    return badRequest(
        "Query option '$expand' was specified more than once, but it must be specified at most "
        "once.");
  }
  size_t start = 0;
  while (start <= value.size()) {
    const size_t comma = std::min(value.find(',', start), value.size());
    const std::string_view item = trim(value.substr(start, comma - start));
    if (item.empty()) return syntaxError(comma, value);
    std::string_view found;
    for (std::string_view candidate : caps.expandable)
      if (caps.namesEqual(candidate, item)) found = candidate;
    const std::string_view head = item.substr(0, item.find_first_of("($/"));
    if (found.empty() && head.size() < item.size()) {
      for (std::string_view candidate : caps.expandable)
        if (caps.namesEqual(candidate, head))
          return badRequest("Nested query options in $expand are not supported.",
                            "'" + std::string(item) + "': expand '" + std::string(candidate) +
                                "' without options");
    }
    if (found.empty()) {
      if (!caps.canonicalTopLevel(item).empty())
        return badRequest("Property '" + std::string(item) + "' on type '" +
                          std::string(caps.entityType) +
                          "' is not a navigation property or complex property. Only navigation "
                          "properties can be expanded.");
      return propertyNotFound(head, caps);
    }
    if (std::find(out.expand.begin(), out.expand.end(), found) == out.expand.end())
      out.expand.push_back(found);
    start = comma + 1;
  }
  return std::nullopt;
}

std::optional<Error> parseCount(std::string_view value, const EndpointCapabilities& caps,
                                QueryOptions& out) {
  if (caps.endpoint == Endpoint::DirectoryAudits || !caps.allowCount) {
    return notAllowed("Count",
                      "$count is not supported on " + std::string(endpointName(caps.endpoint)));
  }
  const std::string lowered = asciiLowercase(value);
  if (lowered != "true" && lowered != "false") {
    return badRequest(concat({"'", value, "' is not a valid count option."}));
  }
  out.count = lowered == "true";
  return std::nullopt;
}

std::optional<Error> applyOption(std::string_view name, std::string value,
                                 const EndpointCapabilities& caps, const QueryParseOptions& options,
                                 QueryOptions& out) {
  if (name == "$filter") {
    out.filter = std::move(value);
    return std::nullopt;
  }
  if (name == "$skiptoken") {
    out.skiptoken = std::move(value);
    return std::nullopt;
  }
  if (name == "$top") return parseTop(value, options, out);
  if (name == "$orderby") return parseOrderBy(value, caps, out);
  if (name == "$select") return parseSelect(value, caps, out);
  if (name == "$skip") return parseSkip(value, caps, out);
  return parseCount(value, caps, out);
}

// The option a parameter name stands for ("$filter"), or empty for a parameter we ignore.
std::string optionName(std::string_view decodedName, const QueryParseOptions& options) {
  std::string lowered = asciiLowercase(decodedName);
  if (options.allowOptionsWithoutDollar && !lowered.empty() && lowered.front() != '$') {
    lowered.insert(lowered.begin(), '$');
    for (std::string_view supported : kSupported) {
      if (lowered == supported) return lowered;
    }
    for (const RefusedOption& refused : kRefused) {
      if (lowered == refused.name) return lowered;
    }
    return {};
  }
  return lowered.starts_with('$') ? lowered : std::string();
}

}  // namespace

Result<QueryOptions> parseQueryOptions(std::string_view rawQuery, const EndpointCapabilities& caps,
                                       const QueryParseOptions& options) {
  if (rawQuery.starts_with('?')) rawQuery.remove_prefix(1);
  QueryOptions out;
  std::vector<std::string> seen;
  size_t start = 0;
  while (start <= rawQuery.size()) {
    const size_t amp = std::min(rawQuery.find('&', start), rawQuery.size());
    const std::string_view segment = rawQuery.substr(start, amp - start);
    start = amp + 1;
    if (segment.empty()) continue;

    const size_t equals = segment.find('=');
    const std::string_view rawName = segment.substr(0, equals);
    const std::string_view rawValue =
        equals == std::string_view::npos ? std::string_view() : segment.substr(equals + 1);
    std::optional<std::string> name = decodeQueryComponent(rawName);
    std::optional<std::string> value = decodeQueryComponent(rawValue);
    if (!name || !value) {
      return badRequest("The query specified in the URI is not valid.",
                        "malformed percent-encoding in '" + std::string(segment) + "'");
    }
    out.parameters.push_back({*name, *value, equals != std::string_view::npos});

    const std::string option = optionName(*name, options);
    if (option.empty() || value->empty()) continue;  // unknown or empty: ignored, like Graph
    // `$expand=*` names no navigation property (the log entities have none), so it changes
    // nothing; Microsoft Graph PowerShell sends it for `-ExpandProperty *` (Microsoft-Extractor-
    // Suite) and those collections work against Graph (docs/filters.md#expand).
    if (option == "$expand" && trim(*value) == "*") continue;
    if (option == "$expand" && !caps.expandable.empty()) {
      if (auto error = parseExpand(*value, caps, out)) return *error;
      continue;
    }
    for (const RefusedOption& refused : kRefused) {
      if (option == refused.name) {
        return notAllowed(refused.allowedQueryOptionsName,
                          std::string(refused.name) + " is not supported on audit logs");
      }
    }
    bool supported = false;
    for (std::string_view candidate : kSupported) supported = supported || option == candidate;
    if (!supported) continue;  // other $-options are ignored like unknown parameters
    for (const std::string& previous : seen) {
      if (previous == option) {
        return badRequest("Query option '" + option +
                          "' was specified more than once, but it must be specified at most once.");
      }
    }
    seen.push_back(option);
    if (auto error = applyOption(option, std::move(*value), caps, options, out)) return *error;
  }
  return out;
}

}  // namespace tenantsim::odata
