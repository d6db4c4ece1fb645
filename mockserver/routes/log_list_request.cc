#include "mockserver/routes/log_list_request.h"

#include <algorithm>

#include "mockserver/odata/filter_cache.h"
#include "mockserver/odata/next_link.h"
#include "mockserver/routes/graph_response.h"
#include "mockserver/routes/query_engine.h"

namespace tenantsim::mock {

std::optional<LogListRequest> readLogListRequest(const GraphRequest& r, RequestContext& ctx,
                                                 Endpoint endpoint,
                                                 const odata::EndpointCapabilities& caps,
                                                 std::string_view timeProperty) {
  const ServerConfig& config = r.context.scenario.server;
  odata::QueryParseOptions parseOptions;
  parseOptions.maxPageSize = static_cast<int>(config.maxPageSize);
  Result<odata::QueryOptions> query =
      odata::parseQueryOptions(r.target.rawQuery, caps, parseOptions);
  if (!query) {
    writeError(ctx, query.error());
    return std::nullopt;
  }
  Result<odata::CompiledFilter> filter = odata::compileFilterCached(query->filter, caps);
  if (!filter) {
    writeError(ctx, filter.error());
    return std::nullopt;
  }
  LogListRequest list;
  list.query = std::move(query).value();
  list.filter = std::move(filter).value();
  list.now = r.context.clock.now();
  const Ticks floor = retentionFloor(r.context.scenario, Source::Entra, list.now);
  const odata::FilterPlan& plan = list.filter.plan();
  if (plan.earliestLowerBound && *plan.earliestLowerBound < floor) {
    writeGraphError(
        ctx, 400, "BadRequest", "Invalid filter clause",
        "Minimum allowed time for " + std::string(timeProperty) + " is " + formatIsoTime(floor));
    return std::nullopt;
  }
  list.fingerprint = odata::fingerprintQuery(list.query, endpoint, r.route.api);
  PageWindow& w = list.window;
  w.lo = floor;
  w.hi = list.now;
  w.direction = list.query.orderBy.value_or(odata::SortDirection::Descending);
  if (list.query.skiptoken) {
    Result<odata::PageCursor> cursor =
        r.context.skiptokens.decode(*list.query.skiptoken, list.fingerprint);
    if (!cursor) {
      writeError(ctx, cursor.error());
      return std::nullopt;
    }
    if (cursor->position.direction != w.direction) {
      writeGraphError(ctx, 400, "BadRequest", "Invalid $skiptoken",
                      "the token belongs to another sort order");
      return std::nullopt;
    }
    w.start = cursor->position;
    list.pageNumber = cursor->pageNumber;
  }
  const int64_t size = list.query.top.value_or(static_cast<int>(config.defaultPageSize));
  w.pageSize =
      static_cast<size_t>(std::clamp<int64_t>(size, 1, std::max<int64_t>(1, config.maxPageSize)));
  w.deadline = std::chrono::steady_clock::now() + r.context.options.scanDeadline;
  return list;
}

void writeScanDeadlineError(RequestContext& ctx, std::string_view timeProperty) {
  ctx.response.set_header("Retry-After", "5");
  writeGraphError(ctx, 503, "UnknownError", "Unsupported Query",
                  "the scan exceeded the server's deadline; narrow the " +
                      std::string(timeProperty) + " range");
}

std::string logNextLink(const GraphRequest& r, const LogListRequest& list,
                        const std::optional<odata::PagePosition>& next) {
  if (!next) return "";
  const std::string token =
      r.context.skiptokens.encode(odata::PageCursor{*next, list.pageNumber + 1}, list.fingerprint);
  return odata::buildNextLink(r.origin + r.target.rawPath, list.query.parameters, token);
}

}  // namespace tenantsim::mock
