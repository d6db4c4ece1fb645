#include "mockserver/routes/signin_routes.h"

#include <algorithm>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/next_link.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/routes/graph_response.h"
#include "mockserver/routes/query_engine.h"
#include "mockserver/routes/signin_query.h"
#include "simulator/graph/render.h"
#include "simulator/graph/signin_render.h"

namespace tenantsim::mock {
namespace {

odata::EndpointCapabilities capabilitiesFor(const GraphRequest& r) {
  odata::CapabilityOptions options;
  options.apiVersion = r.route.api;
  options.lenient = r.context.scenario.server.lenientFilters;
  return odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, options);
}

// Graph answers tenants without Entra ID P1/P2 403 (fact sheet §1.1, GP §5.3).
bool refuseWithoutPremium(const GraphRequest& r, RequestContext& ctx) {
  if (r.context.scenario.tenant.license != "Free") return false;
  writeGraphError(ctx, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                  "Neither tenant is B2C or tenant doesn't have premium license",
                  "sign-in logs need tenant.license P1 or P2");
  return true;
}

QueryPlanTrace tracePlan(const odata::FilterPlan& plan, const SignInPageQuery& q,
                         const RecordPage<SignIn>& result) {
  QueryPlanTrace t;
  t.present = true;
  t.timeLo = plan.timeLo;
  t.timeHi = plan.timeHi;
  t.visibleAt = q.now;
  t.retainedFrom = q.window.lo;
  t.equalities = static_cast<uint32_t>(plan.equalities.size() + plan.elementEqualities.size());
  t.ascending = q.window.direction == odata::SortDirection::Ascending;
  t.fromSkiptoken = q.window.start.has_value();
  t.nextPage = result.next.has_value();
  t.pageSize = q.window.pageSize;
  t.returned = result.events.size();
  t.usedIndex = result.usedIndex;
  t.examined = result.examined;
  return t;
}

std::string context(const GraphRequest& r) {
  return metadataBase(r) + std::string(graphPath(Endpoint::SignIns));
}

}  // namespace

void serveSignInList(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  const ServerConfig& config = r.context.scenario.server;
  const odata::EndpointCapabilities caps = capabilitiesFor(r);
  odata::QueryParseOptions parseOptions;
  parseOptions.maxPageSize = static_cast<int>(config.maxPageSize);
  Result<odata::QueryOptions> query =
      odata::parseQueryOptions(r.target.rawQuery, caps, parseOptions);
  if (!query) return writeError(ctx, query.error());
  Result<odata::CompiledFilter> filter = odata::CompiledFilter::compile(query->filter, caps);
  if (!filter) return writeError(ctx, filter.error());

  const Ticks now = r.context.clock.now();
  const Ticks floor = retentionFloor(r.context.scenario, Source::Entra, now);
  const odata::FilterPlan& plan = filter->plan();
  if (plan.earliestLowerBound && *plan.earliestLowerBound < floor) {
    return writeGraphError(ctx, 400, "BadRequest", "Invalid filter clause",
                           "Minimum allowed time for createdDateTime is " + formatIsoTime(floor));
  }
  const odata::QueryFingerprint fingerprint =
      odata::fingerprintQuery(*query, Endpoint::SignIns, r.route.api);
  SignInPageQuery page;
  page.filter = &filter.value();
  page.population = populationFor(r.route.api, *filter);
  page.now = now;
  page.window.lo = floor;
  page.window.hi = now;
  page.window.direction = query->orderBy.value_or(odata::SortDirection::Descending);
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
  const int64_t size = query->top.value_or(static_cast<int>(config.defaultPageSize));
  page.window.pageSize =
      static_cast<size_t>(std::clamp<int64_t>(size, 1, std::max<int64_t>(1, config.maxPageSize)));
  page.window.deadline = std::chrono::steady_clock::now() + r.context.options.scanDeadline;
  const RecordPage<SignIn> result = r.context.signIns.page(page);
  if (result.timedOut) {
    ctx.response.set_header("Retry-After", "5");
    return writeGraphError(
        ctx, 503, "UnknownError", "Unsupported Query",
        "the scan exceeded the server's deadline; narrow the createdDateTime range");
  }
  if (ctx.tracing()) ctx.trace->plan = tracePlan(plan, page, result);
  std::string nextLink;
  if (result.next) {
    const std::string token =
        r.context.skiptokens.encode(odata::PageCursor{*result.next, pageNumber + 1}, fingerprint);
    nextLink = odata::buildNextLink(r.origin + r.target.rawPath, query->parameters, token);
  }
  std::string body;
  body.reserve(result.events.size() * 2500 + 512);
  beginPage(body, context(r), nextLink);
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  const SignInLog& log = r.context.signIns.log();
  SignInDetails details;
  for (size_t i = 0; i < result.events.size(); ++i) {
    if (i) body += ',';
    log.describe(result.events[i], details);
    renderSignIn(details, r.route.api, body, enums);
  }
  endPage(body);
  ctx.itemsServed = result.events.size();
  sendJson(ctx, std::move(body));
}

void serveSignIn(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  const odata::EndpointCapabilities caps = capabilitiesFor(r);
  Result<odata::QueryOptions> query = odata::parseQueryOptions(r.target.rawQuery, caps);
  if (!query) return writeError(ctx, query.error());
  const Ticks now = r.context.clock.now();
  std::optional<SignIn> found = r.context.signIns.findById(
      r.route.argument, now, retentionFloor(r.context.scenario, Source::Entra, now));
  if (!found) {
    return writeGraphError(
        ctx, 404, "Request_ResourceNotFound",
        "Resource '" + r.route.argument +
            "' does not exist or one of its queried reference-property objects are not present.");
  }
  SignInDetails details;
  r.context.signIns.log().describe(*found, details);
  ctx.itemsServed = 1;
  std::string item;
  renderSignIn(details, r.route.api, item, enumMembersFor(ctx));
  std::string body = "{\"@odata.context\":";
  appendJsonString(body, context(r) + "/$entity");
  if (item.size() > 2) body += ',';
  body.append(item, 1);
  sendJson(ctx, std::move(body));
}

}  // namespace tenantsim::mock
