#include "mockserver/routes/alert_routes.h"

#include <algorithm>

#include "base/url_encoding.h"
#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/filter_cache.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/routes/alert_query.h"
#include "mockserver/routes/graph_response.h"
#include "simulator/graph/alert_render.h"
#include "simulator/graph/render.h"

namespace tenantsim::mock {
namespace {

bool isIncidents(const GraphRequest& r) { return r.route.endpoint == Endpoint::Incidents; }

const odata::EndpointCapabilities& capabilitiesFor(const GraphRequest& r) {
  odata::CapabilityOptions options;
  options.apiVersion = r.route.api;
  options.lenient = r.context.scenario.server.lenientFilters;
  return odata::EndpointCapabilities::shared(r.route.endpoint, options);
}

bool expandsAlerts(const odata::QueryOptions& query) {
  return std::find(query.expand.begin(), query.expand.end(), "alerts") != query.expand.end();
}

// "<base>security/incidents(alerts())" when expanded, as Graph writes an expanded context.
std::string context(const GraphRequest& r, const odata::QueryOptions& query) {
  std::string out = metadataBase(r) + std::string(graphPath(r.route.endpoint));
  if (expandsAlerts(query)) out += "(alerts())";
  return out;
}

// The next page: every parameter as sent but $skip, then $skip past this page (Graph pages these
// collections by $skip; docs/security-alerts.md#paging).
std::string skipNextLink(const GraphRequest& r, const odata::QueryOptions& query, size_t skip) {
  std::string link = r.origin + r.target.rawPath;
  char separator = '?';
  for (const odata::QueryParameter& p : query.parameters) {
    if (equalsIgnoreAsciiCase(p.name, "$skip")) continue;
    link.push_back(separator);
    separator = '&';
    link += encodeQueryName(p.name);
    if (p.hasEquals) {
      link.push_back('=');
      link += encodeQueryValue(p.value);
    }
  }
  link.push_back(separator);
  link += "$skip=" + std::to_string(skip);
  return link;
}

void renderAlerts(const AlertLog& log, std::span<const Alert> alerts, Ticks now, ApiVersion api,
                  UnknownEnumMembers enums, std::string& out) {
  AlertDetails d;
  bool first = true;
  for (const Alert& a : alerts) {
    if (a.time > now) break;
    if (!first) out += ',';
    first = false;
    log.describe(a, d);
    renderAlert(d, now, api, out, enums);
  }
}

void renderOneIncident(const AlertLog& log, const Incident& i, Ticks now, ApiVersion api,
                       UnknownEnumMembers enums, bool expand, std::string& out) {
  IncidentDetails d;
  log.describeIncident(i, now, d);
  std::string alerts;
  if (expand) {
    alerts = "[";
    renderAlerts(log, i.alerts, now, api, enums, alerts);
    alerts += ']';
  }
  renderIncident(d, api, out, enums, alerts);
}

void writeNotFound(RequestContext& ctx, const std::string& id) {
  writeGraphError(ctx, 404, "NotFound",
                  "Resource '" + id +
                      "' does not exist or one of its queried reference-property objects are "
                      "not present.");
}

}  // namespace

void serveSecurityList(const GraphRequest& r, RequestContext& ctx) {
  const ServerConfig& config = r.context.scenario.server;
  const bool incidents = isIncidents(r);
  const odata::EndpointCapabilities& caps = capabilitiesFor(r);
  odata::QueryParseOptions parseOptions;
  parseOptions.maxPageSize =
      static_cast<int>(incidents ? config.incidentsMaxPageSize : config.alertsMaxPageSize);
  Result<odata::QueryOptions> query =
      odata::parseQueryOptions(r.target.rawQuery, caps, parseOptions);
  if (!query) return writeError(ctx, query.error());
  if (query->skiptoken)
    return writeGraphError(ctx, 400, "BadRequest", "Invalid $skiptoken",
                           "security collections page with $skip; follow @odata.nextLink");
  Result<odata::CompiledFilter> filter = odata::compileFilterCached(query->filter, caps);
  if (!filter) return writeError(ctx, filter.error());

  SecurityListQuery q;
  q.filter = &filter.value();
  q.now = r.context.clock.now();
  q.ascending = query->orderBy == odata::SortDirection::Ascending;
  q.byLastUpdate = query->orderByProperty == "lastUpdateDateTime";
  q.skip = static_cast<size_t>(query->skip.value_or(0));
  q.top = static_cast<size_t>(query->top.value_or(parseOptions.maxPageSize));
  const AlertQueryEngine& engine = r.context.alerts;
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  std::string body;
  size_t returned = 0, matched = 0;
  std::string items;
  if (incidents) {
    SecurityPage<Incident> page = engine.incidents(q);
    const bool expand = expandsAlerts(*query);
    for (const Incident* i : page.items) {
      if (returned++) items += ',';
      renderOneIncident(engine.log(), *i, q.now, r.route.api, enums, expand, items);
    }
    matched = page.matched;
  } else {
    SecurityPage<Alert> page = engine.alerts(q);
    AlertDetails d;
    for (const Alert* a : page.items) {
      if (returned++) items += ',';
      engine.log().describe(*a, d);
      renderAlert(d, q.now, r.route.api, items, enums);
    }
    matched = page.matched;
  }
  const std::string nextLink =
      q.skip + returned < matched ? skipNextLink(r, *query, q.skip + returned) : std::string();
  body.reserve(items.size() + 512);
  body += "{\"@odata.context\":";
  appendJsonString(body, context(r, *query));
  if (query->count) body += ",\"@odata.count\":" + std::to_string(matched);
  if (!nextLink.empty()) {
    body += ",\"@odata.nextLink\":";
    appendJsonString(body, nextLink);
  }
  body += ",\"value\":[";
  body += items;
  endPage(body);
  ctx.itemsServed = returned;
  sendJson(ctx, std::move(body));
}

void serveSecurityItem(const GraphRequest& r, RequestContext& ctx) {
  const odata::EndpointCapabilities& caps = capabilitiesFor(r);
  Result<odata::QueryOptions> query = odata::parseQueryOptions(r.target.rawQuery, caps);
  if (!query) return writeError(ctx, query.error());
  const Ticks now = r.context.clock.now();
  const AlertQueryEngine& engine = r.context.alerts;
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  std::string item;
  if (isIncidents(r)) {
    std::optional<Incident> found = engine.findIncident(r.route.argument, now);
    if (!found) return writeNotFound(ctx, r.route.argument);
    renderOneIncident(engine.log(), *found, now, r.route.api, enums, expandsAlerts(*query), item);
  } else {
    std::optional<Alert> found = engine.findAlert(r.route.argument, now);
    if (!found) return writeNotFound(ctx, r.route.argument);
    AlertDetails d;
    engine.log().describe(*found, d);
    renderAlert(d, now, r.route.api, item, enums);
  }
  ctx.itemsServed = 1;
  std::string body = "{\"@odata.context\":";
  appendJsonString(body, context(r, *query) + "/$entity");
  body += ',';
  body.append(item, 1);
  sendJson(ctx, std::move(body));
}

}  // namespace tenantsim::mock
