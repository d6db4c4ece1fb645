#include "simulator/export/azure_records.h"

#include "simulator/export/output.h"
#include "simulator/graph/render.h"

namespace tenantsim {
namespace {

void appendKey(std::string& out, std::string_view key, bool comma = true) {
  if (comma) out += ',';
  out += '"';
  out += key;
  out += "\":";
}

void appendStringField(std::string& out, std::string_view key, std::string_view value,
                       bool isNull = false, bool comma = true) {
  appendKey(out, key, comma);
  if (isNull)
    out += "null";
  else
    appendJsonString(out, value);
}

const char* graphResultName(Result r) {
  switch (r) {
    case Result::Success:
      return "success";
    case Result::Failure:
      return "failure";
    case Result::Timeout:
      return "timeout";
  }
  return "unknownFutureValue";
}

void renderEntraRecord(const EventDetails& d, std::string_view tenantId, std::string& out) {
  const Event& e = *d.event;
  const Activity& a = *d.activity;
  out += "{\"time\":\"";
  appendIsoTime(out, e.time);
  out += "\",\"resourceId\":\"/tenants/";
  out += tenantId;
  out += "/providers/Microsoft.aadiam\"";
  appendStringField(out, "operationName", a.name);
  out += ",\"operationVersion\":\"1.0\",\"category\":\"AuditLogs\"";
  appendStringField(out, "tenantId", tenantId);
  out += ",\"resultSignature\":\"None\",\"durationMs\":0";
  appendStringField(out, "callerIpAddress",
                    d.byApp() || d.ipAddressNull ? std::string_view() : d.ipAddress);
  appendStringField(out, "correlationId", d.correlationId);
  appendStringField(out, "identity", recordIdentity(d));
  out += ",\"Level\":4,\"properties\":{";
  appendStringField(out, "id", d.id, false, false);
  appendStringField(out, "category", a.category);
  appendStringField(out, "correlationId", d.correlationId);
  appendKey(out, "result");
  out += '"';
  out += graphResultName(e.result);
  out += '"';
  appendStringField(out, "resultReason", d.resultReasonNull ? std::string_view() : d.resultReason);
  appendStringField(out, "activityDisplayName", a.name);
  appendKey(out, "activityDateTime");
  out += '"';
  appendIsoTimeWithOffset(out, e.time);
  out += '"';
  appendStringField(out, "loggedByService", a.service);
  appendStringField(out, "operationType", a.operationType);
  appendStringField(out, "userAgent", d.userAgent, d.userAgent.empty());
  appendKey(out, "initiatedBy");
  renderEntraInitiatedBy(d, out);
  appendKey(out, "targetResources");
  renderEntraTargets(d, out);
  appendKey(out, "additionalDetails");
  renderEntraAdditionalDetails(d, out);
  out += "}}";
}

void renderIntuneRecord(const EventDetails& d, std::string_view tenantId, std::string& out) {
  out += "{\"time\":\"";
  appendIsoTime(out, d.event->time);
  out += "\",\"resourceId\":\"/providers/microsoft.intune/tenants/";
  out += tenantId;
  out += '"';
  appendStringField(out, "operationName", d.activity->name);
  out += ",\"category\":\"AuditLogs\"";
  appendStringField(out, "tenantId", tenantId);
  appendStringField(out, "resultType", d.event->result == Result::Success ? "Success" : "Failure");
  appendStringField(out, "identity", recordIdentity(d));
  appendKey(out, "properties");
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
    appendStringField(out, "appId", d.appId, d.appId.empty(), false);
    appendStringField(out, "displayName", d.appDisplayName);
    appendStringField(out, "servicePrincipalId", d.servicePrincipalId);
    appendStringField(out, "servicePrincipalName", d.servicePrincipalName,
                      d.servicePrincipalName.empty());
    out += "}}";
  } else {
    out += "{\"user\":{";
    appendStringField(out, "id", d.userId, false, false);
    appendStringField(out, "displayName", d.userDisplayName, d.userDisplayNameNull);
    appendStringField(out, "userPrincipalName", d.userPrincipalName);
    appendStringField(out, "ipAddress", d.ipAddress, d.ipAddressNull);
    out += ",\"roles\":[]}}";
  }
}

void renderEntraTargets(const EventDetails& d, std::string& out) {
  out += '[';
  for (size_t i = 0; i < d.targetCount; ++i) {
    const TargetResource& t = d.targets[i];
    if (i) out += ',';
    out += '{';
    appendStringField(out, "id", t.id, false, false);
    appendStringField(out, "displayName", t.displayName, t.displayNameNull);
    appendStringField(out, "type", t.type);
    appendStringField(out, "userPrincipalName", t.userPrincipalName, t.upnNull);
    appendStringField(out, "groupType", t.groupType, t.groupTypeNull);
    out += ",\"modifiedProperties\":[";
    for (size_t p = 0; p < t.propCount; ++p) {
      const ModifiedProperty& m = t.props[p];
      if (p) out += ',';
      out += '{';
      appendStringField(out, "displayName", m.displayName, false, false);
      appendStringField(out, "oldValue", m.oldValue, m.oldNull);
      appendStringField(out, "newValue", m.newValue, m.newNull);
      out += '}';
    }
    out += "],\"administrativeUnits\":[]}";
  }
  out += ']';
}

void renderEntraAdditionalDetails(const EventDetails& d, std::string& out) {
  out += '[';
  for (size_t i = 0; i < d.detailCount; ++i) {
    if (i) out += ',';
    out += '{';
    appendStringField(out, "key", d.details[i].key, false, false);
    appendStringField(out, "value", d.details[i].value);
    out += '}';
  }
  out += ']';
}

void renderIntuneProperties(const EventDetails& d, std::string& out) {
  const Event& e = *d.event;
  const Activity& a = *d.activity;
  bool app = d.byApp();
  out += '{';
  appendStringField(out, "AuditEventId", d.id, false, false);
  appendKey(out, "ActivityDate");
  out += '"';
  appendIsoTime(out, e.time);
  out += '"';
  appendStringField(out, "ActivityType", a.name);
  appendStringField(out, "ActivityOperationType", a.operationType);
  appendKey(out, "ActivityResultStatus");
  out += e.result == Result::Success ? '1' : '2';
  appendStringField(out, "ComponentName", a.componentName);
  appendKey(out, "Actor");
  out += '{';
  appendStringField(out, "ActorType", d.actorType, false, false);
  appendStringField(out, "ObjectId",
                    app ? std::string_view(d.servicePrincipalId) : std::string_view(d.userId));
  appendStringField(out, "UPN", d.userPrincipalName, app);
  appendStringField(out, "ApplicationId", d.appId, d.appId.empty());
  appendStringField(out, "ApplicationName", d.appDisplayName, d.appDisplayName.empty());
  appendKey(out, "UserPermissions");
  out += app || d.userPermissions.empty() ? "[]" : d.userPermissions;
  out +=
      ",\"IsDelegatedAdmin\":false,\"PartnerTenantId\":\"00000000-0000-0000-0000-000000000000\"}";
  appendKey(out, "TargetDisplayNames");
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
    appendStringField(out, "Name", t.displayName, false, false);
    appendStringField(out, "Type", t.type);
    out += ",\"ModifiedProperties\":[";
    for (size_t p = 0; p < t.propCount; ++p) {
      const ModifiedProperty& m = t.props[p];
      if (p) out += ',';
      out += '{';
      appendStringField(out, "Name", m.displayName, false, false);
      appendStringField(out, "Old", m.oldValue, m.oldNull);
      appendStringField(out, "New", m.newValue, m.newNull);
      out += '}';
    }
    out += "]}";
  }
  out += ']';
  appendStringField(out, "Category", a.category);
  appendStringField(out, "CorrelationId", d.correlationId);
  out += '}';
}

}  // namespace tenantsim
