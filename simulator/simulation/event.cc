#include "simulator/simulation/event.h"

namespace tenantsim {

ModifiedProperty& TargetResource::addProperty(std::string_view name) {
  if (propCount == props.size()) props.emplace_back();
  ModifiedProperty& m = props[propCount++];
  m.displayName.assign(name);
  m.oldValue.clear();
  m.newValue.clear();
  m.oldNull = m.newNull = false;
  return m;
}

TargetResource& EventDetails::addTarget(std::string_view type) {
  if (targetCount == targets.size()) targets.emplace_back();
  TargetResource& t = targets[targetCount++];
  t.type.assign(type);
  t.id.clear();
  t.displayName.clear();
  t.userPrincipalName.clear();
  t.groupType.clear();
  t.displayNameNull = false;
  t.upnNull = true;
  t.groupTypeNull = true;
  t.propCount = 0;
  return t;
}

void EventDetails::addDetail(std::string_view key, std::string_view value) {
  if (detailCount == details.size()) details.emplace_back();
  KeyValue& kv = details[detailCount++];
  kv.key.assign(key);
  kv.value.assign(value);
}

void EventDetails::reset(const Event& e, const Activity& a) {
  event = &e;
  activity = &a;
  id.clear();
  correlationId.clear();
  resultReason.clear();
  resultReasonNull = false;
  userId.clear();
  userDisplayName.clear();
  userPrincipalName.clear();
  ipAddress.clear();
  userDisplayNameNull = ipAddressNull = false;
  appId.clear();
  appDisplayName.clear();
  servicePrincipalId.clear();
  servicePrincipalName.clear();
  userAgent.clear();
  actorType.clear();
  userPermissions.clear();
  targetCount = 0;
  detailCount = 0;
  label.clear();
}

}  // namespace tenantsim
