// Shared pieces for describing events: tenant objects as Graph targetResources, and Graph's
// string-typed JSON values inside modifiedProperties.
#pragma once

#include <string>
#include <string_view>

#include "simulator/simulation/event.h"
#include "simulator/simulation/tenant.h"

namespace tenantsim {

// A JSON string literal, e.g. quoted("Member") == "\"Member\"" (Graph's modifiedProperty values
// are JSON text inside a string).
std::string quoted(std::string_view s);

// A User target: id and userPrincipalName; displayName null, or the user's when withDisplayName.
TargetResource& addUserTarget(EventDetails& d, const Tenant& t, int64_t user,
                              bool withDisplayName = false);
TargetResource& addGroupTarget(EventDetails& d, const Tenant& t, size_t group);
TargetResource& addDeviceTarget(EventDetails& d, const Tenant& t, int64_t device);
TargetResource& addAppTarget(EventDetails& d, const Tenant& t, size_t app, std::string_view type);

}  // namespace tenantsim
