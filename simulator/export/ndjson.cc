// ndjson: one Graph item per line in time order, rendered in parallel blocks and written in order
// (to a file that appears whole when complete, or to stdout).
#include "simulator/export/formats.h"
#include "simulator/export/output.h"

namespace tenantsim {

void renderNdjson(const Simulation& sim, const Event* first, const Event* last, ApiVersion api,
                  std::string& out) {
  EventDetails d;
  for (const Event* e = first; e != last; ++e) {
    sim.describe(*e, d);
    renderGraphItem(d, api, out);
    out += '\n';
  }
}

Status writeNdjson(const Simulation& sim, const std::vector<Event>& events, const ExportOptions& o,
                   const ProgressCallback& progress) {
  return writeLines(events.size(), o, progress, [&](size_t a, size_t b, std::string& out) {
    renderNdjson(sim, events.data() + a, events.data() + b, o.api, out);
  });
}

}  // namespace tenantsim
