// The simulated directory (simulator/simulation/tenant.h): sizes from the scenario, objects
// computed from their index, determinism by seed, unique ids and names.
#include "simulator/simulation/tenant.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "tests/support/json.h"
#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using testing::smallScenario;

bool isGuid(std::string_view s) {
  static const std::regex kGuid(
      "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  return std::regex_match(std::string(s), kGuid);
}

TEST(Tenant, NameDomainAndIdComeFromTheScenario) {
  Scenario s = smallScenario();
  s.tenant.id = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  Tenant t(s);
  EXPECT_EQ(t.id(), s.tenant.id);
  EXPECT_EQ(t.name(), s.tenant.name);
  EXPECT_EQ(t.domain(), s.tenant.domain);
  EXPECT_EQ(t.seed(), s.seed);
}

TEST(Tenant, WithoutAnIdTheTenantIdIsAGuidOfTheSeed) {
  Scenario s = smallScenario();
  s.tenant.id.clear();
  Tenant a(s), b(s);
  EXPECT_TRUE(isGuid(a.id())) << a.id();
  EXPECT_EQ(a.id(), b.id());
  s.seed += 1;
  EXPECT_NE(Tenant(s).id(), a.id());
}

TEST(Tenant, UserAndAdminCountsFollowTheUserCount) {
  // One admin per 200 users, at least 3, never more than there are users.
  for (auto [users, admins] :
       {std::pair<int64_t, int64_t>{1000, 5}, {100'000, 500}, {10, 3}, {2, 2}, {1, 1}}) {
    Tenant t(smallScenario(users, 1));
    EXPECT_EQ(t.userCount(), users);
    EXPECT_EQ(t.adminCount(), admins) << users << " users";
  }
}

TEST(Tenant, DeviceCountIsFiveDevicesPerFourUsers) {
  EXPECT_EQ(Tenant(smallScenario(1000, 1)).deviceCount(), 1250);
  EXPECT_EQ(Tenant(smallScenario(3, 1)).deviceCount(), 3);
}

TEST(Tenant, UserIdsAndPrincipalNamesAreUnique) {
  // Past 64 x 64 users the names repeat with a number: still unique.
  Tenant t(smallScenario(10'000, 1));
  std::set<std::string> ids, upns;
  User u;
  for (int64_t i = 0; i < t.userCount(); ++i) {
    t.fillUser(i, u);
    ASSERT_TRUE(isGuid(view(u.id))) << view(u.id);
    EXPECT_TRUE(ids.insert(std::string(view(u.id))).second) << i;
    EXPECT_TRUE(upns.insert(u.userPrincipalName).second) << u.userPrincipalName;
    EXPECT_TRUE(u.userPrincipalName.ends_with("@" + t.domain())) << u.userPrincipalName;
  }
}

TEST(Tenant, UserFieldsAreConsistent) {
  Tenant t(smallScenario(500, 1));
  std::regex upn("^[a-z]+\\.[a-z]+[0-9]*@.+$");
  std::regex ip("^\\d+\\.\\d+\\.\\d+\\.\\d+$");
  for (int64_t i : {0, 1, 63, 64, 499}) {
    User u = t.user(i);
    EXPECT_EQ(u.index, i);
    Guid id;
    t.userId(i, id);
    EXPECT_EQ(view(id), view(u.id));
    EXPECT_TRUE(std::regex_match(u.userPrincipalName, upn)) << u.userPrincipalName;
    // "First Last" and first.last@domain name the same person.
    std::string first = u.displayName.substr(0, u.displayName.find(' '));
    std::string lowered;
    for (char c : first) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(u.userPrincipalName.starts_with(lowered + ".")) << u.displayName;
    EXPECT_FALSE(u.department.empty());
    EXPECT_FALSE(u.jobTitle.empty());
    EXPECT_TRUE(std::regex_match(u.ipAddress, ip)) << u.ipAddress;
  }
}

TEST(Tenant, FillUserIntoAReusedUserEqualsUser) {
  Tenant t(smallScenario(5000, 1));
  User reused;
  for (int64_t i : {4999, 0, 4200, 7}) {  // longer then shorter strings: nothing left over
    t.fillUser(i, reused);
    User fresh = t.user(i);
    EXPECT_EQ(view(reused.id), view(fresh.id));
    EXPECT_EQ(reused.displayName, fresh.displayName);
    EXPECT_EQ(reused.userPrincipalName, fresh.userPrincipalName);
    EXPECT_EQ(reused.department, fresh.department);
    EXPECT_EQ(reused.jobTitle, fresh.jobTitle);
    EXPECT_EQ(reused.ipAddress, fresh.ipAddress);
  }
}

TEST(Tenant, TheSameScenarioGivesTheSameDirectoryAndAnotherSeedAnother) {
  Scenario s = smallScenario(300, 1);
  Tenant a(s), b(s);
  s.seed += 1;
  Tenant c(s);
  for (int64_t i = 0; i < a.userCount(); ++i) {
    EXPECT_EQ(view(a.user(i).id), view(b.user(i).id));
    EXPECT_NE(view(a.user(i).id), view(c.user(i).id));
  }
  ASSERT_EQ(a.groups().size(), b.groups().size());
  for (size_t i = 0; i < a.groups().size(); ++i)
    EXPECT_EQ(view(a.groups()[i].id), view(b.groups()[i].id));
  EXPECT_EQ(view(a.device(5).id), view(b.device(5).id));
  EXPECT_NE(view(a.device(5).id), view(c.device(5).id));
  EXPECT_EQ(a.leafSerial(0, 3), b.leafSerial(0, 3));
}

TEST(Tenant, FirstPartyAppsComeFirstThenOneTenantAppPerHundredUsers) {
  for (auto [users, custom] : {std::pair<int64_t, size_t>{1000, 10}, {50, 2}, {100'000, 400}}) {
    Tenant t(smallScenario(users, 1));
    size_t firstParty = 0;
    for (const Application& a : t.applications()) firstParty += a.firstParty;
    EXPECT_EQ(t.applications().size() - firstParty, custom) << users << " users";
    for (size_t i = 0; i < t.applications().size(); ++i)
      EXPECT_EQ(t.applications()[i].firstParty, i < firstParty) << i;
  }
  Tenant t(smallScenario(1000, 1));
  EXPECT_EQ(t.intunePortal().appId, "5926fc8e-304e-4f59-8bed-58ca97cc39a4");
  EXPECT_EQ(t.pimService().displayName, "MS-PIM");
  EXPECT_EQ(t.pimService().appId, "01fc33a7-78ba-4d2f-a4b7-768e336e890e");
}

TEST(Tenant, AppIdsServicePrincipalIdsAndNamesAreUnique) {
  Tenant t(smallScenario(100'000, 1));
  std::set<std::string> appIds, spIds, names;
  for (const Application& a : t.applications()) {
    EXPECT_TRUE(appIds.insert(a.appId).second) << a.appId;
    EXPECT_TRUE(spIds.insert(std::string(view(a.servicePrincipalId))).second);
    EXPECT_TRUE(names.insert(a.displayName).second) << a.displayName;
  }
}

TEST(Tenant, GroupsAreOnePerTwentyUsersWithUniqueIdsAndNames) {
  for (auto [users, groups] :
       {std::pair<int64_t, size_t>{1000, 50}, {20, 5}, {500'000, 5000}, {2000, 100}}) {
    Tenant t(smallScenario(users, 1));
    EXPECT_EQ(t.groups().size(), groups) << users << " users";
    std::set<std::string> ids, names;
    size_t unified = 0;
    for (const Group& g : t.groups()) {
      EXPECT_TRUE(ids.insert(std::string(view(g.id))).second);
      EXPECT_TRUE(names.insert(g.displayName).second) << g.displayName;
      unified += g.unified;
    }
    EXPECT_GT(unified, 0u);
    EXPECT_LT(unified, groups);
  }
}

TEST(Tenant, EligibilitiesFollowThePimConfig) {
  Scenario s = smallScenario(1000, 1);
  s.workloads.pim->eligibleUsers = 60;
  Tenant t(s);
  ASSERT_EQ(t.eligibilities().size(), 60u);
  size_t forGroup = 0;
  for (const Eligibility& e : t.eligibilities()) {
    EXPECT_GE(e.user, 0);
    EXPECT_LT(e.user, t.userCount());
    EXPECT_LT(e.role, e.forGroup ? t.groups().size() : builtInRoles().size());
    forGroup += e.forGroup;
  }
  EXPECT_GT(forGroup, 0u);  // the default groupShare is 0.2

  s.workloads.pim.reset();
  EXPECT_TRUE(Tenant(s).eligibilities().empty());
  Scenario few = smallScenario(10, 1);
  few.workloads.pim->eligibleUsers = 50;
  EXPECT_EQ(Tenant(few).eligibilities().size(), 10u);  // no more than there are users
}

TEST(Tenant, NamedLocationsAndPoliciesFollowTheConditionalAccessConfig) {
  Scenario s = smallScenario(1000, 1);
  s.workloads.conditionalAccess->namedLocations = 7;
  s.workloads.conditionalAccess->policies = 13;
  Tenant t(s);
  ASSERT_EQ(t.namedLocations().size(), 7u);
  for (const NamedLocation& l : t.namedLocations()) {
    nlohmann::json ranges = parseJson(l.ranges);
    ASSERT_TRUE(ranges.is_array() && !ranges.empty()) << l.ranges;
    EXPECT_EQ(ranges[0].get<std::string>().ends_with("/28"), l.ipBased) << l.ranges;
  }
  ASSERT_EQ(t.caPolicies().size(), 13u);
  std::set<std::string> names;
  for (const CaPolicyTemplate& p : t.caPolicies()) {
    EXPECT_LT(p.created, s.windowStart()) << p.displayName;  // policies predate the window
    EXPECT_TRUE(names.insert(p.displayName).second) << p.displayName;
  }

  s.workloads.conditionalAccess.reset();
  Tenant without(s);
  EXPECT_EQ(without.namedLocations().size(), 2u);  // a tenant still has a few
  EXPECT_EQ(without.caPolicies().size(), 4u);
}

TEST(Tenant, CertificationAuthoritiesFollowTheCloudPkiConfig) {
  Scenario s = smallScenario(1000, 1);
  s.workloads.cloudPki->rootCAs = 2;
  s.workloads.cloudPki->issuingCAs = 3;
  s.workloads.cloudPki->leafCertificatesPerCA = 17;
  Tenant t(s);
  const auto& cas = t.certificationAuthorities();
  ASSERT_EQ(cas.size(), 5u);
  for (size_t i = 0; i < cas.size(); ++i) {
    bool root = i < 2;
    EXPECT_EQ(cas[i].root, root) << i;
    if (root) {
      EXPECT_EQ(cas[i].parent, -1);
      EXPECT_EQ(cas[i].leafCertificates, 0);
    } else {
      ASSERT_GE(cas[i].parent, 0);
      EXPECT_TRUE(cas[static_cast<size_t>(cas[i].parent)].root);
      EXPECT_EQ(cas[i].leafCertificates, 17);
    }
    EXPECT_NE(cas[i].displayName.find(t.name()), std::string::npos) << cas[i].displayName;
  }
  s.workloads.cloudPki.reset();
  EXPECT_TRUE(Tenant(s).certificationAuthorities().empty());
}

TEST(Tenant, LeafSerialsAreFortyHexDigitsAndDistinct) {
  Tenant t(smallScenario(100, 1));
  std::regex hex("^[0-9A-F]{40}$");
  std::set<std::string> serials;
  for (int ca = 0; ca < 3; ++ca)
    for (int64_t leaf = 0; leaf < 200; ++leaf) {
      std::string serial = t.leafSerial(ca, leaf);
      EXPECT_TRUE(std::regex_match(serial, hex)) << serial;
      EXPECT_TRUE(serials.insert(serial).second) << serial;
      EXPECT_EQ(serial, t.leafSerial(ca, leaf));
    }
}

TEST(Tenant, DevicesAreNamedByKindAndIndex) {
  Tenant t(smallScenario(1000, 1));
  std::set<std::string> ids, systems;
  for (int64_t i = 0; i < t.deviceCount(); ++i) {
    Device d = t.device(i);
    EXPECT_TRUE(ids.insert(std::string(view(d.id))).second);
    systems.insert(d.operatingSystem);
    char number[24];
    std::snprintf(number, sizeof number, "-%06lld", static_cast<long long>(i));
    EXPECT_EQ(d.displayName,
              (d.operatingSystem == "Windows" ? "DESKTOP" : "MOBILE") + std::string(number));
  }
  EXPECT_EQ(systems, (std::set<std::string>{"Windows", "iOS", "Android", "MacMDM"}));
}

TEST(Tenant, AdminRolesAreBuiltInRolesAndTheFirstAdminIsGlobalAdministrator) {
  Tenant t(smallScenario(10'000, 1));
  EXPECT_EQ(&t.adminRole(0), &globalAdministrator());
  std::set<std::string_view> seen;
  for (int64_t a = 0; a < t.adminCount(); ++a) {
    const RoleTemplate& r = t.adminRole(a);
    EXPECT_GE(&r, builtInRoles().data());
    EXPECT_LT(&r, builtInRoles().data() + builtInRoles().size());
    seen.insert(r.displayName);
  }
  EXPECT_GT(seen.size(), 5u);
}

TEST(BuiltInRoles, HaveUniqueTemplateIdsAndGlobalAdministratorIsPrivileged) {
  std::set<std::string_view> ids, names;
  for (const RoleTemplate& r : builtInRoles()) {
    EXPECT_TRUE(std::regex_match(std::string(r.templateId),
                                 std::regex("^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")))
        << r.templateId;
    EXPECT_TRUE(ids.insert(r.templateId).second) << r.templateId;
    EXPECT_TRUE(names.insert(r.displayName).second) << r.displayName;
  }
  EXPECT_EQ(globalAdministrator().displayName, "Global Administrator");
  // Entra's documented template id of Global Administrator.
  EXPECT_EQ(globalAdministrator().templateId, "62e90394-69f5-4237-9190-012177145e10");
  EXPECT_TRUE(globalAdministrator().privileged);
}

}  // namespace
}  // namespace tenantsim
