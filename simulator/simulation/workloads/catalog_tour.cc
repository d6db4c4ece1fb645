// Catalog tour: one event for every catalog activity, Entra and Intune, spread evenly over the
// window, so that clients and parsers meet every activity name at least once.
#include "simulator/simulation/workload.h"

namespace tenantsim {
namespace {

class CatalogTourWorkload final : public Workload {
 public:
  using Workload::Workload;
  WorkloadKind kind() const override { return WorkloadKind::CatalogTour; }

  void generate(Ticks from, Ticks to, std::vector<Event>& out) const override {
    const Scenario& s = ctx_.scenario;
    size_t n = catalog().all().size();
    Ticks span = s.windowEnd - s.windowStart();
    for (size_t i = 0; i < n; ++i) {
      Ticks t = s.windowStart() + static_cast<Ticks>((static_cast<double>(i) + 0.5) / n * span);
      if (t < from || t >= to) continue;
      Rng r(seed(), "tour", i);
      uint32_t subject =
          static_cast<uint32_t>(r.below(static_cast<uint64_t>(tenant().userCount())));
      uint32_t actor = static_cast<uint32_t>(r.below(static_cast<uint64_t>(tenant().adminCount())));
      out.push_back(makeEvent(t, i, 0, catalog().all()[i].id, actor, subject,
                              static_cast<uint32_t>(r.next())));
    }
  }

  void describe(const Event& e, EventDetails& d) const override {
    describeGenericEvent(ctx_, e, d);
  }
  bool targetIdsStandAlone() const override { return true; }
  void describeTargetIds(const Event& e, EventDetails& d) const override {
    describeGenericTargetIds(ctx_, e, d);
  }
};

}  // namespace

std::unique_ptr<Workload> makeCatalogTourWorkload(const SimulationContext& ctx) {
  return std::make_unique<CatalogTourWorkload>(ctx);
}

}  // namespace tenantsim
