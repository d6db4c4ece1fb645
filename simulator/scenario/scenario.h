// A scenario: what tenant to simulate, over which window, with which workloads, served how.
// Loaded from a JSON file (comments allowed) that scenarios/scenario.schema.json describes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"
#include "base/time.h"

namespace tenantsim {

struct BurstConfig {
  Ticks at = 0;
  double minutes = 60;
  double multiplier = 5;
};

struct BackgroundConfig {
  double eventsPerUserPerDay = 15;  // docs/fidelity.md#audit-volume: 100,000 users ~ 1.5 M a day
  double intuneShare = 0.12;        // share of background events that are Intune auditEvents
  double weekendFactor = 0.35;      // Saturday/Sunday volume relative to a weekday
  double nightFactor = 0.25;        // 00:00-06:00 volume relative to the working-day peak
  std::vector<BurstConfig> bursts;
};

struct PimConfig {
  int64_t eligibleUsers = 40;
  double activationsPerEligibleUserPerDay = 0.5;
  double approvalShare = 0.3;        // activations whose role setting requires approval
  double denialShare = 0.1;          // of those, the share an approver denies
  double deactivateShare = 0.4;      // activations ended early by the user (the rest expire)
  double groupShare = 0.2;           // share of activations that are PIM for Groups
  double adminOperationsPerDay = 1;  // eligible-assignment and role-setting changes
};

struct ConditionalAccessConfig {
  int64_t policies = 12;
  int64_t namedLocations = 4;
  double changesPerWeek = 4;
};

struct CloudPkiConfig {
  int64_t rootCAs = 1;
  int64_t issuingCAs = 2;
  int64_t leafCertificatesPerCA = 500;
  double revocationsPerDay = 3;
  double readsPerDay = 20;
  double adminChangesPerWeek = 2;
};

// How Identity Protection's risk is remediated (docs/identity-protection.md#remediation-shares):
// the share of risky users each remediation closes (the rest stay at risk), and the background
// risk of service principals, some dismissed by an admin (storyline victims are confirmed
// compromised whatever these say).
struct RiskRemediationConfig {
  double passedMfaShare = 0.25;              // userPassedMFADrivenByRiskBasedPolicy
  double securedPasswordResetShare = 0.2;    // userPerformedSecuredPasswordReset (self-service)
  double adminPasswordResetShare = 0.05;     // adminGeneratedTemporaryPassword (an admin's reset)
  double adminDismissedShare = 0.25;         // adminDismissedAllRiskForUser
  double servicePrincipalRiskPerDay = 0.02;  // per service principal and day: a detection
  double servicePrincipalDismissedShare = 0.5;  // adminDismissedAllRiskForServicePrincipal
};

// Sign-in activity (docs/signins.md): rates per user from the fact sheet's suggested defaults,
// at the lower end of the documented ranges so a 100,000-user tenant fits in memory.
struct SignInsConfig {
  double interactivePerUserPerWorkday = 3;
  double nonInteractivePerInteractive = 8;    // token refreshes, about hourly per running app
  double servicePrincipalPerInteractive = 2;  // client-credentials sign-ins, tenant-wide
  int64_t managedIdentities = 0;              // 0: one per 2,000 users, at least 2
  double managedIdentitySignInsPerHour = 1;
  double failureShare = 0.08;  // interactive failures before Conditional Access
  double travelShare = 0.02;   // interactive sign-ins away from home
  double legacyClientShare = 0.01;
  double servicePrincipalFailureShare = 0.005;  // 7000222, expired client secret
  RiskRemediationConfig riskRemediation;
};

// One provisioning job: Entra ID exports the tenant's users to a SaaS app (docs/provisioning.md).
struct ProvisioningJobConfig {
  std::string app;          // the target app's display name, e.g. "ServiceNow"
  std::string templateId;   // the jobId's first part, e.g. "ServiceNowOutDelta"
  double scopeShare = 0.6;  // users assigned to the app (in scope); the others are skipped
};

// Provisioning (auditLogs/provisioning): each job's cycle exports the user changes the audit log
// records since its previous cycle (Add user, Update user, Delete user).
struct ProvisioningConfig {
  std::vector<ProvisioningJobConfig> jobs;  // empty: ServiceNow, Dropbox and Salesforce
  double cycleMinutes = 40;
  double failureShare = 0.03;  // in-scope changes whose export fails
};

// Intune device activity (docs/intune-devices.md): enrollments of the tenant's devices (new
// devices over the window, re-enrollments, failures with Intune's failure categories) for the
// OperationalLogs category, and the daily compliance snapshot for DeviceComplianceOrg.
struct IntuneDevicesConfig {
  double newDevicesPerThousandUsersPerDay = 2;       // devices enrolled for the first time
  double reenrollmentsPerThousandDevicesPerDay = 1;  // enrolled devices enrolled again
  double failureShare = 0.08;      // enrollment attempts that fail (most are retried)
  double gracePeriodShare = 0.02;  // compliant devices in their grace period on a given day
  std::string snapshot = "all";    // all | notCompliant: the devices the daily snapshot lists
  bool inventory = true;           // the daily IntuneDevices inventory (category Devices)
};

struct WorkloadsConfig {
  std::optional<BackgroundConfig> background = BackgroundConfig{};
  std::optional<PimConfig> pim = PimConfig{};
  std::optional<ConditionalAccessConfig> conditionalAccess = ConditionalAccessConfig{};
  std::optional<CloudPkiConfig> cloudPki = CloudPkiConfig{};
  bool catalogTour = false;  // emit every catalog activity at least once
  // A separate log (auditLogs/signIns): never part of the audit output. Off on Free tenants.
  std::optional<SignInsConfig> signIns = SignInsConfig{};
  // A separate log (auditLogs/provisioning). Off on Free tenants (docs/provisioning.md#licence).
  std::optional<ProvisioningConfig> provisioning = ProvisioningConfig{};
  // A separate log (Intune's OperationalLogs and DeviceComplianceOrg, export only). Off where
  // the tenant has no Intune: no background workload, or background.intuneShare 0.
  std::optional<IntuneDevicesConfig> intuneDevices = IntuneDevicesConfig{};
};

struct StorylineConfig {
  // "pimEscalation" | "rogueCloudPkiCa" | "passwordSpray" | "mfaFatigue" | "impossibleTravel" |
  // "conditionalAccessWeakened"
  // "compromisedServicePrincipal"
  std::string kind;
  Ticks at = 0;
  std::string label;  // ground-truth label; defaults to kind
  // conditionalAccessWeakened only: how the policy is weakened ("excludeUser", "disable",
  // "reportOnly") and how long until it is restored (0: never).
  std::string weakening = "excludeUser";
  Ticks restoreAfter = 0;
};
// The storyline kinds made of sign-ins only (they need the sign-in log).
inline bool isSignInStoryline(std::string_view kind) {
  return kind == "passwordSpray" || kind == "mfaFatigue" || kind == "impossibleTravel";
}
// The storyline kinds that need the sign-in log besides an audited change:
// conditionalAccessWeakened (the sign-ins the old policy would have blocked) and
// compromisedServicePrincipal (an audited new secret, then the app's sign-ins and their risk).
inline bool needsSignInLog(std::string_view kind) {
  return isSignInStoryline(kind) || kind == "conditionalAccessWeakened" ||
         kind == "compromisedServicePrincipal";
}

struct AppRegistration {
  std::string displayName;
  std::string clientId;
  std::string secret;
  std::vector<std::string> permissions;  // application roles granted, e.g. "AuditLog.Read.All"
  std::string certificatePem;            // optional, for client assertions
};

struct LatencyConfig {
  std::string distribution = "none";  // none | fixed | uniform | lognormal
  double ms = 0;                      // fixed; or the median for lognormal
  double minMs = 0, maxMs = 0;        // uniform
  double sigma = 0.5;                 // lognormal
};

struct FaultConfig {
  double rate = 0;  // share of requests answered with a fault
  std::vector<int> statuses = {500, 503, 504};
  double retryAfterSeconds = 2;
};

// One endpoint's own blocks: present when the scenario gives them, each starting from the global
// block with the keys given overriding it ("faults": {"rate": 0} turns faults off there).
struct EndpointServerConfig {
  std::optional<LatencyConfig> latency;
  std::optional<FaultConfig> faults;
};

struct ThrottleBudget {
  int64_t requests = 0;
  double perSeconds = 0;
};

struct ServerConfig {
  std::string auth = "strict";  // strict | permissive | off
  bool throttling = true;       // per app per tenant budgets below
  ThrottleBudget directoryAuditsBudget{5, 10};
  ThrottleBudget auditEventsBudget{1000, 20};
  ThrottleBudget securityBudget{150, 60};  // alerts_v2 + incidents
  int64_t defaultPageSize = 1000;
  int64_t maxPageSize = 1000;
  int64_t alertsMaxPageSize = 2000;   // UNCONFIRMED (docs/security-alerts.md#paging)
  int64_t incidentsMaxPageSize = 50;  // UNCONFIRMED
  std::string ingestDelay = "graph";  // graph | none
  bool lenientFilters = true;         // accept gt/lt on activityDateTime for directoryAudits
  int64_t intuneRetentionDays = 365;
  // Bytes of rendered list items the server keeps for reuse (docs/performance.md#render-cache);
  // 0 turns the cache off.
  int64_t renderCacheMegabytes = 64;
  LatencyConfig latency;  // all endpoints
  FaultConfig faults;     // all endpoints
  std::map<std::string, EndpointServerConfig>
      endpoints;  // "directoryAudits" | "auditEvents" | "token"
};

struct LiveConfig {
  double speed = 1;
  std::optional<Ticks> start;  // where the live clock starts; default window end
  // Wall-clock instant at which the clock stands at start; replicas sharing it share the clock.
  // Default: each process's own start.
  std::optional<Ticks> epoch;
};

struct TenantConfig {
  std::string id;  // GUID; derived from the seed when absent
  std::string name = "Contoso";
  std::string domain = "contoso.onmicrosoft.com";
  int64_t users = 1000;
  std::string license = "P2";  // Free | P1 | P2 (sets Entra audit retention: 7, 30, 30 days)
};

struct Scenario {
  std::string name;
  std::string description;
  uint64_t seed = 1;
  TenantConfig tenant;
  Ticks windowEnd = 0;
  double windowDays = 30;
  WorkloadsConfig workloads;
  std::vector<StorylineConfig> storylines;
  std::vector<AppRegistration> apps;
  ServerConfig server;
  std::optional<LiveConfig> live;

  Ticks windowStart() const { return windowEnd - static_cast<Ticks>(windowDays * kTicksPerDay); }
};

// One problem in a scenario file: where (JSON path such as "$.tenant.users" and 1-based line)
// and what.
struct ScenarioError {
  std::string path;
  int line = 0;
  std::string message;
  std::string toString() const;  // "line 7: $.tenant.users: must be at least 1"
};

// Checks the text against the schema (and the rules a schema cannot say), reporting every error.
std::vector<ScenarioError> validateScenarioText(std::string_view text);

// The scenario, or every problem found in it.
using ScenarioLoad = Result<Scenario, std::vector<ScenarioError>>;

// Validates, then builds the Scenario with defaults filled in.
ScenarioLoad loadScenarioText(std::string_view text);
ScenarioLoad loadScenarioFile(const std::string& path);

}  // namespace tenantsim
