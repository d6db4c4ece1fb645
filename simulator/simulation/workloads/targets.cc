#include "simulator/simulation/workloads/targets.h"

#include "base/json_writer.h"

namespace tenantsim {

std::string quoted(std::string_view s) {
  std::string out;
  appendJsonString(out, s);
  return out;
}

TargetResource& addUserTarget(EventDetails& d, const Tenant& t, int64_t user,
                              bool withDisplayName) {
  TargetResource& r = d.addTarget("User");
  thread_local User u;
  t.fillUser(user, u);
  r.id.assign(view(u.id));
  if (withDisplayName)
    r.displayName = u.displayName;
  else
    r.displayName.clear();
  r.displayNameNull = !withDisplayName;
  r.userPrincipalName = u.userPrincipalName;
  r.upnNull = false;
  return r;
}

TargetResource& addGroupTarget(EventDetails& d, const Tenant& t, size_t group) {
  TargetResource& r = d.addTarget("Group");
  const Group& g = t.groups()[group % t.groups().size()];
  r.id.assign(view(g.id));
  r.displayName = g.displayName;
  r.groupType = g.unified ? "unifiedGroups" : "azureAD";
  r.groupTypeNull = false;
  return r;
}

TargetResource& addDeviceTarget(EventDetails& d, const Tenant& t, int64_t device) {
  TargetResource& r = d.addTarget("Device");
  Device dev = t.device(device);
  r.id.assign(view(dev.id));
  r.displayName = dev.displayName;
  return r;
}

TargetResource& addAppTarget(EventDetails& d, const Tenant& t, size_t app, std::string_view type) {
  TargetResource& r = d.addTarget(type);
  const Application& a = t.applications()[app % t.applications().size()];
  r.id.assign(view(a.servicePrincipalId));
  r.displayName = a.displayName;
  return r;
}

}  // namespace tenantsim
