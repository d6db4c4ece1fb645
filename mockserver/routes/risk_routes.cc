#include "mockserver/routes/risk_routes.h"

#include <algorithm>
#include <limits>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/filter_cache.h"
#include "mockserver/odata/next_link.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/routes/graph_response.h"
#include "mockserver/routes/query_engine.h"
#include "mockserver/routes/record_trace.h"
#include "mockserver/routes/risk_query.h"
#include "simulator/graph/render.h"
#include "simulator/graph/risk_render.h"

namespace tenantsim::mock {
namespace {

// Fact sheet §3.2: 20 rows unless $top says otherwise, and $top above 500 is refused ([D7], [I1];
// the 400's text is OData's, UNCONFIRMED for Graph: docs/identity-protection.md#serving).
constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 500;

const odata::EndpointCapabilities& capabilitiesFor(const GraphRequest& r) {
  odata::CapabilityOptions options;
  options.apiVersion = r.route.api;
  options.lenient = r.context.scenario.server.lenientFilters;
  return odata::EndpointCapabilities::shared(Endpoint::RiskDetections, options);
}

// Identity Protection needs Entra ID P1 or P2 (fact sheet §3.2): a Free tenant gets the 403
// Graph answers for the sign-in reports (GP §5.3).
bool refuseWithoutPremium(const GraphRequest& r, RequestContext& ctx) {
  if (r.context.scenario.tenant.license != "Free") return false;
  writeGraphError(ctx, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                  "Neither tenant is B2C or tenant doesn't have premium license",
                  "Identity Protection needs tenant.license P1 or P2");
  return true;
}

RiskPropertyMask selectMask(const odata::QueryOptions& query) {
  if (query.select.empty()) return kAllRiskProperties;
  RiskPropertyMask mask = 0;
  for (std::string_view name : query.select) mask |= riskDetectionProperty(name);
  return mask;
}

std::string context(const GraphRequest& r) {
  return metadataBase(r) + std::string(graphPath(Endpoint::RiskDetections));
}

}  // namespace

void serveRiskDetectionList(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  const odata::EndpointCapabilities& caps = capabilitiesFor(r);
  odata::QueryParseOptions parseOptions;
  parseOptions.maxPageSize = kMaxPageSize;
  parseOptions.clampTopToMax = false;
  Result<odata::QueryOptions> query =
      odata::parseQueryOptions(r.target.rawQuery, caps, parseOptions);
  if (!query) return writeError(ctx, query.error());
  Result<odata::CompiledFilter> filter = odata::compileFilterCached(query->filter, caps);
  if (!filter) return writeError(ctx, filter.error());

  const Ticks now = r.context.clock.now();
  const odata::QueryFingerprint fingerprint =
      odata::fingerprintQuery(*query, Endpoint::RiskDetections, r.route.api);
  // Each detection's state at the clock: its user's remediation (risky_users.h).
  const DetectionStates states = r.context.risks.statesAt(now);
  RiskPageQuery page;
  page.filter = &filter.value();
  page.now = now;
  page.states = &states;
  page.window.lo = std::numeric_limits<int64_t>::min();  // Graph states no retention here
  page.window.hi = now;
  // Oldest first unless $orderby says desc; every order is by detectedDateTime (the docs' choice).
  page.window.direction = query->orderBy.value_or(odata::SortDirection::Ascending);
  uint32_t pageNumber = 0;
  if (query->skiptoken) {
    Result<odata::PageCursor> cursor = r.context.skiptokens.decode(*query->skiptoken, fingerprint);
    if (!cursor) return writeError(ctx, cursor.error());
    if (cursor->position.direction != page.window.direction)
      return writeGraphError(ctx, 400, "BadRequest", "Invalid $skiptoken",
                             "the token belongs to another sort order");
    page.window.start = cursor->position;
    pageNumber = cursor->pageNumber;
  }
  page.window.pageSize = static_cast<size_t>(query->top.value_or(kDefaultPageSize));
  page.window.deadline = std::chrono::steady_clock::now() + r.context.options.scanDeadline;
  const RecordPage<RiskDetection> result = r.context.risks.page(page);
  if (result.timedOut) {
    ctx.response.set_header("Retry-After", "5");
    return writeGraphError(ctx, 503, "UnknownError", "Unsupported Query",
                           "the scan exceeded the server's deadline; narrow the filter");
  }
  if (ctx.tracing())
    ctx.trace->plan = recordPlanTrace(filter->plan(), page.now, page.window, result);
  std::string nextLink;
  if (result.next) {
    const std::string token =
        r.context.skiptokens.encode(odata::PageCursor{*result.next, pageNumber + 1}, fingerprint);
    nextLink = odata::buildNextLink(r.origin + r.target.rawPath, query->parameters, token);
  }
  std::string body;
  body.reserve(result.events.size() * 1200 + 512);
  beginPage(body, context(r) + selectSuffix(*query), nextLink);
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  const RiskPropertyMask mask = selectMask(*query);
  const RiskLog& log = r.context.risks.log();
  RiskDetectionDetails details;
  for (size_t i = 0; i < result.events.size(); ++i) {
    if (i) body += ',';
    log.describe(result.events[i], details);
    applyDetectionState(states.of(result.events[i]), details);
    renderRiskDetection(details, r.route.api, body, mask, enums);
  }
  endPage(body);
  ctx.itemsServed = result.events.size();
  sendJson(ctx, std::move(body));
}

void serveRiskDetection(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  const odata::EndpointCapabilities& caps = capabilitiesFor(r);
  Result<odata::QueryOptions> query = odata::parseQueryOptions(r.target.rawQuery, caps);
  if (!query) return writeError(ctx, query.error());
  std::optional<RiskDetection> found =
      r.context.risks.findById(r.route.argument, r.context.clock.now());
  if (!found) {
    return writeGraphError(
        ctx, 404, "Request_ResourceNotFound",
        "Resource '" + r.route.argument +
            "' does not exist or one of its queried reference-property objects are not present.");
  }
  RiskDetectionDetails details;
  r.context.risks.log().describe(*found, details);
  applyDetectionState(r.context.risks.statesAt(r.context.clock.now()).of(*found), details);
  ctx.itemsServed = 1;
  std::string item;
  renderRiskDetection(details, r.route.api, item, selectMask(*query), enumMembersFor(ctx));
  std::string body = "{\"@odata.context\":";
  appendJsonString(body, context(r) + selectSuffix(*query) + "/$entity");
  if (item.size() > 2) body += ',';
  body.append(item, 1);
  sendJson(ctx, std::move(body));
}

}  // namespace tenantsim::mock
