#include "simulator/export/exporter.h"

#include <map>

#include "simulator/export/azure_category_log.h"
#include "simulator/export/formats.h"

namespace tenantsim {

std::pair<Ticks, Ticks> exportRange(const Simulation& sim, const ExportOptions& o) {
  auto [from, to] = shardRange(sim.scenario(), o.shard, o.shards);
  if (o.from) from = std::max(from, *o.from);
  if (o.to) to = std::min(to, *o.to);
  return {from, to};
}

std::vector<Event> eventsToExport(const Simulation& sim, const ExportOptions& o) {
  auto [from, to] = exportRange(sim, o);
  return sim.generate(from, to, o.threads);
}

std::string besideNdjson(std::string_view out, std::string_view log) {
  if (out.ends_with(".ndjson")) out.remove_suffix(7);
  return std::string(out) + "." + std::string(log) + ".ndjson";
}

ExportOptions sideLogOptions(const ExportOptions& o, bool withOthers, std::string_view log) {
  ExportOptions file = o;
  if (withOthers && o.format == "ndjson") file.out = besideNdjson(o.out, log);
  return file;
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

namespace {
// The logs written after the audits and sign-ins, each in the formats that hold it, to its own
// file beside the others' in ndjson.
struct SideLog {
  const char* name;
  bool LogSelection::*chosen;
  Status (*write)(const Simulation&, const ExportOptions&, bool, const ProgressCallback&);
  bool (*writesFormat)(std::string_view format);
  const char* refusal;  // in another format, followed by that format when it ends in "not "
  const char* goesTo;   // "<what> go(es)" to FILE.<name>.ndjson
};
bool ndjsonOnly(std::string_view format) { return format == "ndjson"; }
constexpr SideLog kSideLogs[] = {
    {"riskDetections", &LogSelection::riskDetections, writeRiskDetections, azureCategoryFormat,
     "riskDetections are written as --format ndjson, or as the UserRiskEvents and RiskyUsers "
     "categories in eventhub, blob or loganalytics, not ",
     "risk detections go"},
    {"alerts", &LogSelection::alerts, writeAlerts, ndjsonOnly,
     "alerts are written as --format ndjson only", "alerts go"},
    {"incidents", &LogSelection::incidents, writeIncidents, ndjsonOnly,
     "incidents are written as --format ndjson only", "incidents go"},
    {"provisioning", &LogSelection::provisioning, writeProvisioning, provisioningFormat,
     "the provisioning log is written as --format ndjson, graph-pages, csv, eventhub, blob or "
     "loganalytics, not ",
     "provisioning goes"},
    {"intuneDevices", &LogSelection::intuneDevices, writeIntuneDevices, azureCategoryFormat,
     "Intune device activity is written as --format ndjson, eventhub, blob or loganalytics, not ",
     "Intune device records go"},
    {"servicePrincipalRiskDetections", &LogSelection::servicePrincipalRiskDetections,
     writeServicePrincipalRiskDetections, azureCategoryFormat,
     "servicePrincipalRiskDetections are written as --format ndjson, eventhub, blob or "
     "loganalytics, not ",
     "service-principal risk detections go"},
    {"riskyServicePrincipals", &LogSelection::riskyServicePrincipals, writeRiskyServicePrincipals,
     azureCategoryFormat,
     "riskyServicePrincipals are written as --format ndjson, eventhub, blob or loganalytics, not ",
     "risky service principals go"},
};

}  // namespace

std::vector<std::string> exportLogs() {
  return {"audits",
          "signIns",
          "riskDetections",
          "alerts",
          "incidents",
          "provisioning",
          "intuneDevices",
          "servicePrincipalRiskDetections",
          "riskyServicePrincipals"};
}

Result<LogSelection> parseLogSelection(std::string_view text) {
  LogSelection selection;
  if (text == "all") return LogSelection{true, true, true, true, true, true, true, true, true};
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string_view name = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    bool* chosen = name == "audits"           ? &selection.audits
                   : name == "signIns"        ? &selection.signIns
                   : name == "riskDetections" ? &selection.riskDetections
                   : name == "alerts"         ? &selection.alerts
                   : name == "incidents"      ? &selection.incidents
                   : name == "provisioning"   ? &selection.provisioning
                   : name == "intuneDevices"  ? &selection.intuneDevices
                   : name == "servicePrincipalRiskDetections"
                       ? &selection.servicePrincipalRiskDetections
                   : name == "riskyServicePrincipals" ? &selection.riskyServicePrincipals
                                                      : nullptr;
    if (!chosen)
      return plainError("unknown log '" + std::string(name) +
                        "' in --log (known: audits, signIns, riskDetections, alerts, incidents, "
                        "provisioning, intuneDevices, servicePrincipalRiskDetections, "
                        "riskyServicePrincipals; a comma list, or all)");
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
  // Each side log is written in the formats its writesFormat names (alerts and incidents as
  // ndjson only): named in another format, it is refused; `all` in another format leaves it out.
  const bool others = logs->audits || logs->signIns;
  std::vector<const SideLog*> sideLogs;
  for (const SideLog& side : kSideLogs) {
    if (!(*logs.*side.chosen)) continue;
    if (side.writesFormat(o.format))
      sideLogs.push_back(&side);
    else if (o.log != "all" || !others)
      return plainError(std::string(side.refusal) +
                        (std::string_view(side.refusal).ends_with("not ") ? o.format : ""));
  }
  const bool severalFiles = sideLogs.size() + (others ? 1 : 0) > 1;
  Status sideBeside;
  if (severalFiles && o.format == "ndjson" && (o.out.empty() || o.out == "-")) {
    const SideLog& named = others ? *sideLogs.front() : *sideLogs.back();
    sideBeside = plainError(std::string("--log with ") + named.name +
                            " and another log writes two ndjson files: give --out FILE (" +
                            named.goesTo + " to FILE." + named.name + ".ndjson)");
  }
  auto writeSideLogs = [&](Status written) {
    for (const SideLog* side : sideLogs) {
      if (!written) break;
      written = side->write(sim, o, severalFiles, progress);
    }
    return written;
  };
  if (!others) {
    if (!sideBeside) return sideBeside;
    return writeSideLogs(Status());
  }
  if (!logs->audits) {
    if (!sideBeside) return sideBeside;
    return writeSideLogs(writeSignIns(sim, o, false, progress));
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
  if (!sideBeside) return sideBeside;
  std::vector<Event> events = eventsToExport(sim, o);
  Status written = format->write(sim, events, o, progress);
  if (written && o.format != "labels") written = writeLabelsAlongside(sim, events, o);
  // The labels format covers the planted audit events only.
  if (written && logs->signIns && o.format != "labels")
    written = writeSignIns(sim, o, true, progress);
  return writeSideLogs(written);
}

}  // namespace tenantsim
