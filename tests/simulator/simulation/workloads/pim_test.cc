// Invariants of each workload, checked on generated and rendered output.
#include <map>
#include <regex>
#include <set>

#include "tests/support/sim_test_util.h"

namespace tenantsim {
namespace {

using nlohmann::json;
using testing::renderAll;
using testing::RenderedEvent;
using testing::shippedScenario;
using testing::smallScenario;

std::vector<RenderedEvent> renderedWindow(const Scenario& s, ApiVersion api = ApiVersion::Beta) {
  Simulation sim(s);
  return renderAll(sim, sim.generateWindow(), api);
}

std::string detail(const json& item, const std::string& key) {
  for (const auto& kv : item["additionalDetails"])
    if (kv["key"] == key) return kv["value"];
  return "";
}

TEST(DirectoryAuditShape, IdsTimesAndInitiatorsLookLikeGraphs) {
  std::regex id(
      "^(Directory|PIM|IPCGraph|SSGM|Authentication Methods|[A-Za-z0-9 "
      "]+)_[0-9a-f-]{36}_[A-Z0-9]{5}_[0-9]+$");
  std::regex time("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z$");
  for (const RenderedEvent& r : renderedWindow(smallScenario())) {
    if (r.json.contains("actor")) continue;  // Intune
    ASSERT_TRUE(std::regex_match(r.json["id"].get<std::string>(), id)) << r.json["id"];
    EXPECT_TRUE(std::regex_match(r.json["activityDateTime"].get<std::string>(), time));
    const json& by = r.json["initiatedBy"];
    ASSERT_TRUE(by.contains("app") && by.contains("user"));
    EXPECT_NE(by["app"].is_null(), by["user"].is_null());
    EXPECT_TRUE(r.json["result"] == "success" || r.json["result"] == "failure");
    EXPECT_TRUE(r.json.contains("userAgent"));
    if (!by["user"].is_null()) {
      EXPECT_TRUE(by["user"].contains("homeTenantId"));
    }
  }
}

TEST(DirectoryAuditShape, V1HasNoBetaOnlyFields) {
  for (const RenderedEvent& r : renderedWindow(smallScenario(100, 1), ApiVersion::V1)) {
    EXPECT_FALSE(r.json.contains("userAgent"));
    EXPECT_FALSE(r.json.contains("@odata.type"));
    if (r.json.contains("actor")) {
      EXPECT_FALSE(r.json["actor"].contains("type"));
    }
  }
}

TEST(IntuneShape, BetaCarriesLegacyTypeAndV1DoesNot) {
  bool sawIntune = false;
  for (const RenderedEvent& r : renderedWindow(smallScenario(200, 2))) {
    if (!r.json.contains("actor")) continue;
    sawIntune = true;
    EXPECT_EQ(r.json["@odata.type"], "#microsoft.graph.auditEvent");
    EXPECT_EQ(r.json["actor"]["type"], r.json["actor"]["auditActorType"]);
    EXPECT_EQ(r.json["activityResult"].get<std::string>().substr(0, 1),
              r.json["activityResult"] == "Success" ? "S" : "F");
  }
  EXPECT_TRUE(sawIntune);
}

TEST(PimWorkload, ActivationStepsFollowTheLifecycleInTimeOrder) {
  Scenario s = shippedScenario("pim-escalation.json");
  std::map<std::string, std::vector<std::string>> processes;
  size_t pimRows = 0;
  for (const RenderedEvent& r : renderedWindow(s)) {
    if (r.json.value("loggedByService", "") != "PIM") continue;
    ++pimRows;
    std::string name = r.json["activityDisplayName"];
    if (name.find("(PIM activation)") != std::string::npos ||
        name.find("(PIM deactivate)") != std::string::npos ||
        name.find("(PIM activation expired)") != std::string::npos)
      processes[r.json["correlationId"]].push_back(name);
    if (name.find("(PIM activation)") != std::string::npos) {
      EXPECT_EQ(r.json["operationType"], "ActivateRole");
      if (!detail(r.json, "Justification").empty() && name.find("denied") == std::string::npos) {
        EXPECT_EQ(r.json["resultReason"], detail(r.json, "Justification"));
      }
      EXPECT_FALSE(detail(r.json, "StartTime").empty());
      EXPECT_FALSE(detail(r.json, "ExpirationTime").empty());
    }
  }
  ASSERT_GT(pimRows, 50u);
  auto index = [](const std::vector<std::string>& steps, const std::string& needle) {
    for (size_t i = 0; i < steps.size(); ++i)
      if (steps[i].find(needle) != std::string::npos) return static_cast<int>(i);
    return -1;
  };
  size_t complete = 0;
  for (const auto& [corr, steps] : processes) {
    int requested = index(steps, "requested (PIM activation)"),
        approved = index(steps, "request approved");
    int denied = index(steps, "request denied"),
        completed = index(steps, "completed (PIM activation)");
    int ended = std::max(index(steps, "(PIM activation expired)"),
                         index(steps, "completed (PIM deactivate)"));
    if (requested != 0) continue;  // began before the window, or a storyline without approval
    if (denied >= 0) {
      EXPECT_EQ(completed, -1) << corr;
    }
    if (approved >= 0) {
      EXPECT_LT(approved, completed) << corr;
    }
    if (completed >= 0 && ended >= 0) {
      EXPECT_LT(completed, ended) << corr;
      ++complete;
    }
  }
  EXPECT_GT(complete, 10u);
}

TEST(ConditionalAccessWorkload, EachChangesOldValueIsThePreviousNewValue) {
  Scenario s = shippedScenario("ca-policy-drift.json");
  std::map<std::string, std::string> lastNew;
  size_t chained = 0;
  for (const RenderedEvent& r : renderedWindow(s)) {
    if (r.json.value("loggedByService", "") != "Conditional Access") continue;
    EXPECT_TRUE(std::string(r.json["id"]).rfind("IPCGraph_", 0) == 0);
    const json& target = r.json["targetResources"][0];
    if (target["modifiedProperties"].empty()) continue;
    const json& prop = target["modifiedProperties"][0];
    std::string id = target["id"], oldValue = prop["oldValue"], newValue = prop["newValue"];
    if (prop["displayName"] == "ConditionalAccessPolicy") {
      if (!newValue.empty()) {
        EXPECT_EQ(json::parse(newValue)["id"], id);
      }
      if (!oldValue.empty()) {
        EXPECT_TRUE(json::parse(oldValue).contains("state"));  // whole policy as escaped JSON
      }
    }
    if (lastNew.count(id) && !oldValue.empty()) {
      EXPECT_EQ(oldValue, lastNew[id]) << r.json["activityDisplayName"];
      ++chained;
    }
    lastNew[id] = newValue;
  }
  EXPECT_GT(chained, 3u);
}

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

TEST(Storylines, PlantedEventsCarryGroundTruthLabels) {
  Simulation sim(shippedScenario("quickstart.json"));
  std::vector<Event> planted;
  for (const Event& e : sim.generateWindow(2))
    if (e.planted()) planted.push_back(e);
  std::set<std::string> steps;
  for (const RenderedEvent& r : renderAll(sim, planted)) {
    EXPECT_FALSE(r.label.empty());
    steps.insert(r.label.substr(r.label.find(':') + 1));
  }
  for (const char* step : {"activation-requested", "activation-completed", "persistence",
                           "ca-weakened", "ca-created", "mass-revocation"})
    EXPECT_TRUE(steps.count(step)) << step;
}

}  // namespace
}  // namespace tenantsim
