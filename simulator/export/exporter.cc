#include "simulator/export/exporter.h"

#include <map>

#include "simulator/export/formats.h"

namespace tenantsim {

std::vector<Event> eventsToExport(const Simulation& sim, const ExportOptions& o) {
  auto [from, to] = shardRange(sim.scenario(), o.shard, o.shards);
  if (o.from) from = std::max(from, *o.from);
  if (o.to) to = std::min(to, *o.to);
  return sim.generate(from, to, o.threads);
}

namespace {
struct Format {
  const char* name;
  FormatWriter write;
};
// Every format, in the order --help lists them.
constexpr Format kFormats[] = {
    {"ndjson", writeNdjson}, {"graph-pages", writeGraphPages},
    {"csv", writeCsv},       {"eventhub", writeEventHub},
    {"blob", writeBlob},     {"loganalytics", writeLogAnalytics},
    {"labels", writeLabels},
};
}  // namespace

std::vector<std::string> exportFormats() {
  std::vector<std::string> names;
  for (const Format& f : kFormats) names.push_back(f.name);
  return names;
}

std::vector<std::string> exportLogs() {
  return {"audits", "signIns", "riskDetections", "provisioning"};
}

Result<LogSelection> parseLogSelection(std::string_view text) {
  LogSelection selection;
  if (text == "all") return LogSelection{true, true, true, true};
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string_view name = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    bool* chosen = name == "audits"           ? &selection.audits
                   : name == "signIns"        ? &selection.signIns
                   : name == "riskDetections" ? &selection.riskDetections
                   : name == "provisioning"   ? &selection.provisioning
                                              : nullptr;
    if (!chosen)
      return plainError("unknown log '" + std::string(name) +
                        "' in --log (known: audits, signIns, riskDetections, provisioning; a "
                        "comma list, or all)");
    if (*chosen) return plainError("--log names '" + std::string(name) + "' twice");
    *chosen = true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return selection;
}

Status runExport(const Simulation& sim, const ExportOptions& o, const ProgressCallback& progress) {
  Result<LogSelection> logs = parseLogSelection(o.log);
  if (!logs) return logs.error();
  if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards) return plainError("invalid shard");
  // Risk detections are written as ndjson only: named alone or with other logs in another
  // format, they are refused; `all` in another format leaves them out.
  const bool risks = logs->riskDetections && o.format == "ndjson";
  const bool others = logs->audits || logs->signIns;
  if (logs->riskDetections && o.format != "ndjson" && (o.log != "all" || !others))
    return plainError(
        "riskDetections are written as --format ndjson only (the RiskyUsers and "
        "UserRiskEvents Azure Monitor categories are not built yet)");
  const Status risksBeside =
      risks && others && (o.out.empty() || o.out == "-")
          ? plainError(
                "--log with riskDetections and another log writes two ndjson files: give --out "
                "FILE (risk detections go to FILE.riskDetections.ndjson)")
          : Status();
  // The provisioning log: in the formats that hold it; `all` in another format leaves it out.
  const bool provisioning = logs->provisioning && (provisioningFormat(o.format) || o.log != "all");
  if (provisioning && !provisioningFormat(o.format))
    return plainError(
        "the provisioning log is written as --format ndjson, graph-pages, eventhub, blob "
        "or loganalytics, not " +
        o.format);
  const Status provisioningBeside =
      provisioning && (others || risks) && o.format == "ndjson" && (o.out.empty() || o.out == "-")
          ? plainError(
                "--log with provisioning and another log writes two ndjson files: give --out "
                "FILE (provisioning goes to FILE.provisioning.ndjson)")
          : Status();
  if (!others) {
    if (!provisioningBeside) return provisioningBeside;
    Status written = logs->riskDetections || !provisioning
                         ? writeRiskDetections(sim, o, provisioning, progress)
                         : Status();
    return written && provisioning ? writeProvisioning(sim, o, logs->riskDetections, progress)
                                   : written;
  }
  if (!logs->audits) {
    if (!risksBeside) return risksBeside;
    if (!provisioningBeside) return provisioningBeside;
    Status written = writeSignIns(sim, o, false, progress);
    if (written && risks) written = writeRiskDetections(sim, o, true, progress);
    return written && provisioning ? writeProvisioning(sim, o, true, progress) : written;
  }
  const Format* format = nullptr;
  for (const Format& f : kFormats)
    if (o.format == f.name) format = &f;
  if (!format) {
    std::string known;
    for (const auto& name : exportFormats()) known += (known.empty() ? "" : ", ") + name;
    return plainError("unknown format '" + o.format + "' (known: " + known + ")");
  }
  if (isAzureBlobDestination(o.out) && o.format != "blob")
    return plainError("azblob:// destinations take --format blob");
  // Refuse a sign-in export that cannot be written before writing the audits.
  if (logs->signIns && o.format != "labels")
    if (Status checked = checkSignInExport(o, true); !checked) return checked;
  if (!risksBeside) return risksBeside;
  if (!provisioningBeside) return provisioningBeside;
  std::vector<Event> events = eventsToExport(sim, o);
  Status written = format->write(sim, events, o, progress);
  if (written && o.format != "labels") written = writeLabelsAlongside(sim, events, o);
  // The labels format covers the planted audit events only.
  if (written && logs->signIns && o.format != "labels")
    written = writeSignIns(sim, o, true, progress);
  if (written && risks) written = writeRiskDetections(sim, o, true, progress);
  if (written && provisioning) written = writeProvisioning(sim, o, true, progress);
  return written;
}

}  // namespace tenantsim
