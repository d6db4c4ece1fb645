// The compact event record the store keeps (40 bytes), and EventDetails, the full content of one
// event that a workload recomputes from the record when it is rendered or filtered ("render late").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "simulator/simulation/catalog.h"

namespace tenantsim {

enum class WorkloadKind : uint8_t {
  Background = 1,
  Pim,
  ConditionalAccess,
  CloudPki,
  CatalogTour,
  AppCredentials,
  RiskRemediation
};

// Graph's operationResult.
enum class OperationResult : uint8_t { Success, Failure, Timeout };
// The member's name as Graph writes it ("success", "failure", "timeout").
constexpr const char* operationResultName(OperationResult r) {
  switch (r) {
    case OperationResult::Success:
      return "success";
    case OperationResult::Failure:
      return "failure";
    case OperationResult::Timeout:
      return "timeout";
  }
  return "unknownFutureValue";
}

// Event flags.
constexpr uint8_t kActorIsApp = 1;  // initiated by a service principal rather than a user
constexpr uint8_t kPlanted = 2;     // produced by a planted storyline (ground truth exists)

struct Event {
  Ticks time = 0;               // activityDateTime
  uint64_t key = 0;             // unique: workload (4 bits) | process (52 bits) | step (8 bits)
  uint32_t visibleDelayMs = 0;  // Graph lists the event from time + delay on
  uint32_t actor = 0;           // user index, or application index with kActorIsApp
  uint32_t subject = 0;         // workload-specific: target object index
  uint32_t param = 0;           // workload-specific: version, leaf number, ...
  ActivityId activity = 0;
  OperationResult result = OperationResult::Success;
  uint8_t flags = 0;

  WorkloadKind workload() const { return static_cast<WorkloadKind>(key >> 60); }
  uint64_t process() const { return (key >> 8) & ((uint64_t{1} << 52) - 1); }
  uint8_t step() const { return static_cast<uint8_t>(key & 0xff); }
  Ticks visibleAt() const { return time + static_cast<Ticks>(visibleDelayMs) * 10'000; }
  bool planted() const { return flags & kPlanted; }
};
static_assert(sizeof(Event) <= 40, "the store budget is 64 bytes per event, index included");

constexpr uint64_t makeKey(WorkloadKind w, uint64_t process, uint8_t step) {
  return (static_cast<uint64_t>(w) << 60) | ((process & ((uint64_t{1} << 52) - 1)) << 8) | step;
}

// Order of the store and of every listing: activity time, then key.
inline bool operator<(const Event& a, const Event& b) {
  return a.time != b.time ? a.time < b.time : a.key < b.key;
}

// ---- Full content, recomputed per event. Strings and vectors are reused between events, so
// describing a stream of events allocates nothing once the buffers have grown.

struct ModifiedProperty {
  std::string displayName, oldValue, newValue;
  bool oldNull = false, newNull = false;
};

struct TargetResource {
  std::string id, displayName, type, userPrincipalName, groupType;
  bool displayNameNull = false, upnNull = true, groupTypeNull = true;
  std::vector<ModifiedProperty> props;
  size_t propCount = 0;
  ModifiedProperty& addProperty(std::string_view name);
};

struct KeyValue {
  std::string key, value;
};

struct EventDetails {
  const Event* event = nullptr;
  const Activity* activity = nullptr;
  std::string id;  // Directory_<corr>_<5 alnum>_<n>, or a GUID for Intune
  std::string correlationId;
  std::string resultReason;
  bool resultReasonNull = false;
  // Initiator: user fields, or app fields when the event's actor is an app.
  std::string userId, userDisplayName, userPrincipalName, ipAddress;
  bool userDisplayNameNull = false, ipAddressNull = false;
  std::string appId, appDisplayName, servicePrincipalId, servicePrincipalName;
  std::string userAgent;        // beta directoryAudit
  std::string actorType;        // Intune auditActorType: ItPro, Application, System, ...
  std::string userPermissions;  // Intune: JSON array text
  std::vector<TargetResource> targets;
  size_t targetCount = 0;
  std::vector<KeyValue> details;
  size_t detailCount = 0;
  std::string label;  // storyline ground truth: "<storyline>:<step>" when planted

  bool byApp() const { return event->flags & kActorIsApp; }
  TargetResource& addTarget(std::string_view type);
  void addDetail(std::string_view key, std::string_view value);
  void reset(const Event& e, const Activity& a);
};

}  // namespace tenantsim
