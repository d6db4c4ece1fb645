// Security alerts and incidents as NDJSON: the shard's part of the window (by createdDateTime),
// narrowed by from/to, one alert (incident, with its alerts expanded) per line in creation order,
// each in the state it has at the window's end.
#include <algorithm>

#include "simulator/export/formats.h"
#include "simulator/export/output.h"
#include "simulator/graph/alert_render.h"
#include "simulator/simulation/alert_log.h"

namespace tenantsim {
namespace {

Status noAlerts() {
  return plainError(
      "the scenario has no security alerts: they come from sign-ins and risk detections, and "
      "tenant.license Free or workloads.signIns false has none");
}

}  // namespace

Status writeAlerts(const Simulation& sim, const ExportOptions& o, bool withOthers,
                   const ProgressCallback& progress) {
  if (o.format != "ndjson") return plainError("alerts are written as --format ndjson only");
  SignInLog signIns(sim);
  if (!signIns.enabled()) return noAlerts();
  AlertLog log(signIns);
  auto [from, to] = exportRange(sim, o);
  const std::vector<Alert> alerts = log.generate(from, to, o.threads);
  const Ticks asOf = sim.scenario().windowEnd;
  const ExportOptions file = sideLogOptions(o, withOthers, "alerts");
  Status written =
      writeLines(alerts.size(), file, progress, [&](size_t a, size_t b, std::string& out) {
        AlertDetails d;
        for (size_t i = a; i < b; ++i) {
          log.describe(alerts[i], d);
          renderAlert(d, asOf, o.api, out);
          out += '\n';
        }
      });
  // The planted ones' ground truth beside a file (FILE.labels.ndjson).
  if (!written || file.out.empty() || file.out == "-" || isAzureBlobDestination(file.out))
    return written;
  std::string labels;
  renderAlertLabels(log, from, to, labels);
  return labels.empty() ? written : writeFileAtomically(labelsPath(file), labels);
}

Status writeIncidents(const Simulation& sim, const ExportOptions& o, bool withOthers,
                      const ProgressCallback& progress) {
  if (o.format != "ndjson") return plainError("incidents are written as --format ndjson only");
  SignInLog signIns(sim);
  if (!signIns.enabled()) return noAlerts();
  AlertLog log(signIns);
  auto [from, to] = exportRange(sim, o);
  const std::vector<Incident> incidents = log.generateIncidents(from, to);
  const Ticks asOf = sim.scenario().windowEnd;
  return writeLines(incidents.size(), sideLogOptions(o, withOthers, "incidents"), progress,
                    [&](size_t a, size_t b, std::string& out) {
                      IncidentDetails d;
                      AlertDetails ad;
                      std::string alerts;
                      for (size_t i = a; i < b; ++i) {
                        const Incident& incident = incidents[i];
                        alerts = "[";
                        for (const Alert& alert : incident.alerts) {
                          if (alert.time > asOf) break;
                          if (alerts.size() > 1) alerts += ',';
                          log.describe(alert, ad);
                          renderAlert(ad, asOf, o.api, alerts);
                        }
                        alerts += ']';
                        log.describeIncident(incident, asOf, d);
                        renderIncident(d, o.api, out, UnknownEnumMembers::AsSentinel, alerts);
                        out += '\n';
                      }
                    });
}

}  // namespace tenantsim
