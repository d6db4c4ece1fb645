// What the list routes of the timed logs (auditLogs/signIns, auditLogs/provisioning) read the
// same way: the query options and $filter against the endpoint's capabilities, the Entra
// retention floor (an older lower time bound is Graph's 400), the skiptoken, $top against the
// server's page sizes, the scan deadline; and the nextLink of the page that follows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/odata/skiptoken.h"
#include "mockserver/routes/graph_routes.h"
#include "mockserver/routes/record_pager.h"

namespace tenantsim::mock {

struct LogListRequest {
  odata::QueryOptions query;
  odata::CompiledFilter filter;
  odata::QueryFingerprint fingerprint{};
  PageWindow window;  // lo: the retention floor; hi: now; direction, start, pageSize, deadline
  uint32_t pageNumber = 0;
  Ticks now = 0;
};

// Reads a list request of `endpoint`, whose time property is `timeProperty` (for the retention
// error's detail). On a bad request writes Graph's error and returns nullopt.
std::optional<LogListRequest> readLogListRequest(const GraphRequest& r, RequestContext& ctx,
                                                 Endpoint endpoint,
                                                 const odata::EndpointCapabilities& caps,
                                                 std::string_view timeProperty);

// The 503 of a scan that passed the server's deadline.
void writeScanDeadlineError(RequestContext& ctx, std::string_view timeProperty);

// The nextLink of the page starting at `next` ("" when there is none).
std::string logNextLink(const GraphRequest& r, const LogListRequest& list,
                        const std::optional<odata::PagePosition>& next);

}  // namespace tenantsim::mock
