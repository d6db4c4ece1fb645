#include "mockserver/routes/sp_risk_routes.h"

#include <algorithm>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/next_link.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/routes/graph_response.h"
#include "mockserver/routes/risk_query.h"
#include "mockserver/routes/risky_field_source.h"
#include "simulator/graph/render.h"
#include "simulator/graph/risk_render.h"
#include "simulator/graph/risky_user_render.h"

namespace tenantsim::mock {
namespace {

// As riskDetections and riskyUsers (fact sheet §3.2): 20 rows by default, $top at most 500.
constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 500;

constexpr char kDetectionsPath[] = "identityProtection/servicePrincipalRiskDetections";
constexpr char kRiskyPath[] = "identityProtection/riskyServicePrincipals";

// Service-principal risk needs Workload Identities Premium (fact sheet §3.2); the scenario has no
// such licence of its own: every P1 or P2 tenant is taken to hold it, a Free tenant gets the
// Identity Protection 403 (docs/identity-protection.md#service-principals).
bool refuseWithoutPremium(const GraphRequest& r, RequestContext& ctx) {
  if (r.context.scenario.tenant.license != "Free") return false;
  writeGraphError(ctx, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                  "Neither tenant is B2C or tenant doesn't have premium license",
                  "service-principal risk needs tenant.license P1 or P2");
  return true;
}

odata::CapabilityOptions optionsFor(const GraphRequest& r) {
  odata::CapabilityOptions options;
  options.apiVersion = r.route.api;
  options.lenient = r.context.scenario.server.lenientFilters;
  return options;
}

void notFound(const GraphRequest& r, RequestContext& ctx) {
  writeGraphError(
      ctx, 404, "Request_ResourceNotFound",
      "Resource '" + r.route.argument +
          "' does not exist or one of its queried reference-property objects are not present.");
}

// Parses the list options and the cursor; the fingerprint tells these lists' tokens apart from
// riskDetections' and riskyUsers'.
struct ListRequest {
  odata::QueryOptions query;
  std::optional<odata::CompiledFilter> filter;
  odata::QueryFingerprint fingerprint{};
  odata::SortDirection direction = odata::SortDirection::Ascending;
  std::optional<odata::PagePosition> after;
  uint32_t pageNumber = 0;
};

bool parseList(const GraphRequest& r, RequestContext& ctx, const odata::EndpointCapabilities& caps,
               uint8_t tag, ListRequest& out) {
  odata::QueryParseOptions parseOptions;
  parseOptions.maxPageSize = kMaxPageSize;
  parseOptions.clampTopToMax = false;
  Result<odata::QueryOptions> query =
      odata::parseQueryOptions(r.target.rawQuery, caps, parseOptions);
  if (!query) return writeError(ctx, query.error()), false;
  Result<odata::CompiledFilter> filter = odata::CompiledFilter::compile(query->filter, caps);
  if (!filter) return writeError(ctx, filter.error()), false;
  out.query = std::move(*query);
  out.filter.emplace(std::move(*filter));
  out.fingerprint = odata::fingerprintQuery(out.query, Endpoint::RiskDetections, r.route.api);
  out.fingerprint[0] ^= tag;
  out.direction = out.query.orderBy.value_or(odata::SortDirection::Ascending);
  if (out.query.skiptoken) {
    Result<odata::PageCursor> cursor =
        r.context.skiptokens.decode(*out.query.skiptoken, out.fingerprint);
    if (!cursor) return writeError(ctx, cursor.error()), false;
    if (cursor->position.direction != out.direction)
      return writeGraphError(ctx, 400, "BadRequest", "Invalid $skiptoken",
                             "the token belongs to another sort order"),
             false;
    out.after = cursor->position;
    out.pageNumber = cursor->pageNumber;
  }
  return true;
}

// One page of rows held in (time, key) order: those after the cursor that match, up to the page
// size; the next link when more follow. position(row) gives (time, key); matches(row) the filter.
template <typename Row, typename Position, typename Matches>
std::vector<const Row*> pageOf(const GraphRequest& r, const ListRequest& l,
                               const std::vector<Row>& rows, Position position, Matches matches,
                               size_t& matched, std::string& nextLink) {
  const bool asc = l.direction == odata::SortDirection::Ascending;
  auto beyond = [&](const odata::PagePosition& p) {
    if (!l.after) return true;
    if (p.activityTicks != l.after->activityTicks)
      return asc ? p.activityTicks > l.after->activityTicks
                 : p.activityTicks < l.after->activityTicks;
    return asc ? p.eventKey > l.after->eventKey : p.eventKey < l.after->eventKey;
  };
  const size_t pageSize = static_cast<size_t>(l.query.top.value_or(kDefaultPageSize));
  std::vector<const Row*> page;
  bool more = false;
  matched = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[asc ? i : rows.size() - 1 - i];
    if (!matches(row)) continue;
    ++matched;
    if (!beyond(position(row)) || more) continue;
    if (page.size() == pageSize) {
      more = true;
      continue;
    }
    page.push_back(&row);
  }
  if (more) {
    const odata::PagePosition last = position(*page.back());
    nextLink = odata::buildNextLink(
        r.origin + r.target.rawPath, l.query.parameters,
        r.context.skiptokens.encode(odata::PageCursor{last, l.pageNumber + 1}, l.fingerprint));
  }
  return page;
}

// ---- servicePrincipalRiskDetections

struct Detections {
  std::vector<RiskDetection> rows;  // visible at now, (time, key) order
  DetectionStates states;
};

Detections detectionsAt(const GraphRequest& r) {
  const Ticks now = r.context.clock.now();
  Detections d;
  d.rows = r.context.risks.visibleServicePrincipals(now);
  d.states = DetectionStates(d.rows, now, r.context.scenario, RiskSubject::ServicePrincipal);
  return d;
}

RiskPropertyMask detectionMask(const odata::QueryOptions& query) {
  if (query.select.empty()) return kAllRiskProperties;
  RiskPropertyMask mask = 0;
  for (std::string_view name : query.select) mask |= riskDetectionProperty(name);
  return mask;
}

void renderDetection(const GraphRequest& r, RequestContext& ctx, const Detections& set,
                     const RiskDetection& row, RiskPropertyMask mask, std::string& out) {
  RiskDetectionDetails details;
  r.context.risks.log().describe(row, details);
  applyDetectionState(set.states.of(row), details);
  renderRiskDetection(details, r.route.api, out, mask, enumMembersFor(ctx));
}

// ---- riskyServicePrincipals

struct RiskySet {
  std::vector<RiskDetection> detections;
  std::vector<RiskyUser> principals;
  std::vector<RiskyServicePrincipalNames> names;  // parallel to principals
  std::vector<RiskDetectionDetails> described;    // owns the names' strings
};

void collectRisky(const GraphRequest& r, RiskySet& set) {
  const Ticks now = r.context.clock.now();
  set.detections = r.context.risks.visibleServicePrincipals(now);
  set.principals =
      riskyUsersAt(set.detections, now, r.context.scenario, RiskSubject::ServicePrincipal);
  set.described.resize(set.principals.size());
  for (size_t i = 0; i < set.principals.size(); ++i)
    set.names.push_back(
        riskyServicePrincipalNames(r.context.risks.log(), set.principals[i], set.described[i]));
}

class RiskySpFieldSource final : public RiskyEntityFieldSource {
 public:
  RiskySpFieldSource(const RiskyUser& sp, const RiskyServicePrincipalNames& n)
      : RiskyEntityFieldSource(sp), n_(n) {}

 private:
  std::optional<std::string_view> name(odata::Field field) const override {
    switch (field) {
      case odata::Field::Id:
        return n_.id;
      case odata::Field::SignInAppId:
        return n_.appId;
      case odata::Field::DisplayName:
        return n_.displayName;
      default:
        return std::nullopt;
    }
  }

  const RiskyServicePrincipalNames& n_;
};

uint32_t riskyMask(const odata::QueryOptions& query) {
  if (query.select.empty()) return kAllRiskyUserProperties;
  uint32_t mask = 0;
  for (std::string_view name : query.select) mask |= riskyServicePrincipalProperty(name);
  return mask;
}

std::optional<size_t> findRisky(const RiskySet& set, std::string_view id) {
  for (size_t i = 0; i < set.names.size(); ++i)
    if (set.names[i].id == id) return i;
  return std::nullopt;
}

void sendItem(RequestContext& ctx, const std::string& context, const std::string& item) {
  std::string body = "{\"@odata.context\":";
  appendJsonString(body, context + "/$entity");
  if (item.size() > 2) body += ',';
  body.append(item, 1);
  ctx.itemsServed = 1;
  sendJson(ctx, std::move(body));
}

}  // namespace

void serveServicePrincipalRiskDetectionList(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  const odata::EndpointCapabilities caps =
      odata::EndpointCapabilities::servicePrincipalRiskDetections(optionsFor(r));
  ListRequest l;
  if (!parseList(r, ctx, caps, 0x53 /* "S" */, l)) return;
  const Detections set = detectionsAt(r);
  RiskFieldSource fields(r.context.risks.log(), &set.states);
  size_t matched = 0;
  std::string nextLink;
  const std::vector<const RiskDetection*> page = pageOf(
      r, l, set.rows,
      [&](const RiskDetection& d) {
        return odata::PagePosition{d.time, d.key, l.direction};
      },
      [&](const RiskDetection& d) {
        if (l.filter->matchesEverything()) return true;
        fields.reset(d);
        return l.filter->matches(fields);
      },
      matched, nextLink);
  std::string body;
  beginPage(body, metadataBase(r) + kDetectionsPath + selectSuffix(l.query), nextLink);
  const RiskPropertyMask mask = detectionMask(l.query);
  for (size_t i = 0; i < page.size(); ++i) {
    if (i) body += ',';
    renderDetection(r, ctx, set, *page[i], mask, body);
  }
  endPage(body);
  ctx.itemsServed = page.size();
  sendJson(ctx, std::move(body));
}

void serveServicePrincipalRiskDetection(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  Result<odata::QueryOptions> query = odata::parseQueryOptions(
      r.target.rawQuery,
      odata::EndpointCapabilities::servicePrincipalRiskDetections(optionsFor(r)));
  if (!query) return writeError(ctx, query.error());
  const Detections set = detectionsAt(r);
  RiskDetectionDetails details;
  for (const RiskDetection& row : set.rows) {
    r.context.risks.log().describe(row, details);
    if (details.id != r.route.argument) continue;
    std::string item;
    renderDetection(r, ctx, set, row, detectionMask(*query), item);
    return sendItem(ctx, metadataBase(r) + kDetectionsPath + selectSuffix(*query), item);
  }
  notFound(r, ctx);
}

void serveRiskyServicePrincipalList(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  const odata::EndpointCapabilities caps =
      odata::EndpointCapabilities::riskyServicePrincipals(optionsFor(r));
  ListRequest l;
  if (!parseList(r, ctx, caps, 0x50 /* "P" */, l)) return;
  RiskySet set;
  collectRisky(r, set);
  std::vector<size_t> rows(set.principals.size());
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  size_t matched = 0;
  std::string nextLink;
  const std::vector<const size_t*> page = pageOf(
      r, l, rows,
      [&](size_t i) {
        return odata::PagePosition{set.principals[i].lastUpdated(), set.principals[i].principal,
                                   l.direction};
      },
      [&](size_t i) {
        return l.filter->matchesEverything() ||
               l.filter->matches(RiskySpFieldSource(set.principals[i], set.names[i]));
      },
      matched, nextLink);
  std::string body = "{\"@odata.context\":";
  appendJsonString(body, metadataBase(r) + kRiskyPath + selectSuffix(l.query));
  if (l.query.count) body += ",\"@odata.count\":" + std::to_string(matched);
  if (!nextLink.empty()) {
    body += ",\"@odata.nextLink\":";
    appendJsonString(body, nextLink);
  }
  body += ",\"value\":[";
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  for (size_t k = 0; k < page.size(); ++k) {
    if (k) body += ',';
    const size_t i = *page[k];
    renderRiskyServicePrincipal(set.principals[i], set.names[i], r.route.api, body, enums,
                                riskyMask(l.query));
  }
  endPage(body);
  ctx.itemsServed = page.size();
  sendJson(ctx, std::move(body));
}

// The query options and the risky service principal that a by-id request names; nullopt once
// the request is answered (no licence, a bad query, an unknown id).
std::optional<size_t> riskyNamed(const GraphRequest& r, RequestContext& ctx,
                                 odata::QueryOptions& query, RiskySet& set) {
  if (refuseWithoutPremium(r, ctx)) return std::nullopt;
  Result<odata::QueryOptions> parsed = odata::parseQueryOptions(
      r.target.rawQuery, odata::EndpointCapabilities::riskyServicePrincipals(optionsFor(r)));
  if (!parsed) {
    writeError(ctx, parsed.error());
    return std::nullopt;
  }
  query = std::move(*parsed);
  collectRisky(r, set);
  const std::optional<size_t> i = findRisky(set, r.route.argument);
  if (!i) notFound(r, ctx);
  return i;
}

void serveRiskyServicePrincipal(const GraphRequest& r, RequestContext& ctx) {
  odata::QueryOptions query;
  RiskySet set;
  const std::optional<size_t> i = riskyNamed(r, ctx, query, set);
  if (!i) return;
  std::string item;
  renderRiskyServicePrincipal(set.principals[*i], set.names[*i], r.route.api, item,
                              enumMembersFor(ctx), riskyMask(query));
  sendItem(ctx, metadataBase(r) + kRiskyPath + selectSuffix(query), item);
}

// The service principal's history, oldest first, in one page.
void serveRiskyServicePrincipalHistory(const GraphRequest& r, RequestContext& ctx) {
  odata::QueryOptions query;
  RiskySet set;
  const std::optional<size_t> i = riskyNamed(r, ctx, query, set);
  if (!i) return;
  const RiskyUser& sp = set.principals[*i];
  std::string body;
  beginPage(body, metadataBase(r) + kRiskyPath + "('" + r.route.argument + "')/history", "");
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  for (size_t k = 0; k < sp.history.size(); ++k) {
    if (k) body += ',';
    renderRiskyServicePrincipalHistoryItem(sp.history[k], set.names[*i], r.route.api, body, enums);
  }
  endPage(body);
  ctx.itemsServed = sp.history.size();
  sendJson(ctx, std::move(body));
}

}  // namespace tenantsim::mock
