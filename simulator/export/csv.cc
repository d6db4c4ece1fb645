// csv: the Entra portal's "Download" shape, one row per event (newest first, as the list view
// shows them), one file per endpoint, RFC 4180 (CRLF line ends, fields quoted when they contain a
// comma, quote, CR or LF; quotes doubled).
#include "simulator/export/formats.h"
#include "simulator/export/output.h"

namespace tenantsim {
namespace {

constexpr size_t kTargetColumns = 3;            // Target1..Target3
constexpr size_t kModifiedPropertyColumns = 5;  // per target
constexpr size_t kAdditionalDetailColumns = 6;

std::string csvHeader() {
  std::string h;
  for (const char* name :
       {"Date (UTC)", "CorrelationId", "Service", "Category", "Activity", "Result", "ResultReason",
        "ActorType", "ActorDisplayName", "ActorObjectId", "ActorUserPrincipalName", "IPAddress"})
    appendCsvField(h, name, h.empty());
  for (size_t t = 1; t <= kTargetColumns; ++t) {
    std::string target = "Target" + std::to_string(t);
    for (const char* field : {"Type", "DisplayName", "ObjectId", "UserPrincipalName"})
      appendCsvField(h, target + field);
    for (size_t p = 1; p <= kModifiedPropertyColumns; ++p) {
      std::string prop = target + "ModifiedProperty" + std::to_string(p);
      for (const char* field : {"Name", "OldValue", "NewValue"}) appendCsvField(h, prop + field);
    }
  }
  for (size_t i = 1; i <= kAdditionalDetailColumns; ++i) {
    std::string detail = "AdditionalDetails" + std::to_string(i);
    appendCsvField(h, detail + "Key");
    appendCsvField(h, detail + "Value");
  }
  h += "\r\n";
  return h;
}

const char* resultText(OperationResult r) {
  switch (r) {
    case OperationResult::Success:
      return "Success";
    case OperationResult::Failure:
      return "Failure";
    case OperationResult::Timeout:
      return "Timeout";
  }
  return "";
}

void renderCsvRow(const EventDetails& d, std::string& out, std::string& scratch) {
  const Activity& a = *d.activity;
  bool app = d.byApp();
  scratch.clear();
  appendIsoTime(scratch, d.event->time);
  appendCsvField(out, scratch, true);
  appendCsvField(out, d.correlationId);
  appendCsvField(out, a.service);
  appendCsvField(out, a.category);
  appendCsvField(out, a.name);
  appendCsvField(out, resultText(d.event->result));
  appendCsvField(out, d.resultReason);
  if (a.source == Source::Intune)
    appendCsvField(out, d.actorType);
  else
    appendCsvField(out, app ? "Application" : "User");
  appendCsvField(
      out, app ? d.appDisplayName : (d.userDisplayNameNull ? std::string() : d.userDisplayName));
  appendCsvField(out, app ? d.servicePrincipalId : d.userId);
  appendCsvField(out, app ? std::string_view() : std::string_view(d.userPrincipalName));
  appendCsvField(out, app || d.ipAddressNull ? std::string_view() : std::string_view(d.ipAddress));
  for (size_t t = 0; t < kTargetColumns; ++t) {
    const TargetResource* target = t < d.targetCount ? &d.targets[t] : nullptr;
    appendCsvField(out, target ? target->type : std::string());
    appendCsvField(out, target && !target->displayNameNull ? target->displayName : std::string());
    appendCsvField(out, target ? target->id : std::string());
    appendCsvField(out, target && !target->upnNull ? target->userPrincipalName : std::string());
    for (size_t p = 0; p < kModifiedPropertyColumns; ++p) {
      const ModifiedProperty* m = target && p < target->propCount ? &target->props[p] : nullptr;
      appendCsvField(out, m ? std::string_view(m->displayName) : std::string_view());
      appendCsvField(out, m && !m->oldNull ? std::string_view(m->oldValue) : std::string_view());
      appendCsvField(out, m && !m->newNull ? std::string_view(m->newValue) : std::string_view());
    }
  }
  for (size_t i = 0; i < kAdditionalDetailColumns; ++i) {
    const KeyValue* kv = i < d.detailCount ? &d.details[i] : nullptr;
    appendCsvField(out, kv ? std::string_view(kv->key) : std::string_view());
    appendCsvField(out, kv ? std::string_view(kv->value) : std::string_view());
  }
  out += "\r\n";
}

}  // namespace

Status writeCsv(const Simulation& sim, const std::vector<Event>& events, const ExportOptions& o,
                const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("csv needs --out DIR");
  ProgressCounter counter{&progress, 0, events.size()};
  const std::string header = csvHeader();
  for (auto [source, name] : {std::pair{Source::Entra, "AuditLogs.csv"},
                              std::pair{Source::Intune, "IntuneAuditLogs.csv"}}) {
    Status written = writeEndpointFile(
        sim, events, o, source, outputPath(o, name), /*newestFirst=*/true, header,
        [](const EventDetails& d, std::string& out) {
          thread_local std::string scratch;
          renderCsvRow(d, out, scratch);
        },
        counter);
    if (!written) return written;
  }
  return {};
}

}  // namespace tenantsim
