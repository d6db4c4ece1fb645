// eventhub: the messages Azure Monitor sends to the event hub insights-logs-auditlogs. Records are
// batched by 5-minute windows of visible (ingestion) time, one resource provider per message
// (Entra first, then Intune), split so that no message body exceeds 256 KB. Each message is one
// file named by its enqueue time; index.ndjson lists them in enqueue order.
#include <algorithm>

#include "base/atomic_file.h"
#include "simulator/export/azure_records.h"
#include "simulator/export/eventhub_messages.h"
#include "simulator/export/formats.h"
#include "simulator/export/output.h"

namespace tenantsim {

namespace {

constexpr std::string_view kHub = "insights-logs-auditlogs";

Ticks windowOf(const Event& e) { return eventHubWindowOf(e.visibleAt()); }

}  // namespace

Status writeEventHub(const Simulation& sim, const std::vector<Event>& events,
                     const ExportOptions& o, const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("eventhub needs --out DIR");
  // Batches in send order: by window of visible time, Entra before Intune, then event order.
  std::vector<uint32_t> order(events.size());
  for (size_t i = 0; i < events.size(); ++i) order[i] = static_cast<uint32_t>(i);
  auto batchKey = [&](uint32_t i) {
    return std::pair{windowOf(events[i]), sourceOf(sim, events[i])};
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return batchKey(a) < batchKey(b); });

  const std::string tenantId = sim.tenant().id();
  EventHubMessageWriter writer(o, sim.scenario().seed, std::string(kHub));
  ProgressCounter counter{&progress, 0, events.size()};
  Status written = renderInOrder(
      sim, events, &order, o.threads,
      [&](const EventDetails& d, std::string& out) { renderAzureRecord(d, tenantId, out); },
      [&](size_t first, const RenderedBlock& block) -> Status {
        for (size_t i = 0; i < block.ends.size(); ++i) {
          const Event& e = events[order[first + i]];
          Source source = sourceOf(sim, e);
          std::string_view provider =
              source == Source::Intune ? "microsoft.intune" : "Microsoft.aadiam";
          if (Status added =
                  writer.add(windowOf(e), static_cast<int>(source), provider, block.item(i));
              !added)
            return added;
        }
        return {};
      },
      counter);
  if (written) written = writer.finish();
  if (!written) return written;
  std::string index;
  for (const auto& line : writer.index()) index += line.line;
  return writeFileAtomically(outputPath(o, "eventhub/index.ndjson"), index);
}

}  // namespace tenantsim
