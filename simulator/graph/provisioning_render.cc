#include "simulator/graph/provisioning_render.h"

#include <array>

#include "base/json_writer.h"
#include "base/time.h"
#include "simulator/graph/modified_properties.h"

namespace tenantsim {
namespace {

constexpr std::array<std::string_view, 7> kActionMembers = {
    "other", "create", "delete", "disable", "update", "stagedDelete", kUnknownFutureValue};
constexpr std::array<std::string_view, 5> kResultMembers = {"success", "failure", "skipped",
                                                            "warning", kUnknownFutureValue};
constexpr std::array<std::string_view, 7> kStepTypeMembers = {
    "import", "scoping",          "matching", "processing", "referenceResolution",
    "export", kUnknownFutureValue};

void field(std::string& out, std::string_view name, std::string_view value, bool isNull = false) {
  appendJsonField(out, name, value, isNull);
}

void keyValues(std::string& out, std::span<const KeyValue> values) {
  out += '{';
  for (size_t i = 0; i < values.size(); ++i)
    appendJsonField(out, values[i].key, values[i].value, false, i != 0);
  out += '}';
}

void identity(std::string& out, std::string_view name, std::string_view id,
              std::string_view displayName, std::string_view type) {
  appendJsonKey(out, name);
  out += "{\"id\":";
  appendJsonString(out, id);
  field(out, "displayName", displayName);
  field(out, "identityType", type);
  out += ",\"details\":{}}";
}

}  // namespace

const EvolvableEnum kProvisioningActionEnum{"provisioningAction", kActionMembers};
const EvolvableEnum kProvisioningResultEnum{"provisioningResult", kResultMembers};
const EvolvableEnum kProvisioningStepTypeEnum{"provisioningStepType", kStepTypeMembers};

std::string_view provisioningLegacyAction(ProvisioningAction a) {
  switch (a) {
    case ProvisioningAction::Create:
      return "Create";
    case ProvisioningAction::Update:
      return "Update";
    case ProvisioningAction::Delete:
      return "Delete";
    case ProvisioningAction::Disable:
      return "Disable";
    case ProvisioningAction::StagedDelete:
      return "StagedDelete";
    default:
      return "Other";
  }
}

void renderProvisioning(const ProvisioningDetails& d, ApiVersion api, std::string_view tenantId,
                        std::string& out, UnknownEnumMembers enums) {
  const ProvisioningEvent& e = *d.event;
  const ProvisioningJob& job = *d.job;
  out += "{\"id\":";
  appendJsonString(out, d.id);
  appendJsonKey(out, "activityDateTime");
  out += '"';
  appendIsoTime(out, e.time);
  out += '"';
  field(out, "tenantId", tenantId);
  field(out, "jobId", job.jobId);
  field(out, "cycleId", d.cycleId);
  field(out, "changeId", d.changeId);
  field(out, "provisioningAction",
        evolvableMemberName(kProvisioningActionEnum, provisioningActionName(e.action), enums));
  if (api == ApiVersion::Beta) field(out, "action", provisioningLegacyAction(e.action));
  appendJsonKey(out, "durationInMilliseconds");
  out += std::to_string(d.durationMs);
  appendJsonKey(out, "initiatedBy");
  out += "{\"id\":\"\",\"displayName\":";
  appendJsonString(out, kProvisioningInitiator);
  out += ",\"initiatorType\":\"system\"}";
  appendJsonKey(out, "servicePrincipal");
  out += "{\"id\":";
  appendJsonString(out, job.servicePrincipalId);
  field(out, "displayName", job.app);
  out += '}';
  appendJsonKey(out, "sourceSystem");
  out += "{\"id\":";
  appendJsonString(out, kProvisioningSourceSystemId);
  field(out, "displayName", kProvisioningSourceSystemName);
  out += ",\"details\":{}}";
  appendJsonKey(out, "targetSystem");
  out += "{\"id\":";
  appendJsonString(out, job.targetSystemId);
  field(out, "displayName", job.app);
  out += ",\"details\":{";
  appendJsonField(out, "ApplicationId", job.applicationId, false, false);
  field(out, "ServicePrincipalId", job.servicePrincipalId);
  field(out, "ServicePrincipalDisplayName", job.app);
  out += "}}";
  identity(out, "sourceIdentity", d.sourceId, d.sourceName, "User");
  identity(out, "targetIdentity", d.targetId, "", job.targetIdentityType);
  const std::string_view status =
      evolvableMemberName(kProvisioningResultEnum, provisioningResultName(e.result), enums);
  const bool failed = e.result == ProvisioningResult::Failure;
  auto errorInformation = [&] {
    out += "{\"errorCode\":";
    appendJsonString(out, d.errorCode);
    field(out, "errorCategory", d.errorCategory);
    field(out, "reason", d.reason);
    field(out, "additionalDetails", d.additionalDetails);
    field(out, "recommendedAction", d.recommendedAction);
    out += '}';
  };
  appendJsonKey(out, "provisioningStatusInfo");
  out += "{\"status\":";
  appendJsonString(out, status);
  appendJsonKey(out, "errorInformation");
  if (failed)
    errorInformation();
  else
    out += "null";
  out += '}';
  if (api == ApiVersion::Beta) {
    appendJsonKey(out, "statusInfo");
    if (failed) {
      out += "{\"@odata.type\":\"#microsoft.graph.statusDetails\",\"status\":";
      appendJsonString(out, status);
      field(out, "errorCode", d.errorCode);
      field(out, "errorCategory", d.errorCategory);
      field(out, "reason", d.reason);
      field(out, "additionalDetails", d.additionalDetails);
      field(out, "recommendedAction", d.recommendedAction);
      out += '}';
    } else {
      out += "{\"@odata.type\":\"#microsoft.graph.statusBase\",\"status\":";
      appendJsonString(out, status);
      out += '}';
    }
  }
  appendJsonKey(out, "provisioningSteps");
  out += '[';
  for (size_t i = 0; i < d.stepCount; ++i) {
    const ProvisioningStep& s = d.steps[i];
    if (i) out += ',';
    out += "{\"name\":";
    appendJsonString(out, s.name);
    field(out, "provisioningStepType",
          evolvableMemberName(kProvisioningStepTypeEnum, provisioningStepTypeName(s.type), enums));
    field(out, "status",
          evolvableMemberName(kProvisioningResultEnum, provisioningResultName(s.status), enums));
    field(out, "description", s.description);
    appendJsonKey(out, "details");
    keyValues(out, std::span<const KeyValue>(s.details.data(), s.detailCount));
    out += '}';
  }
  out += ']';
  appendJsonKey(out, "modifiedProperties");
  appendModifiedPropertyArray(
      std::span<const ModifiedProperty>(d.properties.data(), d.propertyCount), out);
  out += '}';
}

}  // namespace tenantsim
