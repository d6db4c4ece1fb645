// Intune device activity (IntuneDeviceLog, docs/intune-devices.md) in Azure Monitor's shapes:
// the OperationalLogs, DeviceComplianceOrg and Devices (diagnostic category IntuneDevices)
// categories of Event Hub and storage, the IntuneOperationalLogs, IntuneDeviceComplianceOrg and
// IntuneDevices tables of Log Analytics (fact sheet §5.4, §5.5; docs/intune-devices.md's sources
// for IntuneDevices), and the records as NDJSON. Intune's records carry no resourceId (the capture
// has none); blobs go under the Intune resource path the Intune AuditLogs blobs use.
#include <algorithm>

#include "base/json_writer.h"
#include "simulator/export/azure_category_log.h"
#include "simulator/export/azure_records.h"
#include "simulator/export/formats.h"
#include "simulator/simulation/intune_device_log.h"

namespace tenantsim {
namespace {

constexpr AzureColumn kOperationalColumns[] = {
    {"TimeGenerated", "datetime"},
    {"Category", "string"},
    {"OperationName", "string"},
    {"Properties", "string"},
    {"Result", "string"},
    {"SourceSystem", "string"},
    {"Type", "string"},
};
constexpr AzureColumn kComplianceColumns[] = {
    {"TimeGenerated", "datetime"},
    {"ComplianceState", "string"},
    {"DeviceHealthThreatLevel", "string"},
    {"DeviceId", "string"},
    {"DeviceName", "string"},
    {"DeviceType", "string"},
    {"IMEI", "string"},
    {"InGracePeriodUntil", "string"},
    {"LastContact", "string"},
    {"ManagementAgents", "string"},
    {"OS", "string"},
    {"OSDescription", "string"},
    {"OSVersion", "string"},
    {"OwnerType", "string"},
    {"Result", "string"},
    {"RetireAfterDatetime", "string"},
    {"SerialNumber", "string"},
    {"UPN", "string"},
    {"UserEmail", "string"},
    {"UserId", "string"},
    {"UserName", "string"},
    {"_ResourceId", "string"},
    {"_SubscriptionId", "string"},
    {"SourceSystem", "string"},
    {"Type", "string"},
};
// The IntuneDevices table's columns (Azure Monitor's table reference [T]) but TenantId, the
// workspace's, which the workspace adds.
constexpr AzureColumn kDevicesColumns[] = {
    {"TimeGenerated", "datetime"},
    {"AADTenantId", "string"},
    {"AndroidPatchLevel", "string"},
    {"BatchId", "string"},
    {"CategoryName", "string"},
    {"CompliantState", "string"},
    {"CreatedDate", "string"},
    {"DeviceId", "string"},
    {"DeviceName", "string"},
    {"DeviceRegistrationState", "string"},
    {"DeviceState", "string"},
    {"EasID", "string"},
    {"EncryptionStatusString", "string"},
    {"GraphDeviceIsManaged", "bool"},
    {"IMEI", "string"},
    {"InGracePeriodUntil", "string"},
    {"IntuneAccountId", "string"},
    {"JailBroken", "string"},
    {"JoinType", "string"},
    {"LastContact", "string"},
    {"ManagedBy", "string"},
    {"ManagedDeviceName", "string"},
    {"Manufacturer", "string"},
    {"MEID", "string"},
    {"Model", "string"},
    {"OperationName", "string"},
    {"OS", "string"},
    {"OSVersion", "string"},
    {"Ownership", "string"},
    {"PhoneNumber", "string"},
    {"PrimaryUser", "string"},
    {"ReferenceId", "string"},
    {"Result", "string"},
    {"SerialNumber", "string"},
    {"SkuFamily", "string"},
    {"SourceSystem", "string"},
    {"Stats", "dynamic"},
    {"StorageFree", "long"},
    {"StorageTotal", "long"},
    {"SubscriberCarrierNetwork", "string"},
    {"SupervisedStatusString", "string"},
    {"Type", "string"},
    {"UPN", "string"},
    {"UserEmail", "string"},
    {"UserName", "string"},
    {"WifiMacAddress", "string"},
};
constexpr AzureCategory kCategories[] = {
    {"OperationalLogs", "insights-logs-operationallogs", "IntuneOperationalLogs",
     kOperationalColumns},
    {"DeviceComplianceOrg", "insights-logs-devicecomplianceorg", "IntuneDeviceComplianceOrg",
     kComplianceColumns},
    // The diagnostic category IntuneDevices writes records of category Devices [E], hence the
    // container's name (GP §7.3).
    {"Devices", "insights-logs-devices", "IntuneDevices", kDevicesColumns},
};

size_t categoryOf(IntuneRecordKind kind) { return static_cast<size_t>(kind); }

constexpr std::string_view kScaleUnit = "AMSUA0602";  // the capture's; one per tenant [O4]

// The records write Intune's values in PascalCase, as OperationalLogs writes its own.
std::string_view complianceValue(ComplianceState s) {
  static constexpr std::string_view kValues[] = {"Compliant", "Noncompliant", "InGracePeriod"};
  return kValues[static_cast<size_t>(s)];
}

// "2023-10-26 12:23:58.7994868": the inventory's dates, ISO's without T and Z [E].
void appendInventoryTime(std::string& out, std::string_view key, Ticks t) {
  appendJsonKey(out, key);
  out += '"';
  const size_t start = out.size();
  appendIsoTime(out, t);
  out[start + 10] = ' ';
  out.pop_back();  // Z
  out += '"';
}

std::string_view enrollmentResult(const IntuneDeviceEvent& e) {
  return e.failure == 0 ? "Success" : "Fail";  // UNCONFIRMED failure value
}

void enrollmentProperties(const IntuneDeviceDetails& d, std::string_view tenantId,
                          std::string_view accountId, std::string& out) {
  appendJsonField(out, "AADDeviceId", d.deviceId, false, false);
  appendJsonField(out, "IntuneDeviceId", d.intuneDeviceId);
  appendJsonField(out, "IntuneAccountId", accountId);
  appendJsonField(out, "IntuneUserId", d.userId);
  appendJsonField(out, "MessageId", d.messageId);
  appendJsonField(out, "AADTenantId", tenantId);
  appendJsonField(out, "OperationalLogCategory", "DeviceEnrollment");
  appendTimeField(out, "EnrollmentTimeUTC", d.event->time);
  appendJsonField(out, "ScenarioName",
                  "Microsoft.Management.Services.Diagnostics.SLAEvents.EnrollmentSLAEvent");
  appendJsonField(out, "OsVersion", d.osVersion);
  appendJsonField(out, "ScaleUnit", kScaleUnit);
  appendJsonField(out, "Os", d.os);
  appendJsonField(out, "EnrollmentType", d.enrollmentType);
  appendJsonField(out, "FailureReason", d.failureReason);
  appendJsonField(out, "FailureCategory", d.failureCategory);
}

// The compliance fields, PascalCase as the table's columns (first: no comma before).
void complianceFields(const IntuneDeviceDetails& d, std::string& out) {
  const IntuneDeviceEvent& e = *d.event;
  appendJsonField(out, "ComplianceState", complianceValue(e.state), false, false);
  appendJsonField(out, "DeviceHealthThreatLevel", "Secured");
  appendJsonField(out, "DeviceId", d.intuneDeviceId);
  appendJsonField(out, "DeviceName", d.deviceName);
  appendJsonField(out, "DeviceType", d.deviceType);
  appendJsonField(out, "IMEI", d.imei);
  appendJsonField(out, "InGracePeriodUntil",
                  d.graceUntil ? formatIsoTime(d.graceUntil) : std::string());
  appendTimeField(out, "LastContact", d.lastContact);
  appendJsonField(out, "ManagementAgents", "MDM");
  appendJsonField(out, "OS", d.os);
  appendJsonField(out, "OSDescription", d.osDescription);
  appendJsonField(out, "OSVersion", d.osVersion);
  appendJsonField(out, "OwnerType", d.ownerType);
  appendJsonField(out, "Result", "Success");
  appendJsonField(out, "RetireAfterDatetime", "");
  appendJsonField(out, "SerialNumber", d.serialNumber);
  appendJsonField(out, "UPN", d.userPrincipalName);
  appendJsonField(out, "UserEmail", d.userPrincipalName);
  appendJsonField(out, "UserId", d.userId);
  appendJsonField(out, "UserName", d.userDisplayName);
}

// The inventory's properties in the captures' order [E] (first: no comma before); the table's
// columns of the same names hold the same values.
void inventoryFields(const IntuneDeviceDetails& d, std::string_view tenantId,
                     std::string_view accountId, std::string& out) {
  const IntuneDeviceEvent& e = *d.event;
  appendJsonField(out, "DeviceId", d.intuneDeviceId, false, false);
  appendJsonField(out, "DeviceName", d.deviceName);
  appendJsonField(out, "UPN", d.userPrincipalName);
  appendInventoryTime(out, "LastContact", d.lastContact);
  appendJsonField(out, "OSVersion", d.osVersion);
  appendJsonField(out, "OS", d.os);
  appendJsonField(out, "CompliantState", complianceValue(e.state));
  appendJsonField(out, "Ownership", d.ownerType);
  appendJsonField(out, "ManagedBy", "Intune");
  appendJsonField(out, "Model", d.model);
  appendJsonField(out, "SerialNumber", d.serialNumber);
  appendJsonField(out, "Manufacturer", d.manufacturer);
  appendInventoryTime(out, "CreatedDate", d.enrolledAt);
  appendJsonField(out, "DeviceState", "Managed");
  appendJsonField(out, "UserEmail", d.userPrincipalName);
  appendJsonField(out, "UserName", d.userDisplayName);
  appendJsonField(out, "IMEI", d.imei);
  appendJsonField(out, "PhoneNumber", "");
  appendJsonField(out, "DeviceRegistrationState", "Registered");
  appendJsonField(out, "ReferenceId", d.deviceId);
  appendJsonField(out, "ManagedDeviceName", d.managedDeviceName);
  appendJsonKey(out, "GraphDeviceIsManaged");
  out += "true";
  appendJsonField(out, "CategoryName", "");
  appendJsonField(out, "EncryptionStatusString", d.encrypted);
  appendJsonField(out, "SubscriberCarrierNetwork", "");
  appendJsonField(out, "JoinType", d.joinType);
  appendJsonField(out, "SupervisedStatusString", d.supervised);
  appendJsonField(out, "WifiMacAddress", d.wifiMacAddress);
  appendJsonKey(out, "StorageTotal");
  out += std::to_string(d.storageTotalMb);
  appendJsonKey(out, "StorageFree");
  out += std::to_string(d.storageFreeMb);
  appendJsonField(out, "AndroidPatchLevel", d.androidPatchLevel);
  appendJsonField(out, "MEID", "");
  if (d.graceUntil)
    appendInventoryTime(out, "InGracePeriodUntil", d.graceUntil);
  else
    appendJsonField(out, "InGracePeriodUntil", "9999-12-31 23:59:59.9999999");  // none [E]
  appendJsonField(out, "JailBroken", d.jailBroken);
  appendJsonField(out, "SkuFamily", d.skuFamily);
  appendJsonField(out, "EasID", d.easId);
  appendJsonField(out, "PrimaryUser", d.userId);
  appendJsonField(out, "BatchId", d.batchId);
  appendJsonField(out, "IntuneAccountId", accountId);
  appendJsonField(out, "AADTenantId", tenantId);
}

struct IntuneExport {
  const IntuneDeviceLog& log;
  const std::vector<IntuneDeviceEvent>& events;
  std::string tenantId;

  // One OperationalLogs, DeviceComplianceOrg or Devices record (fact sheet §5.5, the captures'
  // order).
  void record(size_t i, std::string& out) const {
    const IntuneDeviceEvent& e = events[i];
    thread_local IntuneDeviceDetails d;
    log.describe(e, d);
    const bool enrollment = e.kind == IntuneRecordKind::Enrollment;
    const bool inventory = e.kind == IntuneRecordKind::Inventory;
    out += "{\"time\":\"";
    appendIsoTime(out, e.time);
    out += '"';
    appendJsonField(out, "tenantId", tenantId);
    appendJsonField(out, "category", kCategories[categoryOf(e.kind)].category);
    appendJsonField(out, "operationName",
                    enrollment  ? "Enrollment"
                    : inventory ? "Devices"
                                : "Compliance");
    appendJsonField(out, "resultType",
                    enrollment  ? enrollmentResult(e)
                    : inventory ? "None"
                                : "Success");
    out += ",\"properties\":{";
    if (enrollment) {
      enrollmentProperties(d, tenantId, log.accountId(), out);
    } else if (inventory) {
      inventoryFields(d, tenantId, log.accountId(), out);
    } else {
      complianceFields(d, out);
      appendJsonField(out, "IntuneAccountId", log.accountId());
    }
    out += "}}";
  }

  // One IntuneOperationalLogs, IntuneDeviceComplianceOrg or IntuneDevices row.
  void row(size_t i, std::string& out) const {
    const IntuneDeviceEvent& e = events[i];
    thread_local IntuneDeviceDetails d;
    thread_local std::string properties;
    log.describe(e, d);
    beginTableRow(out, e.visibleAt());
    if (e.kind == IntuneRecordKind::Enrollment) {
      appendJsonField(out, "Category", "OperationalLogs");
      appendJsonField(out, "OperationName", "Enrollment");
      properties = "{";
      enrollmentProperties(d, tenantId, log.accountId(), properties);
      properties += '}';
      appendJsonField(out, "Properties", properties);
      appendJsonField(out, "Result", enrollmentResult(e));
      appendJsonField(out, "SourceSystem", "Microsoft Intune");
      appendJsonField(out, "Type", "IntuneOperationalLogs");
    } else if (e.kind == IntuneRecordKind::Inventory) {
      out += ',';
      inventoryFields(d, tenantId, log.accountId(), out);
      appendJsonField(out, "OperationName", "Devices");
      appendJsonField(out, "Result", "None");
      appendJsonField(out, "SourceSystem", "Microsoft Intune");
      appendJsonField(out, "Stats", "", true);
      appendJsonField(out, "Type", "IntuneDevices");
    } else {
      out += ',';
      complianceFields(d, out);
      appendJsonField(out, "_ResourceId", "");
      appendJsonField(out, "_SubscriptionId", "");
      appendJsonField(out, "SourceSystem", "Microsoft Intune");
      appendJsonField(out, "Type", "IntuneDeviceComplianceOrg");
    }
    out += '}';
  }
};

}  // namespace

Status writeIntuneDevices(const Simulation& sim, const ExportOptions& o, bool withOthers,
                          const ProgressCallback& progress) {
  if (!azureCategoryFormat(o.format))
    return plainError(
        "Intune device activity is written as --format ndjson, eventhub, blob or loganalytics, "
        "not " +
        o.format);
  if (isAzureBlobDestination(o.out))
    return plainError(
        "azblob:// destinations take --log audits (Intune device blobs are written to --out "
        "DIR)");
  IntuneDeviceLog log(sim);
  if (!log.enabled() && o.log == "all") return {};  // `all` writes the logs the scenario has
  if (!log.enabled())
    return plainError(
        "the scenario has no Intune device activity: workloads.intuneDevices false, or no Intune "
        "(workloads.background false or its intuneShare 0)");
  auto [from, to] = exportRange(sim, o);
  const std::vector<IntuneDeviceEvent> events = log.generate(from, to);
  const ExportOptions file = sideLogOptions(o, withOthers, "intuneDevices");
  const IntuneExport x{log, events, sim.tenant().id()};
  AzureCategoryLog azure;
  azure.name = "intune-devices";
  azure.categories = kCategories;
  azure.count = events.size();
  azure.categoryOf = [&](size_t i) { return categoryOf(events[i].kind); };
  azure.timeOf = [&](size_t i) { return events[i].time; };
  azure.visibleAtOf = [&](size_t i) { return events[i].visibleAt(); };
  azure.record = [&](size_t i, std::string& out) { x.record(i, out); };
  azure.row = [&](size_t i, std::string& out) { x.row(i, out); };
  azure.provider = "microsoft.intune";
  azure.resourcePath = intuneResourceId(x.tenantId);
  azure.hubSeed = sim.scenario().seed ^ 0x696e74756e65;
  return writeAzureCategoryLog(azure, file, progress);
}

}  // namespace tenantsim
