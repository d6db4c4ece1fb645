// Intune device activity of a simulation (docs/intune-devices.md), for the three Intune categories
// Azure Monitor exports beside Intune's AuditLogs: OperationalLogs (one record per enrollment
// attempt: devices enrolled for the first time during the window, enrolled devices enrolled
// again, failures with Intune's failure categories, most retried minutes later),
// DeviceComplianceOrg (once a day, a compliance snapshot of the enrolled devices) and
// IntuneDevices (once a day, the inventory of the enrolled devices: one batch, one record each).
// The devices are the tenant's (Tenant::device): each user's primary device and the shared second
// devices the sign-in log signs in from, plus the devices enrolled during the window. A device's
// compliance is the sign-in log's (deviceDetail.isCompliant): noncompliant in the snapshot exactly
// when its sign-ins say isCompliant false; a compliant device may be inGracePeriod on a day
// (Conditional Access treats it as compliant). A pure function of the scenario, like the others.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/simulation/simulation.h"

namespace tenantsim {

enum class IntuneRecordKind : uint8_t { Enrollment, Compliance, Inventory };

// A device's state in the daily snapshot (Intune's complianceState names).
enum class ComplianceState : uint8_t { Compliant, Noncompliant, InGracePeriod };
std::string_view complianceStateName(ComplianceState s);

struct IntuneDeviceEvent {
  Ticks time = 0;  // the enrollment attempt, or the snapshot or inventory
  // Unique: daily report (1 bit) | day (22) | enrollment or device (40) | attempt of an
  // enrollment, or 1 for the inventory (0 for the compliance snapshot).
  uint64_t key = 0;
  int64_t device = 0;  // Tenant::device index; >= deviceCount() for devices enrolled in the window
  int64_t user = 0;    // the device's primary user
  IntuneRecordKind kind = IntuneRecordKind::Enrollment;
  uint8_t failure = 0;  // enrollment: 0 success, else 1 + the failure's row
  ComplianceState state = ComplianceState::Compliant;  // compliance and inventory
  bool reenrollment = false;

  Ticks visibleAt() const { return time; }  // Intune sends them as they happen (or daily)
  bool operator==(const IntuneDeviceEvent&) const = default;
};
inline bool operator<(const IntuneDeviceEvent& a, const IntuneDeviceEvent& b) {
  return a.time != b.time ? a.time < b.time : a.key < b.key;
}

// An enrollment failure: Intune's failure category (deviceEnrollmentFailureReason, PascalCase as
// the records write their values) and the reason token.
struct EnrollmentFailure {
  std::string_view category, reason;
};

// Failure 1 + row of an enrollment's failure (IntuneDeviceEvent::failure); empty for 0.
EnrollmentFailure enrollmentFailure(uint8_t failure);

// Everything a rendered record says (buffers reused between calls).
struct IntuneDeviceDetails {
  const IntuneDeviceEvent* event = nullptr;
  std::string deviceId;        // Entra (AAD) device id: Tenant::deviceId
  std::string intuneDeviceId;  // Intune's managed device id
  std::string messageId;
  std::string deviceName, userId, userPrincipalName, userDisplayName;
  std::string_view os, osVersion, osDescription, enrollmentType, deviceType, ownerType;
  std::string_view failureCategory, failureReason;  // "Not Applicable", "Unknown" on success
  std::string serialNumber, imei;
  Ticks lastContact = 0, graceUntil = 0;  // graceUntil: inGracePeriod only
  // The inventory's (IntuneRecordKind::Inventory only; the others leave them as they were).
  std::string batchId;            // one per day's inventory
  std::string managedDeviceName;  // <UPN's user>_<device type>_<M/D/YYYY>_<h:mm AM> of enrollment
  std::string wifiMacAddress, easId;
  std::string_view manufacturer, model, joinType, skuFamily, encrypted, supervised, jailBroken,
      androidPatchLevel;
  int64_t storageTotalMb = 0, storageFreeMb = 0;
  Ticks enrolledAt = 0;  // CreatedDate: the device's first successful enrollment
};

class IntuneDeviceLog {
 public:
  // sim must outlive the log. Produces nothing when the scenario has no Intune device activity.
  explicit IntuneDeviceLog(const Simulation& sim);

  bool enabled() const { return enabled_; }
  const Simulation& simulation() const { return sim_; }
  // The Intune account id (the tenant's Intune account; records name it IntuneAccountId).
  const std::string& accountId() const { return accountId_; }

  // Every record whose time lies in [from, to) (clamped to the window), sorted by (time, key).
  // Generating [a, c) gives the concatenation of generating [a, b) and [b, c).
  std::vector<IntuneDeviceEvent> generate(Ticks from, Ticks to) const;
  std::vector<IntuneDeviceEvent> generateWindow() const {
    return generate(sim_.scenario().windowStart(), sim_.scenario().windowEnd);
  }
  void describe(const IntuneDeviceEvent& e, IntuneDeviceDetails& d) const;

  // Whether the sign-in log sees device `index` as compliant (signin_profile's draw).
  bool signInCompliant(int64_t index) const;
  // The daily snapshot's time on day `day` (days since 1970).
  Ticks snapshotTime(int64_t day) const;
  // The daily inventory's time on day `day`: every record of the day's batch carries it.
  Ticks inventoryTime(int64_t day) const;
  // When device `index` first enrolled: before the window for the tenant's devices, else its
  // successful attempt (or 0 if it never enrolled).
  Ticks enrolledAt(int64_t index) const;

 private:
  void generateDay(int64_t day, std::vector<IntuneDeviceEvent>& out) const;
  void addEnrollment(int64_t day, uint64_t n, Ticks at, int64_t device, int64_t user,
                     bool reenrollment, std::vector<IntuneDeviceEvent>& out) const;
  // A daily report (compliance snapshot or inventory) of the devices enrolled before it.
  void reportDay(int64_t day, IntuneRecordKind kind, std::vector<IntuneDeviceEvent>& out) const;
  void describeInventory(const IntuneDeviceEvent& e, IntuneDeviceDetails& d) const;
  Ticks graceUntil(int64_t device, int64_t day) const;
  // The last enrollment attempt of new device i of day `day` (its device and user left 0).
  IntuneDeviceEvent lastAttempt(int64_t day, int64_t i) const;
  // Whether new device i of day `day` has enrolled successfully before `at`.
  bool enrolledBy(int64_t day, int64_t i, Ticks at) const;
  ComplianceState stateOn(int64_t device, int64_t day) const;
  int64_t ownerOf(int64_t device) const;
  // New devices enrolled (successfully or not) before day `day`, from the window's first day.
  int64_t newDevicesBefore(int64_t day) const;

  const Simulation& sim_;
  bool enabled_ = false;
  IntuneDevicesConfig config_;
  std::string accountId_;
  int64_t firstDay_ = 0, lastDay_ = 0;  // the window's days (inclusive)
  std::vector<int64_t> newPerDay_;      // new devices per day from firstDay_
  std::vector<int64_t> newBefore_;      // prefix sums of newPerDay_
};

}  // namespace tenantsim
