#include "simulator/scenario/scenario.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/guid.h"
#include "base/rng.h"
#include "base/strings.h"
#include "embedded/files.h"
#include "simulator/scenario/json_locations.h"
#include "simulator/scenario/json_schema.h"

namespace tenantsim {

using nlohmann::json;

namespace {

// Generated volumes beyond this are almost certainly a typo (and would not fit any machine).
constexpr double kMaxGeneratedEvents = 20e9;
constexpr double kMaxLeafCertificates = 1e9;
constexpr Ticks kMaxLiveStartAfterWindow = 3660 * kTicksPerDay;

// ---- Messages --------------------------------------------------------------------------------

std::string withThousands(double value) {
  char digits[64];
  std::snprintf(digits, sizeof digits, "%.0f", value);
  std::string plain = digits, grouped;
  for (size_t i = 0; i < plain.size(); ++i) {
    if (i > 0 && (plain.size() - i) % 3 == 0) grouped += ',';
    grouped += plain[i];
  }
  return grouped;
}

// "100" for integral values, the shortest round-tripping form otherwise.
std::string numberText(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  return json(value).dump();
}

// ---- Parsing ---------------------------------------------------------------------------------

// Parses with comments allowed; a malformed text becomes one error with its line and column.
std::optional<json> parseJson(std::string_view text, std::vector<ScenarioError>& errors) {
  try {
    return json::parse(text.begin(), text.end(), nullptr, true, true);
  } catch (const json::parse_error& error) {
    size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    offset = std::min(offset, text.size());
    size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    std::string detail = error.what();
    if (size_t colon = detail.find(": ");
        detail.find("parse error") != std::string::npos && colon != std::string::npos) {
      detail = detail.substr(colon + 2);
    }
    errors.push_back(
        {"$", lineAtOffset(text, offset),
         "malformed JSON at column " + std::to_string(offset - line_start + 1) + ": " + detail});
  } catch (const std::exception& error) {
    errors.push_back({"$", 1, std::string("malformed JSON: ") + error.what()});
  }
  return std::nullopt;
}

const JsonSchema* scenarioSchema(std::string& problem) {
  static const Result<JsonSchema> compiled = []() -> Result<JsonSchema> {
    try {
      std::string_view text = embedded::scenario_schema_json();
      return JsonSchema::compile(
          json::parse(text.begin(), text.end()),
          {{"date-time", [](std::string_view value) { return parseIsoTime(value).has_value(); }}});
    } catch (const std::exception& error) {
      return plainError(error.what());
    }
  }();
  if (compiled) return &*compiled;
  problem = compiled.error().message;
  return nullptr;
}

// ---- Rules a schema cannot say ---------------------------------------------------------------

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

std::optional<double> numberAt(const json* object, const char* key) {
  const json* value = object ? member(*object, key) : nullptr;
  if (value == nullptr || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

std::optional<Ticks> timeAt(const json* object, const char* key) {
  const json* value = object ? member(*object, key) : nullptr;
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return parseIsoTime(value->get<std::string>());
}

constexpr double kMaxWindowDays = 366;  // scenario.schema.json: window.days maximum

struct RuleChecker {
  const json& doc;
  std::vector<SchemaViolation>& out;

  void run() {
    const json* tenant = member(doc, "tenant");
    const json* window = member(doc, "window");
    const json* workloads = member(doc, "workloads");
    double users = numberAt(tenant, "users").value_or(1000);
    std::optional<Ticks> end = timeAt(window, "end");
    std::optional<double> days = numberAt(window, "days");
    // The rules run beside the schema, on values it may refuse: a window longer than the schema's
    // maximum (366 days) is reported there, and its start would not fit in Ticks.
    if (end && days && *days > 0 && *days <= kMaxWindowDays)
      checkTimes(*end - static_cast<Ticks>(*days * kTicksPerDay), *end);
    checkPim(workloads ? member(*workloads, "pim") : nullptr, users, days.value_or(0));
    checkBackground(workloads, users, days.value_or(0));
    checkCloudPki(workloads ? member(*workloads, "cloudPki") : nullptr);
    checkApps();
    checkServer();
  }

  void checkInsideWindow(const json* holder, const std::string& path, Ticks start, Ticks end) {
    std::optional<Ticks> at = timeAt(holder, "at");
    if (at && (*at < start || *at >= end)) {
      out.push_back({path, "must be inside the window " + formatIsoTime(start) + " .. " +
                               formatIsoTime(end) + ", got " + (*holder)["at"].dump()});
    }
  }

  void checkTimes(Ticks start, Ticks end) {
    if (const json* storylines = member(doc, "storylines"); storylines && storylines->is_array()) {
      for (size_t i = 0; i < storylines->size(); ++i) {
        checkInsideWindow(&(*storylines)[i], jsonPathIndex("$.storylines", i) + ".at", start, end);
      }
    }
    const json* workloads = member(doc, "workloads");
    const json* background = workloads ? member(*workloads, "background") : nullptr;
    if (const json* bursts = background ? member(*background, "bursts") : nullptr;
        bursts && bursts->is_array()) {
      for (size_t i = 0; i < bursts->size(); ++i) {
        checkInsideWindow(&(*bursts)[i], jsonPathIndex("$.workloads.background.bursts", i) + ".at",
                          start, end);
      }
    }
    std::optional<Ticks> live_start = timeAt(member(doc, "live"), "start");
    if (live_start && *live_start < start) {
      out.push_back(
          {"$.live.start", "must not be before the window start " + formatIsoTime(start)});
    } else if (live_start && *live_start > end + kMaxLiveStartAfterWindow) {
      out.push_back(
          {"$.live.start", "must be at most 10 years after the window end " + formatIsoTime(end)});
    }
  }

  void checkVolume(const std::string& path, double volume, double limit, const std::string& what,
                   const std::string& product) {
    if (volume <= limit) return;
    out.push_back({path, "would generate about " + withThousands(volume) + " " + what + " (" +
                             product + "), more than the limit of " + withThousands(limit)});
  }

  void checkPim(const json* pim, double users, double days) {
    if (pim == nullptr || !pim->is_object()) return;
    std::optional<double> eligible = numberAt(pim, "eligibleUsers");
    if (eligible && *eligible > users) {
      out.push_back({"$.workloads.pim.eligibleUsers", "must be at most the tenant's users (" +
                                                          numberText(users) + "), got " +
                                                          numberText(*eligible)});
    }
    double rate = numberAt(pim, "activationsPerEligibleUserPerDay").value_or(0.5);
    double count = eligible.value_or(40);
    checkVolume("$.workloads.pim", count * rate * days, kMaxGeneratedEvents, "PIM activations",
                "eligibleUsers " + numberText(count) + " x activationsPerEligibleUserPerDay " +
                    numberText(rate) + " x window.days " + numberText(days));
  }

  void checkBackground(const json* workloads, double users, double days) {
    const json* background = workloads ? member(*workloads, "background") : nullptr;
    if (background && !background->is_object()) return;  // disabled
    std::optional<double> given = numberAt(background, "eventsPerUserPerDay");
    double rate = given.value_or(BackgroundConfig{}.eventsPerUserPerDay);
    checkVolume(given ? "$.workloads.background.eventsPerUserPerDay" : "$.tenant.users",
                users * rate * days, kMaxGeneratedEvents, "background events",
                "tenant.users " + withThousands(users) + " x eventsPerUserPerDay " +
                    numberText(rate) + " x window.days " + numberText(days));
  }

  void checkCloudPki(const json* pki) {
    if (pki == nullptr || !pki->is_object()) return;
    double issuing = numberAt(pki, "issuingCAs").value_or(2);
    double leaves = numberAt(pki, "leafCertificatesPerCA").value_or(500);
    checkVolume(
        "$.workloads.cloudPki", issuing * leaves, kMaxLeafCertificates, "leaf certificates",
        "issuingCAs " + numberText(issuing) + " x leafCertificatesPerCA " + numberText(leaves));
  }

  void checkApps() {
    const json* apps = member(doc, "apps");
    if (apps == nullptr || !apps->is_array()) return;
    std::map<std::string, size_t> first_use;
    for (size_t i = 0; i < apps->size(); ++i) {
      const json* client_id = member((*apps)[i], "clientId");
      if (client_id == nullptr || !client_id->is_string()) continue;
      std::string key = asciiLowercase(client_id->get<std::string>());
      auto [previous, inserted] = first_use.emplace(key, i);
      if (!inserted) {
        out.push_back({jsonPathIndex("$.apps", i) + ".clientId",
                       "duplicate clientId '" + client_id->get<std::string>() + "' (also used by " +
                           jsonPathIndex("$.apps", previous->second) + ")"});
      }
    }
  }

  void checkLatency(const json* latency, const std::string& path) {
    const json* distribution = latency ? member(*latency, "distribution") : nullptr;
    if (distribution == nullptr || *distribution != "uniform") return;
    double min_ms = numberAt(latency, "minMs").value_or(0),
           max_ms = numberAt(latency, "maxMs").value_or(0);
    if (min_ms > max_ms) {
      out.push_back({path + ".maxMs", "must be at least minMs (" + numberText(min_ms) + "), got " +
                                          numberText(max_ms)});
    }
  }

  void checkServer() {
    const json* server = member(doc, "server");
    if (server == nullptr) return;
    const json* page = member(*server, "pageSize");
    std::optional<double> page_default = numberAt(page, "default");
    double page_max = numberAt(page, "max").value_or(ServerConfig{}.maxPageSize);
    if (page_default && *page_default > page_max) {
      out.push_back({"$.server.pageSize.default", "must be at most pageSize.max (" +
                                                      numberText(page_max) + "), got " +
                                                      numberText(*page_default)});
    }
    checkLatency(member(*server, "latency"), "$.server.latency");
    if (const json* endpoints = member(*server, "endpoints"); endpoints && endpoints->is_object()) {
      for (const auto& [name, endpoint] : endpoints->items()) {
        checkLatency(member(endpoint, "latency"),
                     jsonPathChild(jsonPathChild("$.server.endpoints", name), "latency"));
      }
    }
  }
};

// Schema violations and rule violations, each with its line, in file order.
std::vector<ScenarioError> validateParsed(const json& doc, std::string_view text) {
  std::vector<ScenarioError> errors;
  std::string problem;
  const JsonSchema* schema = scenarioSchema(problem);
  if (schema == nullptr) return {{"$", 0, "the built-in scenario schema is unusable: " + problem}};
  std::vector<SchemaViolation> violations = schema->validate(doc);
  try {
    RuleChecker{doc, violations}.run();
  } catch (const std::exception& error) {
    violations.push_back(
        {"$", std::string("internal error while checking rules: ") + error.what()});
  }
  JsonLocations locations = JsonLocations::scan(text);
  for (SchemaViolation& violation : violations) {
    int line = locations.lineOf(violation.path);
    errors.push_back({std::move(violation.path), line, std::move(violation.message)});
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const ScenarioError& a, const ScenarioError& b) { return a.line < b.line; });
  return errors;
}

// ---- Building the Scenario (the document is valid here) --------------------------------------

template <typename T>
void readInto(const json& object, const char* key, T& field) {
  if (const json* value = member(object, key)) field = value->get<T>();
}

void readTime(const json& object, const char* key, Ticks& field) {
  if (std::optional<Ticks> time = timeAt(&object, key)) field = *time;
}

void readLatency(const json& object, LatencyConfig& latency) {
  readInto(object, "distribution", latency.distribution);
  readInto(object, "ms", latency.ms);
  readInto(object, "minMs", latency.minMs);
  readInto(object, "maxMs", latency.maxMs);
  readInto(object, "sigma", latency.sigma);
}

void readFaults(const json& object, FaultConfig& faults) {
  readInto(object, "rate", faults.rate);
  readInto(object, "statuses", faults.statuses);
  readInto(object, "retryAfterSeconds", faults.retryAfterSeconds);
}

void readBudget(const json& object, ThrottleBudget& budget) {
  readInto(object, "requests", budget.requests);
  readInto(object, "perSeconds", budget.perSeconds);
}

// Reads an optional workload: absent keeps the defaults, false disables it.
template <typename Config, typename Reader>
void readWorkload(const json& workloads, const char* key, std::optional<Config>& config,
                  Reader read) {
  const json* value = member(workloads, key);
  if (value == nullptr) return;
  if (value->is_boolean()) {
    config.reset();
    return;
  }
  config = Config{};
  read(*value, *config);
}

void readWorkloads(const json& object, WorkloadsConfig& workloads) {
  readWorkload(object, "background", workloads.background, [](const json& o, BackgroundConfig& c) {
    readInto(o, "eventsPerUserPerDay", c.eventsPerUserPerDay);
    readInto(o, "intuneShare", c.intuneShare);
    readInto(o, "weekendFactor", c.weekendFactor);
    readInto(o, "nightFactor", c.nightFactor);
    for (const json& burst_json : o.value("bursts", json::array())) {
      BurstConfig burst;
      readTime(burst_json, "at", burst.at);
      readInto(burst_json, "minutes", burst.minutes);
      readInto(burst_json, "multiplier", burst.multiplier);
      c.bursts.push_back(burst);
    }
  });
  readWorkload(object, "pim", workloads.pim, [](const json& o, PimConfig& c) {
    readInto(o, "eligibleUsers", c.eligibleUsers);
    readInto(o, "activationsPerEligibleUserPerDay", c.activationsPerEligibleUserPerDay);
    readInto(o, "approvalShare", c.approvalShare);
    readInto(o, "denialShare", c.denialShare);
    readInto(o, "deactivateShare", c.deactivateShare);
    readInto(o, "groupShare", c.groupShare);
    readInto(o, "adminOperationsPerDay", c.adminOperationsPerDay);
  });
  readWorkload(object, "conditionalAccess", workloads.conditionalAccess,
               [](const json& o, ConditionalAccessConfig& c) {
                 readInto(o, "policies", c.policies);
                 readInto(o, "namedLocations", c.namedLocations);
                 readInto(o, "changesPerWeek", c.changesPerWeek);
               });
  readWorkload(object, "cloudPki", workloads.cloudPki, [](const json& o, CloudPkiConfig& c) {
    readInto(o, "rootCAs", c.rootCAs);
    readInto(o, "issuingCAs", c.issuingCAs);
    readInto(o, "leafCertificatesPerCA", c.leafCertificatesPerCA);
    readInto(o, "revocationsPerDay", c.revocationsPerDay);
    readInto(o, "readsPerDay", c.readsPerDay);
    readInto(o, "adminChangesPerWeek", c.adminChangesPerWeek);
  });
  readInto(object, "catalogTour", workloads.catalogTour);
}

void readServer(const json& object, ServerConfig& server) {
  readInto(object, "auth", server.auth);
  if (const json* throttling = member(object, "throttling")) {
    server.throttling = !throttling->is_boolean() || throttling->get<bool>();
    if (const json* budget = member(*throttling, "directoryAudits"))
      readBudget(*budget, server.directoryAuditsBudget);
    if (const json* budget = member(*throttling, "auditEvents"))
      readBudget(*budget, server.auditEventsBudget);
  }
  if (const json* page = member(object, "pageSize")) {
    readInto(*page, "default", server.defaultPageSize);
    readInto(*page, "max", server.maxPageSize);
  }
  readInto(object, "ingestDelay", server.ingestDelay);
  readInto(object, "lenientFilters", server.lenientFilters);
  readInto(object, "intuneRetentionDays", server.intuneRetentionDays);
  if (const json* latency = member(object, "latency")) readLatency(*latency, server.latency);
  if (const json* faults = member(object, "faults")) readFaults(*faults, server.faults);
  if (const json* endpoints = member(object, "endpoints")) {
    for (const auto& [name, endpoint_json] : endpoints->items()) {
      EndpointServerConfig& endpoint = server.endpoints[name];
      if (const json* latency = member(endpoint_json, "latency")) {
        endpoint.latency = server.latency;
        readLatency(*latency, *endpoint.latency);
      }
      if (const json* faults = member(endpoint_json, "faults")) {
        endpoint.faults = server.faults;
        readFaults(*faults, *endpoint.faults);
      }
    }
  }
}

// A random-looking but deterministic lowercase GUID (version 4 layout) derived from the seed.
std::string tenantIdFromSeed(uint64_t seed) {
  const uint64_t base = seed ^ 0x74656E616E747369ull;  // "tenantsi"
  return guidText(mix64(base), mix64(base + 0x9E3779B97F4A7C15ull));
}

Scenario buildScenario(const json& doc) {
  Scenario scenario;
  readInto(doc, "name", scenario.name);
  readInto(doc, "description", scenario.description);
  readInto(doc, "seed", scenario.seed);
  const json& tenant = doc.at("tenant");
  readInto(tenant, "id", scenario.tenant.id);
  readInto(tenant, "name", scenario.tenant.name);
  readInto(tenant, "domain", scenario.tenant.domain);
  readInto(tenant, "users", scenario.tenant.users);
  readInto(tenant, "license", scenario.tenant.license);
  if (scenario.tenant.id.empty()) scenario.tenant.id = tenantIdFromSeed(scenario.seed);
  readTime(doc.at("window"), "end", scenario.windowEnd);
  readInto(doc.at("window"), "days", scenario.windowDays);
  if (const json* workloads = member(doc, "workloads"))
    readWorkloads(*workloads, scenario.workloads);
  for (const json& storyline_json : doc.value("storylines", json::array())) {
    StorylineConfig storyline;
    readInto(storyline_json, "kind", storyline.kind);
    readTime(storyline_json, "at", storyline.at);
    storyline.label = storyline_json.value("label", storyline.kind);
    scenario.storylines.push_back(storyline);
  }
  for (const json& app_json : doc.value("apps", json::array())) {
    AppRegistration app;
    readInto(app_json, "displayName", app.displayName);
    readInto(app_json, "clientId", app.clientId);
    readInto(app_json, "secret", app.secret);
    readInto(app_json, "permissions", app.permissions);
    readInto(app_json, "certificatePem", app.certificatePem);
    scenario.apps.push_back(app);
  }
  if (const json* server = member(doc, "server")) readServer(*server, scenario.server);
  if (const json* live = member(doc, "live")) {
    scenario.live = LiveConfig{};
    readInto(*live, "speed", scenario.live->speed);
    if (std::optional<Ticks> start = timeAt(live, "start")) scenario.live->start = start;
  }
  return scenario;
}

}  // namespace

std::string ScenarioError::toString() const {
  std::string text = line > 0 ? "line " + std::to_string(line) + ": " : "";
  return text + path + ": " + message;
}

std::vector<ScenarioError> validateScenarioText(std::string_view text) {
  try {
    std::vector<ScenarioError> errors;
    std::optional<json> doc = parseJson(text, errors);
    return doc ? validateParsed(*doc, text) : errors;
  } catch (const std::exception& error) {
    return {{"$", 0, std::string("internal error: ") + error.what()}};
  }
}

ScenarioLoad loadScenarioText(std::string_view text) {
  try {
    std::vector<ScenarioError> errors;
    std::optional<json> doc = parseJson(text, errors);
    if (!doc) return errors;
    errors = validateParsed(*doc, text);
    if (!errors.empty()) return errors;
    return buildScenario(*doc);
  } catch (const std::exception& error) {
    return std::vector<ScenarioError>{{"$", 0, std::string("internal error: ") + error.what()}};
  }
}

ScenarioLoad loadScenarioFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  if (file) contents << file.rdbuf();
  if (!file || file.bad()) {
    return std::vector<ScenarioError>{
        {"$", 0, "cannot read scenario file " + path + ": " + std::strerror(errno)}};
  }
  return loadScenarioText(contents.str());
}

}  // namespace tenantsim
