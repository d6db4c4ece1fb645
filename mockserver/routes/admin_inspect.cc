#include "mockserver/routes/admin_inspect.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/time.h"
#include "mockserver/odata/capabilities.h"

namespace tenantsim::mock {
namespace {

using nlohmann::json;

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr size_t kLatencySample = 1000;  // newest traces the percentiles are taken over

void answer(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), kJson);
}

void answerError(httplib::Response& response, int status, std::string_view code,
                 std::string_view message) {
  answer(response, status,
         {{"error", {{"code", std::string(code)}, {"message", std::string(message)}}}});
}

json traceJson(const RequestTrace& t, bool full) {
  json out = {{"id", t.id},
              {"time", formatIsoTime(t.startedUnixMicros * 10)},
              {"method", t.method},
              {"target", t.target},
              {"endpoint", std::string(t.endpoint)},
              {"appId", t.appId},
              {"tenantId", t.tenantId},
              {"requestId", t.requestId},
              {"status", t.status},
              {"bytes", t.bytes},
              {"durationMs", t.durationMs}};
  json decisions = json::array();
  for (const TraceDecision& d : t.decisions)
    decisions.push_back({{"stage", std::string(d.stage)}, {"decision", d.text}});
  if (full) {
    out["authorization"] = std::string(t.authorization);
    out["decisions"] = std::move(decisions);
    out["plan"] = t.plan.present ? json(t.plan.describe()) : json(nullptr);
  } else {
    // The list shows the query plan of an answered list request, else the last decision (the
    // stage that answered, or the last one passed).
    bool answered = t.status >= 200 && t.status < 300 && t.plan.present;
    out["summary"] = answered              ? t.plan.describe()
                     : t.decisions.empty() ? ""
                                           : t.decisions.back().text;
  }
  return out;
}

std::optional<uint64_t> parseNumber(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

void listTraces(const TraceRing& ring, const httplib::Request& request,
                httplib::Response& response) {
  // The connection layer leaves request.params empty (no route but this one reads them).
  httplib::Params params;
  if (size_t question = request.target.find('?'); question != std::string::npos)
    httplib::detail::parse_query_text(request.target.substr(question + 1), params);
  auto param = [&](const char* name) -> std::optional<std::string> {
    auto it = params.find(name);
    if (it == params.end()) return std::nullopt;
    return it->second;
  };
  TraceFilter filter;
  if (std::optional<std::string> status = param("status")) {
    std::optional<uint64_t> s = parseNumber(*status);
    if (!s || *s > 599) return answerError(response, 400, "BadRequest", "status: 200, 4 or 5");
    filter.status = static_cast<int>(*s);
  }
  filter.app = param("app").value_or("");
  filter.path = param("path").value_or("");
  if (std::optional<std::string> sinceText = param("since")) {
    std::optional<Ticks> since = parseIsoTime(*sinceText);
    if (!since) return answerError(response, 400, "BadRequest", "since: an ISO 8601 UTC time");
    filter.sinceUnixMicros = *since / 10;
  }
  if (std::optional<std::string> limit = param("limit")) {
    std::optional<uint64_t> n = parseNumber(*limit);
    if (!n || *n == 0) return answerError(response, 400, "BadRequest", "limit: a positive number");
    filter.limit = static_cast<size_t>(*n);
  }
  json items = json::array();
  for (const RequestTrace& t : ring.recent(filter)) items.push_back(traceJson(t, false));
  answer(response, 200, {{"capacity", ring.capacity()}, {"value", std::move(items)}});
}

json statsJson(const AdminContext& admin) {
  json endpoints = json::array();
  for (Endpoint e : kAllEndpoints) {
    if (e == Endpoint::Admin) continue;
    json byStatus = json::object();
    uint64_t total = 0;
    for (int status = 100; status <= 599; ++status)
      if (uint64_t n = admin.metrics.requests(e, status)) {
        byStatus[std::to_string(status)] = n;
        total += n;
      }
    endpoints.push_back({{"endpoint", std::string(endpointName(e))},
                         {"requests", total},
                         {"byStatus", std::move(byStatus)},
                         {"throttled", admin.metrics.throttled(e)},
                         {"faults", admin.metrics.faults(e)},
                         {"items", admin.metrics.itemsServed(e)}});
  }
  json latency = nullptr;
  if (admin.traces) {
    std::vector<double> durations = admin.traces->recentDurations(kLatencySample);
    size_t sample = durations.size();
    double p50 = percentile(durations, 0.5), p99 = percentile(durations, 0.99);
    latency = {{"p50Ms", p50}, {"p99Ms", p99}, {"sample", sample}};
  }
  return {{"clock",
           {{"now", formatIsoTime(admin.clock.now())},
            {"mode", admin.clock.isLive() ? "live" : "history"},
            {"speed", admin.clock.speed()}}},
          {"events",
           {{"directoryAudits", admin.store.size(Source::Entra)},
            {"auditEvents", admin.store.size(Source::Intune)}}},
          {"endpoints", std::move(endpoints)},
          {"latency", std::move(latency)},
          {"generation", admin.generation}};
}

const char* valueTypeName(odata::ValueType t) {
  switch (t) {
    case odata::ValueType::String:
      return "string";
    case odata::ValueType::DateTime:
      return "dateTime";
    case odata::ValueType::Guid:
      return "guid";
    case odata::ValueType::Integer:
      return "integer";
  }
  return "string";
}

json propertiesJson(const std::vector<odata::FilterableProperty>& properties) {
  constexpr odata::Operator kOperators[] = {odata::Operator::Eq,         odata::Operator::Ne,
                                            odata::Operator::Gt,         odata::Operator::Ge,
                                            odata::Operator::Lt,         odata::Operator::Le,
                                            odata::Operator::StartsWith, odata::Operator::Contains};
  json out = json::array();
  for (const odata::FilterableProperty& p : properties) {
    json ops = json::array();
    for (odata::Operator op : kOperators)
      if (p.operators.contains(op)) ops.push_back(std::string(odata::operatorName(op)));
    out.push_back(
        {{"path", std::string(p.path)}, {"type", valueTypeName(p.type)}, {"operators", ops}});
  }
  return out;
}

json capabilitiesJson(const Scenario& scenario) {
  json out = json::array();
  for (Endpoint e : kGraphCollections)
    for (ApiVersion v : {ApiVersion::V1, ApiVersion::Beta}) {
      odata::CapabilityOptions options;
      options.apiVersion = v;
      options.lenient = scenario.server.lenientFilters;
      odata::EndpointCapabilities caps = odata::EndpointCapabilities::forEndpoint(e, options);
      json collections = json::array();
      for (const odata::LambdaCollection& c : caps.collections)
        collections.push_back(
            {{"name", std::string(c.name)}, {"properties", propertiesJson(c.elementProperties)}});
      auto strings = [](const std::vector<std::string_view>& v) {
        json a = json::array();
        for (std::string_view s : v) a.push_back(std::string(s));
        return a;
      };
      out.push_back({{"endpoint", std::string(endpointName(e))},
                     {"version", std::string(apiName(v))},
                     {"path", "/" + std::string(apiName(v)) + "/" + std::string(graphPath(e))},
                     {"entityType", std::string(caps.entityType)},
                     {"and", caps.allowAnd},
                     {"or", caps.allowOr},
                     {"not", caps.allowNot},
                     {"skip", caps.allowSkip},
                     {"properties", propertiesJson(caps.properties)},
                     {"collections", std::move(collections)},
                     {"orderable", strings(caps.orderable)},
                     {"selectable", strings(caps.selectable)},
                     {"defaultPageSize", scenario.server.defaultPageSize},
                     {"maxPageSize", scenario.server.maxPageSize}});
    }
  return {{"value", std::move(out)}};
}

}  // namespace

bool serveInspectionRoute(const AdminContext& admin, std::string_view route,
                          const httplib::Request& request, httplib::Response& response) {
  constexpr std::string_view kRequests = "requests";
  bool get = request.method == "GET" || request.method == "HEAD";
  if (route == "stats" && get) {
    answer(response, 200, statsJson(admin));
  } else if (route == "capabilities" && get) {
    answer(response, 200, capabilitiesJson(admin.scenario));
  } else if (route.substr(0, kRequests.size()) == kRequests && get) {
    std::string_view rest = route.substr(kRequests.size());
    if (!admin.traces)
      answerError(response, 404, "NotFound", "Tracing is off (serve --trace-buffer 0).");
    else if (rest.empty() || rest == "/")
      listTraces(*admin.traces, request, response);
    else if (rest[0] != '/')
      return false;
    else if (std::optional<uint64_t> id = parseNumber(rest.substr(1)); !id)
      answerError(response, 400, "BadRequest", "A trace id is a number.");
    else if (std::optional<RequestTrace> trace = admin.traces->find(*id))
      answer(response, 200, traceJson(*trace, true));
    else
      answerError(response, 404, "NotFound",
                  "No trace " + std::to_string(*id) +
                      " (never recorded, or dropped from the "
                      "ring).");
  } else {
    return false;
  }
  return true;
}

}  // namespace tenantsim::mock
