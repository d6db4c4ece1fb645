// Intune device activity (IntuneDeviceLog, docs/intune-devices.md) in Azure Monitor's shapes:
// the OperationalLogs and DeviceComplianceOrg categories of Event Hub and storage, the
// IntuneOperationalLogs and IntuneDeviceComplianceOrg tables of Log Analytics (fact sheet §5.4,
// §5.5), and the records as NDJSON. Intune's records carry no resourceId (the capture has none);
// blobs go under the Intune resource path the Intune AuditLogs blobs use.
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
constexpr AzureCategory kCategories[] = {
    {"OperationalLogs", "insights-logs-operationallogs", "IntuneOperationalLogs",
     kOperationalColumns},
    {"DeviceComplianceOrg", "insights-logs-devicecomplianceorg", "IntuneDeviceComplianceOrg",
     kComplianceColumns},
};

constexpr std::string_view kScaleUnit = "AMSUA0602";  // the capture's; one per tenant [O4]

// The records write Intune's values in PascalCase, as OperationalLogs writes its own.
std::string_view complianceValue(ComplianceState s) {
  static constexpr std::string_view kValues[] = {"Compliant", "Noncompliant", "InGracePeriod"};
  return kValues[static_cast<size_t>(s)];
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

struct IntuneExport {
  const IntuneDeviceLog& log;
  const std::vector<IntuneDeviceEvent>& events;
  std::string tenantId;

  // One OperationalLogs or DeviceComplianceOrg record (fact sheet §5.5, the capture's order).
  void record(size_t i, std::string& out) const {
    const IntuneDeviceEvent& e = events[i];
    thread_local IntuneDeviceDetails d;
    log.describe(e, d);
    const bool enrollment = e.kind == IntuneRecordKind::Enrollment;
    out += "{\"time\":\"";
    appendIsoTime(out, e.time);
    out += '"';
    appendJsonField(out, "tenantId", tenantId);
    appendJsonField(out, "category", kCategories[enrollment ? 0 : 1].category);
    appendJsonField(out, "operationName", enrollment ? "Enrollment" : "Compliance");
    appendJsonField(out, "resultType", enrollment ? enrollmentResult(e) : "Success");
    out += ",\"properties\":{";
    if (enrollment) {
      enrollmentProperties(d, tenantId, log.accountId(), out);
    } else {
      complianceFields(d, out);
      appendJsonField(out, "IntuneAccountId", log.accountId());
    }
    out += "}}";
  }

  // One IntuneOperationalLogs or IntuneDeviceComplianceOrg row.
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
  azure.categoryOf = [&](size_t i) {
    return events[i].kind == IntuneRecordKind::Enrollment ? size_t{0} : size_t{1};
  };
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
