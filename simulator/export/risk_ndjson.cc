// Risk detections as NDJSON: the shard's part of the window (by detection time), narrowed by
// from/to, one riskDetection per line in detection order, in their state at the window end (the
// users' remediation, as the server in history mode lists them; docs/identity-protection.md).
#include <algorithm>

#include "simulator/export/formats.h"
#include "simulator/export/output.h"
#include "simulator/graph/risk_render.h"
#include "simulator/simulation/risk_log.h"
#include "simulator/simulation/risky_users.h"

namespace tenantsim {

Status writeRiskDetections(const Simulation& sim, const ExportOptions& o, bool withOthers,
                           const ProgressCallback& progress) {
  if (o.format != "ndjson") return plainError("riskDetections are written as --format ndjson only");
  SignInLog signIns(sim);
  if (!signIns.enabled())
    return plainError(
        "the scenario has no risk detections: they come from sign-ins, and tenant.license Free "
        "or workloads.signIns false has none");
  RiskLog risks(signIns);
  auto [from, to] = shardRange(sim.scenario(), o.shard, o.shards);
  if (o.from) from = std::max(from, *o.from);
  if (o.to) to = std::min(to, *o.to);
  std::vector<RiskDetection> detections = risks.generate(from, to);
  // A detection's state depends on its user's other detections: those of the whole window.
  const Ticks end = sim.scenario().windowEnd;
  std::vector<RiskDetection> visible = risks.generateWindow();
  std::erase_if(visible, [&](const RiskDetection& r) { return r.visibleAt() > end; });
  const DetectionStates states(visible, end, sim.scenario().seed);
  ExportOptions file = o;
  if (withOthers) {
    std::string base = o.out;
    if (base.ends_with(".ndjson")) base.resize(base.size() - 7);
    file.out = base + ".riskDetections.ndjson";
  }
  return writeLines(detections.size(), file, progress, [&](size_t a, size_t b, std::string& out) {
    RiskDetectionDetails d;
    for (size_t i = a; i < b; ++i) {
      risks.describe(detections[i], d);
      applyDetectionState(states.of(detections[i]), d);
      renderRiskDetection(d, o.api, out);
      out += '\n';
    }
  });
}

}  // namespace tenantsim
