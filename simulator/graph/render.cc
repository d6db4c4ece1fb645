#include "simulator/graph/render.h"

#include <array>

#include "base/json_writer.h"
#include "simulator/graph/modified_properties.h"

namespace tenantsim {
namespace {

// performedBy and userAgent are beta only.
constexpr std::array<std::string_view, 14> kDirectoryAuditProperties = {"id",
                                                                        "category",
                                                                        "correlationId",
                                                                        "result",
                                                                        "resultReason",
                                                                        "activityDisplayName",
                                                                        "activityDateTime",
                                                                        "loggedByService",
                                                                        "operationType",
                                                                        "initiatedBy",
                                                                        "userAgent",
                                                                        "targetResources",
                                                                        "additionalDetails",
                                                                        "performedBy"};
constexpr std::array<std::string_view, 13> kAuditEventProperties = {"id",
                                                                    "displayName",
                                                                    "componentName",
                                                                    "actor",
                                                                    "activity",
                                                                    "activityDateTime",
                                                                    "activityType",
                                                                    "activityOperationType",
                                                                    "activityResult",
                                                                    "correlationId",
                                                                    "resources",
                                                                    "category",
                                                                    "@odata.type"};

template <size_t N>
PropertyMask bitFor(const std::array<std::string_view, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == name) return PropertyMask{1} << i;
  return 0;
}

// Beta's initiatedBy.linkableIdentifiers (deviceId, sessionId, tokenDetails): null, as Graph
// sends it when the service recorded none.
constexpr std::string_view kNoLinkableIdentifiers = ",\"linkableIdentifiers\":null";

// Page buffer sizing (appendGraphItems): a first guess at an item's size (a background directory
// audit is about 1 KB, a PIM one 2.2 KB), and what to keep free before writing any item.
constexpr size_t kFirstItemGuessBytes = 1536;
constexpr size_t kLargeItemBytes = 8192;

void renderDirectoryAudit(const EventDetails& d, ApiVersion api, std::string& out,
                          PropertyMask select, UnknownEnumMembers enums) {
  const Event& e = *d.event;
  const Activity& a = *d.activity;
  const bool beta = api == ApiVersion::Beta;
  JsonObjectWriter w(out, select);
  if (w.key(0, "id")) appendJsonString(out, d.id);
  if (w.key(1, "category")) appendJsonString(out, a.category);
  if (w.key(2, "correlationId")) appendJsonString(out, d.correlationId);
  if (w.key(3, "result")) {
    out += '"';
    out += evolvableMemberName(kOperationResultEnum, operationResultName(e.result), enums);
    out += '"';
  }
  if (w.key(4, "resultReason")) appendJsonStringOrNull(out, d.resultReason, d.resultReasonNull);
  if (w.key(5, "activityDisplayName")) appendJsonString(out, a.name);
  if (w.key(6, "activityDateTime")) {
    out += '"';
    appendIsoTime(out, e.time);
    out += '"';
  }
  if (w.key(7, "loggedByService")) appendJsonString(out, a.service);
  if (w.key(8, "operationType")) appendJsonString(out, a.operationType);
  if (w.key(9, "initiatedBy")) {
    if (d.byApp()) {
      out += "{\"app\":{";
      appendInitiatingAppFields(d, out);
      out += '}';
      if (beta) out += kNoLinkableIdentifiers;
      out += ",\"user\":null}";
    } else {
      out += "{\"app\":null";
      if (beta) out += kNoLinkableIdentifiers;
      out += ",\"user\":{";
      appendInitiatingUserFields(d, out);
      out += ",\"userType\":null,\"homeTenantId\":null,\"homeTenantName\":null}}";
    }
  }
  if (beta && w.key(10, "userAgent")) appendJsonStringOrNull(out, d.userAgent, d.userAgent.empty());
  // The agent or service principal that acted for the initiator: tenantsim simulates none.
  if (beta && w.key(13, "performedBy")) out += "null";
  if (w.key(11, "targetResources")) {
    out += '[';
    for (size_t i = 0; i < d.targetCount; ++i) {
      const TargetResource& t = d.targets[i];
      if (i) out += ',';
      out += '{';
      appendTargetResourceFields(t, evolvableMemberName(kGroupTypeEnum, t.groupType, enums), out);
      out += ',';
      appendModifiedProperties(t, out);
      out += '}';
    }
    out += ']';
  }
  if (w.key(12, "additionalDetails")) {
    out += '[';
    for (size_t i = 0; i < d.detailCount; ++i) {
      if (i) out += ',';
      out += "{\"key\":";
      appendJsonString(out, d.details[i].key);
      out += ",\"value\":";
      appendJsonString(out, d.details[i].value);
      out += '}';
    }
    out += ']';
  }
}

void renderAuditEvent(const EventDetails& d, ApiVersion api, std::string& out,
                      PropertyMask select) {
  const Event& e = *d.event;
  const Activity& a = *d.activity;
  bool beta = api == ApiVersion::Beta;
  JsonObjectWriter w(out, select);
  if (beta && w.key(12, "@odata.type")) out += "\"#microsoft.graph.auditEvent\"";
  if (w.key(0, "id")) appendJsonString(out, d.id);
  if (w.key(1, "displayName")) appendJsonString(out, a.name);
  if (w.key(2, "componentName")) appendJsonString(out, a.componentName);
  if (w.key(3, "actor")) {
    out += '{';
    bool app = d.byApp();
    if (beta) {
      appendJsonField(out, "type", d.actorType, false, false);
      appendJsonField(out, "auditActorType", d.actorType);
    } else {
      appendJsonField(out, "auditActorType", d.actorType, false, false);
    }
    out += ",\"userPermissions\":";
    out += app ? "[]" : d.userPermissions;
    appendJsonField(out, "applicationId", d.appId, d.appId.empty());
    appendJsonField(out, "applicationDisplayName", d.appDisplayName, d.appDisplayName.empty());
    appendJsonField(out, "userPrincipalName", d.userPrincipalName, app);
    appendJsonField(out, "servicePrincipalName", d.appDisplayName, !app);
    appendJsonField(out, "ipAddress", d.ipAddress, true);
    appendJsonField(out, "userId", d.userId, app);
    if (beta)
      out +=
          ",\"userRoleScopeTags\":[{\"displayName\":\"Default\",\"roleScopeTagId\":\"0\"}],"
          "\"remoteTenantId\":null,\"remoteUserId\":null";
    out += '}';
  }
  if (w.key(4, "activity")) appendJsonString(out, a.name);
  if (w.key(5, "activityDateTime")) {
    out += '"';
    appendIsoTime(out, e.time);
    out += '"';
  }
  if (w.key(6, "activityType")) appendJsonString(out, a.name);
  if (w.key(7, "activityOperationType")) appendJsonString(out, a.operationType);
  if (w.key(8, "activityResult"))
    out += e.result == OperationResult::Success ? "\"Success\"" : "\"Failure\"";
  if (w.key(9, "correlationId")) appendJsonString(out, d.correlationId);
  if (w.key(10, "resources")) {
    out += '[';
    for (size_t i = 0; i < d.targetCount; ++i) {
      const TargetResource& t = d.targets[i];
      if (i) out += ',';
      out += '{';
      appendJsonField(out, "displayName", t.displayName, false, false);
      if (beta) appendJsonField(out, "type", t.type);
      appendJsonField(out, "auditResourceType", t.type);
      appendJsonField(out, "resourceId", t.id);
      out += ',';
      appendModifiedProperties(t, out);
      out += '}';
    }
    out += ']';
  }
  if (w.key(11, "category")) appendJsonString(out, a.category);
}

}  // namespace

PropertyMask directoryAuditProperty(std::string_view name) {
  return bitFor(kDirectoryAuditProperties, name);
}
PropertyMask auditEventProperty(std::string_view name) {
  return bitFor(kAuditEventProperties, name);
}

void renderGraphItem(const EventDetails& d, ApiVersion api, std::string& out, PropertyMask select,
                     UnknownEnumMembers enums) {
  // auditEvent has no enum-typed property: its activityResult and types are strings.
  if (d.activity->source == Source::Intune)
    renderAuditEvent(d, api, out, select);
  else
    renderDirectoryAudit(d, api, out, select, enums);
}

void reservePageRoom(std::string& out, size_t start, size_t written, size_t remaining) {
  // A quarter more than the average so far (a guess before the first item), plus a large item.
  // Also once the first item is written, while growing copies one item: items larger than the
  // guess (PIM's are about 2.2 KB) would otherwise grow the page near its end, copying most of it.
  if (written != 1 && out.capacity() - out.size() >= kLargeItemBytes) return;
  const size_t average = written ? (out.size() - start) / written : kFirstItemGuessBytes;
  const size_t wanted = out.size() + (average + average / 4) * remaining + kLargeItemBytes;
  if (wanted > out.capacity()) out.reserve(wanted);
}

void renderGraphEvent(const Simulation& simulation, const Event& event, ApiVersion api,
                      std::string& out, PropertyMask select, UnknownEnumMembers enums) {
  // Reused by the thread's next event: describing allocates nothing once its buffers have grown.
  thread_local EventDetails details;
  simulation.describe(event, details);
  renderGraphItem(details, api, out, select, enums);
}

void appendGraphItems(const Simulation& simulation, std::span<const Event> events, ApiVersion api,
                      std::string& out, PropertyMask select, UnknownEnumMembers enums) {
  appendItems(events, out, [&](const Event& e, std::string& page) {
    renderGraphEvent(simulation, e, api, page, select, enums);
  });
}

void beginPage(std::string& out, std::string_view context, std::string_view nextLink) {
  out += "{\"@odata.context\":";
  appendJsonString(out, context);
  if (!nextLink.empty()) {
    out += ",\"@odata.nextLink\":";
    appendJsonString(out, nextLink);
  }
  out += ",\"value\":[";
}

void appendInitiatingAppFields(const EventDetails& d, std::string& out) {
  appendJsonField(out, "appId", d.appId, d.appId.empty(), false);
  appendJsonField(out, "displayName", d.appDisplayName);
  appendJsonField(out, "servicePrincipalId", d.servicePrincipalId);
  appendJsonField(out, "servicePrincipalName", d.servicePrincipalName,
                  d.servicePrincipalName.empty());
}

void appendInitiatingUserFields(const EventDetails& d, std::string& out) {
  appendJsonField(out, "id", d.userId, false, false);
  appendJsonField(out, "displayName", d.userDisplayName, d.userDisplayNameNull);
  appendJsonField(out, "userPrincipalName", d.userPrincipalName);
  appendJsonField(out, "ipAddress", d.ipAddress, d.ipAddressNull);
}

void appendTargetResourceFields(const TargetResource& t, std::string_view groupType,
                                std::string& out) {
  appendJsonField(out, "id", t.id, false, false);
  appendJsonField(out, "displayName", t.displayName, t.displayNameNull);
  appendJsonField(out, "type", t.type);
  appendJsonField(out, "userPrincipalName", t.userPrincipalName, t.upnNull);
  appendJsonField(out, "groupType", groupType, t.groupTypeNull);
}

void appendModifiedPropertyArray(std::span<const ModifiedProperty> properties, std::string& out) {
  out += '[';
  for (size_t i = 0; i < properties.size(); ++i) {
    const ModifiedProperty& m = properties[i];
    if (i) out += ',';
    out += "{\"displayName\":";
    appendJsonString(out, m.displayName);
    appendJsonField(out, "oldValue", m.oldValue, m.oldNull);
    appendJsonField(out, "newValue", m.newValue, m.newNull);
    out += '}';
  }
  out += ']';
}

void appendModifiedProperties(const TargetResource& t, std::string& out) {
  out += "\"modifiedProperties\":";
  appendModifiedPropertyArray(std::span<const ModifiedProperty>(t.props.data(), t.propCount), out);
}

}  // namespace tenantsim
