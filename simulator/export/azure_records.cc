#include "simulator/export/azure_records.h"

#include "base/json_writer.h"
#include "simulator/export/output.h"
#include "simulator/graph/render.h"

namespace tenantsim {
namespace {

void renderEntraRecord(const EventDetails& d, std::string_view tenantId, std::string& out) {
  const Event& e = *d.event;
  const Activity& a = *d.activity;
  out += "{\"time\":\"";
  appendIsoTime(out, e.time);
  out += "\",\"resourceId\":\"/tenants/";
  out += tenantId;
  out += "/providers/Microsoft.aadiam\"";
  appendJsonField(out, "operationName", a.name);
  out += ",\"operationVersion\":\"1.0\",\"category\":\"AuditLogs\"";
  appendJsonField(out, "tenantId", tenantId);
  out += ",\"resultSignature\":\"None\",\"durationMs\":0";
  appendJsonField(out, "callerIpAddress",
                  d.byApp() || d.ipAddressNull ? std::string_view() : d.ipAddress);
  appendJsonField(out, "correlationId", d.correlationId);
  appendJsonField(out, "identity", recordIdentity(d));
  out += ",\"Level\":4,\"properties\":{";
  appendJsonField(out, "id", d.id, false, false);
  appendJsonField(out, "category", a.category);
  appendJsonField(out, "correlationId", d.correlationId);
  appendJsonKey(out, "result");
  out += '"';
  out += operationResultName(e.result);
  out += '"';
  appendJsonField(out, "resultReason", d.resultReasonNull ? std::string_view() : d.resultReason);
  appendJsonField(out, "activityDisplayName", a.name);
  appendJsonKey(out, "activityDateTime");
  out += '"';
  appendIsoTimeWithOffset(out, e.time);
  out += '"';
  appendJsonField(out, "loggedByService", a.service);
  appendJsonField(out, "operationType", a.operationType);
  appendJsonField(out, "userAgent", d.userAgent, d.userAgent.empty());
  appendJsonKey(out, "initiatedBy");
  renderEntraInitiatedBy(d, out);
  appendJsonKey(out, "targetResources");
  renderEntraTargets(d, out);
  appendJsonKey(out, "additionalDetails");
  renderEntraAdditionalDetails(d, out);
  out += "}}";
}

void renderIntuneRecord(const EventDetails& d, std::string_view tenantId, std::string& out) {
  out += "{\"time\":\"";
  appendIsoTime(out, d.event->time);
  out += "\",\"resourceId\":\"/providers/microsoft.intune/tenants/";
  out += tenantId;
  out += '"';
  appendJsonField(out, "operationName", d.activity->name);
  out += ",\"category\":\"AuditLogs\"";
  appendJsonField(out, "tenantId", tenantId);
  appendJsonField(out, "resultType",
                  d.event->result == OperationResult::Success ? "Success" : "Failure");
  appendJsonField(out, "identity", recordIdentity(d));
  appendJsonKey(out, "properties");
  renderIntuneProperties(d, out);
  out += '}';
}

}  // namespace

std::string entraResourceId(std::string_view tenantId) {
  return "/tenants/" + std::string(tenantId) + "/providers/Microsoft.aadiam";
}

std::string intuneResourceId(std::string_view tenantId) {
  return "/providers/microsoft.intune/tenants/" + std::string(tenantId);
}

std::string_view recordIdentity(const EventDetails& d) {
  if (d.byApp()) return d.appDisplayName;
  if (d.activity->source == Source::Intune) return d.userPrincipalName;
  return d.userDisplayNameNull || d.userDisplayName.empty() ? std::string_view(d.userPrincipalName)
                                                            : std::string_view(d.userDisplayName);
}

void renderAzureRecord(const EventDetails& d, std::string_view tenantId, std::string& out) {
  if (d.activity->source == Source::Intune)
    renderIntuneRecord(d, tenantId, out);
  else
    renderEntraRecord(d, tenantId, out);
}

void renderEntraInitiatedBy(const EventDetails& d, std::string& out) {
  if (d.byApp()) {
    out += "{\"app\":{";
    appendInitiatingAppFields(d, out);
    out += "}}";
  } else {
    out += "{\"user\":{";
    appendInitiatingUserFields(d, out);
    out += ",\"roles\":[]}}";
  }
}

void renderEntraTargets(const EventDetails& d, std::string& out) {
  out += '[';
  for (size_t i = 0; i < d.targetCount; ++i) {
    const TargetResource& t = d.targets[i];
    if (i) out += ',';
    out += '{';
    appendTargetResourceFields(t, t.groupType, out);
    out += ',';
    appendModifiedProperties(t, out);
    out += ",\"administrativeUnits\":[]}";
  }
  out += ']';
}

void renderEntraAdditionalDetails(const EventDetails& d, std::string& out) {
  out += '[';
  for (size_t i = 0; i < d.detailCount; ++i) {
    if (i) out += ',';
    out += '{';
    appendJsonField(out, "key", d.details[i].key, false, false);
    appendJsonField(out, "value", d.details[i].value);
    out += '}';
  }
  out += ']';
}

void renderIntuneProperties(const EventDetails& d, std::string& out) {
  const Event& e = *d.event;
  const Activity& a = *d.activity;
  bool app = d.byApp();
  out += '{';
  appendJsonField(out, "AuditEventId", d.id, false, false);
  appendJsonKey(out, "ActivityDate");
  out += '"';
  appendIsoTime(out, e.time);
  out += '"';
  appendJsonField(out, "ActivityType", a.name);
  appendJsonField(out, "ActivityOperationType", a.operationType);
  appendJsonKey(out, "ActivityResultStatus");
  out += e.result == OperationResult::Success ? '1' : '2';
  appendJsonField(out, "ComponentName", a.componentName);
  appendJsonKey(out, "Actor");
  out += '{';
  appendJsonField(out, "ActorType", d.actorType, false, false);
  appendJsonField(out, "ObjectId",
                  app ? std::string_view(d.servicePrincipalId) : std::string_view(d.userId));
  appendJsonField(out, "UPN", d.userPrincipalName, app);
  appendJsonField(out, "ApplicationId", d.appId, d.appId.empty());
  appendJsonField(out, "ApplicationName", d.appDisplayName, d.appDisplayName.empty());
  appendJsonKey(out, "UserPermissions");
  out += app || d.userPermissions.empty() ? "[]" : d.userPermissions;
  out +=
      ",\"IsDelegatedAdmin\":false,\"PartnerTenantId\":\"00000000-0000-0000-0000-000000000000\"}";
  appendJsonKey(out, "TargetDisplayNames");
  out += '[';
  for (size_t i = 0; i < d.targetCount; ++i) {
    if (i) out += ',';
    appendJsonString(out, d.targets[i].displayName);
  }
  out += "],\"TargetObjectIds\":[";
  for (size_t i = 0; i < d.targetCount; ++i) {
    if (i) out += ',';
    appendJsonString(out, d.targets[i].id);
  }
  out += "],\"Targets\":[";
  for (size_t i = 0; i < d.targetCount; ++i) {
    const TargetResource& t = d.targets[i];
    if (i) out += ',';
    out += '{';
    appendJsonField(out, "Name", t.displayName, false, false);
    appendJsonField(out, "Type", t.type);
    out += ",\"ModifiedProperties\":[";
    for (size_t p = 0; p < t.propCount; ++p) {
      const ModifiedProperty& m = t.props[p];
      if (p) out += ',';
      out += '{';
      appendJsonField(out, "Name", m.displayName, false, false);
      appendJsonField(out, "Old", m.oldValue, m.oldNull);
      appendJsonField(out, "New", m.newValue, m.newNull);
      out += '}';
    }
    out += "]}";
  }
  out += ']';
  appendJsonField(out, "Category", a.category);
  appendJsonField(out, "CorrelationId", d.correlationId);
  out += '}';
}

}  // namespace tenantsim
