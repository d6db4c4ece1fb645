// The writer of each export format. A writer gets the events of the export (sorted) and writes
// its files; it returns "" on success or what went wrong.
#pragma once

#include <string>
#include <vector>

#include "simulator/export/exporter.h"

namespace tenantsim {

using FormatWriter = std::string (*)(const Simulation& sim, const std::vector<Event>& events,
                                     const ExportOptions& options, const ProgressCallback& progress);

std::string writeNdjson(const Simulation&, const std::vector<Event>&, const ExportOptions&, const ProgressCallback&);

}  // namespace tenantsim
