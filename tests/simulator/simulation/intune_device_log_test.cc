// Specification of Intune device activity (docs/intune-devices.md): enrollments of new devices and
// re-enrollments with Intune's failure categories, the daily compliance snapshot agreeing with
// the sign-in log's deviceDetail.isCompliant, the daily inventory agreeing with both,
// determinism and shards, and the scenario switch.
#include "simulator/simulation/intune_device_log.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "simulator/scenario/scenario.h"
#include "simulator/simulation/signin_profile.h"
#include "tests/support/scenarios.h"

namespace tenantsim::testing {
namespace {

const Simulation& simulation() {
  static const Simulation* sim = [] {
    Scenario s = smallScenario(200, 3);
    // More activity than the defaults, so three days hold every kind of record.
    s.workloads.intuneDevices->newDevicesPerThousandUsersPerDay = 40;
    s.workloads.intuneDevices->reenrollmentsPerThousandDevicesPerDay = 20;
    s.workloads.intuneDevices->failureShare = 0.3;
    s.workloads.intuneDevices->gracePeriodShare = 0.05;
    return new Simulation(s);
  }();
  return *sim;
}

const std::vector<IntuneDeviceEvent>& windowEvents() {
  static const auto* events =
      new std::vector<IntuneDeviceEvent>(IntuneDeviceLog(simulation()).generateWindow());
  return *events;
}

TEST(IntuneDeviceLog, RecordsAreSortedUniqueAndInsideTheWindow) {
  const auto& events = windowEvents();
  ASSERT_FALSE(events.empty());
  const Scenario& s = simulation().scenario();
  std::set<uint64_t> keys;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_TRUE(keys.insert(events[i].key).second);
    EXPECT_GE(events[i].time, s.windowStart());
    EXPECT_LT(events[i].time, s.windowEnd);
    if (i) {
      EXPECT_FALSE(events[i] < events[i - 1]);
    }
  }
}

TEST(IntuneDeviceLog, SameScenarioSameRecordsAndShardsMakeTheWhole) {
  const Simulation& sim = simulation();
  IntuneDeviceLog log(sim);
  EXPECT_EQ(log.generateWindow(), windowEvents());
  std::vector<IntuneDeviceEvent> joined;
  for (int shard = 0; shard < 4; ++shard) {
    auto [from, to] = shardRange(sim.scenario(), shard, 4);
    std::vector<IntuneDeviceEvent> part = log.generate(from, to);
    for (const IntuneDeviceEvent& e : part) {
      EXPECT_GE(e.time, from);
      EXPECT_LT(e.time, to);
    }
    joined.insert(joined.end(), part.begin(), part.end());
  }
  EXPECT_EQ(joined, windowEvents());
}

TEST(IntuneDeviceLog, EnrollmentsFailWithIntuneCategoriesAndMostAreRetried) {
  const Simulation& sim = simulation();
  IntuneDeviceLog log(sim);
  size_t fresh = 0, again = 0, failures = 0, retried = 0;
  std::map<int64_t, std::vector<const IntuneDeviceEvent*>> byDevice;
  static const std::set<std::string_view> kCategories = {"EnrollmentRestrictionsEnforced",
                                                         "Authentication",
                                                         "Authorization",
                                                         "AccountValidation",
                                                         "DeviceNotSupported",
                                                         "UserAbandonment",
                                                         "ClientDisconnected"};
  IntuneDeviceDetails d;
  for (const IntuneDeviceEvent& e : windowEvents()) {
    if (e.kind != IntuneRecordKind::Enrollment) continue;
    (e.reenrollment ? again : fresh) += 1;
    byDevice[e.device].push_back(&e);
    log.describe(e, d);
    if (e.failure == 0) {
      EXPECT_EQ(d.failureCategory, "Not Applicable");
      EXPECT_EQ(d.failureReason, "Unknown");
      continue;
    }
    ++failures;
    EXPECT_TRUE(kCategories.contains(d.failureCategory)) << d.failureCategory;
    EXPECT_FALSE(d.failureReason.empty());
  }
  for (const auto& [device, attempts] : byDevice)
    for (size_t i = 0; i + 1 < attempts.size(); ++i)
      if (attempts[i]->failure && !attempts[i + 1]->failure) ++retried;
  EXPECT_GT(fresh, 0u);
  EXPECT_GT(again, 0u);
  EXPECT_GT(failures, 0u);
  EXPECT_GT(retried, failures / 3);
  EXPECT_LT(failures, (fresh + again) / 2);
}

TEST(IntuneDeviceLog, NewDevicesEnrollBeyondTheTenantsDevicesAndJoinLaterSnapshots) {
  const Tenant& t = simulation().tenant();
  std::map<Ticks, size_t> snapshotSizes;
  std::set<int64_t> enrolledNew;
  for (const IntuneDeviceEvent& e : windowEvents()) {
    if (e.kind == IntuneRecordKind::Inventory) continue;
    if (e.kind == IntuneRecordKind::Compliance) {
      ++snapshotSizes[e.time];
      if (e.device >= t.deviceCount()) {
        EXPECT_TRUE(enrolledNew.contains(e.device)) << e.device;
      }
      continue;
    }
    if (!e.reenrollment) {
      EXPECT_GE(e.device, t.deviceCount());
      if (e.failure == 0) enrolledNew.insert(e.device);
    } else {
      EXPECT_LT(e.device, t.deviceCount());
    }
  }
  ASSERT_GE(snapshotSizes.size(), 2u);  // once a day
  size_t previous = 0;
  for (const auto& [time, size] : snapshotSizes) {
    EXPECT_GE(size, static_cast<size_t>(t.deviceCount()));
    EXPECT_GE(size, previous);  // devices only join
    previous = size;
  }
  EXPECT_GT(previous, static_cast<size_t>(t.deviceCount()));
}

TEST(IntuneDeviceLog, ComplianceAgreesWithTheSignInsDeviceDetail) {
  const Tenant& t = simulation().tenant();
  size_t noncompliant = 0, grace = 0;
  UserDevice device;
  for (const IntuneDeviceEvent& e : windowEvents()) {
    if (e.kind != IntuneRecordKind::Compliance || e.device >= t.deviceCount()) continue;
    // The device a user signs in from: primary (index = user) or the shared second device.
    const bool second = e.device >= t.userCount();
    userDevice(t, e.user, second, device);
    Guid id;
    t.deviceId(e.device, id);
    ASSERT_EQ(view(device.id), view(id));
    EXPECT_EQ(e.state == ComplianceState::Noncompliant, !device.compliant) << e.device;
    noncompliant += e.state == ComplianceState::Noncompliant;
    grace += e.state == ComplianceState::InGracePeriod;
  }
  EXPECT_GT(noncompliant, 0u);
  EXPECT_GT(grace, 0u);
}

// The inventory (IntuneDevices): once a day, one batch (one time, one BatchId) listing the devices
// that day's compliance snapshot lists, in the same state, under the sign-ins' device names and
// Entra device ids, created when the device first enrolled.
TEST(IntuneDeviceLog, TheInventoryListsTheSnapshotsDevicesInOneDailyBatch) {
  const Simulation& sim = simulation();
  const Tenant& t = sim.tenant();
  IntuneDeviceLog log(sim);
  using DayDevice = std::pair<int64_t, int64_t>;
  std::map<DayDevice, ComplianceState> snapshot;
  std::map<DayDevice, Ticks> graceUntil;
  std::map<int64_t, Ticks> enrolled;  // new devices' successful enrollments
  IntuneDeviceDetails d;
  for (const IntuneDeviceEvent& e : windowEvents()) {
    if (e.kind == IntuneRecordKind::Compliance) {
      snapshot[{e.time / kTicksPerDay, e.device}] = e.state;
      log.describe(e, d);
      graceUntil[{e.time / kTicksPerDay, e.device}] = d.graceUntil;
    }
    if (e.kind == IntuneRecordKind::Enrollment && !e.reenrollment && e.failure == 0)
      enrolled[e.device] = e.time;
  }
  std::map<int64_t, std::set<Ticks>> times;
  std::map<int64_t, std::set<std::string>> batches;
  std::set<DayDevice> listed;
  UserDevice device;
  thread_local User user;
  size_t newDevices = 0;
  for (const IntuneDeviceEvent& e : windowEvents()) {
    if (e.kind != IntuneRecordKind::Inventory) continue;
    const int64_t day = e.time / kTicksPerDay;
    EXPECT_LT(e.time - day * kTicksPerDay, kTicksPerHour);  // shortly after midnight
    times[day].insert(e.time);
    listed.insert({day, e.device});
    ASSERT_TRUE(snapshot.contains({day, e.device})) << e.device;
    EXPECT_EQ(e.state, (snapshot[{day, e.device}]));
    log.describe(e, d);
    batches[day].insert(d.batchId);
    EXPECT_EQ(d.graceUntil, (graceUntil[{day, e.device}]));
    Guid id;
    t.deviceId(e.device, id);
    EXPECT_EQ(d.deviceId, view(id));  // ReferenceId: the Entra device id
    t.fillUser(e.user, user);
    EXPECT_EQ(d.userPrincipalName, user.userPrincipalName);
    EXPECT_TRUE(d.managedDeviceName.starts_with(
        user.userPrincipalName.substr(0, user.userPrincipalName.find('@')) + "_"))
        << d.managedDeviceName;
    if (e.device < t.deviceCount()) {
      userDevice(t, e.user, e.device >= t.userCount(), device);
      EXPECT_EQ(d.deviceName, device.displayName);
      EXPECT_LT(d.enrolledAt, sim.scenario().windowStart());
      // Computers not compliant are the ones not encrypted.
      EXPECT_EQ(d.encrypted == "False", e.state == ComplianceState::Noncompliant && !device.mobile)
          << e.device;
    } else {
      ++newDevices;
      ASSERT_TRUE(enrolled.contains(e.device)) << e.device;
      EXPECT_EQ(d.enrolledAt, enrolled[e.device]);
    }
    EXPECT_GE(d.lastContact, d.enrolledAt);
    EXPECT_LE(d.lastContact, e.time);
    EXPECT_GT(d.storageTotalMb, d.storageFreeMb);
    EXPECT_GT(d.storageFreeMb, 0);
    EXPECT_EQ(d.wifiMacAddress.size(), 12u);
    EXPECT_EQ(d.easId.size(), 32u);
  }
  EXPECT_GT(newDevices, 0u);
  ASSERT_EQ(times.size(), 3u);  // a batch a day
  std::set<std::string> allBatches;
  for (const auto& [day, set] : times) {
    EXPECT_EQ(set.size(), 1u);
    ASSERT_EQ(batches[day].size(), 1u);
    allBatches.insert(*batches[day].begin());
  }
  EXPECT_EQ(allBatches.size(), 3u);
  // Every device of a day's snapshot is in that day's inventory, but a new device enrolled
  // between the two.
  for (const auto& [dayDevice, state] : snapshot) {
    if (listed.contains(dayDevice)) continue;
    const auto [day, index] = dayDevice;
    ASSERT_TRUE(enrolled.contains(index)) << index;
    EXPECT_GT(enrolled[index], *times[day].begin());
    EXPECT_LT(enrolled[index], log.snapshotTime(day));
  }
}

TEST(IntuneDeviceLog, TheSnapshotCanListOnlyDevicesNotCompliant) {
  Scenario s = smallScenario(100, 1);
  s.workloads.intuneDevices->snapshot = "notCompliant";
  Simulation sim(s);
  size_t rows = 0;
  for (const IntuneDeviceEvent& e : IntuneDeviceLog(sim).generateWindow())
    if (e.kind == IntuneRecordKind::Compliance) {
      ++rows;
      EXPECT_NE(e.state, ComplianceState::Compliant);
    }
  EXPECT_GT(rows, 0u);
  EXPECT_LT(rows, 40u);
}

std::string scenarioWith(const std::string& workloads) {
  return "{\"name\": \"t\", \"seed\": 3, \"tenant\": {\"domain\": \"example.onmicrosoft.com\", "
         "\"users\": 100},\n"
         "\"window\": {\"end\": \"2026-11-01T00:00:00Z\", \"days\": 2},\n"
         "\"workloads\": " +
         workloads + "}\n";
}

TEST(IntuneDeviceLog, TheSwitchFollowsIntuneAndNamesItsLocation) {
  auto defaults = loadScenarioText(scenarioWith("{}"));
  ASSERT_TRUE(defaults);
  ASSERT_TRUE(defaults->workloads.intuneDevices);
  EXPECT_EQ(defaults->workloads.intuneDevices->failureShare, 0.08);
  EXPECT_EQ(defaults->workloads.intuneDevices->snapshot, "all");
  EXPECT_TRUE(defaults->workloads.intuneDevices->inventory);
  // No Intune, no Intune devices: absent means off there, given is an error.
  auto noIntune = loadScenarioText(scenarioWith("{\"background\": {\"intuneShare\": 0}}"));
  ASSERT_TRUE(noIntune);
  EXPECT_FALSE(noIntune->workloads.intuneDevices);
  std::vector<ScenarioError> errors =
      validateScenarioText(scenarioWith("{\"background\": false, \"intuneDevices\": {}}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "$.workloads.intuneDevices");
  EXPECT_EQ(errors[0].line, 3);
  errors = validateScenarioText(scenarioWith("{\"intuneDevices\": {\"snapshot\": \"some\"}}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "$.workloads.intuneDevices.snapshot");
  errors = validateScenarioText(scenarioWith("{\"intuneDevices\": {\"failureShare\": 2}}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "$.workloads.intuneDevices.failureShare");
  errors = validateScenarioText(scenarioWith("{\"intuneDevices\": {\"inventory\": \"yes\"}}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "$.workloads.intuneDevices.inventory");
  // Without the inventory, the enrollments and snapshots stay as they were.
  auto noInventory = loadScenarioText(scenarioWith("{\"intuneDevices\": {\"inventory\": false}}"));
  ASSERT_TRUE(noInventory);
  Simulation with(*defaults), without(*noInventory);
  std::vector<IntuneDeviceEvent> expected;
  for (const IntuneDeviceEvent& e : IntuneDeviceLog(with).generateWindow())
    if (e.kind != IntuneRecordKind::Inventory) expected.push_back(e);
  EXPECT_LT(expected.size(), IntuneDeviceLog(with).generateWindow().size());
  EXPECT_EQ(IntuneDeviceLog(without).generateWindow(), expected);
  auto off = loadScenarioText(scenarioWith("{\"intuneDevices\": false}"));
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->workloads.intuneDevices);
}

}  // namespace
}  // namespace tenantsim::testing
