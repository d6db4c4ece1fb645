#include "mockserver/routes/graph_routes.h"

#include "mockserver/http/query_text.h"
#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/filter_cache.h"
#include "mockserver/odata/filter_lexer.h"
#include "mockserver/odata/next_link.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/routes/alert_routes.h"
#include "mockserver/routes/graph_response.h"
#include "mockserver/routes/item_cache.h"
#include "mockserver/routes/provisioning_routes.h"
#include "mockserver/routes/query_engine.h"
#include "mockserver/routes/risk_routes.h"
#include "mockserver/routes/risky_user_routes.h"
#include "mockserver/routes/signin_routes.h"
#include "mockserver/routes/sp_risk_routes.h"
#include "simulator/graph/render.h"

namespace tenantsim::mock {
namespace {

struct EndpointShape {
  Source source;
  Endpoint endpoint;
  std::string_view entitySet;  // after "$metadata#"
};

EndpointShape shapeOf(const Route& route) {
  Endpoint endpoint =
      route.endpoint == Endpoint::AuditEvents ? Endpoint::AuditEvents : Endpoint::DirectoryAudits;
  return {endpoint == Endpoint::AuditEvents ? Source::Intune : Source::Entra, endpoint,
          graphPath(endpoint)};
}

const odata::EndpointCapabilities& capabilitiesFor(const GraphRequest& r,
                                                   const EndpointShape& shape) {
  odata::CapabilityOptions options;
  options.apiVersion = r.route.api;
  options.lenient = r.context.scenario.server.lenientFilters;
  return odata::EndpointCapabilities::shared(shape.endpoint, options);
}

PropertyMask selectMask(const odata::QueryOptions& query, Source source) {
  if (query.select.empty()) return kAllProperties;
  PropertyMask mask = 0;
  for (std::string_view name : query.select)
    mask |= source == Source::Intune ? auditEventProperty(name) : directoryAuditProperty(name);
  return mask;
}

// The query plan as the trace keeps it (formatted only when a record is read).
QueryPlanTrace tracePlan(const odata::FilterPlan& plan, const PageQuery& page,
                         const PageResult& result) {
  QueryPlanTrace t;
  t.present = true;
  t.timeLo = plan.timeLo;
  t.timeHi = plan.timeHi;
  t.visibleAt = page.now;
  t.retainedFrom = page.retentionFloor;
  t.equalities = static_cast<uint32_t>(plan.equalities.size());
  t.ascending = page.direction == odata::SortDirection::Ascending;
  t.fromSkiptoken = page.start.has_value();
  t.nextPage = result.next.has_value();
  t.pageSize = page.pageSize;
  t.returned = result.events.size();
  t.total = result.totalCount;
  t.usedIndex = result.usedIndex;
  t.examined = result.examined;
  return t;
}

void serveList(const GraphRequest& r, RequestContext& ctx) {
  const ServerConfig& config = r.context.scenario.server;
  EndpointShape shape = shapeOf(r.route);
  const odata::EndpointCapabilities& caps = capabilitiesFor(r, shape);
  odata::QueryParseOptions parseOptions;
  parseOptions.maxPageSize = static_cast<int>(config.maxPageSize);
  Result<odata::QueryOptions> query =
      odata::parseQueryOptions(r.target.rawQuery, caps, parseOptions);
  if (!query) return writeError(ctx, query.error());
  Result<odata::CompiledFilter> filter = odata::compileFilterCached(query->filter, caps);
  if (!filter) return writeError(ctx, filter.error());

  Ticks now = r.context.clock.now();
  Ticks floor = retentionFloor(r.context.scenario, shape.source, now);
  const odata::FilterPlan& plan = filter->plan();
  if (plan.earliestLowerBound && *plan.earliestLowerBound < floor) {
    return writeGraphError(ctx, 400, "BadRequest", "Invalid filter clause",
                           "Minimum allowed time for activityDateTime is " + formatIsoTime(floor));
  }
  odata::QueryFingerprint fingerprint =
      odata::fingerprintQuery(*query, shape.endpoint, r.route.api);
  PageQuery page;
  page.source = shape.source;
  page.filter = &filter.value();
  page.direction = query->orderBy.value_or(odata::SortDirection::Descending);
  uint32_t pageNumber = 0;
  if (query->skiptoken) {
    Result<odata::PageCursor> cursor = r.context.skiptokens.decode(*query->skiptoken, fingerprint);
    if (!cursor) return writeError(ctx, cursor.error());
    if (cursor->position.direction != page.direction)
      return writeGraphError(ctx, 400, "BadRequest", "Invalid $skiptoken",
                             "the token belongs to another sort order");
    page.start = cursor->position;
    pageNumber = cursor->pageNumber;
  } else if (query->skip) {
    page.skip = static_cast<size_t>(*query->skip);  // later pages start at their skiptoken
  }
  int64_t size = query->top.value_or(static_cast<int>(config.defaultPageSize));
  page.pageSize =
      static_cast<size_t>(std::clamp<int64_t>(size, 1, std::max<int64_t>(1, config.maxPageSize)));
  page.countTotal = query->count;
  page.now = now;
  page.retentionFloor = floor;
  page.deadline = std::chrono::steady_clock::now() + r.context.options.scanDeadline;
  PageResult result = r.context.queryEngine.page(page);
  if (result.timedOut) {
    ctx.response.set_header("Retry-After", "5");
    return writeGraphError(
        ctx, 503, "UnknownError", "Unsupported Query",
        "the scan exceeded the server's deadline; narrow the activityDateTime range");
  }
  if (ctx.tracing()) ctx.trace->plan = tracePlan(plan, page, result);
  std::string nextLink;
  if (result.next) {
    std::string token =
        r.context.skiptokens.encode(odata::PageCursor{*result.next, pageNumber + 1}, fingerprint);
    nextLink = odata::buildNextLink(r.origin + r.target.rawPath, query->parameters, token);
  }
  std::string body = takeBodyBuffer(ctx);
  beginPage(body, metadataBase(r) + std::string(shape.entitySet) + selectSuffix(*query), nextLink);
  if (result.totalCount) {
    constexpr std::string_view kValueKey = ",\"value\":[";
    body.resize(body.size() - kValueKey.size());
    body += ",\"@odata.count\":" + std::to_string(*result.totalCount);
    body += kValueKey;
  }
  PropertyMask mask = selectMask(*query, shape.source);
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  const RenderVariant variant{shape.endpoint, r.route.api, enums, mask};
  appendCachedItems(r.context.renderCache, variant, std::span<const Event>(result.events), body,
                    [&](const Event& e, std::string& out) {
                      renderGraphEvent(r.context.simulation, e, r.route.api, out, mask, enums);
                    });
  endPage(body);
  ctx.itemsServed = result.events.size();
  sendJson(ctx, std::move(body));
}

void serveItem(const GraphRequest& r, RequestContext& ctx) {
  EndpointShape shape = shapeOf(r.route);
  const odata::EndpointCapabilities& caps = capabilitiesFor(r, shape);
  Result<odata::QueryOptions> query = odata::parseQueryOptions(r.target.rawQuery, caps);
  if (!query) return writeError(ctx, query.error());
  Ticks now = r.context.clock.now();
  std::optional<Event> found = r.context.queryEngine.findById(
      shape.source, r.route.argument, now, retentionFloor(r.context.scenario, shape.source, now));
  if (!found) {
    return writeGraphError(
        ctx, 404, "Request_ResourceNotFound",
        "Resource '" + r.route.argument +
            "' does not exist or one of its queried reference-property objects are not present.");
  }
  EventDetails details;
  r.context.simulation.describe(*found, details);
  ctx.itemsServed = 1;
  std::string item;
  renderGraphItem(details, r.route.api, item, selectMask(*query, shape.source),
                  enumMembersFor(ctx));
  std::string body = "{\"@odata.context\":";
  appendJsonString(
      body, metadataBase(r) + std::string(shape.entitySet) + selectSuffix(*query) + "/$entity");
  if (item.size() > 2) body += ',';
  body.append(item, 1);
  sendJson(ctx, std::move(body));
}

void serveStrings(const GraphRequest& r, RequestContext& ctx,
                  const std::vector<std::string>& values) {
  std::string body = "{\"@odata.context\":";
  appendJsonString(body, metadataBase(r) + "Collection(Edm.String)");
  body += ",\"value\":[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) body += ',';
    appendJsonString(body, values[i]);
  }
  body += "]}";
  sendJson(ctx, std::move(body));
}

}  // namespace

void serveGraphRoute(const GraphRequest& r, RequestContext& ctx) {
  const Route& route = r.route;
  if (std::string problem = queryTextProblem(r.target.rawQuery); !problem.empty())
    return writeGraphError(ctx, 400, "BadRequest", "The query specified in the URI is not valid.",
                           problem);
  if (!route.methodAllowed) {
    ctx.response.set_header("Allow", route.allow);
    return writeGraphError(
        ctx, 405, "Request_BadRequest",
        "No HTTP resource was found that matches the request URI '" + r.origin + r.target.rawPath +
            "'.",
        "method " + ctx.request.method + " is not supported; use " + route.allow);
  }
  switch (route.kind) {
    case RouteKind::DirectoryAuditList:
    case RouteKind::AuditEventList:
      return serveList(r, ctx);
    case RouteKind::DirectoryAuditItem:
    case RouteKind::AuditEventItem:
      return serveItem(r, ctx);
    case RouteKind::SignInList:
      return serveSignInList(r, ctx);
    case RouteKind::SignInItem:
      return serveSignIn(r, ctx);
    case RouteKind::AlertList:
    case RouteKind::IncidentList:
      return serveSecurityList(r, ctx);
    case RouteKind::AlertItem:
    case RouteKind::IncidentItem:
      return serveSecurityItem(r, ctx);
    case RouteKind::ProvisioningList:
      return serveProvisioningList(r, ctx);
    case RouteKind::ProvisioningItem:
      return serveProvisioningItem(r, ctx);
    case RouteKind::RiskDetectionList:
      return serveRiskDetectionList(r, ctx);
    case RouteKind::RiskDetectionItem:
      return serveRiskDetection(r, ctx);
    case RouteKind::RiskyUserList:
      return serveRiskyUserList(r, ctx);
    case RouteKind::RiskyUserItem:
      return serveRiskyUser(r, ctx);
    case RouteKind::RiskyUserHistory:
      return serveRiskyUserHistory(r, ctx);
    case RouteKind::SpRiskDetectionList:
      return serveServicePrincipalRiskDetectionList(r, ctx);
    case RouteKind::SpRiskDetectionItem:
      return serveServicePrincipalRiskDetection(r, ctx);
    case RouteKind::RiskySpList:
      return serveRiskyServicePrincipalList(r, ctx);
    case RouteKind::RiskySpItem:
      return serveRiskyServicePrincipal(r, ctx);
    case RouteKind::RiskySpHistory:
      return serveRiskyServicePrincipalHistory(r, ctx);
    case RouteKind::AuditCategories:
      return serveStrings(r, ctx, Catalog::instance().intuneCategories());
    case RouteKind::AuditActivityTypes:
      return serveStrings(r, ctx, Catalog::instance().intuneActivityTypes(route.argument));
    case RouteKind::BadFunctionCall:
      return writeGraphError(ctx, 400, "BadRequest",
                             "Resource not found for the segment '" + route.argument + "'.",
                             "getAuditActivityTypes takes one parameter: category='<category>'");
    case RouteKind::UnknownSegment:
      return writeGraphError(ctx, 400, "BadRequest",
                             "Resource not found for the segment '" + route.argument + "'.");
    case RouteKind::UnknownVersion:
      return writeGraphError(ctx, 404, "NotFound", "Invalid version: " + route.argument,
                             "tenantsim serves /v1.0 and /beta");
    default:
      return writeGraphError(ctx, 404, "NotFound", "Resource not found.",
                             "no such path: " + r.target.rawPath);
  }
}

}  // namespace tenantsim::mock
