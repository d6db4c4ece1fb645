// The writer of each export format. A writer gets the events of the export (sorted) and writes
// its files; it returns "" on success or what went wrong.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "simulator/export/exporter.h"

namespace tenantsim {

using FormatWriter = std::string (*)(const Simulation& sim, const std::vector<Event>& events,
                                     const ExportOptions& options,
                                     const ProgressCallback& progress);

std::string writeNdjson(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                        const ProgressCallback&);
std::string writeGraphPages(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                            const ProgressCallback&);
std::string writeCsv(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                     const ProgressCallback&);
std::string writeEventHub(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                          const ProgressCallback&);
std::string writeBlob(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                      const ProgressCallback&);
std::string writeLogAnalytics(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                              const ProgressCallback&);
std::string writeLabels(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                        const ProgressCallback&);

// The most an Event Hubs message body may hold (Azure Monitor splits larger batches).
constexpr size_t kEventHubMessageLimit = 256 * 1024;

// True for --out azblob://ACCOUNT/CONTAINER[/prefix] (the blob format writes to Azure Storage).
bool isAzureBlobDestination(std::string_view out);

// Where the ground truth of an export goes: DIR/labels.ndjson, or FILE.labels.ndjson for ndjson.
std::string labelsPath(const ExportOptions& o);
// Writes the labels of the planted events among events next to a finished export (nothing when
// there are none, or for stdout and azblob:// destinations).
std::string writeLabelsAlongside(const Simulation& sim, const std::vector<Event>& events,
                                 const ExportOptions& o);

}  // namespace tenantsim
