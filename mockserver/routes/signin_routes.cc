#include "mockserver/routes/signin_routes.h"

#include <algorithm>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/routes/graph_response.h"
#include "mockserver/routes/item_cache.h"
#include "mockserver/routes/log_list_request.h"
#include "mockserver/routes/query_engine.h"
#include "mockserver/routes/record_trace.h"
#include "mockserver/routes/signin_query.h"
#include "simulator/graph/render.h"
#include "simulator/graph/signin_render.h"

namespace tenantsim::mock {
namespace {

const odata::EndpointCapabilities& capabilitiesFor(const GraphRequest& r) {
  odata::CapabilityOptions options;
  options.apiVersion = r.route.api;
  options.lenient = r.context.scenario.server.lenientFilters;
  return odata::EndpointCapabilities::shared(Endpoint::SignIns, options);
}

// Graph answers tenants without Entra ID P1/P2 403 (fact sheet §1.1, GP §5.3).
bool refuseWithoutPremium(const GraphRequest& r, RequestContext& ctx) {
  if (r.context.scenario.tenant.license != "Free") return false;
  writeGraphError(ctx, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                  "Neither tenant is B2C or tenant doesn't have premium license",
                  "sign-in logs need tenant.license P1 or P2");
  return true;
}

std::string context(const GraphRequest& r) {
  return metadataBase(r) + std::string(graphPath(Endpoint::SignIns));
}

}  // namespace

void serveSignInList(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  std::optional<LogListRequest> list =
      readLogListRequest(r, ctx, Endpoint::SignIns, capabilitiesFor(r), "createdDateTime");
  if (!list) return;
  SignInPageQuery page;
  page.filter = &list->filter;
  page.population = populationFor(r.route.api, list->filter);
  page.now = list->now;
  page.window = list->window;
  const RecordPage<SignIn> result = r.context.signIns.page(page);
  if (result.timedOut) return writeScanDeadlineError(ctx, "createdDateTime");
  if (ctx.tracing())
    ctx.trace->plan = recordPlanTrace(list->filter.plan(), page.now, page.window, result);
  const std::string nextLink = logNextLink(r, *list, result.next);
  std::string body = takeBodyBuffer(ctx);
  body.reserve(result.events.size() * 2500 + 512);
  beginPage(body, context(r), nextLink);
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  const SignInLog& log = r.context.signIns.log();
  SignInDetails details;
  const RenderVariant variant{Endpoint::SignIns, r.route.api, enums, kAllProperties};
  appendCachedItems(r.context.renderCache, variant, std::span<const SignIn>(result.events), body,
                    [&](const SignIn& s, std::string& out) {
                      log.describe(s, details);
                      renderSignIn(details, r.route.api, out, enums);
                    });
  endPage(body);
  ctx.itemsServed = result.events.size();
  sendJson(ctx, std::move(body));
}

void serveSignIn(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  const odata::EndpointCapabilities& caps = capabilitiesFor(r);
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
