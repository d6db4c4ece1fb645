// The ground truth of the security log: one JSON line per planted alert and per planted
// incident created in the range, in time order,
// {"id","log":"alerts_v2","storyline","step","createdDateTime","incidentId","title","serviceSource",
//  "signInId"} and {"id","log":"incidents","storyline","step":"incident","createdDateTime",
//  "alertIds"}, written into the sign-in labels (signin_labels.cc) and beside an alert export.
#include "simulator/export/formats.h"
#include "simulator/export/output.h"
#include "simulator/simulation/alert_log.h"

namespace tenantsim {
namespace {

void labelHead(std::string& out, std::string_view id, std::string_view log,
               std::string_view storyline, std::string_view step, Ticks created) {
  out += "{\"id\":";
  appendJsonString(out, id);
  out += ",\"log\":";
  appendJsonString(out, log);
  out += ",\"storyline\":";
  appendJsonString(out, storyline);
  out += ",\"step\":";
  appendJsonString(out, step);
  out += ",\"createdDateTime\":\"";
  appendIsoTime(out, created);
  out += '"';
}

}  // namespace

void renderAlertLabels(const AlertLog& log, Ticks from, Ticks to, std::string& out) {
  AlertDetails d;
  IncidentDetails incident;
  const Ticks asOf = log.simulation().scenario().windowEnd;
  std::vector<Incident> incidents = log.generateIncidents(from, to);
  size_t next = 0;  // incidents interleaved with alerts by time
  auto flushIncidents = [&](Ticks upTo) {
    for (; next < incidents.size() && incidents[next].time <= upTo; ++next) {
      const Incident& i = incidents[next];
      if (!i.planted()) continue;
      log.describeIncident(i, asOf, incident);
      labelHead(out, incident.id, "incidents", incident.label, "incident", i.time);
      out += ",\"alertIds\":[";
      for (size_t k = 0; k < i.alerts.size(); ++k) {
        if (k) out += ',';
        appendJsonString(out, AlertLog::alertId(i.alerts[k]));
      }
      out += "]}\n";
    }
  };
  for (const Alert& a : log.generate(from, to)) {
    flushIncidents(a.time - 1);
    if (!a.planted()) continue;
    log.describe(a, d);
    const size_t colon = d.label.rfind(':');
    labelHead(out, d.id, "alerts_v2", std::string_view(d.label).substr(0, colon),
              std::string_view(d.label).substr(colon + 1), a.time);
    out += ",\"incidentId\":";
    appendJsonString(out, d.incidentId);
    out += ",\"title\":";
    appendJsonString(out, d.text.title);
    out += ",\"serviceSource\":";
    appendJsonString(out, d.text.serviceSource);
    out += ",\"signInId\":";
    appendJsonString(out, d.signIn.id);
    out += "}\n";
  }
  flushIncidents(to);
}

}  // namespace tenantsim
