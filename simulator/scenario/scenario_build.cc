// Builds the Scenario structs from a valid scenario document; absent keys keep their defaults.
#include <string>

#include "base/guid.h"
#include "base/rng.h"
#include "simulator/scenario/scenario_document.h"

namespace tenantsim {

using nlohmann::json;

namespace {

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
  readWorkload(object, "signIns", workloads.signIns, [](const json& o, SignInsConfig& c) {
    readInto(o, "interactivePerUserPerWorkday", c.interactivePerUserPerWorkday);
    readInto(o, "nonInteractivePerInteractive", c.nonInteractivePerInteractive);
    readInto(o, "servicePrincipalPerInteractive", c.servicePrincipalPerInteractive);
    readInto(o, "managedIdentities", c.managedIdentities);
    readInto(o, "managedIdentitySignInsPerHour", c.managedIdentitySignInsPerHour);
    readInto(o, "failureShare", c.failureShare);
    readInto(o, "travelShare", c.travelShare);
    readInto(o, "legacyClientShare", c.legacyClientShare);
    readInto(o, "servicePrincipalFailureShare", c.servicePrincipalFailureShare);
    if (const json* r = member(o, "riskRemediation")) {
      RiskRemediationConfig& rr = c.riskRemediation;
      readInto(*r, "passedMfaShare", rr.passedMfaShare);
      readInto(*r, "securedPasswordResetShare", rr.securedPasswordResetShare);
      readInto(*r, "adminPasswordResetShare", rr.adminPasswordResetShare);
      readInto(*r, "adminDismissedShare", rr.adminDismissedShare);
      readInto(*r, "servicePrincipalRiskPerDay", rr.servicePrincipalRiskPerDay);
      readInto(*r, "servicePrincipalDismissedShare", rr.servicePrincipalDismissedShare);
    }
  });
  readWorkload(object, "provisioning", workloads.provisioning,
               [](const json& o, ProvisioningConfig& c) {
                 readInto(o, "cycleMinutes", c.cycleMinutes);
                 readInto(o, "failureShare", c.failureShare);
                 for (const json& job_json : o.value("jobs", json::array())) {
                   ProvisioningJobConfig job;
                   readInto(job_json, "app", job.app);
                   readInto(job_json, "template", job.templateId);
                   readInto(job_json, "scopeShare", job.scopeShare);
                   c.jobs.push_back(job);
                 }
               });
  readWorkload(
      object, "intuneDevices", workloads.intuneDevices, [](const json& o, IntuneDevicesConfig& c) {
        readInto(o, "newDevicesPerThousandUsersPerDay", c.newDevicesPerThousandUsersPerDay);
        readInto(o, "reenrollmentsPerThousandDevicesPerDay",
                 c.reenrollmentsPerThousandDevicesPerDay);
        readInto(o, "failureShare", c.failureShare);
        readInto(o, "gracePeriodShare", c.gracePeriodShare);
        readInto(o, "snapshot", c.snapshot);
        readInto(o, "inventory", c.inventory);
      });
  // Intune device activity exists where Intune does (docs/intune-devices.md#switch).
  if (!workloads.background || workloads.background->intuneShare <= 0)
    workloads.intuneDevices.reset();
}

void readServer(const json& object, ServerConfig& server) {
  readInto(object, "auth", server.auth);
  if (const json* throttling = member(object, "throttling")) {
    server.throttling = !throttling->is_boolean() || throttling->get<bool>();
    if (const json* budget = member(*throttling, "directoryAudits"))
      readBudget(*budget, server.directoryAuditsBudget);
    if (const json* budget = member(*throttling, "auditEvents"))
      readBudget(*budget, server.auditEventsBudget);
    if (const json* budget = member(*throttling, "security"))
      readBudget(*budget, server.securityBudget);
  }
  if (const json* page = member(object, "pageSize")) {
    readInto(*page, "default", server.defaultPageSize);
    readInto(*page, "max", server.maxPageSize);
    readInto(*page, "alerts", server.alertsMaxPageSize);
    readInto(*page, "incidents", server.incidentsMaxPageSize);
  }
  readInto(object, "ingestDelay", server.ingestDelay);
  readInto(object, "lenientFilters", server.lenientFilters);
  readInto(object, "intuneRetentionDays", server.intuneRetentionDays);
  if (const json* cache = member(object, "renderCache"))
    readInto(*cache, "megabytes", server.renderCacheMegabytes);
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

}  // namespace

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
  // Free tenants have no sign-in logs (Graph answers 403): the default turns off there.
  if (scenario.tenant.license == "Free") scenario.workloads.signIns.reset();
  // Likewise provisioning logs (an UNCONFIRMED licence rule, docs/provisioning.md#licence).
  if (scenario.tenant.license == "Free") scenario.workloads.provisioning.reset();
  readTime(doc.at("window"), "end", scenario.windowEnd);
  readInto(doc.at("window"), "days", scenario.windowDays);
  if (const json* workloads = member(doc, "workloads"))
    readWorkloads(*workloads, scenario.workloads);
  for (const json& storyline_json : doc.value("storylines", json::array())) {
    StorylineConfig storyline;
    readInto(storyline_json, "kind", storyline.kind);
    readTime(storyline_json, "at", storyline.at);
    storyline.label = storyline_json.value("label", storyline.kind);
    readInto(storyline_json, "weakening", storyline.weakening);
    double restoreMinutes = 0;
    readInto(storyline_json, "restoreAfterMinutes", restoreMinutes);
    storyline.restoreAfter = static_cast<Ticks>(restoreMinutes * kTicksPerMinute);
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
    if (std::optional<Ticks> epoch = timeAt(live, "epoch")) scenario.live->epoch = epoch;
  }
  return scenario;
}

}  // namespace tenantsim
