#include "mockserver/http/router.h"

#include "mockserver/auth/directory.h"

namespace tenantsim::mock {
namespace {

bool is(std::string_view a, std::string_view b) { return equalsIgnoreAsciiCase(a, b); }

bool looksLikeVersion(std::string_view s) {
  return s.size() >= 2 && (s[0] == 'v' || s[0] == 'V') && s[1] >= '0' && s[1] <= '9';
}

Route make(RouteKind kind, Endpoint endpoint = Endpoint::Other, std::string argument = {}) {
  Route r;
  r.kind = kind;
  r.endpoint = endpoint;
  r.argument = std::move(argument);
  return r;
}

Route unknownSegment(std::string segment) {
  return make(RouteKind::UnknownSegment, Endpoint::Other, std::move(segment));
}

// category='X' (X with '' escapes) -> X; false when malformed.
bool parseCategoryArgument(std::string_view inside, std::string& category) {
  size_t equals = inside.find('=');
  if (equals == std::string_view::npos) return false;
  std::string_view name = inside.substr(0, equals), value = inside.substr(equals + 1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (!is(name, "category") || value.size() < 2 || value.front() != '\'' || value.back() != '\'')
    return false;
  value = value.substr(1, value.size() - 2);
  category.clear();
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\'') {
      if (i + 1 >= value.size() || value[i + 1] != '\'') return false;
      ++i;
    }
    category += value[i];
  }
  return true;
}

Route matchAuditEvents(const std::vector<std::string>& s) {
  if (s.size() == 3) return make(RouteKind::AuditEventList, Endpoint::AuditEvents);
  if (s.size() > 4) return unknownSegment(s[4]);
  const std::string& third = s[3];
  if (is(third, "getAuditCategories") || is(third, "getAuditCategories()"))
    return make(RouteKind::AuditCategories, Endpoint::AuditEvents);
  constexpr std::string_view kActivityTypes = "getAuditActivityTypes";
  if (third.size() >= kActivityTypes.size() &&
      is(std::string_view(third).substr(0, kActivityTypes.size()), kActivityTypes)) {
    std::string_view rest = std::string_view(third).substr(kActivityTypes.size());
    std::string category;
    if (rest.size() >= 2 && rest.front() == '(' && rest.back() == ')' &&
        parseCategoryArgument(rest.substr(1, rest.size() - 2), category))
      return make(RouteKind::AuditActivityTypes, Endpoint::AuditEvents, category);
    return make(RouteKind::BadFunctionCall, Endpoint::AuditEvents, third);
  }
  return make(RouteKind::AuditEventItem, Endpoint::AuditEvents, third);
}

Route matchGraph(const std::vector<std::string>& s) {
  if (s.size() < 2) return make(RouteKind::NotFound);
  if (is(s[1], "auditLogs")) {
    if (s.size() < 3) return unknownSegment(s[1]);
    if (is(s[2], "signIns")) {
      if (s.size() == 3) return make(RouteKind::SignInList, Endpoint::SignIns);
      if (s.size() == 4) return make(RouteKind::SignInItem, Endpoint::SignIns, s[3]);
      return unknownSegment(s[4]);
    }
    // Beta also names the provisioning log directoryProvisioning (fact sheet §2).
    if (is(s[2], "provisioning") || (is(s[0], "beta") && is(s[2], "directoryProvisioning"))) {
      if (s.size() == 3) return make(RouteKind::ProvisioningList, Endpoint::Provisioning);
      if (s.size() == 4) return make(RouteKind::ProvisioningItem, Endpoint::Provisioning, s[3]);
      return unknownSegment(s[4]);
    }
    if (!is(s[2], "directoryAudits")) return unknownSegment(s[2]);
    if (s.size() == 3) return make(RouteKind::DirectoryAuditList, Endpoint::DirectoryAudits);
    if (s.size() == 4) return make(RouteKind::DirectoryAuditItem, Endpoint::DirectoryAudits, s[3]);
    return unknownSegment(s[4]);
  }
  if (is(s[1], "security")) {
    if (s.size() < 3) return unknownSegment(s[1]);
    const bool alerts = is(s[2], "alerts_v2");
    if (!alerts && !is(s[2], "incidents")) return unknownSegment(s[2]);
    const Endpoint endpoint = alerts ? Endpoint::Alerts : Endpoint::Incidents;
    if (s.size() == 3)
      return make(alerts ? RouteKind::AlertList : RouteKind::IncidentList, endpoint);
    if (s.size() == 4)
      return make(alerts ? RouteKind::AlertItem : RouteKind::IncidentItem, endpoint, s[3]);
    return unknownSegment(s[4]);
  }
  if (is(s[1], "identityProtection")) {
    if (s.size() < 3) return unknownSegment(s[1]);
    if (is(s[2], "riskyUsers")) {
      if (s.size() == 3) return make(RouteKind::RiskyUserList, Endpoint::RiskDetections);
      if (s.size() == 4) return make(RouteKind::RiskyUserItem, Endpoint::RiskDetections, s[3]);
      if (s.size() == 5 && is(s[4], "history"))
        return make(RouteKind::RiskyUserHistory, Endpoint::RiskDetections, s[3]);
      return unknownSegment(s[4]);
    }
    if (is(s[2], "riskyServicePrincipals")) {
      if (s.size() == 3) return make(RouteKind::RiskySpList, Endpoint::RiskDetections);
      if (s.size() == 4) return make(RouteKind::RiskySpItem, Endpoint::RiskDetections, s[3]);
      if (s.size() == 5 && is(s[4], "history"))
        return make(RouteKind::RiskySpHistory, Endpoint::RiskDetections, s[3]);
      return unknownSegment(s[4]);
    }
    if (is(s[2], "servicePrincipalRiskDetections")) {
      if (s.size() == 3) return make(RouteKind::SpRiskDetectionList, Endpoint::RiskDetections);
      if (s.size() == 4)
        return make(RouteKind::SpRiskDetectionItem, Endpoint::RiskDetections, s[3]);
      return unknownSegment(s[4]);
    }
    if (!is(s[2], "riskDetections")) return unknownSegment(s[2]);
    if (s.size() == 3) return make(RouteKind::RiskDetectionList, Endpoint::RiskDetections);
    if (s.size() == 4) return make(RouteKind::RiskDetectionItem, Endpoint::RiskDetections, s[3]);
    return unknownSegment(s[4]);
  }
  if (is(s[1], "deviceManagement")) {
    if (s.size() < 3) return unknownSegment(s[1]);
    if (!is(s[2], "auditEvents")) return unknownSegment(s[2]);
    return matchAuditEvents(s);
  }
  return unknownSegment(s[1]);
}

// Entra's paths: /{tenant}/oauth2/v2.0/token, /{tenant}/v2.0/.well-known/openid-configuration, ...
bool matchIdentity(const std::vector<std::string>& s, Route& route) {
  size_t n = s.size();
  if (n < 2) return false;
  auto tail = [&](std::initializer_list<std::string_view> parts) {
    if (n != parts.size() + 1) return false;
    size_t i = 1;
    for (std::string_view p : parts)
      if (!is(s[i++], p)) return false;
    return true;
  };
  if (tail({"oauth2", "v2.0", "token"}) || tail({"oauth2", "token"})) {
    route = make(RouteKind::Token, Endpoint::Token);
  } else if (tail({"v2.0", ".well-known", "openid-configuration"})) {
    route = make(RouteKind::OpenIdConfiguration, Endpoint::Discovery);
  } else if (tail({".well-known", "openid-configuration"})) {
    route = make(RouteKind::OpenIdConfiguration, Endpoint::Discovery);
    route.oidcV2 = false;
  } else if (tail({"discovery", "v2.0", "keys"}) || tail({"discovery", "keys"})) {
    route = make(RouteKind::Keys, Endpoint::Discovery);
  } else if (tail({"discovery", "instance"})) {
    route = make(RouteKind::InstanceDiscovery, Endpoint::Discovery);
  } else {
    return false;
  }
  route.tenant = s[0];
  return true;
}

}  // namespace

Route matchRoute(std::string_view method, const std::vector<std::string>& segments) {
  Route route;
  if (!segments.empty() && segments[0] == "_tenantsim") {
    route = make(RouteKind::Admin, Endpoint::Admin);
  } else if (matchIdentity(segments, route)) {
    std::string_view allowed = route.kind == RouteKind::Token ? "POST" : "GET";
    route.allow = std::string(allowed) + ", OPTIONS";
    route.methodAllowed = is(method, allowed) || (allowed == "GET" && is(method, "HEAD"));
    return route;
  } else if (segments.empty()) {
    route = make(RouteKind::NotFound);
  } else if (is(segments[0], "v1.0") || is(segments[0], "beta")) {
    route = matchGraph(segments);
    route.api = is(segments[0], "beta") ? ApiVersion::Beta : ApiVersion::V1;
  } else if (looksLikeVersion(segments[0])) {
    route = make(RouteKind::UnknownVersion, Endpoint::Other, segments[0]);
  } else {
    route = make(RouteKind::NotFound);
  }
  switch (route.kind) {
    case RouteKind::DirectoryAuditList:
    case RouteKind::DirectoryAuditItem:
    case RouteKind::AuditEventList:
    case RouteKind::AuditEventItem:
    case RouteKind::SignInList:
    case RouteKind::SignInItem:
    case RouteKind::AlertList:
    case RouteKind::AlertItem:
    case RouteKind::IncidentList:
    case RouteKind::IncidentItem:
    case RouteKind::ProvisioningList:
    case RouteKind::ProvisioningItem:
    case RouteKind::RiskDetectionList:
    case RouteKind::RiskDetectionItem:
    case RouteKind::RiskyUserList:
    case RouteKind::RiskyUserItem:
    case RouteKind::RiskyUserHistory:
    case RouteKind::SpRiskDetectionList:
    case RouteKind::SpRiskDetectionItem:
    case RouteKind::RiskySpList:
    case RouteKind::RiskySpItem:
    case RouteKind::RiskySpHistory:
    case RouteKind::AuditCategories:
    case RouteKind::AuditActivityTypes:
      route.allow = "GET";
      route.methodAllowed = is(method, "GET") || is(method, "HEAD");
      break;
    default:
      break;
  }
  return route;
}

}  // namespace tenantsim::mock
