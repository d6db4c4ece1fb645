#include "mockserver/routes/provisioning_routes.h"

#include <algorithm>

#include "base/json_writer.h"
#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/next_link.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/routes/graph_response.h"
#include "mockserver/routes/provisioning_query.h"
#include "mockserver/routes/query_engine.h"
#include "simulator/graph/provisioning_render.h"
#include "simulator/graph/render.h"

namespace tenantsim::mock {
namespace {

odata::EndpointCapabilities capabilitiesFor(const GraphRequest& r) {
  odata::CapabilityOptions options;
  options.apiVersion = r.route.api;
  options.lenient = r.context.scenario.server.lenientFilters;
  return odata::EndpointCapabilities::forEndpoint(Endpoint::Provisioning, options);
}

// Free tenants get the sign-in logs' 403 here too (UNCONFIRMED, docs/provisioning.md#licence).
bool refuseWithoutPremium(const GraphRequest& r, RequestContext& ctx) {
  if (r.context.scenario.tenant.license != "Free") return false;
  writeGraphError(ctx, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                  "Neither tenant is B2C or tenant doesn't have premium license",
                  "provisioning logs need tenant.license P1 or P2");
  return true;
}

// The collection as the client named it: beta's directoryProvisioning keeps its own name.
std::string context(const GraphRequest& r) {
  const std::string& path = r.target.rawPath;
  const bool directory = std::search(path.begin(), path.end(), std::begin("directoryProvisioning"),
                                     std::end("directoryProvisioning") - 1, [](char a, char b) {
                                       return (a | 0x20) == (b | 0x20);
                                     }) != path.end();
  return metadataBase(r) + (directory ? "auditLogs/directoryProvisioning"
                                      : std::string(graphPath(Endpoint::Provisioning)));
}

void render(const GraphRequest& r, const ProvisioningEvent& e, ProvisioningDetails& d,
            UnknownEnumMembers enums, std::string& out) {
  r.context.provisioning.log().describe(e, d);
  renderProvisioning(d, r.route.api, r.context.scenario.tenant.id, out, enums);
}

}  // namespace

void serveProvisioningList(const GraphRequest& r, RequestContext& ctx) {
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
                           "Minimum allowed time for activityDateTime is " + formatIsoTime(floor));
  }
  const odata::QueryFingerprint fingerprint =
      odata::fingerprintQuery(*query, Endpoint::Provisioning, r.route.api);
  ProvisioningPageQuery page;
  page.filter = &filter.value();
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
  const RecordPage<ProvisioningEvent> result = r.context.provisioning.page(page);
  if (result.timedOut) {
    ctx.response.set_header("Retry-After", "5");
    return writeGraphError(
        ctx, 503, "UnknownError", "Unsupported Query",
        "the scan exceeded the server's deadline; narrow the activityDateTime range");
  }
  std::string nextLink;
  if (result.next) {
    const std::string token =
        r.context.skiptokens.encode(odata::PageCursor{*result.next, pageNumber + 1}, fingerprint);
    nextLink = odata::buildNextLink(r.origin + r.target.rawPath, query->parameters, token);
  }
  std::string body;
  body.reserve(result.events.size() * 3000 + 512);
  beginPage(body, context(r), nextLink);
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  ProvisioningDetails details;
  for (size_t i = 0; i < result.events.size(); ++i) {
    if (i) body += ',';
    render(r, result.events[i], details, enums, body);
  }
  endPage(body);
  ctx.itemsServed = result.events.size();
  sendJson(ctx, std::move(body));
}

void serveProvisioningItem(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  const odata::EndpointCapabilities caps = capabilitiesFor(r);
  Result<odata::QueryOptions> query = odata::parseQueryOptions(r.target.rawQuery, caps);
  if (!query) return writeError(ctx, query.error());
  const Ticks now = r.context.clock.now();
  std::optional<ProvisioningEvent> found = r.context.provisioning.findById(
      r.route.argument, now, retentionFloor(r.context.scenario, Source::Entra, now));
  if (!found) {
    return writeGraphError(
        ctx, 404, "Request_ResourceNotFound",
        "Resource '" + r.route.argument +
            "' does not exist or one of its queried reference-property objects are not present.");
  }
  ProvisioningDetails details;
  std::string item;
  render(r, *found, details, enumMembersFor(ctx), item);
  ctx.itemsServed = 1;
  std::string body = "{\"@odata.context\":";
  appendJsonString(body, context(r) + "/$entity");
  body += ',';
  body.append(item, 1);
  sendJson(ctx, std::move(body));
}

}  // namespace tenantsim::mock
