#include "mockserver/routes/provisioning_routes.h"

#include <algorithm>

#include "base/json_writer.h"
#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/routes/graph_response.h"
#include "mockserver/routes/log_list_request.h"
#include "mockserver/routes/provisioning_query.h"
#include "mockserver/routes/query_engine.h"
#include "simulator/graph/provisioning_render.h"
#include "simulator/graph/render.h"

namespace tenantsim::mock {
namespace {

const odata::EndpointCapabilities& capabilitiesFor(const GraphRequest& r) {
  odata::CapabilityOptions options;
  options.apiVersion = r.route.api;
  options.lenient = r.context.scenario.server.lenientFilters;
  return odata::EndpointCapabilities::shared(Endpoint::Provisioning, options);
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
  std::optional<LogListRequest> list =
      readLogListRequest(r, ctx, Endpoint::Provisioning, capabilitiesFor(r), "activityDateTime");
  if (!list) return;
  ProvisioningPageQuery page;
  page.filter = &list->filter;
  page.now = list->now;
  page.window = list->window;
  const RecordPage<ProvisioningEvent> result = r.context.provisioning.page(page);
  if (result.timedOut) return writeScanDeadlineError(ctx, "activityDateTime");
  const std::string nextLink = logNextLink(r, *list, result.next);
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
  const odata::EndpointCapabilities& caps = capabilitiesFor(r);
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
