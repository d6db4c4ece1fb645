// labels: the ground truth of an export, one JSON line per planted storyline event
// {"id","storyline","step","activityDateTime","activity","expectedDetection"} in time order.
#include <cstdio>

#include "simulator/export/formats.h"
#include "simulator/export/output.h"

namespace tenantsim {

std::string labelsPath(const ExportOptions& o) {
  if (o.format == "ndjson") return o.out + ".labels.ndjson";  // next to the events file
  return outputPath(o, "labels.ndjson");
}

Status writeLabelsAlongside(const Simulation& sim, const std::vector<Event>& events,
                            const ExportOptions& o) {
  if (o.out.empty() || o.out == "-" || isAzureBlobDestination(o.out)) return {};
  std::string labels;
  renderLabels(sim, events, labels);
  if (labels.empty()) return {};
  return writeFileAtomically(labelsPath(o), labels);
}

Status writeLabels(const Simulation& sim, const std::vector<Event>& events, const ExportOptions& o,
                   const ProgressCallback& progress) {
  std::string labels;
  renderLabels(sim, events, labels);
  if (progress) progress(events.size(), events.size());
  if (o.out.empty() || o.out == "-") {
    bool written = std::fwrite(labels.data(), 1, labels.size(), stdout) == labels.size() &&
                   std::fflush(stdout) == 0;
    return written ? Status() : plainError("write to stdout failed");
  }
  return writeFileAtomically(labelsPath(o), labels);
}

}  // namespace tenantsim
