// The provisioning log (auditLogs/provisioning, docs/provisioning.md#export): the shard's part of
// the window (by activity time), narrowed by from/to, in
//   ndjson:       one provisioningObjectSummary per line in time order (the --api version's
//                 shape; FILE.provisioning.ndjson beside another log's FILE);
//   graph-pages:  OUT/provisioning/page-NNNNN.json, the pages the list returns newest first
//                 with $top=pageSize;
//   csv:          OUT/ProvisioningLogs.csv, newest first (provisioning_csv.cc);
//   eventhub:     OUT/eventhub/insights-logs-provisioninglogs/<enqueued>-NNNN.json, batched like
//                 the audit hub (5-minute windows, 256 KB bodies), and
//                 OUT/eventhub/provisioning-index.ndjson;
//   blob:         OUT/insights-logs-provisioninglogs/resourceId=/tenants/<tid>/providers/
//                 microsoft.aadiam/y=…/PT1H.json, JSON Lines per hour;
//   loganalytics: OUT/AADProvisioningLogs.ndjson and OUT/provisioning-schema.json.
#include <algorithm>

#include "simulator/export/azure_category_log.h"
#include "simulator/export/azure_records.h"
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

// eventhub, blob and loganalytics: the ProvisioningLogs category on the shared writer.
Status writeAzure(const Export& x, const ProgressCallback& progress) {
  static const std::vector<AzureColumn> columns = [] {
    std::vector<AzureColumn> c;
    for (const ProvisioningColumn& p : provisioningColumns()) c.push_back({p.name, p.type});
    return c;
  }();
  const AzureCategory categories[] = {
      {kProvisioningCategory, kProvisioningContainer, kProvisioningTable, columns}};
  const std::string resourceId = entraResourceId(x.tenantId);
  AzureCategoryLog azure;
  azure.name = "provisioning";
  azure.categories = categories;
  azure.count = x.events.size();
  azure.categoryOf = [](size_t) { return size_t{0}; };
  azure.timeOf = [&](size_t i) { return x.events[i].time; };
  azure.visibleAtOf = [&](size_t i) { return x.events[i].visibleAt(); };
  azure.record = [&](size_t i, std::string& out) {
    thread_local ProvisioningDetails d;
    x.log.describe(x.events[i], d);
    renderProvisioningRecord(d, x.tenantId, resourceId, out);
  };
  azure.row = [&](size_t i, std::string& out) {
    thread_local ProvisioningDetails d;
    x.log.describe(x.events[i], d);
    renderProvisioningRow(d, x.tenantId, out);
  };
  azure.provider = "Microsoft.aadiam";
  azure.resourcePath = "/tenants/" + x.tenantId + "/providers/microsoft.aadiam";
  // The hub's enqueue delays as before the shared writer (it mixes in the category's 1).
  azure.hubSeed = (x.log.simulation().scenario().seed ^ 0x70726f76) ^ 1;
  return writeAzureCategoryLog(azure, x.o, progress);
}

Status writeCsvFile(const Export& x, const ProgressCallback& progress) {
  return writeProvisioningCsv(x.log, x.events, x.o, progress);
}

}  // namespace

bool provisioningFormat(std::string_view format) {
  return format == "ndjson" || format == "graph-pages" || format == "csv" ||
         azureCategoryFormat(format);
}

Status writeProvisioning(const Simulation& sim, const ExportOptions& o, bool withOthers,
                         const ProgressCallback& progress) {
  using Writer = Status (*)(const Export&, const ProgressCallback&);
  Writer writer = o.format == "ndjson"            ? writeNdjsonLines
                  : o.format == "graph-pages"     ? writePages
                  : o.format == "csv"             ? writeCsvFile
                  : azureCategoryFormat(o.format) ? writeAzure
                                                  : nullptr;
  if (!writer)
    return plainError(
        "the provisioning log is written as --format ndjson, graph-pages, csv, eventhub, blob "
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
  auto [from, to] = exportRange(sim, o);
  const std::vector<ProvisioningEvent> events = log.generate(from, to);
  const ExportOptions file = sideLogOptions(o, withOthers, "provisioning");
  return writer(Export{log, events, file, sim.tenant().id()}, progress);
}

}  // namespace tenantsim
