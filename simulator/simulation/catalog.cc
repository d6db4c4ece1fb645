#include "simulator/simulation/catalog.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "embedded/files.h"

namespace tenantsim {
namespace {

std::vector<std::string_view> splitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

template <typename F>
void forEachRow(std::string_view tsv, F&& f) {
  bool header = true;
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view{} : tsv.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    f(splitTabs(line));
  }
}

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool contains(std::string_view s, std::string_view p) {
  return s.find(p) != std::string_view::npos;
}

// Graph's operationType for an Entra activity, from the verb it starts with.
std::string entraOperationType(std::string_view service, std::string_view name) {
  if (service == "PIM") {
    if (contains(name, "(PIM activation expired)") || contains(name, "(PIM deactivate)"))
      return "RemoveActivatedRole";
    if (contains(name, "(PIM activation)")) return "ActivateRole";
    if (startsWith(name, "Add eligible")) return "CreateRoleEligibilitySchedule";
    if (startsWith(name, "Remove eligible")) return "DeleteRoleEligibilitySchedule";
    if (startsWith(name, "Update role setting")) return "UpdateRoleSetting";
  }
  static const std::pair<std::string_view, std::string_view> kVerbs[] = {
      {"Add ", "Add"},        {"Create ", "Add"},         {"Register ", "Add"},
      {"Invite ", "Add"},     {"Update ", "Update"},      {"Set ", "Update"},
      {"Change ", "Update"},  {"Reset ", "Update"},       {"Enable ", "Update"},
      {"Disable ", "Update"}, {"Restore ", "Update"},     {"Consent ", "Assign"},
      {"Assign ", "Assign"},  {"Unassign ", "Unassign"},  {"Delete ", "Delete"},
      {"Remove ", "Delete"},  {"Hard Delete ", "Delete"}, {"Hard delete ", "Delete"},
  };
  for (auto [verb, type] : kVerbs)
    if (startsWith(name, verb)) return std::string(type);
  return "Other";
}

std::string entraIdPrefix(std::string_view service) {
  static const std::unordered_map<std::string_view, std::string_view> kPrefixes = {
      {"Core Directory", "Directory"},
      {"PIM", "PIM"},
      {"Conditional Access", "IPCGraph"},
      {"Self-service Group Management", "SSGM"},
      {"Authentication Methods", "Authentication Methods"},
      {"Self-service Password Management", "SSPR"},
      {"Account Provisioning", "Sync"},
      {"Access Reviews", "AccessReviews"},
      {"Entitlement Management", "EntitlementManagement"},
      {"B2C", "B2C"},
      {"Invited Users", "Invited Users"},
  };
  auto it = kPrefixes.find(service);
  return std::string(it == kPrefixes.end() ? "Directory" : it->second);
}

std::string entraTargetType(std::string_view spelledCategory, std::string_view name) {
  // A few rows spell their category with a space ("Directory Management"): same target type.
  std::string category;
  for (char c : spelledCategory)
    if (c != ' ') category += c;
  if (contains(name, "service principal")) return "ServicePrincipal";
  if (contains(name, "application") || contains(name, "Application")) return "Application";
  if (category == "UserManagement") return "User";
  if (category == "GroupManagement") return "Group";
  if (category == "ApplicationManagement") return "Application";
  if (category == "Device" || category == "DeviceManagement") return "Device";
  if (category == "RoleManagement") return "Role";
  if (category == "Policy" || category == "PolicyManagement") return "Policy";
  if (category == "DirectoryManagement") return "Directory";
  return "Other";
}

// What a typical tenant's audit log is made of: a few user, group, device and app operations
// dominate; everything else appears now and then.
double entraBackgroundWeight(std::string_view service, std::string_view name) {
  if (service == "PIM" || service == "Conditional Access") return 0;  // their own workloads
  static const std::unordered_map<std::string_view, double> kCommon = {
      {"Update user", 120},
      {"Add member to group", 80},
      {"Remove member from group", 30},
      {"Update group", 25},
      {"Update device", 90},
      {"Add registered owner to device", 10},
      {"Add registered users to device", 10},
      {"Add device", 15},
      {"Register device", 12},
      {"Update service principal", 20},
      {"Add app role assignment to service principal", 10},
      {"Add app role assignment grant to user", 12},
      {"Consent to application", 8},
      {"Add delegated permission grant", 6},
      {"Update application", 6},
      {"Add user", 10},
      {"Delete user", 3},
      {"Change user license", 8},
      {"Update StsRefreshTokenValidFrom Timestamp", 15},
      {"User registered security info", 10},
      {"User changed default security info", 4},
      {"Reset password (self-service)", 5},
      {"Change password (self-service)", 4},
      {"Add group", 4},
      {"Add owner to group", 3},
      {"Update policy", 2},
      {"Add service principal", 3},
      {"Update application - Certificates and secrets management", 2},
  };
  // The common names also appear under other services' sections; they are common there only.
  bool home = service == "Core Directory" || service == "Self-service Password Management" ||
              service == "Authentication Methods" || service == "Device Registration Service";
  auto it = kCommon.find(name);
  if (it != kCommon.end() && home) return it->second;
  if (service == "B2C") return 0.01;  // a workforce tenant, not a B2C directory
  return 0.2;
}

std::string intuneOperationType(std::string_view activityType) {
  std::string_view verb = activityType.substr(0, activityType.find(' '));
  static const std::string_view kOperations[] = {
      "Create", "Delete", "Patch", "Action", "SetReference", "RemoveReference", "Get", "Search"};
  for (auto op : kOperations)
    if (verb == op) return std::string(op);
  return "Action";  // Assign..., RevokeLeafCertAsync..., Upload...: service actions
}

}  // namespace

Catalog::Catalog() {
  forEachRow(embedded::entra_activities_tsv(), [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return;
    Activity a;
    a.id = static_cast<ActivityId>(activities_.size());
    a.source = Source::Entra;
    a.service = f[0];
    a.category = f[1];
    a.name = f[2];
    a.operationType = entraOperationType(a.service, a.name);
    a.idPrefix = entraIdPrefix(a.service);
    a.targetType = entraTargetType(a.category, a.name);
    a.backgroundWeight = entraBackgroundWeight(a.service, a.name);
    activities_.push_back(std::move(a));
  });
  forEachRow(embedded::intune_activities_tsv(), [&](const std::vector<std::string_view>& f) {
    if (f.size() < 4) return;
    Activity a;
    a.id = static_cast<ActivityId>(activities_.size());
    a.source = Source::Intune;
    a.service = "Intune";
    a.category = f[0];
    a.componentName = f[1];
    a.name = f[2];
    a.operationType = intuneOperationType(a.name);
    size_t space = a.name.find(' ');
    a.entityType = space == std::string::npos ? a.name : a.name.substr(space + 1);
    a.targetType = a.entityType;
    a.backgroundWeight = std::strtod(std::string(f[3]).c_str(), nullptr);
    activities_.push_back(std::move(a));
  });
}

const Catalog& Catalog::instance() {
  static const Catalog catalog;
  return catalog;
}

std::optional<ActivityId> Catalog::find(Source source, std::string_view name,
                                        std::string_view service, std::string_view category) const {
  for (const Activity& a : activities_)
    if (a.source == source && a.name == name && (service.empty() || a.service == service) &&
        (category.empty() || a.category == category))
      return a.id;
  return std::nullopt;
}

ActivityId Catalog::require(Source source, std::string_view name, std::string_view service,
                            std::string_view category) const {
  if (auto id = find(source, name, service, category)) return *id;
  std::fprintf(stderr, "tenantsim: catalog has no activity '%.*s' (%.*s)\n",
               static_cast<int>(name.size()), name.data(), static_cast<int>(service.size()),
               service.data());
  std::abort();
}

std::vector<std::string> Catalog::intuneCategories() const {
  std::vector<std::string> out;
  for (const Activity& a : activities_)
    if (a.source == Source::Intune && std::find(out.begin(), out.end(), a.category) == out.end())
      out.push_back(a.category);
  return out;
}

std::vector<std::string> Catalog::intuneActivityTypes(std::string_view category) const {
  std::vector<std::string> out;
  for (const Activity& a : activities_)
    if (a.source == Source::Intune && a.category == category &&
        std::find(out.begin(), out.end(), a.name) == out.end())
      out.push_back(a.name);
  return out;
}

}  // namespace tenantsim
