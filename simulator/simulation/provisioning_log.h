// The provisioning log of a simulation (auditLogs/provisioning, docs/provisioning.md): the
// tenant's provisioning jobs export its users to SaaS apps. Every cycle of a job (one every
// cycleMinutes, each job at its own offset) takes the user changes the audit log recorded since
// the job's previous cycle (the background workload's Add user, Update user and Delete user) and
// writes one entry per change: create, update, disable (an update that turns AccountEnabled off)
// or delete for users assigned to the app, a skipped entry of that action
// (EntrySynchronizationSkip, SkipReason NotEffectivelyEntitled) for the others, and now and then a
// failure with errorInformation. A pure function of the scenario, like the sign-in log.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/simulation/event.h"
#include "simulator/simulation/simulation.h"

namespace tenantsim {

// Graph's provisioningAction, CSDL order.
enum class ProvisioningAction : uint8_t { Other, Create, Delete, Disable, Update, StagedDelete };
std::string_view provisioningActionName(ProvisioningAction a);

// Graph's provisioningResult, CSDL order.
enum class ProvisioningResult : uint8_t { Success, Failure, Skipped, Warning };
std::string_view provisioningResultName(ProvisioningResult r);

// Graph's provisioningStepType, CSDL order.
enum class ProvisioningStepType : uint8_t {
  Import,
  Scoping,
  Matching,
  Processing,
  ReferenceResolution,
  Export
};
std::string_view provisioningStepTypeName(ProvisioningStepType t);

struct ProvisioningEvent {
  Ticks time = 0;    // activityDateTime
  uint64_t key = 0;  // unique: job (8 bits) | cycle (32) | entry of the cycle (24)
  uint32_t user = 0;
  uint32_t cycle = 0;  // the job's cycle number, from the window's start
  uint8_t job = 0;
  ProvisioningAction action = ProvisioningAction::Other;
  ProvisioningResult result = ProvisioningResult::Success;
  uint8_t detail = 0;  // failure: the error's row; update: the changed attribute's row

  Ticks visibleAt() const { return time; }
  bool operator==(const ProvisioningEvent&) const = default;
};
inline bool operator<(const ProvisioningEvent& a, const ProvisioningEvent& b) {
  return a.time != b.time ? a.time < b.time : a.key < b.key;
}

// One provisioning job of the tenant.
struct ProvisioningJob {
  std::string app;                 // servicePrincipal/displayName, targetSystem/displayName
  std::string jobId;               // <template>.<tenantIdNoDashes>.<guid>
  std::string servicePrincipalId;  // servicePrincipal/id
  std::string applicationId;       // targetSystem/details/ApplicationId
  std::string targetSystemId;
  std::string targetIdentityType;  // "sys_user" for ServiceNow, else "User"
  std::string userNameAttribute;   // the target's user name attribute (user_name, userName)
  double scopeShare = 0.6;
  Ticks offset = 0;  // first cycle: window start + offset
};

struct ProvisioningStep {
  std::string name, description;
  ProvisioningStepType type = ProvisioningStepType::Import;
  ProvisioningResult status = ProvisioningResult::Success;
  std::vector<KeyValue> details;
  size_t detailCount = 0;
};

// Everything a rendered provisioningObjectSummary says (buffers reused between calls).
struct ProvisioningDetails {
  const ProvisioningEvent* event = nullptr;
  const ProvisioningJob* job = nullptr;
  std::string id, changeId, cycleId;
  int32_t durationMs = 0;
  std::string sourceId, sourceName, userPrincipalName;
  std::string targetId;  // "" until the target object exists (creates that failed, skips)
  // errorInformation (failures only; views of static text).
  std::string_view errorCode, errorCategory, reason, recommendedAction, additionalDetails;
  std::vector<ProvisioningStep> steps;
  size_t stepCount = 0;
  std::vector<ModifiedProperty> properties;
  size_t propertyCount = 0;

  ProvisioningStep& addStep(std::string_view name, ProvisioningStepType type,
                            ProvisioningResult status);
  ModifiedProperty& addProperty(std::string_view name);
};

// The source system every job reads (Graph's fixed id and name, fact sheet §2).
inline constexpr std::string_view kProvisioningSourceSystemId =
    "0404601d-a9c0-4ec7-bbcd-02660120d8c9";
inline constexpr std::string_view kProvisioningSourceSystemName = "Azure Active Directory";
inline constexpr std::string_view kProvisioningInitiator = "Azure AD Provisioning Service";

class ProvisioningLog {
 public:
  // sim must outlive the log. Produces nothing when the scenario's provisioning workload is off.
  explicit ProvisioningLog(const Simulation& sim);

  bool enabled() const { return enabled_; }
  const Simulation& simulation() const { return sim_; }
  const std::vector<ProvisioningJob>& jobs() const { return jobs_; }
  Ticks cycleInterval() const { return interval_; }
  // When cycle `cycle` of job `job` starts; it exports the changes of [start - interval, start).
  Ticks cycleStart(size_t job, uint32_t cycle) const;

  // Every entry whose time lies in [from, to) (clamped to the window), sorted by (time, key).
  // Generating [a, c) gives the concatenation of generating [a, b) and [b, c).
  std::vector<ProvisioningEvent> generate(Ticks from, Ticks to) const;
  std::vector<ProvisioningEvent> generateWindow() const {
    return generate(sim_.scenario().windowStart(), sim_.scenario().windowEnd);
  }
  // Fills d with the full content of e (reusing d's buffers); withContent false fills only the
  // ids (id, changeId, cycleId, source and target ids), as the index needs them.
  void describe(const ProvisioningEvent& e, ProvisioningDetails& d, bool withContent = true) const;

  // The audit user changes a cycle exports (background Add/Update/Delete user, successful).
  bool isUserChange(const Event& e) const;

 private:
  // The audit events of the background workload in [from, to) that are user changes, sorted.
  std::vector<Event> userChanges(Ticks from, Ticks to) const;
  ProvisioningAction actionFor(const Event& change, uint8_t& attribute) const;
  bool inScope(size_t job, uint32_t user) const;

  const Simulation& sim_;
  bool enabled_ = false;
  double failureShare_ = 0;
  Ticks interval_ = 0;
  std::vector<ProvisioningJob> jobs_;
  ActivityId addUser_ = 0, updateUser_ = 0, deleteUser_ = 0;
};

}  // namespace tenantsim
