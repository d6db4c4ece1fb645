// The Cloud PKI workload (simulator/simulation/workloads/cloud_pki.cc): CA and leaf certificate
// lifecycles.
#include <set>
#include <string>

#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using nlohmann::json;
using testing::RenderedEvent;
using testing::renderedWindow;
using testing::shippedScenario;

TEST(CloudPkiWorkload, CasExistBeforeUseAndLeavesAreRevokedOnce) {
  Scenario s = shippedScenario("cloud-pki-lifecycle.json");
  std::set<std::string> created, deleted, revokedSerials;
  std::set<std::string> kinds;
  for (const RenderedEvent& r : renderedWindow(s)) {
    if (r.json.value("category", "") != "CloudPki") continue;
    std::string type = r.json["activityType"];
    kinds.insert(type);
    const json& res = r.json["resources"][0];
    if (type == "Create CloudCertificationAuthority") {
      created.insert(res["resourceId"]);
      continue;
    }
    if (type.find("LeafCertificate") != std::string::npos &&
        type.rfind("RevokeLeafCertAsync", 0) == 0) {
      std::string serial, issuer;
      for (const auto& p : res["modifiedProperties"]) {
        if (p["displayName"] == "SerialNumber") serial = p["newValue"];
        if (p["displayName"] == "IssuerCertificationAuthorityId") issuer = p["newValue"];
      }
      EXPECT_TRUE(revokedSerials.insert(serial).second) << "revoked twice: " << serial;
      EXPECT_TRUE(created.count(issuer)) << "leaf of a CA never created";
      continue;
    }
    if (type == "Search CloudCertificationAuthorityLeafCertificate" ||
        type == "Search CloudCertificationAuthority")
      continue;
    std::string ca = res["resourceId"];
    EXPECT_TRUE(created.count(ca)) << type << " before the CA was created";
    EXPECT_FALSE(deleted.count(ca)) << type << " after the CA was deleted";
    if (type == "Delete CloudCertificationAuthority") deleted.insert(ca);
  }
  EXPECT_EQ(kinds.size(), 10u) << "all ten Cloud PKI actions appear";
}

}  // namespace
}  // namespace tenantsim
