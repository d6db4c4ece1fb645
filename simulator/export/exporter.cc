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

std::vector<std::string> exportLogs() { return {"audits", "signIns"}; }

Status runExport(const Simulation& sim, const ExportOptions& o, const ProgressCallback& progress) {
  if (o.log == "signIns") {
    if (o.format != "ndjson")
      return plainError("--log signIns is written as --format ndjson (got '" + o.format + "')");
    if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards) return plainError("invalid shard");
    return writeSignInsNdjson(sim, o, progress);
  }
  if (o.log != "audits") return plainError("unknown log '" + o.log + "' (known: audits, signIns)");
  const Format* format = nullptr;
  for (const Format& f : kFormats)
    if (o.format == f.name) format = &f;
  if (!format) {
    std::string known;
    for (const auto& name : exportFormats()) known += (known.empty() ? "" : ", ") + name;
    return plainError("unknown format '" + o.format + "' (known: " + known + ")");
  }
  if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards) return plainError("invalid shard");
  if (isAzureBlobDestination(o.out) && o.format != "blob")
    return plainError("azblob:// destinations take --format blob");
  std::vector<Event> events = eventsToExport(sim, o);
  Status written = format->write(sim, events, o, progress);
  if (written && o.format != "labels") return writeLabelsAlongside(sim, events, o);
  return written;
}

}  // namespace tenantsim
