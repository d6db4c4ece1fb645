#include "simulator/simulation/intune_device_log.h"

#include <algorithm>
#include <cstdio>

#include "base/rng.h"
#include "base/time.h"

namespace tenantsim {
namespace {

// Enrollment failures [DER]: Graph's deviceEnrollmentFailureReason members as categories, with
// the reasons Intune's enrollment troubleshooting names most often, weighted.
struct FailureRow {
  EnrollmentFailure failure;
  int weight;
  bool retried;  // the user tries again (and succeeds) minutes later
};
constexpr FailureRow kFailures[] = {
    {{"EnrollmentRestrictionsEnforced", "DeviceCapReached"}, 25, false},
    {{"EnrollmentRestrictionsEnforced", "PlatformBlocked"}, 8, false},
    {{"Authentication", "AuthenticationFailed"}, 15, true},
    {{"Authorization", "UserNotInMdmScope"}, 8, true},
    {{"AccountValidation", "UserNotLicensed"}, 12, true},
    {{"DeviceNotSupported", "OsVersionNotSupported"}, 4, false},
    {{"UserAbandonment", "UserAbandonedEnrollment"}, 18, true},
    {{"ClientDisconnected", "ClientDisconnected"}, 10, true},
};
constexpr int kFailureWeights = [] {
  int total = 0;
  for (const FailureRow& f : kFailures) total += f.weight;
  return total;
}();

constexpr uint64_t kDayBits = 22, kItemBits = 40;
constexpr uint64_t kReenrollmentBase = uint64_t{1} << 39;

// The key's layout (IntuneDeviceEvent::key): the daily reports share the top bit and differ in
// the low one.
uint64_t keyOf(IntuneRecordKind kind, int64_t day, uint64_t item, unsigned attempt) {
  const uint64_t report = kind == IntuneRecordKind::Enrollment ? 0 : 1;
  if (kind == IntuneRecordKind::Inventory) attempt = 1;
  return (report << 63) |
         ((static_cast<uint64_t>(day) & ((uint64_t{1} << kDayBits) - 1)) << (kItemBits + 1)) |
         ((item & ((uint64_t{1} << kItemBits) - 1)) << 1) | attempt;
}

int64_t dayOf(Ticks t) { return t >= 0 ? t / kTicksPerDay : (t - kTicksPerDay + 1) / kTicksPerDay; }

// Saturday or Sunday (1970-01-01 was a Thursday).
bool weekend(int64_t day) {
  int64_t weekday = ((day + 4) % 7 + 7) % 7;  // 0 Sunday
  return weekday == 0 || weekday == 6;
}

// When in its day an enrollment starts: mostly working hours (UTC), some at any hour.
Ticks enrollmentOffset(Rng& r) {
  if (r.chance(0.15)) return static_cast<Ticks>(r.below(kTicksPerDay));
  return 8 * kTicksPerHour + static_cast<Ticks>(r.below(10 * kTicksPerHour));
}

std::string guidOf(uint64_t seed, std::string_view stream, uint64_t index) {
  char g[36];
  guidFrom(seed, stream, index, g);
  return std::string(g, 36);
}

// The operating system as Intune writes it, from Tenant::device's operatingSystem.
enum class Platform : uint8_t { Windows, Ios, Android, MacOs };
Platform platformOf(std::string_view os) {
  if (os == "Windows") return Platform::Windows;
  if (os == "iOS") return Platform::Ios;
  if (os == "Android") return Platform::Android;
  return Platform::MacOs;
}

// The inventory's hardware per platform (our choice: common models; Android's is the sign-ins'
// user agent's Pixel 8), and the storage sizes in MB the inventory reports [E].
struct Hardware {
  std::string_view manufacturer, model;
};
constexpr Hardware kWindowsHardware[] = {
    {"LENOVO", "21HES0PM00"},
    {"Dell Inc.", "Latitude 7440"},
    {"HP", "HP EliteBook 840 G10 Notebook PC"},
    {"Microsoft Corporation", "Surface Laptop 5"},
};
constexpr Hardware kIosHardware[] = {{"Apple", "iPhone 15"}, {"Apple", "iPhone 14"}};
constexpr Hardware kAndroidHardware[] = {{"Google", "Pixel 8"}};
constexpr Hardware kMacHardware[] = {{"Apple", "MacBook Pro (14-inch, 2023)"}};
constexpr int64_t kLaptopStorageMb[] = {243000, 487000, 975000};
constexpr int64_t kPhoneStorageMb[] = {121000, 243000};

template <size_t N>
const Hardware& pick(const Hardware (&rows)[N], Rng& r) {
  return rows[r.below(N)];
}

void appendHex(std::string& out, Rng& r, int digits) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int i = 0; i < digits; ++i) out += kHex[r.below(16)];
}

// M/D/YYYY_h:mm AM, the date and time Intune's default managed device name ends with [E].
void appendManagedNameTime(std::string& out, Ticks t) {
  const CivilTime c = civilTime(t);
  char text[40];
  std::snprintf(text, sizeof text, "%u/%u/%d_%u:%02u %s", c.month, c.day, c.year,
                c.hour % 12 == 0 ? 12 : c.hour % 12, c.minute, c.hour < 12 ? "AM" : "PM");
  out += text;
}

}  // namespace

std::string_view complianceStateName(ComplianceState s) {
  static constexpr std::string_view kNames[] = {"compliant", "noncompliant", "inGracePeriod"};
  return kNames[static_cast<size_t>(s)];
}

IntuneDeviceLog::IntuneDeviceLog(const Simulation& sim) : sim_(sim) {
  const Scenario& s = sim.scenario();
  if (!s.workloads.intuneDevices) return;
  enabled_ = true;
  config_ = *s.workloads.intuneDevices;
  accountId_ = guidOf(s.seed, "intuneAccount", 0);
  firstDay_ = dayOf(s.windowStart());
  lastDay_ = dayOf(s.windowEnd - 1);
  const double users = static_cast<double>(sim.tenant().userCount());
  int64_t total = 0;
  for (int64_t day = firstDay_; day <= lastDay_; ++day) {
    double mean = config_.newDevicesPerThousandUsersPerDay * users / 1000.0;
    if (weekend(day)) mean *= 0.3;
    int64_t n = Rng(s.seed, "intuneNewDevices", static_cast<uint64_t>(day)).poisson(mean);
    newPerDay_.push_back(n);
    newBefore_.push_back(total);
    total += n;
  }
  newBefore_.push_back(total);
}

bool IntuneDeviceLog::signInCompliant(int64_t index) const {
  // signin_profile.cc's deviceTraits and userDevice draw the same.
  return !Rng(sim_.tenant().seed(), "deviceCompliance", static_cast<uint64_t>(index)).chance(0.03);
}

Ticks IntuneDeviceLog::snapshotTime(int64_t day) const {
  Rng r(sim_.scenario().seed, "intuneSnapshot", static_cast<uint64_t>(day));
  return day * kTicksPerDay + kTicksPerHour + static_cast<Ticks>(r.below(30 * kTicksPerMinute));
}

// Shortly after midnight UTC, as the captures' batches (00:10 and 00:20) [E].
Ticks IntuneDeviceLog::inventoryTime(int64_t day) const {
  Rng r(sim_.scenario().seed, "intuneInventory", static_cast<uint64_t>(day));
  return day * kTicksPerDay + 5 * kTicksPerMinute +
         static_cast<Ticks>(r.below(30 * kTicksPerMinute));
}

// The compliance snapshot's grace period end of a device in its grace period on `day` (the
// inventory of that day reports the same).
Ticks IntuneDeviceLog::graceUntil(int64_t device, int64_t day) const {
  const uint64_t key = keyOf(IntuneRecordKind::Compliance, day, static_cast<uint64_t>(device), 0);
  Rng contact(sim_.scenario().seed, "intuneLastContact", static_cast<uint64_t>(device), key);
  contact.below(20 * kTicksPerHour);  // the snapshot's LastContact draw comes first
  return snapshotTime(day) + static_cast<Ticks>(1 + contact.below(3)) * kTicksPerDay;
}

int64_t IntuneDeviceLog::newDevicesBefore(int64_t day) const {
  if (day <= firstDay_) return 0;
  if (day > lastDay_) return newBefore_.back();
  return newBefore_[static_cast<size_t>(day - firstDay_)];
}

int64_t IntuneDeviceLog::ownerOf(int64_t device) const {
  const Tenant& t = sim_.tenant();
  const int64_t users = t.userCount();
  if (device < users) return device;
  if (device < t.deviceCount()) return device - users;  // the second devices, shared round-robin
  return static_cast<int64_t>(
      Rng(sim_.scenario().seed, "intuneNewDeviceOwner", static_cast<uint64_t>(device))
          .below(static_cast<uint64_t>(std::max<int64_t>(1, users))));
}

// One enrollment: its first attempt at `at`, failing with failureShare; a failure the user retries
// is followed by a successful attempt 5 to 60 minutes later.
void IntuneDeviceLog::addEnrollment(int64_t day, uint64_t n, Ticks at, int64_t device, int64_t user,
                                    bool reenrollment, std::vector<IntuneDeviceEvent>& out) const {
  Rng r(sim_.scenario().seed, "intuneEnrollmentOutcome", static_cast<uint64_t>(day), n);
  IntuneDeviceEvent e;
  e.time = at;
  e.key = keyOf(IntuneRecordKind::Enrollment, day, n, 0);
  e.device = device;
  e.user = user;
  e.reenrollment = reenrollment;
  if (!r.chance(config_.failureShare)) {
    out.push_back(e);
    return;
  }
  int pick = static_cast<int>(r.below(kFailureWeights));
  size_t row = 0;
  while (pick >= kFailures[row].weight) pick -= kFailures[row++].weight;
  e.failure = static_cast<uint8_t>(row + 1);
  out.push_back(e);
  if (!kFailures[row].retried) return;
  e.time = at + 5 * kTicksPerMinute + static_cast<Ticks>(r.below(55 * kTicksPerMinute));
  e.key = keyOf(IntuneRecordKind::Enrollment, day, n, 1);
  e.failure = 0;
  out.push_back(e);
}

void IntuneDeviceLog::generateDay(int64_t day, std::vector<IntuneDeviceEvent>& out) const {
  const Scenario& s = sim_.scenario();
  const Tenant& t = sim_.tenant();
  const Ticks dayStart = day * kTicksPerDay;
  // Devices enrolled for the first time.
  const int64_t firstNew = t.deviceCount() + newDevicesBefore(day);
  const int64_t fresh = day < firstDay_ || day > lastDay_ ? 0 : newPerDay_[day - firstDay_];
  for (int64_t i = 0; i < fresh; ++i) {
    Rng r(s.seed, "intuneNewDevice", static_cast<uint64_t>(day), static_cast<uint64_t>(i));
    const int64_t device = firstNew + i;
    addEnrollment(day, static_cast<uint64_t>(i), dayStart + enrollmentOffset(r), device,
                  ownerOf(device), false, out);
  }
  // Enrolled devices enrolled again.
  double mean =
      config_.reenrollmentsPerThousandDevicesPerDay * static_cast<double>(t.deviceCount()) / 1000.0;
  if (weekend(day)) mean *= 0.3;
  const int64_t again =
      Rng(s.seed, "intuneReenrollments", static_cast<uint64_t>(day)).poisson(mean);
  for (int64_t i = 0; i < again; ++i) {
    Rng r(s.seed, "intuneReenrollment", static_cast<uint64_t>(day), static_cast<uint64_t>(i));
    const int64_t device =
        static_cast<int64_t>(r.below(static_cast<uint64_t>(std::max<int64_t>(1, t.deviceCount()))));
    addEnrollment(day, kReenrollmentBase + static_cast<uint64_t>(i), dayStart + enrollmentOffset(r),
                  device, ownerOf(device), true, out);
  }
  reportDay(day, IntuneRecordKind::Compliance, out);
  if (config_.inventory) reportDay(day, IntuneRecordKind::Inventory, out);
}

IntuneDeviceEvent IntuneDeviceLog::lastAttempt(int64_t day, int64_t i) const {
  Rng r(sim_.scenario().seed, "intuneNewDevice", static_cast<uint64_t>(day),
        static_cast<uint64_t>(i));
  thread_local std::vector<IntuneDeviceEvent> attempts;
  attempts.clear();
  addEnrollment(day, static_cast<uint64_t>(i), day * kTicksPerDay + enrollmentOffset(r), 0, 0,
                false, attempts);
  return attempts.back();
}

bool IntuneDeviceLog::enrolledBy(int64_t day, int64_t i, Ticks at) const {
  const IntuneDeviceEvent last = lastAttempt(day, i);
  return last.failure == 0 && last.time < at;
}

Ticks IntuneDeviceLog::enrolledAt(int64_t index) const {
  const Tenant& t = sim_.tenant();
  if (index < t.deviceCount()) {
    // The tenant's devices enrolled two weeks to two years before the window.
    Rng r(sim_.scenario().seed, "intuneEnrolledAt", static_cast<uint64_t>(index));
    const int64_t daysBefore = 14 + static_cast<int64_t>(r.below(720));
    return (firstDay_ - daysBefore) * kTicksPerDay + enrollmentOffset(r);
  }
  // New device n is the i-th of the day k whose range newBefore_[k] <= n < newBefore_[k + 1].
  const int64_t n = index - t.deviceCount();
  auto next = std::upper_bound(newBefore_.begin(), newBefore_.end(), n);
  if (next == newBefore_.begin() || next == newBefore_.end()) return 0;
  const size_t k = static_cast<size_t>(next - newBefore_.begin()) - 1;
  const IntuneDeviceEvent last =
      lastAttempt(firstDay_ + static_cast<int64_t>(k), n - newBefore_[k]);
  return last.failure == 0 ? last.time : 0;
}

ComplianceState IntuneDeviceLog::stateOn(int64_t device, int64_t day) const {
  if (!signInCompliant(device)) return ComplianceState::Noncompliant;
  Rng r(sim_.scenario().seed, "intuneGrace", static_cast<uint64_t>(device),
        static_cast<uint64_t>(day));
  return r.chance(config_.gracePeriodShare) ? ComplianceState::InGracePeriod
                                            : ComplianceState::Compliant;
}

// A daily report, the compliance snapshot or the inventory: every device enrolled before it (the
// tenant's devices, and the devices enrolled since the window's start), in device order.
void IntuneDeviceLog::reportDay(int64_t day, IntuneRecordKind kind,
                                std::vector<IntuneDeviceEvent>& out) const {
  const Tenant& t = sim_.tenant();
  const Ticks snapshot =
      kind == IntuneRecordKind::Compliance ? snapshotTime(day) : inventoryTime(day);
  const bool onlyNotCompliant =
      kind == IntuneRecordKind::Compliance && config_.snapshot == "notCompliant";
  auto add = [&](int64_t device) {
    IntuneDeviceEvent e;
    e.kind = kind;
    e.time = snapshot;
    e.key = keyOf(kind, day, static_cast<uint64_t>(device), 0);
    e.device = device;
    e.user = ownerOf(device);
    e.state = stateOn(device, day);
    if (!onlyNotCompliant || e.state != ComplianceState::Compliant) out.push_back(e);
  };
  for (int64_t device = 0; device < t.deviceCount(); ++device) add(device);
  for (int64_t d = firstDay_; d <= day && d <= lastDay_; ++d) {
    const int64_t first = t.deviceCount() + newDevicesBefore(d);
    for (int64_t i = 0; i < newPerDay_[static_cast<size_t>(d - firstDay_)]; ++i)
      if (enrolledBy(d, i, snapshot)) add(first + i);
  }
}

std::vector<IntuneDeviceEvent> IntuneDeviceLog::generate(Ticks from, Ticks to) const {
  std::vector<IntuneDeviceEvent> out;
  if (!enabled_) return out;
  const Scenario& s = sim_.scenario();
  from = std::max(from, s.windowStart());
  to = std::min(to, s.windowEnd);
  if (from >= to) return out;
  // A day's retries may fall on the next day: start a day early.
  std::vector<IntuneDeviceEvent> day;
  for (int64_t d = dayOf(from) - 1; d <= dayOf(to - 1); ++d) {
    day.clear();
    generateDay(d, day);
    for (const IntuneDeviceEvent& e : day)
      if (e.time >= from && e.time < to) out.push_back(e);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void IntuneDeviceLog::describe(const IntuneDeviceEvent& e, IntuneDeviceDetails& d) const {
  const Tenant& t = sim_.tenant();
  const uint64_t seed = sim_.scenario().seed;
  d.event = &e;
  Guid g;
  t.deviceId(e.device, g);
  d.deviceId.assign(view(g));
  char id[36];
  guidFrom(seed, "intuneDevice", static_cast<uint64_t>(e.device), id);
  d.intuneDeviceId.assign(id, 36);
  guidFrom(seed, "intuneMessage", e.key, id);
  d.messageId.assign(id, 36);
  const Device device = t.device(e.device);
  d.deviceName = device.displayName;
  thread_local User user;
  t.fillUser(e.user, user);
  d.userId.assign(view(user.id));
  d.userPrincipalName = user.userPrincipalName;
  d.userDisplayName = user.displayName;
  Rng r(seed, "intuneDeviceProfile", static_cast<uint64_t>(e.device));
  const bool second = e.device >= t.userCount() && e.device < t.deviceCount();
  switch (platformOf(device.operatingSystem)) {
    case Platform::Windows:
      d.os = "Windows";
      d.deviceType = "Windows";
      d.osVersion = r.chance(0.6) ? "10.0.22631.4602" : "10.0.26100.2605";
      d.osDescription = d.osVersion.ends_with("4602") ? "Windows 11 Enterprise 23H2"
                                                      : "Windows 11 Enterprise 24H2";
      d.enrollmentType = r.chance(0.7) ? "WindowsAutoEnrollment" : "WindowsAzureADJoin";
      break;
    case Platform::Ios:
      d.os = "iOS";
      d.deviceType = "iPhone";
      d.osVersion = r.chance(0.7) ? "17.5.1" : "18.1";
      d.osDescription = "iOS";
      d.enrollmentType = second ? "UserEnrollment" : "AppleBulkWithUser";
      break;
    case Platform::Android:
      d.os = "Android";
      d.deviceType = "AndroidForWork";
      d.osVersion = r.chance(0.6) ? "14" : "15";
      d.osDescription = "Android";
      d.enrollmentType = second ? "AndroidEnterpriseWorkProfile" : "AndroidEnterpriseFullyManaged";
      break;
    case Platform::MacOs:
      d.os = "macOS";
      d.deviceType = "MacMDM";
      d.osVersion = r.chance(0.6) ? "14.6.1" : "15.1";
      d.osDescription = "macOS";
      d.enrollmentType = "AppleBulkWithUser";
      break;
  }
  d.ownerType = second ? "Personal" : "Corporate";
  char serial[16];
  std::snprintf(serial, sizeof serial, "%012llX",
                static_cast<unsigned long long>(r.next() & 0xFFFFFFFFFFFFULL));
  d.serialNumber = serial;
  d.imei.clear();
  if (d.deviceType == "iPhone" || d.deviceType == "AndroidForWork") {
    char imei[24];
    std::snprintf(imei, sizeof imei, "35%013llu",
                  static_cast<unsigned long long>(r.next() % 10000000000000ULL));
    d.imei = imei;
  }
  d.failureCategory = "Not Applicable";
  d.failureReason = "Unknown";
  if (e.kind == IntuneRecordKind::Enrollment && e.failure != 0) {
    d.failureCategory = kFailures[e.failure - 1].failure.category;
    d.failureReason = kFailures[e.failure - 1].failure.reason;
  }
  Rng contact(seed, "intuneLastContact", static_cast<uint64_t>(e.device), e.key);
  d.lastContact = e.kind == IntuneRecordKind::Enrollment
                      ? e.time
                      : e.time - static_cast<Ticks>(contact.below(20 * kTicksPerHour));
  d.graceUntil =
      e.state == ComplianceState::InGracePeriod ? graceUntil(e.device, dayOf(e.time)) : 0;
  if (e.kind == IntuneRecordKind::Inventory) describeInventory(e, d);
}

// The inventory's fields beyond the snapshot's (docs/intune-devices.md#intunedevices): values of
// the captures [E] where they show one, our choices elsewhere.
void IntuneDeviceLog::describeInventory(const IntuneDeviceEvent& e, IntuneDeviceDetails& d) const {
  const uint64_t seed = sim_.scenario().seed;
  const int64_t day = dayOf(e.time);
  char id[36];
  guidFrom(seed, "intuneInventoryBatch", static_cast<uint64_t>(day), id);
  d.batchId.assign(id, 36);
  d.enrolledAt = enrolledAt(e.device);
  d.lastContact = std::max(d.lastContact, d.enrolledAt);
  Rng r(seed, "intuneDeviceHardware", static_cast<uint64_t>(e.device));
  const Platform platform = platformOf(sim_.tenant().device(e.device).operatingSystem);
  const bool mobile = platform == Platform::Ios || platform == Platform::Android;
  const Hardware& hardware = platform == Platform::Windows   ? pick(kWindowsHardware, r)
                             : platform == Platform::Ios     ? pick(kIosHardware, r)
                             : platform == Platform::Android ? pick(kAndroidHardware, r)
                                                             : pick(kMacHardware, r);
  d.manufacturer = hardware.manufacturer;
  d.model = hardware.model;
  d.storageTotalMb = (mobile ? kPhoneStorageMb[r.below(2)] : kLaptopStorageMb[r.below(3)]) +
                     static_cast<int64_t>(r.below(1000));
  const double freeShare = 0.2 + 0.6 * r.uniform();
  d.wifiMacAddress.clear();
  appendHex(d.wifiMacAddress, r, 12);
  d.easId.clear();
  appendHex(d.easId, r, 32);
  d.androidPatchLevel = platform != Platform::Android ? ""
                        : r.chance(0.6)               ? "2024-11-01"
                                                      : "2024-12-01";
  // Storage use drifts a little from day to day.
  Rng today(seed, "intuneStorageFree", static_cast<uint64_t>(e.device), static_cast<uint64_t>(day));
  const double free = std::clamp(freeShare + 0.04 * (today.uniform() - 0.5), 0.01, 0.99);
  d.storageFreeMb = static_cast<int64_t>(free * static_cast<double>(d.storageTotalMb));
  // The sign-ins' trustType: Windows devices are Entra joined, the others registered.
  d.joinType = platform == Platform::Windows ? "Azure AD joined" : "Azure AD registered";
  d.skuFamily = platform == Platform::Windows ? "Enterprise" : "";
  // A compliance policy requiring encryption: the computers not compliant are not encrypted.
  d.encrypted = mobile || e.state != ComplianceState::Noncompliant ? "True" : "False";
  d.supervised = platform == Platform::Ios && d.ownerType == "Corporate" ? "True" : "False";
  d.jailBroken = mobile ? "False" : "Unknown";
  d.managedDeviceName.assign(d.userPrincipalName.substr(0, d.userPrincipalName.find('@')));
  d.managedDeviceName += '_';
  d.managedDeviceName += d.deviceType;
  d.managedDeviceName += '_';
  appendManagedNameTime(d.managedDeviceName, d.enrolledAt);
}

EnrollmentFailure enrollmentFailure(uint8_t failure) {
  return failure == 0 ? EnrollmentFailure{} : kFailures[failure - 1].failure;
}

}  // namespace tenantsim
