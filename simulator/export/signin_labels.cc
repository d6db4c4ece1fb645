// The ground truth of the sign-in log: one JSON line per planted sign-in, in time order,
// {"id","log":"signIns","storyline","step","createdDateTime","signInEventType","userPrincipalName",
//  "ipAddress","errorCode","expectedDetection"}, written next to a sign-in export in any format.
#include "simulator/export/formats.h"
#include "simulator/export/output.h"
#include "simulator/simulation/alert_log.h"
#include "simulator/simulation/risk_log.h"
#include "simulator/simulation/signin_log.h"
#include "simulator/simulation/signin_storylines.h"

namespace tenantsim {

void renderSignInLabels(const Simulation& sim, const SignInLog& log,
                        std::span<const SignIn> signIns, std::string& out) {
  SignInDetails d;
  for (const SignIn& s : signIns) {
    if (!isPlantedSignIn(s)) continue;
    log.describe(s, d);
    const size_t colon = d.label.rfind(':');
    const std::string_view storyline = std::string_view(d.label).substr(0, colon);
    const std::string_view step = std::string_view(d.label).substr(colon + 1);
    const size_t index = plantedStorylineOf(s);
    const auto& storylines = sim.scenario().storylines;
    const std::string_view kind =
        index < storylines.size() ? std::string_view(storylines[index].kind) : std::string_view();
    out += "{\"id\":";
    appendJsonString(out, d.id);
    out += ",\"log\":\"signIns\",\"storyline\":";
    appendJsonString(out, storyline);
    out += ",\"step\":";
    appendJsonString(out, step);
    out += ",\"createdDateTime\":\"";
    appendIsoTime(out, s.time);
    out += "\",\"signInEventType\":";
    appendJsonString(out, signInEventTypeName(s.kind));
    out += ",\"userPrincipalName\":";
    appendJsonString(out, d.userPrincipalName);
    out += ",\"ipAddress\":";
    appendJsonString(out, d.ipAddress);
    out += ",\"errorCode\":" + std::to_string(d.errorCode);
    out += ",\"expectedDetection\":";
    appendJsonString(out, expectedDetection(kind, step));
    out += "}\n";
  }
}

Status writeSignInLabelsAlongside(const Simulation& sim, const SignInLog& log,
                                  std::span<const SignIn> signIns, const ExportOptions& o) {
  if (o.out.empty() || o.out == "-" || isAzureBlobDestination(o.out)) return {};
  std::string labels;
  renderSignInLabels(sim, log, signIns, labels);
  // The alerts and incidents the planted sign-ins raised, in the same range.
  auto [from, to] = shardRange(sim.scenario(), o.shard, o.shards);
  if (o.from) from = std::max(from, *o.from);
  if (o.to) to = std::min(to, *o.to);
  renderAlertLabels(AlertLog(log), from, to, labels);
  renderRiskLabels(RiskLog(log), from, to, labels);
  if (labels.empty()) return {};
  // FILE.labels.ndjson next to an ndjson file; DIR/signIns.labels.ndjson beside the audit
  // labels (DIR/labels.ndjson) otherwise.
  return writeFileAtomically(
      o.format == "ndjson" ? labelsPath(o) : outputPath(o, "signIns.labels.ndjson"), labels);
}

}  // namespace tenantsim
