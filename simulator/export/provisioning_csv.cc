// csv for the provisioning log: OUT/ProvisioningLogs.csv, the portal's download as we model it
// (docs/provisioning.md#export; UNCONFIRMED column names and order, no capture in the fact sheet):
// one row per provisioningObjectSummary, newest first as the list, RFC 4180 as the other csv
// files (fields quoted when needed, CRLF).
#include "base/atomic_file.h"
#include "base/time.h"
#include "simulator/export/formats.h"
#include "simulator/export/output.h"
#include "simulator/simulation/provisioning_log.h"

namespace tenantsim {
namespace {

using CsvValue = std::string_view (*)(const ProvisioningDetails& d, std::string& scratch);
struct CsvColumn {
  const char* name;
  CsvValue value;
};

constexpr CsvColumn kColumns[] = {
    {"Date (UTC)",
     [](const ProvisioningDetails& d, std::string& s) -> std::string_view {
       appendIsoTime(s, d.event->time);
       return s;
     }},
    {"Id", [](const ProvisioningDetails& d, std::string&) -> std::string_view { return d.id; }},
    {"Change ID",
     [](const ProvisioningDetails& d, std::string&) -> std::string_view { return d.changeId; }},
    {"Cycle ID",
     [](const ProvisioningDetails& d, std::string&) -> std::string_view { return d.cycleId; }},
    {"Job ID",
     [](const ProvisioningDetails& d, std::string&) -> std::string_view { return d.job->jobId; }},
    {"Action", [](const ProvisioningDetails& d,
                  std::string&) { return provisioningActionName(d.event->action); }},
    {"Status", [](const ProvisioningDetails& d,
                  std::string&) { return provisioningResultName(d.event->result); }},
    {"Source system",
     [](const ProvisioningDetails&, std::string&) { return kProvisioningSourceSystemName; }},
    {"Target system",
     [](const ProvisioningDetails& d, std::string&) -> std::string_view { return d.job->app; }},
    {"Source identity ID",
     [](const ProvisioningDetails& d, std::string&) -> std::string_view { return d.sourceId; }},
    {"Source identity name",
     [](const ProvisioningDetails& d, std::string&) -> std::string_view { return d.sourceName; }},
    {"Target identity ID",
     [](const ProvisioningDetails& d, std::string&) -> std::string_view { return d.targetId; }},
    {"Service principal ID",
     [](const ProvisioningDetails& d, std::string&) -> std::string_view {
       return d.job->servicePrincipalId;
     }},
    {"Initiated by",
     [](const ProvisioningDetails&, std::string&) { return kProvisioningInitiator; }},
    {"Duration (ms)",
     [](const ProvisioningDetails& d, std::string& s) -> std::string_view {
       s = std::to_string(d.durationMs);
       return s;
     }},
    {"Error code", [](const ProvisioningDetails& d, std::string&) { return d.errorCode; }},
    {"Status reason", [](const ProvisioningDetails& d, std::string&) { return d.reason; }},
    {"Recommended action",
     [](const ProvisioningDetails& d, std::string&) { return d.recommendedAction; }},
};

}  // namespace

Status writeProvisioningCsv(const ProvisioningLog& log,
                            const std::vector<ProvisioningEvent>& events, const ExportOptions& o,
                            const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("csv needs --out DIR");
  AtomicFile file;
  if (Status opened = file.open(outputPath(o, "ProvisioningLogs.csv")); !opened) return opened;
  std::string text;
  for (size_t i = 0; i < std::size(kColumns); ++i) appendCsvField(text, kColumns[i].name, i == 0);
  text += "\r\n";
  ProgressCounter counter{&progress, 0, events.size()};
  Status rendered = renderPositionsInOrder(
      events.size(), o.threads,
      [&](unsigned, size_t position, std::string& out) {
        thread_local ProvisioningDetails d;
        thread_local std::string scratch;
        log.describe(events[events.size() - 1 - position], d);  // newest first
        for (size_t i = 0; i < std::size(kColumns); ++i) {
          scratch.clear();
          appendCsvField(out, kColumns[i].value(d, scratch), i == 0);
        }
        out += "\r\n";
      },
      [&](size_t, const RenderedBlock& block) -> Status {
        if (!text.empty()) {
          if (Status written = file.write(text); !written) return written;
          text.clear();
        }
        return file.write(block.bytes);
      },
      counter);
  if (!rendered) return rendered;
  if (!text.empty())
    if (Status written = file.write(text); !written) return written;
  return file.commit();
}

}  // namespace tenantsim
