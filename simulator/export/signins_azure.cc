// eventhub and blob for the sign-in log: Azure Monitor's records of the four sign-in categories
// (signin_records.h), every kind whatever --api says.
//   eventhub: OUT/eventhub/<insights-logs-category>/<enqueued>-NNNN.json, batched per category
//             like the audit hub (5-minute windows of visible time, 256 KB bodies), and
//             OUT/eventhub/signins-index.ndjson listing every sign-in message in enqueue order.
//   blob:     OUT/<insights-logs-category>/resourceId=/tenants/<tid>/providers/microsoft.aadiam/
//             y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json, JSON Lines per category and hour of record
//             time.
#include <algorithm>

#include "base/atomic_file.h"
#include "simulator/export/azure_records.h"
#include "simulator/export/eventhub_messages.h"
#include "simulator/export/signin_output.h"
#include "simulator/export/signin_records.h"

namespace tenantsim {

Status writeSignInEventHub(const SignInLog& log, const std::vector<SignIn>& signIns,
                           const ExportOptions& o, const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("eventhub needs --out DIR");
  const std::string resourceId = entraResourceId(log.simulation().tenant().id());
  const WorkloadResultType resultType = workloadResultType(o);
  ProgressCounter counter{&progress, 0, signIns.size()};
  std::vector<EventHubMessageWriter::IndexLine> index;
  for (const SignInCategory& category : kSignInCategories) {
    // One hub per category; its batches in send order: by window of visible time, then time.
    std::vector<uint32_t> order = signInPositions(
        signIns, [&](const SignIn& s) { return s.kind == category.kind; }, false);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return eventHubWindowOf(signIns[a].visibleAt()) < eventHubWindowOf(signIns[b].visibleAt());
    });
    EventHubMessageWriter writer(
        o, log.simulation().scenario().seed ^ static_cast<uint64_t>(category.kind),
        std::string(category.container));
    Status written = renderSignInsInOrder(
        log, signIns, &order, o.threads,
        [&](const SignInDetails& d, std::string& out) {
          renderSignInRecord(d, resourceId, out, resultType);
        },
        [&](size_t first, const RenderedBlock& block) -> Status {
          for (size_t i = 0; i < block.ends.size(); ++i) {
            Ticks window = eventHubWindowOf(signIns[order[first + i]].visibleAt());
            if (Status added = writer.add(window, 0, "Microsoft.aadiam", block.item(i)); !added)
              return added;
          }
          return {};
        },
        counter);
    if (written) written = writer.finish();
    if (!written) return written;
    index.insert(index.end(), writer.index().begin(), writer.index().end());
  }
  std::stable_sort(index.begin(), index.end(),
                   [](const auto& a, const auto& b) { return a.enqueued < b.enqueued; });
  std::string text;
  for (const auto& line : index) text += line.line;
  return writeFileAtomically(outputPath(o, "eventhub/signins-index.ndjson"), text);
}

Status writeSignInBlob(const SignInLog& log, const std::vector<SignIn>& signIns,
                       const ExportOptions& o, const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("blob needs --out DIR");
  const std::string resourceId = entraResourceId(log.simulation().tenant().id());
  const WorkloadResultType resultType = workloadResultType(o);
  const std::string resourcePath =
      "/tenants/" + log.simulation().tenant().id() + "/providers/microsoft.aadiam";
  // One open blob per category (sign-ins arrive in time order, so each category's hours rise).
  struct OpenBlob {
    bool open = false;
    Ticks hour = 0;
    AtomicFile file;
  } blobs[kSignInCategories.size()];
  ProgressCounter counter{&progress, 0, signIns.size()};
  Status written = renderSignInsInOrder(
      log, signIns, nullptr, o.threads,
      [&](const SignInDetails& d, std::string& out) {
        renderSignInRecord(d, resourceId, out, resultType);
        out += '\n';
      },
      [&](size_t first, const RenderedBlock& block) -> Status {
        for (size_t i = 0; i < block.ends.size(); ++i) {
          const SignIn& s = signIns[first + i];
          OpenBlob& blob = blobs[static_cast<size_t>(s.kind)];
          Ticks hour = hourOf(s.time);
          if (!blob.open || blob.hour != hour) {
            if (blob.open)
              if (Status closed = blob.file.commit(); !closed) return closed;
            std::string path = std::string(signInCategory(s.kind).container) + "/" +
                               hourlyBlobName(resourcePath, hour);
            if (Status opened = blob.file.open(outputPath(o, path)); !opened) return opened;
            blob.open = true;
            blob.hour = hour;
          }
          if (Status appended = blob.file.write(block.item(i)); !appended) return appended;
        }
        return {};
      },
      counter);
  for (OpenBlob& blob : blobs) {
    if (!blob.open) continue;
    Status closed = blob.file.commit();
    if (written) written = std::move(closed);
  }
  return written;
}

}  // namespace tenantsim
