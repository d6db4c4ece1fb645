// Exports: the simulated events written as files in the formats Microsoft ships audit logs in.
// Every format writes to temporary names and renames when complete, so an interrupted export
// never leaves a partial file under a final name, and a rerun into the same place is idempotent.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "simulator/graph/render.h"
#include "simulator/simulation/simulation.h"

namespace tenantsim {

struct ExportOptions {
  std::string format = "ndjson";  // ndjson | graph-pages | csv | eventhub | blob | loganalytics
  ApiVersion api = ApiVersion::Beta;
  std::string out;  // file (ndjson; "-" or empty for stdout) or directory
  int shard = 0, shards = 1;
  std::optional<Ticks> from, to;  // narrow the window
  bool quiet = false;
  unsigned threads = 1;
  std::string baseUrl = "https://graph.microsoft.com";  // graph-pages nextLinks
  int pageSize = 1000;                                  // graph-pages
  // Which logs: a comma list of audits (directoryAudits + auditEvents), signIns
  // (auditLogs/signIns), riskDetections, alerts, incidents, provisioning
  // (auditLogs/provisioning), intuneDevices (Intune's OperationalLogs and DeviceComplianceOrg),
  // servicePrincipalRiskDetections and riskyServicePrincipals, or all (parseLogSelection).
  std::string log = "audits";
  // Sign-in records and rows of service principals and managed identities: resultType the
  // error code (code, as captured) or Success/Failure with the code in resultSignature
  // (outcome, as the Log Analytics docs say). docs/export.md#sign-ins.
  std::string signInResultType = "code";
};

// The logs one export writes (ExportOptions::log).
struct LogSelection {
  bool audits = false, signIns = false, riskDetections = false, alerts = false, incidents = false,
       provisioning = false, intuneDevices = false, servicePrincipalRiskDetections = false,
       riskyServicePrincipals = false;
};
// "audits", "signIns", "riskDetections", "alerts", "incidents", "provisioning", "intuneDevices",
// "servicePrincipalRiskDetections", "riskyServicePrincipals", a comma list of them (any order, no
// repeats), or "all"; a clear error otherwise.
Result<LogSelection> parseLogSelection(std::string_view text);

// Reports progress (events done, events total); called from the exporting thread.
using ProgressCallback = std::function<void(size_t done, size_t total)>;

// The time range an export covers: the shard's part of the window, narrowed by from/to.
std::pair<Ticks, Ticks> exportRange(const Simulation& sim, const ExportOptions& options);
// The events an export covers: those of exportRange.
std::vector<Event> eventsToExport(const Simulation& sim, const ExportOptions& options);
// Where a side log's ndjson goes beside another log's FILE: FILE.<log>.ndjson (FILE without its
// .ndjson).
std::string besideNdjson(std::string_view out, std::string_view log);
// A side log's options: o, with its ndjson at besideNdjson(o.out, log) when other logs are
// written too (withOthers).
ExportOptions sideLogOptions(const ExportOptions& o, bool withOthers, std::string_view log);

// Runs one export.
Status runExport(const Simulation& sim, const ExportOptions& options,
                 const ProgressCallback& progress);

// The logs runExport can write (ExportOptions::log), in the order they are written.
std::vector<std::string> exportLogs();

// The formats runExport knows.
std::vector<std::string> exportFormats();

// Renders events [first, last) as NDJSON lines (one Graph item each) into out.
void renderNdjson(const Simulation& sim, const Event* first, const Event* last, ApiVersion api,
                  std::string& out);

}  // namespace tenantsim
