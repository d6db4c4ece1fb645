// Risk detections as NDJSON: the shard's part of the window (by detection time), narrowed by
// from/to, one riskDetection per line in detection order, in their state at the window end (the
// users' remediation, as the server in history mode lists them; docs/identity-protection.md); the
// Azure Monitor formats write the UserRiskEvents and RiskyUsers categories (risk_azure.cc).
#include <algorithm>

#include "simulator/export/azure_category_log.h"
#include "simulator/export/formats.h"
#include "simulator/export/output.h"
#include "simulator/graph/risk_render.h"
#include "simulator/simulation/risk_log.h"
#include "simulator/simulation/risky_users.h"

namespace tenantsim {

Status writeRiskDetections(const Simulation& sim, const ExportOptions& o, bool withOthers,
                           const ProgressCallback& progress) {
  if (!azureCategoryFormat(o.format))
    return plainError(
        "riskDetections are written as --format ndjson, or as the UserRiskEvents and RiskyUsers "
        "categories in eventhub, blob or loganalytics, not " +
        o.format);
  SignInLog signIns(sim);
  if (!signIns.enabled())
    return plainError(
        "the scenario has no risk detections: they come from sign-ins, and tenant.license Free "
        "or workloads.signIns false has none");
  RiskLog risks(signIns);
  if (o.format != "ndjson") return writeRiskCategories(sim, risks, o, progress);
  auto [from, to] = exportRange(sim, o);
  std::vector<RiskDetection> detections = risks.generate(from, to);
  // A detection's state depends on its user's other detections: those of the whole window.
  const Ticks end = sim.scenario().windowEnd;
  std::vector<RiskDetection> visible = risks.generateWindow();
  std::erase_if(visible, [&](const RiskDetection& r) { return r.visibleAt() > end; });
  const DetectionStates states(visible, end, sim.scenario());
  const ExportOptions file = sideLogOptions(o, withOthers, "riskDetections");
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
