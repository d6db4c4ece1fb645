#include "mockserver/routes/risky_user_routes.h"

#include <algorithm>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/next_link.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/routes/graph_response.h"
#include "mockserver/routes/risk_query.h"
#include "mockserver/routes/risky_field_source.h"
#include "simulator/graph/render.h"
#include "simulator/graph/risky_user_render.h"

namespace tenantsim::mock {
namespace {

// Fact sheet §3.2: $top at most 500 (as riskDetections: 20 by default, 501 refused).
constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 500;

constexpr char kPath[] = "identityProtection/riskyUsers";

// A risky user with the names its JSON and filters use.
struct Named {
  const RiskyUser* user = nullptr;
  std::string id, displayName, principalName, adminId;
  RiskyUserNames names() const { return {id, displayName, principalName}; }
};

class RiskyUserFieldSource final : public RiskyEntityFieldSource {
 public:
  explicit RiskyUserFieldSource(const Named& n) : RiskyEntityFieldSource(*n.user), n_(n) {}

 private:
  std::optional<std::string_view> name(odata::Field field) const override {
    switch (field) {
      case odata::Field::Id:
        return n_.id;
      case odata::Field::UserPrincipalName:
        return n_.principalName;
      case odata::Field::UserDisplayName:
        return n_.displayName;
      default:
        return std::nullopt;
    }
  }

  const Named& n_;
};

// The risky users at the server clock, named. Free/P1 tenants see only the users at medium or
// high risk (fact sheet §3.2).
struct RiskyUserSet {
  std::vector<RiskDetection> detections;
  std::vector<RiskyUser> users;
  std::vector<Named> named;
};

void collect(const GraphRequest& r, RiskyUserSet& set) {
  const Ticks now = r.context.clock.now();
  set.detections = r.context.risks.visible(now);
  set.users = riskyUsersAt(set.detections, now, r.context.scenario);
  const bool p2 = r.context.scenario.tenant.license == "P2";
  RiskDetectionDetails d;
  set.named.reserve(set.users.size());
  for (const RiskyUser& u : set.users) {
    const std::string_view level = u.history.back().riskLevel;
    if (!p2 && level != "medium" && level != "high") continue;
    r.context.risks.log().describe(*u.first, d);
    Named n;
    n.user = &u;
    n.id = d.signIn.userId;
    n.displayName = d.signIn.userDisplayName;
    n.principalName = d.signIn.userPrincipalName;
    const Tenant& tenant = r.context.simulation.tenant();
    Guid admin;
    tenant.userId(remediationAdmin(r.context.scenario.seed, u.principal, tenant.adminCount()),
                  admin);
    n.adminId.assign(view(admin));
    set.named.push_back(std::move(n));
  }
}

bool refuseWithoutPremium(const GraphRequest& r, RequestContext& ctx) {
  if (r.context.scenario.tenant.license != "Free") return false;
  writeGraphError(ctx, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                  "Neither tenant is B2C or tenant doesn't have premium license",
                  "Identity Protection needs tenant.license P1 or P2");
  return true;
}

odata::EndpointCapabilities capabilitiesFor(const GraphRequest& r) {
  odata::CapabilityOptions options;
  options.apiVersion = r.route.api;
  options.lenient = r.context.scenario.server.lenientFilters;
  return odata::EndpointCapabilities::riskyUsers(options);
}

uint32_t selectMask(const odata::QueryOptions& query) {
  if (query.select.empty()) return kAllRiskyUserProperties;
  uint32_t mask = 0;
  for (std::string_view name : query.select) mask |= riskyUserProperty(name);
  return mask;
}

const Named* findUser(const RiskyUserSet& set, std::string_view id) {
  for (const Named& n : set.named)
    if (n.id == id) return &n;
  return nullptr;
}

void notFound(const GraphRequest& r, RequestContext& ctx) {
  writeGraphError(
      ctx, 404, "Request_ResourceNotFound",
      "Resource '" + r.route.argument +
          "' does not exist or one of its queried reference-property objects are not present.");
}

}  // namespace

void serveRiskyUserList(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  const odata::EndpointCapabilities caps = capabilitiesFor(r);
  odata::QueryParseOptions parseOptions;
  parseOptions.maxPageSize = kMaxPageSize;
  parseOptions.clampTopToMax = false;
  Result<odata::QueryOptions> query =
      odata::parseQueryOptions(r.target.rawQuery, caps, parseOptions);
  if (!query) return writeError(ctx, query.error());
  Result<odata::CompiledFilter> filter = odata::CompiledFilter::compile(query->filter, caps);
  if (!filter) return writeError(ctx, filter.error());
  // A token of this listing is told apart from riskDetections' by a flipped fingerprint byte.
  odata::QueryFingerprint fingerprint =
      odata::fingerprintQuery(*query, Endpoint::RiskDetections, r.route.api);
  fingerprint[0] ^= 0x52;  // "R": riskyUsers
  const odata::SortDirection direction = query->orderBy.value_or(odata::SortDirection::Ascending);
  std::optional<odata::PagePosition> after;
  uint32_t pageNumber = 0;
  if (query->skiptoken) {
    Result<odata::PageCursor> cursor = r.context.skiptokens.decode(*query->skiptoken, fingerprint);
    if (!cursor) return writeError(ctx, cursor.error());
    if (cursor->position.direction != direction)
      return writeGraphError(ctx, 400, "BadRequest", "Invalid $skiptoken",
                             "the token belongs to another sort order");
    after = cursor->position;
    pageNumber = cursor->pageNumber;
  }
  RiskyUserSet set;
  collect(r, set);
  // Ordered by (riskLastUpdatedDateTime, user index); desc reverses it.
  if (direction == odata::SortDirection::Descending)
    std::reverse(set.named.begin(), set.named.end());
  auto beyond = [&](const Named& n) {
    if (!after) return true;
    const int64_t t = n.user->lastUpdated();
    const uint64_t k = n.user->principal;
    if (direction == odata::SortDirection::Ascending)
      return t != after->activityTicks ? t > after->activityTicks : k > after->eventKey;
    return t != after->activityTicks ? t < after->activityTicks : k < after->eventKey;
  };
  const size_t pageSize = static_cast<size_t>(query->top.value_or(kDefaultPageSize));
  std::vector<const Named*> page;
  bool more = false;
  for (const Named& n : set.named) {
    if (!beyond(n)) continue;
    if (!filter->matchesEverything() && !filter->matches(RiskyUserFieldSource(n))) continue;
    if (page.size() == pageSize) {
      more = true;
      break;
    }
    page.push_back(&n);
  }
  std::string nextLink;
  if (more) {
    const odata::PagePosition last{page.back()->user->lastUpdated(), page.back()->user->principal,
                                   direction};
    const std::string token =
        r.context.skiptokens.encode(odata::PageCursor{last, pageNumber + 1}, fingerprint);
    nextLink = odata::buildNextLink(r.origin + r.target.rawPath, query->parameters, token);
  }
  std::string body;
  beginPage(body, metadataBase(r) + kPath + selectSuffix(*query), nextLink);
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  const bool detailHidden = r.context.scenario.tenant.license != "P2";
  for (size_t i = 0; i < page.size(); ++i) {
    if (i) body += ',';
    renderRiskyUser(*page[i]->user, page[i]->names(), body, enums, detailHidden,
                    selectMask(*query));
  }
  endPage(body);
  ctx.itemsServed = page.size();
  sendJson(ctx, std::move(body));
}

void serveRiskyUser(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  Result<odata::QueryOptions> query =
      odata::parseQueryOptions(r.target.rawQuery, capabilitiesFor(r));
  if (!query) return writeError(ctx, query.error());
  RiskyUserSet set;
  collect(r, set);
  const Named* n = findUser(set, r.route.argument);
  if (!n) return notFound(r, ctx);
  std::string item;
  renderRiskyUser(*n->user, n->names(), item, enumMembersFor(ctx),
                  r.context.scenario.tenant.license != "P2", selectMask(*query));
  std::string body = "{\"@odata.context\":";
  appendJsonString(body, metadataBase(r) + kPath + selectSuffix(*query) + "/$entity");
  body += ',';
  body.append(item, 1);
  ctx.itemsServed = 1;
  sendJson(ctx, std::move(body));
}

// The user's history, oldest first, in one page (a user has a handful of changes).
void serveRiskyUserHistory(const GraphRequest& r, RequestContext& ctx) {
  if (refuseWithoutPremium(r, ctx)) return;
  if (r.context.scenario.tenant.license != "P2") {
    // Fact sheet §3.2: without P2 there is no risk history (the detections' licence text).
    return writeGraphError(ctx, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                           "Neither tenant is B2C or tenant doesn't have premium license",
                           "riskyUsers history needs tenant.license P2");
  }
  Result<odata::QueryOptions> query =
      odata::parseQueryOptions(r.target.rawQuery, capabilitiesFor(r));
  if (!query) return writeError(ctx, query.error());
  RiskyUserSet set;
  collect(r, set);
  const Named* n = findUser(set, r.route.argument);
  if (!n) return notFound(r, ctx);
  std::string body;
  beginPage(body, metadataBase(r) + kPath + "('" + n->id + "')/history", "");
  const UnknownEnumMembers enums = enumMembersFor(ctx);
  for (size_t i = 0; i < n->user->history.size(); ++i) {
    if (i) body += ',';
    renderRiskyUserHistoryItem(n->user->history[i], n->names(), n->adminId, body, enums);
  }
  endPage(body);
  ctx.itemsServed = n->user->history.size();
  sendJson(ctx, std::move(body));
}

}  // namespace tenantsim::mock
