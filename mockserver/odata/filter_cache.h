// Compiled filters kept per thread for requests that send a $filter again: every page of a walk
// repeats its filter, and load generators and dashboards repeat theirs. Lexing, parsing and
// binding were 5 % of a filtered 100-item page's server time (docs/performance.md#fixed-costs).
#pragma once

#include <string_view>

#include "mockserver/odata/filter.h"

namespace tenantsim::odata {

// CompiledFilter::compile(text, caps) with the default FilterOptions, from the calling thread's
// last few compilations when caps is a shared table (EndpointCapabilities::shared, whose address
// names it for the life of the process); compiled anew otherwise. Errors are not kept.
Result<CompiledFilter> compileFilterCached(std::string_view text, const EndpointCapabilities& caps);

}  // namespace tenantsim::odata
