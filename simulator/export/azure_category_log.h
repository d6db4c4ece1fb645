// A log written in Azure Monitor's shapes, one category per kind of record (docs/export.md): the
// writers of eventhub (one hub per category, 5-minute windows of visible time, 256 KB bodies, and
// an index of the log's messages), blob (JSON Lines per category and hour), loganalytics (one
// NDJSON file per table and a schema file) and ndjson (the records, one per line), shared by the
// logs that have no Graph shape of their own to export (Intune device activity, the risk
// categories). The log describes its items; this file writes them.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "simulator/export/exporter.h"

namespace tenantsim {

struct AzureColumn {
  std::string_view name, type;  // KQL type: string, datetime, long, bool, dynamic
};

// One category of the log: its Event Hub / container name and its Log Analytics table.
struct AzureCategory {
  std::string_view category;   // "OperationalLogs"
  std::string_view container;  // "insights-logs-operationallogs" (hub and container)
  std::string_view table;      // "IntuneOperationalLogs"
  std::span<const AzureColumn> columns;
};

struct AzureCategoryLog {
  std::string_view name;  // files: eventhub/<name>-index.ndjson, <name>-schema.json
  std::span<const AzureCategory> categories;
  size_t count = 0;  // items, in (time, key) order
  std::function<size_t(size_t item)> categoryOf;
  std::function<Ticks(size_t item)> timeOf, visibleAtOf;
  // The Event Hub / storage record of an item, and its Log Analytics row (a JSON object); no
  // newline.
  std::function<void(size_t item, std::string&out)> record, row;
  std::string provider;      // the Event Hub index's resource provider, e.g. "microsoft.intune"
  std::string resourcePath;  // the blob path's resourceId segment
  uint64_t hubSeed = 0;      // enqueue delays
};

// Writes the log in o.format (ndjson to o.out, the others under the directory o.out).
Status writeAzureCategoryLog(const AzureCategoryLog& log, const ExportOptions& o,
                             const ProgressCallback& progress);

// Appends {"TimeGenerated":"<ISO time>": the start of a Log Analytics row.
void beginTableRow(std::string& out, Ticks timeGenerated);
// Appends ,"<key>":"<ISO time>" (7 fraction digits, Z): a datetime column or property.
void appendTimeField(std::string& out, std::string_view key, Ticks t);

// Whether writeAzureCategoryLog writes o.format.
bool azureCategoryFormat(std::string_view format);

}  // namespace tenantsim
