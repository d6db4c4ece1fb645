// The provisioning log (auditLogs/provisioning, docs/provisioning.md#export): the shard's part of
// the window (by activity time), narrowed by from/to, in
//   ndjson:       one provisioningObjectSummary per line in time order (the --api version's
//                 shape; FILE.provisioning.ndjson beside another log's FILE);
//   graph-pages:  OUT/provisioning/page-NNNNN.json, the pages the list returns newest first
//                 with $top=pageSize;
//   eventhub:     OUT/eventhub/insights-logs-provisioninglogs/<enqueued>-NNNN.json, batched like
//                 the audit hub (5-minute windows, 256 KB bodies), and
//                 OUT/eventhub/provisioning-index.ndjson;
//   blob:         OUT/insights-logs-provisioninglogs/resourceId=/tenants/<tid>/providers/
//                 microsoft.aadiam/y=…/PT1H.json, JSON Lines per hour;
//   loganalytics: OUT/AADProvisioningLogs.ndjson and OUT/provisioning-schema.json.
#include <algorithm>

#include "base/atomic_file.h"
#include "base/json_writer.h"
#include "simulator/export/azure_records.h"
#include "simulator/export/eventhub_messages.h"
#include "simulator/export/formats.h"
#include "simulator/export/graph_pages.h"
#include "simulator/export/output.h"
#include "simulator/export/provisioning_records.h"
#include "simulator/graph/provisioning_render.h"

namespace tenantsim {
namespace {

struct Export {
  const ProvisioningLog& log;
  const std::vector<ProvisioningEvent>& events;
  const ExportOptions& o;
  std::string tenantId;
};

Status writeNdjsonLines(const Export& x, const ProgressCallback& progress) {
  return writeLines(x.events.size(), x.o, progress, [&](size_t a, size_t b, std::string& out) {
    ProvisioningDetails d;
    for (size_t i = a; i < b; ++i) {
      x.log.describe(x.events[i], d);
      renderProvisioning(d, x.o.api, x.tenantId, out);
      out += '\n';
    }
  });
}

Status writePages(const Export& x, const ProgressCallback& progress) {
  const ExportOptions& o = x.o;
  if (o.out.empty() || o.out == "-") return plainError("graph-pages needs --out DIR");
  constexpr std::string_view kFolder = "provisioning", kPath = "auditLogs/provisioning";
  const std::string base = trimmedBaseUrl(o);
  const std::string context =
      base + "/" + std::string(apiName(o.api)) + "/$metadata#" + std::string(kPath);
  GraphPageWriter pages(
      outputPath(o, kFolder), context, static_cast<size_t>(std::max(1, o.pageSize)),
      x.events.size(), [&](size_t p) {
        if (base.starts_with("file:"))
          return base + "/" + std::string(kFolder) + "/" + graphPageName(p) + ".json";
        return base + "/" + std::string(apiName(o.api)) + "/" + std::string(kPath) +
               "?$top=" + std::to_string(o.pageSize) + "&$skiptoken=" + graphPageName(p);
      });
  ProvisioningDetails d;
  std::string item;
  ProgressCounter counter{&progress, 0, x.events.size()};
  for (auto it = x.events.rbegin(); it != x.events.rend(); ++it) {  // newest first
    x.log.describe(*it, d);
    item.clear();
    renderProvisioning(d, o.api, x.tenantId, item);
    if (Status added = pages.add(item); !added) return added;
    counter.advance(1);
  }
  return pages.finish();
}

Status writeHub(const Export& x, const ProgressCallback& progress) {
  if (x.o.out.empty() || x.o.out == "-") return plainError("eventhub needs --out DIR");
  const std::string resourceId = entraResourceId(x.tenantId);
  EventHubMessageWriter writer(x.o, x.log.simulation().scenario().seed ^ 0x70726f76,
                               std::string(kProvisioningContainer));
  ProvisioningDetails d;
  std::string record;
  ProgressCounter counter{&progress, 0, x.events.size()};
  for (const ProvisioningEvent& e : x.events) {  // visible at their time: windows ascend
    x.log.describe(e, d);
    record.clear();
    renderProvisioningRecord(d, x.tenantId, resourceId, record);
    if (Status added = writer.add(eventHubWindowOf(e.visibleAt()), 0, "Microsoft.aadiam", record);
        !added)
      return added;
    counter.advance(1);
  }
  if (Status finished = writer.finish(); !finished) return finished;
  std::string text;
  for (const auto& line : writer.index()) text += line.line;
  return writeFileAtomically(outputPath(x.o, "eventhub/provisioning-index.ndjson"), text);
}

Status writeBlobs(const Export& x, const ProgressCallback& progress) {
  if (x.o.out.empty() || x.o.out == "-") return plainError("blob needs --out DIR");
  const std::string resourceId = entraResourceId(x.tenantId);
  const std::string resourcePath = "/tenants/" + x.tenantId + "/providers/microsoft.aadiam";
  AtomicFile file;
  bool open = false;
  Ticks openHour = 0;
  ProvisioningDetails d;
  std::string record;
  ProgressCounter counter{&progress, 0, x.events.size()};
  for (const ProvisioningEvent& e : x.events) {
    const Ticks hour = hourOf(e.time);
    if (!open || hour != openHour) {
      if (open)
        if (Status closed = file.commit(); !closed) return closed;
      const std::string path =
          std::string(kProvisioningContainer) + "/" + hourlyBlobName(resourcePath, hour);
      if (Status opened = file.open(outputPath(x.o, path)); !opened) return opened;
      open = true;
      openHour = hour;
    }
    x.log.describe(e, d);
    record.clear();
    renderProvisioningRecord(d, x.tenantId, resourceId, record);
    record += '\n';
    if (Status written = file.write(record); !written) return written;
    counter.advance(1);
  }
  return open ? file.commit() : Status();
}

Status writeTable(const Export& x, const ProgressCallback& progress) {
  if (x.o.out.empty() || x.o.out == "-") return plainError("loganalytics needs --out DIR");
  std::string schema = "{\n  ";
  appendJsonString(schema, kProvisioningTable);
  schema += ": [\n";
  const std::vector<ProvisioningColumn>& columns = provisioningColumns();
  for (size_t i = 0; i < columns.size(); ++i) {
    schema += "    {\"name\": ";
    appendJsonString(schema, columns[i].name);
    schema += ", \"type\": ";
    appendJsonString(schema, columns[i].type);
    schema += i + 1 < columns.size() ? "},\n" : "}\n";
  }
  schema += "  ]\n}\n";
  if (Status written = writeFileAtomically(outputPath(x.o, "provisioning-schema.json"), schema);
      !written)
    return written;
  ExportOptions file = x.o;
  file.out = outputPath(x.o, std::string(kProvisioningTable) + ".ndjson");
  return writeLines(x.events.size(), file, progress, [&](size_t a, size_t b, std::string& out) {
    ProvisioningDetails d;
    for (size_t i = a; i < b; ++i) {
      x.log.describe(x.events[i], d);
      renderProvisioningRow(d, x.tenantId, out);
    }
  });
}

}  // namespace

bool provisioningFormat(std::string_view format) {
  return format == "ndjson" || format == "graph-pages" || format == "eventhub" ||
         format == "blob" || format == "loganalytics";
}

Status writeProvisioning(const Simulation& sim, const ExportOptions& o, bool withOthers,
                         const ProgressCallback& progress) {
  using Writer = Status (*)(const Export&, const ProgressCallback&);
  Writer writer = o.format == "ndjson"         ? writeNdjsonLines
                  : o.format == "graph-pages"  ? writePages
                  : o.format == "eventhub"     ? writeHub
                  : o.format == "blob"         ? writeBlobs
                  : o.format == "loganalytics" ? writeTable
                                               : nullptr;
  if (!writer)
    return plainError(
        "the provisioning log is written as --format ndjson, graph-pages, eventhub, blob "
        "or loganalytics, not " +
        o.format);
  if (isAzureBlobDestination(o.out))
    return plainError(
        "azblob:// destinations take --log audits (provisioning blobs are written "
        "to --out DIR)");
  ProvisioningLog log(sim);
  if (!log.enabled() && o.log == "all") return {};  // `all` writes the logs the scenario has
  if (!log.enabled())
    return plainError(
        "the scenario has no provisioning log: tenant.license Free, workloads.provisioning false "
        "or workloads.background false (the jobs export the users it changes)");
  auto [from, to] = shardRange(sim.scenario(), o.shard, o.shards);
  if (o.from) from = std::max(from, *o.from);
  if (o.to) to = std::min(to, *o.to);
  const std::vector<ProvisioningEvent> events = log.generate(from, to);
  ExportOptions file = o;
  if (withOthers && o.format == "ndjson") {
    std::string base = o.out;
    if (base.ends_with(".ndjson")) base.resize(base.size() - 7);
    file.out = base + ".provisioning.ndjson";
  }
  return writer(Export{log, events, file, sim.tenant().id()}, progress);
}

}  // namespace tenantsim
