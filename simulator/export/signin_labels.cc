// The ground truth of the sign-in log: one JSON line per planted sign-in, in time order,
// {"id","log":"signIns","storyline","step","createdDateTime","signInEventType","userPrincipalName",
//  "ipAddress","errorCode","expectedDetection"}, written next to a sign-in export in any format.
// conditionalAccessWeakened's lines add the change they belong to and, for the attacker's tries,
// what the weakened policies gave, as served and before the change: {"policyIds","auditIds"
// [,"policyResults","errorCodeBeforeChange","policyResultsBeforeChange"]}.
#include "simulator/export/formats.h"
#include "simulator/export/output.h"
#include "simulator/simulation/alert_log.h"
#include "simulator/simulation/risk_log.h"
#include "simulator/simulation/signin_log.h"
#include "simulator/simulation/signin_storylines.h"

namespace tenantsim {
namespace {

// The ids of the audit rows that weakened the policies (step ca-weakened), in time order.
void appendWeakeningAuditIds(const Simulation& sim, const CaWeakening& w, std::string& out) {
  std::vector<Event> events;
  sim.generateWorkload(WorkloadKind::ConditionalAccess, w.at,
                       w.at + static_cast<Ticks>(w.policies.size()) * kCaWeakeningRowGap, events);
  EventDetails d;
  out += '[';
  bool first = true;
  for (const Event& e : events) {
    if (!e.planted()) continue;
    sim.describe(e, d);
    if (!d.label.ends_with(":ca-weakened")) continue;
    if (!first) out += ',';
    first = false;
    appendJsonString(out, d.id);
  }
  out += ']';
}

template <typename T, typename Append>
void appendArray(std::string& out, const std::vector<T>& items, Append append) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append(items[i]);
  }
  out += ']';
}

void appendWeakening(const Simulation& sim, const SignInLog& log, const SignIn& s,
                     const SignInDetails& d, std::string& out) {
  const ConditionalAccessHistory* h = sim.conditionalAccess();
  const CaWeakening* w = h ? h->weakening(plantedStorylineOf(s)) : nullptr;
  if (!w) return;
  const auto policies = h->policiesAt(w->at);
  out += ",\"policyIds\":";
  appendArray(out, w->policies, [&](uint32_t p) {
    const CaPolicySnapshot* snapshot = findPolicy(policies, p);
    appendJsonString(out, snapshot ? view(snapshot->id) : std::string_view());
  });
  out += ",\"auditIds\":";
  appendWeakeningAuditIds(sim, *w, out);
  SignInLog::WeakeningOutcome before;
  if (!log.weakeningOutcome(s, before)) return;
  out += ",\"policyResults\":";
  appendArray(out, w->policies, [&](uint32_t p) {
    const char* result = "";
    for (const AppliedPolicy& a : d.policies)
      if (a.policy->policy == p) result = caPolicyResultName(a.result);
    appendJsonString(out, result);
  });
  out += ",\"errorCodeBeforeChange\":" + std::to_string(signInErrorCode(before.failureBefore));
  out += ",\"policyResultsBeforeChange\":";
  appendArray(out, before.resultsBefore,
              [&](CaPolicyResult r) { appendJsonString(out, caPolicyResultName(r)); });
}

}  // namespace

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
    if (kind == "conditionalAccessWeakened") appendWeakening(sim, log, s, d, out);
    out += "}\n";
  }
}

Status writeSignInLabelsAlongside(const Simulation& sim, const SignInLog& log,
                                  std::span<const SignIn> signIns, const ExportOptions& o) {
  if (o.out.empty() || o.out == "-" || isAzureBlobDestination(o.out)) return {};
  std::string labels;
  renderSignInLabels(sim, log, signIns, labels);
  // The alerts and incidents the planted sign-ins raised, in the same range.
  auto [from, to] = exportRange(sim, o);
  renderAlertLabels(AlertLog(log), from, to, labels);
  renderRiskLabels(RiskLog(log), from, to, labels);
  if (labels.empty()) return {};
  // FILE.labels.ndjson next to an ndjson file; DIR/signIns.labels.ndjson beside the audit
  // labels (DIR/labels.ndjson) otherwise.
  return writeFileAtomically(
      o.format == "ndjson" ? labelsPath(o) : outputPath(o, "signIns.labels.ndjson"), labels);
}

}  // namespace tenantsim
