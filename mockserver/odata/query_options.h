// Parses the raw query string of an audit-list request into QueryOptions, with the tolerance real
// clients need: '+' as space, %24filter == $filter, option names in any case ($Filter), empty
// parameters and parameters without '$' ignored (Graph ignores unknown parameters, e.g. ?=foo).
// $filter is only captured here; compile it with CompiledFilter::compile.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/odata_error.h"

namespace tenantsim::odata {

enum class SortDirection : uint8_t { Ascending, Descending };

// One query parameter as received, percent-decoded. Kept for @odata.nextLink.
struct QueryParameter {
  std::string name;
  std::string value;
  bool hasEquals = true;  // false for a bare "?flag"
};

struct QueryOptions {
  std::string filter;                      // decoded $filter text; empty when absent
  std::optional<int> top;                  // page size asked for, already clamped to the max
  std::optional<SortDirection> orderBy;    // $orderby=activityDateTime [asc|desc]
  std::string_view orderByProperty;        // its canonical name (static storage) when given
  std::vector<std::string_view> expand;    // $expand: canonical names (static storage)
  std::vector<std::string_view> select;    // canonical names (static storage); empty = all
  bool count = false;                      // $count=true (auditEvents only)
  std::optional<int64_t> skip;             // $skip=N, where the endpoint allows it
  std::optional<std::string> skiptoken;    // decoded, still opaque
  std::vector<QueryParameter> parameters;  // every non-empty parameter, in order
};

struct QueryParseOptions {
  int maxPageSize = 1000;
  // $top above maxPageSize: clamp (true) or 400 "The limit of '1000' for Top query has been
  // exceeded…" (false). Graph's behaviour is UNCONFIRMED.
  bool clampTopToMax = true;
  // Graph beta documents the '$' as optional ("filter=" == "$filter="); off by default.
  bool allowOptionsWithoutDollar = false;
};

// `rawQuery` is the query exactly as received (a leading '?' is allowed), before any decoding.
// Every rejection is a 400 BadRequest whose message names the offending option.
Result<QueryOptions> parseQueryOptions(std::string_view rawQuery, const EndpointCapabilities& caps,
                                       const QueryParseOptions& options = {});

}  // namespace tenantsim::odata
