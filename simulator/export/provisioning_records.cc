#include "simulator/export/provisioning_records.h"

#include "base/json_writer.h"
#include "base/time.h"
#include "simulator/graph/modified_properties.h"
#include "simulator/graph/provisioning_render.h"

namespace tenantsim {
namespace {

void time7(std::string& out, Ticks t) {
  out += '"';
  appendIsoTime(out, t);
  out += '"';
}

// {"Id":…,"Name":…} objects of the record (servicePrincipal; the systems add details).
void idName(std::string& out, std::string_view id, std::string_view name) {
  out += "{\"Id\":";
  appendJsonString(out, id);
  appendJsonField(out, "Name", name);
}

void servicePrincipal(std::string& out, const ProvisioningDetails& d) {
  idName(out, d.job->servicePrincipalId, d.job->app);
  out += '}';
}

void sourceSystem(std::string& out) {
  idName(out, kProvisioningSourceSystemId, kProvisioningSourceSystemName);
  out += ",\"details\":{}}";
}

void targetSystem(std::string& out, const ProvisioningDetails& d) {
  idName(out, d.job->targetSystemId, d.job->app);
  out += ",\"details\":{";
  appendJsonField(out, "ApplicationId", d.job->applicationId, false, false);
  appendJsonField(out, "ServicePrincipalId", d.job->servicePrincipalId);
  appendJsonField(out, "ServicePrincipalDisplayName", d.job->app);
  out += "}}";
}

void initiatedBy(std::string& out) {
  out += "{\"Type\":\"system\",\"Id\":\"\",\"Name\":";
  appendJsonString(out, kProvisioningInitiator);
  out += '}';
}

void sourceIdentity(std::string& out, const ProvisioningDetails& d) {
  out += "{\"identityType\":\"User\",\"details\":{\"id\":";
  appendJsonString(out, d.sourceId);
  out += ",\"odatatype\":\"User\"";
  appendJsonField(out, "DisplayName", d.sourceName);
  appendJsonField(out, "UserPrincipalName", d.userPrincipalName);
  out += "},\"Id\":";
  appendJsonString(out, d.sourceId);
  appendJsonField(out, "Name", d.sourceName);
  out += '}';
}

void targetIdentity(std::string& out, const ProvisioningDetails& d) {
  out += "{\"identityType\":";
  appendJsonString(out, d.job->targetIdentityType);
  out += ",\"details\":{},\"Id\":";
  appendJsonString(out, d.targetId);
  out += ",\"Name\":\"\"}";
}

void statusInfo(std::string& out, const ProvisioningDetails& d) {
  out += "{\"Status\":";
  appendJsonString(out, provisioningResultName(d.event->result));
  out += ",\"errorInformation\":";
  if (d.event->result != ProvisioningResult::Failure) {
    out += "null}";
    return;
  }
  out += "{\"errorCode\":";
  appendJsonString(out, d.errorCode);
  appendJsonField(out, "reason", d.reason);
  appendJsonField(out, "additionalDetails", d.additionalDetails);
  appendJsonField(out, "errorCategory", d.errorCategory);
  appendJsonField(out, "recommendedAction", d.recommendedAction);
  out += "}}";
}

void steps(std::string& out, const ProvisioningDetails& d) {
  out += '[';
  for (size_t i = 0; i < d.stepCount; ++i) {
    const ProvisioningStep& s = d.steps[i];
    if (i) out += ',';
    out += "{\"name\":";
    appendJsonString(out, s.name);
    out += ",\"provisioningStepType\":" + std::to_string(static_cast<int>(s.type));
    out += ",\"status\":" + std::to_string(static_cast<int>(s.status));
    appendJsonField(out, "description", s.description);
    out += ",\"details\":{";
    for (size_t k = 0; k < s.detailCount; ++k)
      appendJsonField(out, s.details[k].key, s.details[k].value, false, k != 0);
    out += "}}";
  }
  out += ']';
}

void modifiedProperties(std::string& out, const ProvisioningDetails& d) {
  appendModifiedPropertyArray(
      std::span<const ModifiedProperty>(d.properties.data(), d.propertyCount), out);
}

// A J column: the object's JSON as a JSON string.
template <typename F>
void jsonTextColumn(std::string& out, std::string_view name, F&& write) {
  thread_local std::string text;
  text.clear();
  write(text);
  appendJsonKey(out, name);
  appendJsonString(out, text);
}

}  // namespace

std::string_view provisioningResultType(ProvisioningResult r) {
  switch (r) {
    case ProvisioningResult::Success:
      return "Success";
    case ProvisioningResult::Failure:
      return "Failure";
    case ProvisioningResult::Skipped:
      return "Skipped";
    case ProvisioningResult::Warning:
      return "Warning";
  }
  return "Success";
}

void renderProvisioningRecord(const ProvisioningDetails& d, std::string_view tenantId,
                              std::string_view resourceId, std::string& out) {
  const ProvisioningEvent& e = *d.event;
  out += "{\"time\":";
  time7(out, e.time);
  appendJsonField(out, "resourceId", resourceId);
  out += ",\"operationName\":\"Provisioning activity\",\"operationVersion\":\"1.0\",\"category\":";
  appendJsonString(out, kProvisioningCategory);
  appendJsonField(out, "tenantId", tenantId);
  appendJsonField(out, "resultType", provisioningResultType(e.result));
  out += ",\"durationMs\":" + std::to_string(d.durationMs);
  appendJsonField(out, "correlationId", d.changeId);
  appendJsonField(out, "identity", d.id);
  out += ",\"Level\":4,\"properties\":{\"id\":";
  appendJsonString(out, d.id);
  appendJsonKey(out, "activityDateTime");
  time7(out, e.time);
  appendJsonField(out, "tenantId", tenantId);
  appendJsonField(out, "jobId", d.job->jobId);
  appendJsonField(out, "cycleId", d.cycleId);
  appendJsonField(out, "changeId", d.changeId);
  appendJsonField(out, "action", provisioningLegacyAction(e.action));
  appendJsonField(out, "provisioningAction", provisioningActionName(e.action));
  appendJsonKey(out, "servicePrincipal");
  servicePrincipal(out, d);
  appendJsonKey(out, "sourceSystem");
  sourceSystem(out);
  appendJsonKey(out, "targetSystem");
  targetSystem(out, d);
  appendJsonKey(out, "initiatedBy");
  initiatedBy(out);
  appendJsonKey(out, "sourceIdentity");
  sourceIdentity(out, d);
  appendJsonKey(out, "targetIdentity");
  targetIdentity(out, d);
  appendJsonKey(out, "provisioningStatusInfo");
  statusInfo(out, d);
  out += ",\"statusInfo\":{\"Status\":" + std::to_string(static_cast<int>(e.result)) + '}';
  appendJsonKey(out, "provisioningSteps");
  steps(out, d);
  appendJsonKey(out, "modifiedProperties");
  modifiedProperties(out, d);
  out += ",\"durationInMilliseconds\":" + std::to_string(d.durationMs) + "}}";
}

const std::vector<ProvisioningColumn>& provisioningColumns() {
  static const std::vector<ProvisioningColumn> kColumns = {
      {"TimeGenerated", "datetime"},
      {"AADTenantId", "string"},
      {"Category", "string"},
      {"ChangeId", "string"},
      {"CorrelationId", "string"},
      {"CycleId", "string"},
      {"DurationMs", "long"},
      {"Id", "string"},
      {"InitiatedBy", "string"},
      {"JobId", "string"},
      {"ModifiedProperties", "string"},
      {"OperationName", "string"},
      {"OperationVersion", "string"},
      {"ProvisioningAction", "string"},
      {"ProvisioningStatusInfo", "string"},
      {"ProvisioningSteps", "string"},
      {"ResultDescription", "string"},
      {"ResultSignature", "string"},
      {"ResultType", "string"},
      {"ServicePrincipal", "string"},
      {"SourceIdentity", "string"},
      {"SourceSystem", "string"},
      {"TargetIdentity", "string"},
      {"TargetSystem", "string"},
      {"Type", "string"},
  };
  return kColumns;
}

void renderProvisioningRow(const ProvisioningDetails& d, std::string_view tenantId,
                           std::string& out) {
  const ProvisioningEvent& e = *d.event;
  out += "{\"TimeGenerated\":";
  time7(out, e.visibleAt());
  appendJsonField(out, "AADTenantId", tenantId);
  appendJsonField(out, "Category", kProvisioningCategory);
  appendJsonField(out, "ChangeId", d.changeId);
  appendJsonField(out, "CorrelationId", d.changeId);
  appendJsonField(out, "CycleId", d.cycleId);
  out += ",\"DurationMs\":" + std::to_string(d.durationMs);
  appendJsonField(out, "Id", d.id);
  jsonTextColumn(out, "InitiatedBy", [&](std::string& t) { initiatedBy(t); });
  appendJsonField(out, "JobId", d.job->jobId);
  jsonTextColumn(out, "ModifiedProperties", [&](std::string& t) { modifiedProperties(t, d); });
  appendJsonField(out, "OperationName", "Provisioning activity");
  appendJsonField(out, "OperationVersion", "1.0");
  appendJsonField(out, "ProvisioningAction", provisioningActionName(e.action));
  jsonTextColumn(out, "ProvisioningStatusInfo", [&](std::string& t) { statusInfo(t, d); });
  jsonTextColumn(out, "ProvisioningSteps", [&](std::string& t) { steps(t, d); });
  appendJsonField(out, "ResultDescription", d.reason);
  appendJsonField(out, "ResultSignature", "None");
  appendJsonField(out, "ResultType", provisioningResultType(e.result));
  jsonTextColumn(out, "ServicePrincipal", [&](std::string& t) { servicePrincipal(t, d); });
  jsonTextColumn(out, "SourceIdentity", [&](std::string& t) { sourceIdentity(t, d); });
  jsonTextColumn(out, "SourceSystem", [&](std::string& t) { sourceSystem(t); });
  jsonTextColumn(out, "TargetIdentity", [&](std::string& t) { targetIdentity(t, d); });
  jsonTextColumn(out, "TargetSystem", [&](std::string& t) { targetSystem(t, d); });
  appendJsonField(out, "Type", kProvisioningTable);
  out += "}";
}

}  // namespace tenantsim
