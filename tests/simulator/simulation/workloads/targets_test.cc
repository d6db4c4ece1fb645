// Event targets (simulator/simulation/workloads/targets.h): tenant objects as Graph
// targetResources, and JSON text for modifiedProperties.
#include "simulator/simulation/workloads/targets.h"

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/json.h"
#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using testing::smallScenario;

TEST(Quoted, WritesAJsonStringLiteral) {
  EXPECT_EQ(quoted("Member"), "\"Member\"");
  EXPECT_EQ(quoted(""), "\"\"");
  EXPECT_EQ(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(parseJson(quoted("line\nnext\ttab")), "line\nnext\ttab");
}

class Targets : public ::testing::Test {
 protected:
  Tenant tenant_{smallScenario(500, 1)};
  EventDetails details_;
};

TEST_F(Targets, UserTargetCarriesTheUsersIdAndPrincipalName) {
  TargetResource& r = addUserTarget(details_, tenant_, 42);
  User u = tenant_.user(42);
  EXPECT_EQ(r.type, "User");
  EXPECT_EQ(r.id, view(u.id));
  EXPECT_EQ(r.userPrincipalName, u.userPrincipalName);
  EXPECT_FALSE(r.upnNull);
  EXPECT_TRUE(r.displayNameNull);  // Graph leaves a user target's displayName null
  EXPECT_EQ(details_.targetCount, 1u);
}

TEST_F(Targets, GroupTargetWrapsItsIndexAndNamesTheGroupType) {
  const size_t n = tenant_.groups().size();
  for (size_t i : {size_t{0}, size_t{1}, n + 1}) {
    EventDetails d;
    TargetResource& r = addGroupTarget(d, tenant_, i);
    const Group& g = tenant_.groups()[i % n];
    EXPECT_EQ(r.type, "Group");
    EXPECT_EQ(r.id, view(g.id));
    EXPECT_EQ(r.displayName, g.displayName);
    EXPECT_FALSE(r.groupTypeNull);
    EXPECT_EQ(r.groupType, g.unified ? "unifiedGroups" : "azureAD");
  }
}

TEST_F(Targets, BothGroupTypesOccur) {
  bool unified = false, azureAd = false;
  for (size_t i = 0; i < tenant_.groups().size(); ++i) {
    EventDetails d;
    (addGroupTarget(d, tenant_, i).groupType == "unifiedGroups" ? unified : azureAd) = true;
  }
  EXPECT_TRUE(unified && azureAd);
}

TEST_F(Targets, DeviceTargetIsTheTenantsDevice) {
  TargetResource& r = addDeviceTarget(details_, tenant_, 7);
  Device dev = tenant_.device(7);
  EXPECT_EQ(r.type, "Device");
  EXPECT_EQ(r.id, view(dev.id));
  EXPECT_EQ(r.displayName, dev.displayName);
}

TEST_F(Targets, AppTargetIsTheServicePrincipalWithTheGivenType) {
  const size_t n = tenant_.applications().size();
  TargetResource& r = addAppTarget(details_, tenant_, n + 3, "ServicePrincipal");
  const Application& a = tenant_.applications()[3];
  EXPECT_EQ(r.type, "ServicePrincipal");
  EXPECT_EQ(r.id, view(a.servicePrincipalId));
  EXPECT_EQ(r.displayName, a.displayName);
}

TEST_F(Targets, TargetsAccumulateInOrderAndResetClearsThem) {
  addUserTarget(details_, tenant_, 1);
  addGroupTarget(details_, tenant_, 2);
  addAppTarget(details_, tenant_, 3, "Application");
  ASSERT_EQ(details_.targetCount, 3u);
  EXPECT_EQ(details_.targets[0].type, "User");
  EXPECT_EQ(details_.targets[1].type, "Group");
  EXPECT_EQ(details_.targets[2].type, "Application");

  Event e;
  details_.reset(e, Catalog::instance().at(0));
  EXPECT_EQ(details_.targetCount, 0u);
  TargetResource& reused = addDeviceTarget(details_, tenant_, 1);
  EXPECT_EQ(&reused, &details_.targets[0]);
  EXPECT_TRUE(reused.groupTypeNull);  // nothing left over from the group target before
  EXPECT_TRUE(reused.upnNull);
  EXPECT_TRUE(reused.userPrincipalName.empty());
}

}  // namespace
}  // namespace tenantsim
