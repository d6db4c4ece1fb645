#include "mockserver/routes/admin.h"

#include <openssl/crypto.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "mockserver/auth/authorizer.h"
#include "mockserver/http/pipeline.h"
#include "mockserver/routes/admin_inspect.h"
#include "mockserver/routes/dashboard.h"
#include "mockserver/routes/item_cache.h"

namespace tenantsim::mock {
namespace {

using nlohmann::json;

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kPrometheus = "text/plain; version=0.0.4; charset=utf-8";

void answer(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_content(body.dump(), kJson);
}

void answerError(httplib::Response& response, int status, std::string_view code,
                 std::string_view message, json details = nullptr) {
  json error = {{"code", std::string(code)}, {"message", std::string(message)}};
  if (!details.is_null()) error["details"] = std::move(details);
  error["innerError"] = {{"date", graphErrorDate()},
                         {"request-id", response.get_header_value("request-id")},
                         {"client-request-id", response.get_header_value("client-request-id")}};
  answer(response, status, {{"error", std::move(error)}});
}

const char* mode(const ServerClock& clock) { return clock.isLive() ? "live" : "history"; }

json clockJson(const ServerClock& clock) {
  json out = {{"now", formatIsoTime(clock.now())}, {"mode", mode(clock)}, {"speed", clock.speed()}};
  if (clock.epoch()) out["epoch"] = formatIsoTime(*clock.epoch());  // replicas sharing it agree
  return out;
}

json healthJson(const AdminContext& admin) {
  return {{"status", "ok"},
          {"events",
           {{"directoryAudits", admin.store.size(Source::Entra)},
            {"auditEvents", admin.store.size(Source::Intune)}}},
          {"clock", formatIsoTime(admin.clock.now())},
          {"mode", mode(admin.clock)},
          {"scenario", {{"name", admin.scenario.name}, {"generation", admin.generation}}}};
}

json workloadsJson(const WorkloadsConfig& w) {
  json out = json::object();
  if (w.background)
    out["background"] = {{"eventsPerUserPerDay", w.background->eventsPerUserPerDay},
                         {"intuneShare", w.background->intuneShare},
                         {"bursts", w.background->bursts.size()}};
  if (w.pim)
    out["pim"] = {{"eligibleUsers", w.pim->eligibleUsers},
                  {"activationsPerEligibleUserPerDay", w.pim->activationsPerEligibleUserPerDay}};
  if (w.conditionalAccess)
    out["conditionalAccess"] = {{"policies", w.conditionalAccess->policies},
                                {"namedLocations", w.conditionalAccess->namedLocations},
                                {"changesPerWeek", w.conditionalAccess->changesPerWeek}};
  if (w.cloudPki)
    out["cloudPki"] = {{"rootCAs", w.cloudPki->rootCAs},
                       {"issuingCAs", w.cloudPki->issuingCAs},
                       {"leafCertificatesPerCA", w.cloudPki->leafCertificatesPerCA}};
  out["catalogTour"] = w.catalogTour;
  return out;
}

json scenarioJson(const Scenario& s) {
  json storylines = json::array();
  for (const StorylineConfig& st : s.storylines)
    storylines.push_back({{"kind", st.kind}, {"at", formatIsoTime(st.at)}, {"label", st.label}});
  json out = {
      {"name", s.name},
      {"description", s.description},
      {"seed", s.seed},
      {"tenant",
       {{"id", s.tenant.id},
        {"name", s.tenant.name},
        {"domain", s.tenant.domain},
        {"users", s.tenant.users},
        {"license", s.tenant.license}}},
      {"window",
       {{"start", formatIsoTime(s.windowStart())},
        {"end", formatIsoTime(s.windowEnd)},
        {"days", s.windowDays}}},
      {"workloads", workloadsJson(s.workloads)},
      {"storylines", storylines},
      {"apps", s.apps.size()},
      {"server",
       {{"auth", s.server.auth},
        {"throttling", s.server.throttling},
        {"ingestDelay", s.server.ingestDelay},
        {"faultRate", s.server.faults.rate},
        {"latency", s.server.latency.distribution}}},
      {"live", nullptr},
  };
  if (s.live) {
    out["live"] = {{"speed", s.live->speed},
                   {"start", formatIsoTime(s.live->start.value_or(s.windowEnd))}};
  }
  return out;
}

// PUT/POST /_tenantsim/clock: {"now":"<ISO time>"} pins the clock, {"reset":true} releases it.
void setClock(AdminContext& admin, const httplib::Request& request, httplib::Response& response) {
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    answerError(response, 400, "BadRequest",
                "The body must be a JSON object: {\"now\":\"<time>\"} or {\"reset\":true}.");
    return;
  }
  auto reset = body.find("reset");
  auto now = body.find("now");
  if (reset != body.end() && reset->is_boolean() && reset->get<bool>() && now == body.end()) {
    admin.clock.clear();
  } else if (now != body.end() && now->is_string() && reset == body.end()) {
    std::optional<Ticks> t = parseIsoTime(now->get<std::string>());
    if (!t) {
      answerError(response, 400, "BadRequest",
                  "\"now\" must be an ISO 8601 UTC time such as 2026-11-01T00:00:00Z.");
      return;
    }
    admin.clock.set(*t);
  } else {
    answerError(response, 400, "BadRequest",
                "Send either {\"now\":\"<time>\"} or {\"reset\":true}.");
    return;
  }
  answer(response, 200, clockJson(admin.clock));
}

// POST /_tenantsim/reload.
void reload(AdminContext& admin, httplib::Response& response) {
  if (!admin.reload) {
    answerError(response, 501, "NotImplemented",
                "This server was not started from a scenario file; nothing to reload.");
    return;
  }
  ReloadOutcome outcome = admin.reload();
  switch (outcome.status) {
    case ReloadOutcome::Status::Reloaded:
      answer(
          response, 200,
          {{"status", "reloaded"},
           {"generation", outcome.generation},
           {"events",
            {{"directoryAudits", outcome.directoryAudits}, {"auditEvents", outcome.auditEvents}}},
           {"generationSeconds", outcome.seconds},
           {"message", outcome.message}});
      return;
    case ReloadOutcome::Status::Invalid: {
      json details = json::array();
      for (const ScenarioError& e : outcome.errors)
        details.push_back(
            {{"code", "InvalidScenario"}, {"target", e.path}, {"message", e.toString()}});
      answerError(response, 400, "InvalidScenario", outcome.message, std::move(details));
      return;
    }
    case ReloadOutcome::Status::Busy:
      answerError(response, 409, "Conflict", outcome.message);
      return;
    case ReloadOutcome::Status::Unavailable:
      answerError(response, 503, "ServiceUnavailable", outcome.message);
      return;
  }
}

bool isMethod(const httplib::Request& request, std::string_view method) {
  return request.method == method;
}

// Constant-time comparison of the request's bearer token with the configured one.
bool bearerTokenMatches(const httplib::Request& request, std::string_view token) {
  const std::string header = request.get_header_value("Authorization");
  const std::string_view presented = auth::bearerToken(header);
  return !presented.empty() && presented.size() == token.size() &&
         CRYPTO_memcmp(presented.data(), token.data(), token.size()) == 0;
}

// The serving state's rendered-item cache in Prometheus text ("" without one).
std::string renderCacheMetrics(const RenderedItemCache* cache) {
  if (cache == nullptr || !cache->enabled()) return "";
  const RenderCacheStats stats = cache->stats();
  std::string out;
  auto add = [&](std::string_view name, std::string_view type, std::string_view help,
                 uint64_t value) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ");
    out.append(name).append(" ").append(type).append("\n").append(name).append(" ");
    out.append(std::to_string(value)).append("\n");
  };
  add("tenantsim_render_cache_hits_total", "counter",
      "List items copied from the rendered-item cache (this serving state).", stats.hits);
  add("tenantsim_render_cache_misses_total", "counter",
      "List items rendered because the cache did not hold them (this serving state).",
      stats.misses);
  add("tenantsim_render_cache_evictions_total", "counter",
      "Items the cache dropped to stay within server.renderCache.megabytes.", stats.evictions);
  add("tenantsim_render_cache_items", "gauge", "Items the cache holds.", stats.entries);
  add("tenantsim_render_cache_bytes", "gauge",
      "Bytes the cache holds, bookkeeping included (bounded by server.renderCache.megabytes).",
      stats.bytes);
  return out;
}

}  // namespace

bool isLoopbackAddress(std::string_view address) {
  if (address == "::1" || address == "0:0:0:0:0:0:0:1") return true;
  constexpr std::string_view kMapped = "::ffff:";
  if (address.substr(0, kMapped.size()) == kMapped) address.remove_prefix(kMapped.size());
  return address.substr(0, 4) == "127.";
}

bool handleAdminRequest(AdminContext& admin, const httplib::Request& request,
                        httplib::Response& response) {
  std::string_view path = request.path;
  if (path.substr(0, kAdminPrefix.size()) != kAdminPrefix) return false;
  try {
    if (admin.token.empty() && !isLoopbackAddress(request.remote_addr)) {
      answerError(response, 403, "Forbidden",
                  "The admin surface answers loopback callers only (start tenantsim serve with "
                  "--admin-token to "
                  "expose it).");
      return true;
    }
    if (!admin.token.empty() && !bearerTokenMatches(request, admin.token)) {
      response.set_header("WWW-Authenticate", "Bearer realm=\"tenantsim-admin\"");
      answerError(
          response, 401, "Unauthorized",
          "The admin surface needs Authorization: Bearer <the token given to --admin-token>.");
      return true;
    }
    std::string_view route = path.substr(kAdminPrefix.size());
    bool get = isMethod(request, "GET") || isMethod(request, "HEAD");
    if (serveInspectionRoute(admin, route, request, response) ||
        serveDashboardFile(route, request, response)) {
      // answered
    } else if (route == "health" && get) {
      answer(response, 200, healthJson(admin));
    } else if (route == "metrics" && get) {
      response.status = 200;
      response.set_content(admin.metrics.prometheusText() + renderCacheMetrics(admin.renderCache),
                           kPrometheus);
    } else if (route == "clock" && get) {
      answer(response, 200, clockJson(admin.clock));
    } else if (route == "clock" && (isMethod(request, "PUT") || isMethod(request, "POST"))) {
      setClock(admin, request, response);
    } else if (route == "scenario" && get) {
      answer(response, 200, scenarioJson(admin.scenario));
    } else if (route == "reload" && isMethod(request, "POST")) {
      reload(admin, response);
    } else if (route == "health" || route == "metrics" || route == "clock" || route == "scenario" ||
               route == "reload") {
      answerError(response, 405, "MethodNotAllowed",
                  "This admin route does not accept " + request.method + ".");
    } else {
      answerError(response, 404, "NotFound", "No admin route " + std::string(path) + ".");
    }
  } catch (const std::exception& e) {  // allocation failures, invalid UTF-8 in dump()
    answerError(response, 500, "InternalError", e.what());
  }
  return true;
}

void registerAdminRoutes(httplib::Server& server, AdminContext& admin) {
  auto handler = [&admin](const httplib::Request& request, httplib::Response& response) {
    handleAdminRequest(admin, request, response);
  };
  const std::string pattern = std::string(kAdminPrefix) + ".*";
  server.Get(pattern, handler);
  server.Put(pattern, handler);
  server.Post(pattern, handler);
}

}  // namespace tenantsim::mock
