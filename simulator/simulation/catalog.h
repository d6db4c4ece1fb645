// The audit activity catalog: every Entra activity of Microsoft's audit activity page
// (docs/fidelity.md#entra-activity-catalog; service, category, name),
// the Intune activity types by category, and the ten Cloud PKI actions. Compiled in from the data
// files in simulator/catalog/.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tenantsim {

enum class Source : uint8_t { Entra, Intune };

using ActivityId = uint16_t;

struct Activity {
  ActivityId id = 0;
  Source source = Source::Entra;
  std::string service;   // Entra loggedByService ("Core Directory", "PIM", ...); "Intune"
  std::string category;  // Entra audit category or Intune category
  std::string name;      // Entra activityDisplayName or Intune activityType
  std::string
      operationType;  // Entra: Add/Update/Delete/Assign/Unassign/Other...; Intune: Create/Patch/...
  std::string componentName;    // Intune only
  std::string idPrefix;         // Entra id prefix: Directory, PIM, IPCGraph, SSGM, ...
  std::string targetType;       // Entra targetResources[0].type: User, Group, Policy, ...
  std::string entityType;       // Intune resource type: the activityType's second word
  double backgroundWeight = 0;  // relative frequency as background activity (0: never)
};

class Catalog {
 public:
  // The compiled-in catalog (built once, immutable, thread-safe to read).
  static const Catalog& instance();

  std::span<const Activity> all() const { return activities_; }
  const Activity& at(ActivityId id) const { return activities_[id]; }
  // Exact lookup by source and name; for Entra, where names repeat across services and
  // categories (PIM lists each activity for roles, groups and resources), also service/category.
  std::optional<ActivityId> find(Source source, std::string_view name,
                                 std::string_view service = {},
                                 std::string_view category = {}) const;
  // Same, but aborts with a message when missing: for names the workloads hard-code.
  ActivityId require(Source source, std::string_view name, std::string_view service = {},
                     std::string_view category = {}) const;

  std::vector<std::string> intuneCategories() const;
  std::vector<std::string> intuneActivityTypes(std::string_view category) const;

 private:
  Catalog();
  std::vector<Activity> activities_;
};

}  // namespace tenantsim
