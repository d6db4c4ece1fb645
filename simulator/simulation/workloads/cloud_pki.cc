// Cloud PKI: Intune auditEvents for the ten Cloud PKI actions in a lifecycle that makes sense:
// CAs are created (roots before issuing CAs) before anything else touches them; externally
// signed certificates are uploaded to existing CAs; status changes, patches and reads follow;
// leaf revocations name certificates the CA issued, each at most once; a lab CA has its
// certificate revoked and is deleted. The rogueCloudPkiCa storyline plants a CA created by an
// unusual actor followed by a mass revocation.
#include <algorithm>
#include <set>

#include "simulator/simulation/storylines.h"
#include "simulator/simulation/workload.h"
#include "simulator/simulation/workloads/targets.h"

namespace tenantsim {
namespace {

enum Action : uint8_t {
  kCreate,
  kSearch,
  kGet,
  kPatch,
  kDelete,
  kSearchLeaf,
  kRevokeLeaf,
  kUpload,
  kChangeStatus,
  kRevokeCaCert,
  kActionCount
};

constexpr const char* kActivityType[kActionCount] = {
    "Create CloudCertificationAuthority",
    "Search CloudCertificationAuthority",
    "Get CloudCertificationAuthority",
    "Patch CloudCertificationAuthority",
    "Delete CloudCertificationAuthority",
    "Search CloudCertificationAuthorityLeafCertificate",
    "RevokeLeafCertAsync CloudCertificationAuthorityLeafCertificate",
    "UploadExternallySignedCertificationAuthorityCertificateAsync CloudCertificationAuthority",
    "ChangeCloudCertificationAuthorityStatusAsync CloudCertificationAuthority",
    "RevokeCloudCertificationAuthorityCertificateAsync CloudCertificationAuthority"};

struct CaInfo {
  Guid id{};
  std::string name;
  bool root = false;
  int64_t leaves = 0;
};

struct Operation {
  Ticks time = 0;
  Action action = kGet;
  uint32_t ca = 0;    // index into cas_
  uint32_t leaf = 0;  // leaf number for revocations
  uint32_t actor = 0;
  bool byApp = false;
  int storyline = -1;
  const char* step = "";
  uint8_t status = 0;  // for status changes: 0 active, 1 paused
};

class CloudPkiWorkload final : public Workload {
 public:
  explicit CloudPkiWorkload(const SimulationContext& ctx) : Workload(ctx) {
    for (int a = 0; a < kActionCount; ++a)
      activity_[a] = catalog().require(Source::Intune, kActivityType[a]);
    build();
  }

  WorkloadKind kind() const override { return WorkloadKind::CloudPki; }

  void generate(Ticks from, Ticks to, std::vector<Event>& out) const override {
    auto first = std::lower_bound(ops_.begin(), ops_.end(), from,
                                  [](const Operation& o, Ticks t) { return o.time < t; });
    for (auto it = first; it != ops_.end() && it->time < to; ++it) {
      uint32_t index = static_cast<uint32_t>(it - ops_.begin());
      uint8_t flags = (it->byApp ? kActorIsApp : 0) | (it->storyline >= 0 ? kPlanted : 0);
      out.push_back(
          makeEvent(it->time, index, 0, activity_[it->action], it->actor, it->ca, index, flags));
    }
  }

  void describe(const Event& e, EventDetails& d) const override {
    const Operation& op = ops_[e.param];
    const CaInfo& ca = cas_[op.ca];
    bool leaf = op.action == kRevokeLeaf || op.action == kSearchLeaf;
    TargetResource& res = d.addTarget(leaf ? "CloudCertificationAuthorityLeafCertificate"
                                           : "CloudCertificationAuthority");
    if (op.action == kRevokeLeaf) {
      std::string serial = tenant().leafSerial(static_cast<int>(op.ca), op.leaf);
      char id[36];
      guidFrom(seed(), "leafCert", (static_cast<uint64_t>(op.ca) << 32) | op.leaf, id);
      res.id.assign(id, 36);
      res.displayName = "CN=" + tenant().user(op.leaf % tenant().userCount()).userPrincipalName;
      addProp(res, "SerialNumber", "", serial);
      addProp(res, "IssuerCertificationAuthorityId", "", std::string(view(ca.id)));
      addProp(res, "RevocationStatus", "Active", "Revoked");
    } else {
      res.id.assign(view(ca.id));
      res.displayName = ca.name;
      switch (op.action) {
        case kCreate:
          addProp(res, "DisplayName", "", ca.name);
          addProp(res, "CertificationAuthorityType", "",
                  ca.root ? "RootCertificationAuthority" : "IssuingCertificationAuthority");
          addProp(res, "KeySize", "", "RSA 4096");
          addProp(res, "ValidityPeriodInYears", "", ca.root ? "10" : "5");
          break;
        case kPatch:
          addProp(res, "Description", "Cloud PKI", "Cloud PKI - managed by IT Security");
          break;
        case kChangeStatus:
          addProp(res, "Status", op.status ? "Active" : "Signing Required",
                  op.status ? "Paused" : "Active");
          break;
        case kUpload:
          addProp(res, "Status", "Signing Required", "Active");
          addProp(res, "ExternallySignedCertificate", "", "Uploaded");
          break;
        case kRevokeCaCert:
          addProp(res, "CertificateStatus", "Active", "Revoked");
          break;
        case kDelete:
          addProp(res, "Status", "Revoked", "Deleted");
          break;
        default:
          break;  // reads change nothing
      }
    }
    if (op.byApp) d.actorType = "Application";
    if (op.storyline >= 0) {
      const StorylineConfig& st = ctx_.scenario.storylines[static_cast<size_t>(op.storyline)];
      d.label = (st.label.empty() ? st.kind : st.label) + ":" + op.step;
    }
  }

 private:
  static void addProp(TargetResource& r, std::string_view name, std::string_view oldValue,
                      std::string_view newValue) {
    ModifiedProperty& m = r.addProperty(name);
    m.oldValue = oldValue;
    m.newValue = newValue;
  }

  void build() {
    const Scenario& s = ctx_.scenario;
    const CloudPkiConfig& config = *s.workloads.cloudPki;
    const Tenant& t = tenant();
    for (const CertificationAuthority& c : t.certificationAuthorities())
      cas_.push_back({c.id, c.displayName, c.root, c.leafCertificates});
    Rng r(seed(), "pkiSchedule");
    Ticks start = s.windowStart(), end = s.windowEnd, span = end - start;
    auto pkiAdmin = [&](Rng& rr) {
      return static_cast<uint32_t>(
          rr.below(static_cast<uint64_t>(std::min<int64_t>(t.adminCount(), 3))));
    };
    auto at = [&](double fraction) {
      return start + static_cast<Ticks>(fraction * static_cast<double>(span));
    };

    // Set-up in the first hours: roots, then issuing CAs (uploaded and activated).
    Ticks clock = start + kTicksPerHour + static_cast<Ticks>(r.below(kTicksPerHour));
    size_t tenantCas = cas_.size();
    for (size_t i = 0; i < tenantCas; ++i) {
      uint32_t admin = pkiAdmin(r);
      push({clock, kCreate, static_cast<uint32_t>(i), 0, admin});
      clock += static_cast<Ticks>(r.between(2, 15)) * kTicksPerMinute;
      if (!cas_[i].root) {
        push({clock, kChangeStatus, static_cast<uint32_t>(i), 0, admin});
        clock += static_cast<Ticks>(r.between(1, 5)) * kTicksPerMinute;
      }
    }
    // A lab CA: externally signed, then retired (certificate revoked, CA deleted) near the end.
    if (s.windowDays >= 2) {
      CaInfo lab;
      guidFrom(seed(), "labCa", 0, lab.id.data());
      lab.name = t.name() + " Lab Issuing CA";
      lab.leaves = 20;
      cas_.push_back(lab);
      uint32_t labIndex = static_cast<uint32_t>(cas_.size() - 1);
      uint32_t admin = pkiAdmin(r);
      push({clock + kTicksPerHour, kCreate, labIndex, 0, admin});
      push({clock + 2 * kTicksPerHour, kUpload, labIndex, 0, admin});
      push({at(0.9), kRevokeCaCert, labIndex, 0, admin});
      push({at(0.9) + 5 * kTicksPerMinute, kDelete, labIndex, 0, admin});
    }
    Ticks steady = clock + 3 * kTicksPerHour;
    std::vector<uint32_t> issuing;
    for (size_t i = 0; i < tenantCas; ++i)
      if (!cas_[i].root) issuing.push_back(static_cast<uint32_t>(i));
    std::vector<std::set<uint32_t>> revoked(cas_.size());
    auto randomTime = [&](Rng& rr) {
      return steady +
             static_cast<Ticks>(rr.below(static_cast<uint64_t>(std::max<Ticks>(1, end - steady))));
    };
    double days = static_cast<double>(end - steady) / kTicksPerDay;
    if (days > 0 && !cas_.empty()) {
      int64_t reads = r.poisson(config.readsPerDay * days);
      for (int64_t i = 0; i < reads; ++i) {
        Action a = r.chance(0.5) ? kSearch : r.chance(0.6) ? kGet : kSearchLeaf;
        uint32_t ca = static_cast<uint32_t>(r.below(tenantCas ? tenantCas : 1));
        bool app = r.chance(0.3);  // monitoring scripts read too
        push({randomTime(r), a, ca, 0, app ? 8u : pkiAdmin(r), app});
      }
      int64_t patches = r.poisson(config.adminChangesPerWeek * days / 7);
      for (int64_t i = 0; i < patches; ++i) {
        bool status = r.chance(0.3) && !issuing.empty();
        uint32_t ca = status ? issuing[r.below(issuing.size())]
                             : static_cast<uint32_t>(r.below(tenantCas ? tenantCas : 1));
        Operation op{randomTime(r), status ? kChangeStatus : kPatch, ca, 0, pkiAdmin(r)};
        op.status = 1;
        push(op);
      }
      int64_t revocations = issuing.empty() ? 0 : r.poisson(config.revocationsPerDay * days);
      for (int64_t i = 0; i < revocations; ++i) {
        uint32_t ca = issuing[r.below(issuing.size())];
        if (static_cast<int64_t>(revoked[ca].size()) >= cas_[ca].leaves) continue;
        uint32_t leaf;
        do leaf = static_cast<uint32_t>(r.below(static_cast<uint64_t>(cas_[ca].leaves)));
        while (revoked[ca].count(leaf));
        revoked[ca].insert(leaf);
        push({randomTime(r), kRevokeLeaf, ca, leaf, pkiAdmin(r)});
      }
    }
    for (const PlantedStoryline& st : plantedStorylines(s, t, "rogueCloudPkiCa"))
      plantRogueCa(st, issuing, revoked);
    std::stable_sort(ops_.begin(), ops_.end(),
                     [](const Operation& a, const Operation& b) { return a.time < b.time; });
    ops_.erase(std::remove_if(ops_.begin(), ops_.end(),
                              [&](const Operation& o) { return o.time < start || o.time >= end; }),
               ops_.end());
  }

  void plantRogueCa(const PlantedStoryline& st, const std::vector<uint32_t>& issuing,
                    std::vector<std::set<uint32_t>>& revoked) {
    CaInfo rogue;
    guidFrom(seed(), "rogueCa", st.index, rogue.id.data());
    rogue.name = "Issuing CA (backup)";
    cas_.push_back(rogue);
    revoked.emplace_back();
    uint32_t ca = static_cast<uint32_t>(cas_.size() - 1);
    uint32_t actor = static_cast<uint32_t>(st.actor);
    int idx = static_cast<int>(st.index);
    Ticks t = st.at;
    push({t, kCreate, ca, 0, actor, false, idx, "ca-created"});
    push({t + 3 * kTicksPerMinute, kUpload, ca, 0, actor, false, idx, "ca-certificate-uploaded"});
    push({t + 4 * kTicksPerMinute, kChangeStatus, ca, 0, actor, false, idx, "ca-activated"});
    if (issuing.empty()) return;
    uint32_t victim = issuing[0];
    push({t + 6 * kTicksPerMinute, kSearchLeaf, victim, 0, actor, false, idx, "leaf-search"});
    Rng r(seed(), "rogueRevocations", st.index);
    int64_t count =
        std::min<int64_t>(40, cas_[victim].leaves - static_cast<int64_t>(revoked[victim].size()));
    Ticks clock = t + 8 * kTicksPerMinute;
    for (int64_t i = 0; i < count; ++i) {
      uint32_t leaf;
      do leaf = static_cast<uint32_t>(r.below(static_cast<uint64_t>(cas_[victim].leaves)));
      while (revoked[victim].count(leaf));
      revoked[victim].insert(leaf);
      clock += static_cast<Ticks>(r.between(3, 20)) * kTicksPerSecond;
      push({clock, kRevokeLeaf, victim, leaf, actor, false, idx, "mass-revocation"});
    }
  }

  void push(Operation op) { ops_.push_back(op); }

  std::vector<CaInfo> cas_;
  std::vector<Operation> ops_;
  ActivityId activity_[kActionCount];
};

}  // namespace

std::unique_ptr<Workload> makeCloudPkiWorkload(const SimulationContext& ctx) {
  return std::make_unique<CloudPkiWorkload>(ctx);
}

}  // namespace tenantsim
