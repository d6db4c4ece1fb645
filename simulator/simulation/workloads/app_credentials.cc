// Application credentials: the audit side of the compromisedServicePrincipal storyline. The
// storyline's actor (an application owner whose account the attacker holds) adds a client secret
// to one of the tenant's applications ("Update application - Certificates and secrets
// management", Core Directory / ApplicationManagement); the sign-in log then has that service
// principal signing in with the secret from a foreign address, and Identity Protection raises a
// service-principal risk detection (docs/identity-protection.md#service-principals).
#include "simulator/simulation/storylines.h"
#include "simulator/simulation/workload.h"
#include "simulator/simulation/workloads/targets.h"

namespace tenantsim {
namespace {

constexpr uint8_t kSecretAdded = 0;

class AppCredentialsWorkload final : public Workload {
 public:
  explicit AppCredentialsWorkload(const SimulationContext& ctx)
      : Workload(ctx),
        storylines_(plantedStorylines(ctx.scenario, ctx.tenant, "compromisedServicePrincipal")),
        activity_(catalog().require(Source::Entra,
                                    "Update application - Certificates and secrets management",
                                    "Core Directory", "ApplicationManagement")) {}

  WorkloadKind kind() const override { return WorkloadKind::AppCredentials; }

  void generate(Ticks from, Ticks to, std::vector<Event>& out) const override {
    for (const PlantedStoryline& st : storylines_) {
      if (st.at < from || st.at >= to) continue;
      const CompromisedApp app = compromisedApplication(ctx_.scenario, tenant(), st.index);
      out.push_back(makeEvent(st.at, st.index, kSecretAdded, activity_,
                              static_cast<uint32_t>(st.actor), static_cast<uint32_t>(st.index),
                              static_cast<uint32_t>(app.tenantIndex), kPlanted));
    }
  }

  void describe(const Event& e, EventDetails& d) const override {
    const Tenant& t = tenant();
    const size_t storyline = e.subject;
    const Application& app = t.applications()[e.param % t.applications().size()];
    TargetResource& target = addAppTarget(d, t, e.param, "Application");
    const std::string keyId = compromisedSecretKeyId(seed(), storyline);
    ModifiedProperty& key = target.addProperty("KeyDescription");
    key.oldValue = "[]";
    key.newValue = "[\"[KeyIdentifier=" + keyId +
                   ",KeyType=Password,KeyUsage=Verify,DisplayName=automation]\"]";
    target.addProperty("Included Updated Properties").newValue = quoted("KeyDescription");
    d.addDetail("AppId", app.appId);
    d.addDetail("User-Agent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                "(KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36");
    const StorylineConfig& st = ctx_.scenario.storylines[storyline];
    d.label = (st.label.empty() ? st.kind : st.label) + ":secret-added";
  }
  bool targetIdsStandAlone() const override { return true; }
  void describeTargetIds(const Event& e, EventDetails& d) const override {
    addAppTarget(d, tenant(), e.param, "Application");
  }

 private:
  std::vector<PlantedStoryline> storylines_;
  ActivityId activity_;
};

}  // namespace

std::unique_ptr<Workload> makeAppCredentialsWorkload(const SimulationContext& ctx) {
  return std::make_unique<AppCredentialsWorkload>(ctx);
}

}  // namespace tenantsim
