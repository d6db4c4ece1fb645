// loganalytics: the rows a Log Analytics workspace holds in its AuditLogs (Entra) and
// IntuneAuditLogs tables, one NDJSON file per table (dynamic columns as JSON values, the rest as
// strings and numbers) and schema.json with every table's columns and KQL types.
// TimeGenerated is the ingestion (visible) time, not the activity time.
#include "simulator/export/azure_records.h"
#include "simulator/export/formats.h"
#include "simulator/export/output.h"

namespace tenantsim {
namespace {

struct Column {
  const char* name;
  const char* type;
};

// In the order the rows list them.
constexpr Column kAuditLogsColumns[] = {
    {"TimeGenerated", "datetime"},
    {"ResourceId", "string"},
    {"OperationName", "string"},
    {"OperationVersion", "string"},
    {"Category", "string"},
    {"ResultType", "string"},
    {"ResultSignature", "string"},
    {"ResultDescription", "string"},
    {"DurationMs", "long"},
    {"CorrelationId", "string"},
    {"Resource", "string"},
    {"ResourceGroup", "string"},
    {"ResourceProvider", "string"},
    {"Identity", "string"},
    {"Level", "string"},
    {"Location", "string"},
    {"AdditionalDetails", "dynamic"},
    {"Id", "string"},
    {"InitiatedBy", "dynamic"},
    {"LoggedByService", "string"},
    {"Result", "string"},
    {"ResultReason", "string"},
    {"TargetResources", "dynamic"},
    {"AADTenantId", "string"},
    {"ActivityDisplayName", "string"},
    {"ActivityDateTime", "datetime"},
    {"AADOperationType", "string"},
    {"SourceSystem", "string"},
    {"Type", "string"},
};
constexpr Column kIntuneAuditLogsColumns[] = {
    {"TimeGenerated", "datetime"}, {"ResultDescription", "string"},
    {"OperationName", "string"},   {"Identity", "string"},
    {"ResultType", "string"},      {"Properties", "string"},
    {"CorrelationId", "string"},   {"Category", "string"},
    {"SourceSystem", "string"},    {"Type", "string"},
};

void key(std::string& out, std::string_view name, bool first = false) {
  out += first ? "{\"" : ",\"";
  out += name;
  out += "\":";
}

void stringColumn(std::string& out, std::string_view name, std::string_view value) {
  key(out, name);
  appendJsonString(out, value);
}

void timeColumn(std::string& out, std::string_view name, Ticks t, bool first = false) {
  key(out, name, first);
  out += '"';
  appendIsoTime(out, t);
  out += '"';
}

void renderAuditLogsRow(const EventDetails& d, std::string_view tenantId, std::string& out) {
  const Event& e = *d.event;
  const Activity& a = *d.activity;
  timeColumn(out, "TimeGenerated", e.visibleAt(), true);
  key(out, "ResourceId");
  out += "\"/tenants/";
  out += tenantId;
  out += "/providers/Microsoft.aadiam\"";
  stringColumn(out, "OperationName", a.name);
  stringColumn(out, "OperationVersion", "1.0");
  stringColumn(out, "Category", a.category);
  stringColumn(out, "ResultType", e.result == OperationResult::Success ? "" : "Failure");
  stringColumn(out, "ResultSignature", "None");
  stringColumn(out, "ResultDescription", d.resultReasonNull ? std::string_view() : d.resultReason);
  out += ",\"DurationMs\":0";
  stringColumn(out, "CorrelationId", d.correlationId);
  stringColumn(out, "Resource", "Microsoft.aadiam");
  stringColumn(out, "ResourceGroup", "Microsoft.aadiam");
  stringColumn(out, "ResourceProvider", "Microsoft.aadiam");
  stringColumn(out, "Identity", recordIdentity(d));
  stringColumn(out, "Level", "4");
  stringColumn(out, "Location", "");
  key(out, "AdditionalDetails");
  renderEntraAdditionalDetails(d, out);
  stringColumn(out, "Id", d.id);
  key(out, "InitiatedBy");
  renderEntraInitiatedBy(d, out);
  stringColumn(out, "LoggedByService", a.service);
  stringColumn(out, "Result", operationResultName(e.result));
  stringColumn(out, "ResultReason", d.resultReasonNull ? std::string_view() : d.resultReason);
  key(out, "TargetResources");
  renderEntraTargets(d, out);
  stringColumn(out, "AADTenantId", tenantId);
  stringColumn(out, "ActivityDisplayName", a.name);
  timeColumn(out, "ActivityDateTime", e.time);
  stringColumn(out, "AADOperationType", a.operationType);
  stringColumn(out, "SourceSystem", "Azure AD");
  stringColumn(out, "Type", "AuditLogs");
  out += "}\n";
}

void renderIntuneAuditLogsRow(const EventDetails& d, std::string& out, std::string& properties) {
  const Event& e = *d.event;
  timeColumn(out, "TimeGenerated", e.visibleAt(), true);
  stringColumn(out, "ResultDescription", "None");
  stringColumn(out, "OperationName", d.activity->name);
  stringColumn(out, "Identity", recordIdentity(d));
  stringColumn(out, "ResultType", e.result == OperationResult::Success ? "Success" : "Failure");
  properties.clear();
  renderIntuneProperties(d, properties);
  stringColumn(out, "Properties", properties);
  stringColumn(out, "CorrelationId", d.correlationId);
  stringColumn(out, "Category", "AuditLogs");
  stringColumn(out, "SourceSystem", "Microsoft Intune");  // UNCONFIRMED value
  stringColumn(out, "Type", "IntuneAuditLogs");
  out += "}\n";
}

template <size_t N>
void appendSchema(std::string& out, const char* table, const Column (&columns)[N]) {
  out += "  ";
  appendJsonString(out, table);
  out += ": [\n";
  for (size_t i = 0; i < N; ++i) {
    out += "    {\"name\": ";
    appendJsonString(out, columns[i].name);
    out += ", \"type\": ";
    appendJsonString(out, columns[i].type);
    out += i + 1 < N ? "},\n" : "}\n";
  }
  out += "  ]";
}

}  // namespace

Status writeLogAnalytics(const Simulation& sim, const std::vector<Event>& events,
                         const ExportOptions& o, const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("loganalytics needs --out DIR");
  std::string schema = "{\n";
  appendSchema(schema, "AuditLogs", kAuditLogsColumns);
  schema += ",\n";
  appendSchema(schema, "IntuneAuditLogs", kIntuneAuditLogsColumns);
  schema += "\n}\n";
  if (Status written = writeFileAtomically(outputPath(o, "schema.json"), schema); !written)
    return written;

  const std::string tenantId = sim.tenant().id();
  ProgressCounter counter{&progress, 0, events.size()};
  for (auto [source, name] : {std::pair{Source::Entra, "AuditLogs.ndjson"},
                              std::pair{Source::Intune, "IntuneAuditLogs.ndjson"}}) {
    Status written = writeEndpointFile(
        sim, events, o, source, outputPath(o, name), /*newestFirst=*/false, "",
        [&](const EventDetails& d, std::string& out) {
          thread_local std::string properties;
          if (source == Source::Intune)
            renderIntuneAuditLogsRow(d, out, properties);
          else
            renderAuditLogsRow(d, tenantId, out);
        },
        counter);
    if (!written) return written;
  }
  return {};
}

}  // namespace tenantsim
