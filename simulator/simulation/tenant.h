// The simulated directory: users, admins, groups, applications, devices, roles, Conditional
// Access policies, named locations and Cloud PKI CAs, built deterministically from the scenario.
// Objects that exist by the million (users, devices) are computed from their index on demand and
// cost no memory; the few hundred others are stored.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/scenario/scenario.h"

namespace tenantsim {

using Guid = std::array<char, 36>;
inline std::string_view view(const Guid& g) { return {g.data(), g.size()}; }

struct RoleTemplate {
  std::string_view displayName;
  std::string_view templateId;  // the real Entra role template id
  bool privileged;
};
// Built-in Entra roles with their real template ids.
std::span<const RoleTemplate> builtInRoles();
const RoleTemplate& globalAdministrator();

// A first-party or tenant application (service principal) that can act in the log.
struct Application {
  std::string displayName;
  std::string appId;
  Guid servicePrincipalId{};
  bool firstParty = false;
};

struct User {
  int64_t index = 0;
  Guid id{};
  std::string displayName;
  std::string userPrincipalName;
  std::string department;
  std::string jobTitle;
  std::string ipAddress;  // where this user usually signs in from
};

struct Group {
  Guid id{};
  std::string displayName;
  bool unified = false;
};

struct Device {
  Guid id{};
  std::string displayName;
  std::string operatingSystem;
};

// PIM: a user eligible for a role (Entra role, group membership or Azure resource role).
struct Eligibility {
  int64_t user = 0;
  uint16_t role = 0;  // index into builtInRoles(), or into groups for PIM for Groups
  bool forGroup = false;
  bool requiresApproval = false;
};

struct NamedLocation {
  Guid id{};
  std::string displayName;
  bool ipBased = true;
  std::string ranges;  // cidr list or country codes, JSON array text
  bool trusted = false;
};

struct CaPolicyTemplate {
  Guid id{};
  std::string displayName;
  Ticks created = 0;
};

struct CertificationAuthority {
  Guid id{};
  std::string displayName;
  bool root = true;
  int parent = -1;  // index of the issuing root, for issuing CAs
  std::string commonName;
  int64_t leafCertificates = 0;
};

class Tenant {
 public:
  explicit Tenant(const Scenario& scenario);

  const std::string& id() const { return id_; }
  const std::string& name() const { return name_; }
  const std::string& domain() const { return domain_; }
  uint64_t seed() const { return seed_; }

  int64_t userCount() const { return userCount_; }
  // Users are computed from their index: 0 <= index < userCount().
  User user(int64_t index) const;
  // The same, into a caller's User whose strings are reused (no allocation once grown).
  void fillUser(int64_t index, User& out) const;
  void userId(int64_t index, Guid& out) const;
  // The first adminCount() users hold admin roles.
  int64_t adminCount() const { return adminCount_; }
  const RoleTemplate& adminRole(int64_t admin) const;

  int64_t deviceCount() const { return userCount_ + userCount_ / 4; }
  Device device(int64_t index) const;
  void deviceId(int64_t index, Guid& out) const;

  const std::vector<Application>& applications() const { return applications_; }
  const Application& intunePortal() const { return applications_[0]; }
  const Application& pimService() const { return applications_[1]; }
  const std::vector<Group>& groups() const { return groups_; }
  const std::vector<Eligibility>& eligibilities() const { return eligibilities_; }
  const std::vector<NamedLocation>& namedLocations() const { return namedLocations_; }
  const std::vector<CaPolicyTemplate>& caPolicies() const { return caPolicies_; }
  const std::vector<CertificationAuthority>& certificationAuthorities() const { return cas_; }

  // A leaf certificate's serial number (40 hex digits), the same wherever it is named.
  std::string leafSerial(int ca, int64_t leaf) const;

 private:
  uint64_t seed_;
  std::string id_, name_, domain_;
  int64_t userCount_, adminCount_;
  std::vector<Application> applications_;
  std::vector<Group> groups_;
  std::vector<Eligibility> eligibilities_;
  std::vector<NamedLocation> namedLocations_;
  std::vector<CaPolicyTemplate> caPolicies_;
  std::vector<CertificationAuthority> cas_;
};

}  // namespace tenantsim
