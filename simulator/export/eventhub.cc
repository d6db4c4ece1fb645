// eventhub: the messages Azure Monitor sends to the event hub insights-logs-auditlogs. Records are
// batched by 5-minute windows of visible (ingestion) time, one resource provider per message
// (Entra first, then Intune), split so that no message body exceeds 256 KB. Each message is one
// file named by its enqueue time; index.ndjson lists them in enqueue order.
#include <algorithm>
#include <filesystem>
#include <set>

#include "base/rng.h"
#include "simulator/export/azure_records.h"
#include "simulator/export/formats.h"
#include "simulator/export/output.h"

namespace tenantsim {

namespace {

constexpr Ticks kWindow = 5 * kTicksPerMinute;
constexpr std::string_view kHub = "insights-logs-auditlogs";
constexpr std::string_view kOpen = "{\"records\":[", kClose = "]}";

Ticks windowOf(const Event& e) {
  Ticks v = e.visibleAt();
  return (v >= 0 ? v / kWindow : (v - kWindow + 1) / kWindow) * kWindow;
}

class MessageWriter {
 public:
  MessageWriter(const ExportOptions& o, uint64_t seed) : options_(o), seed_(seed) {}

  // Adds a record of the batch (window, source), sending the current message first when the
  // record starts another batch or would not fit.
  Status add(Ticks window, Source source, std::string_view record) {
    bool newBatch = !hasBatch_ || window != window_ || source != source_;
    if (count_ > 0 &&
        (newBatch || body_.size() + 1 + record.size() + kClose.size() > kEventHubMessageLimit))
      if (Status sent = send(); !sent) return sent;
    if (newBatch) {
      if (!hasBatch_ || window != window_) seq_ = 0;
      hasBatch_ = true;
      window_ = window;
      source_ = source;
    }
    if (count_ == 0)
      body_.assign(kOpen);
    else
      body_ += ',';
    body_ += record;
    ++count_;
    return {};
  }

  Status finish() {
    if (count_ > 0)
      if (Status sent = send(); !sent) return sent;
    removeStaleMessages();
    return writeFileAtomically(outputPath(options_, "eventhub/index.ndjson"), index_);
  }

 private:
  Status send() {
    body_ += kClose;
    // Azure Monitor sends a window's batch some seconds after the window closes.
    Ticks delay = static_cast<Ticks>(mix64(seed_ ^ static_cast<uint64_t>(window_)) % 60 + 15) *
                  kTicksPerSecond;
    Ticks enqueued = window_ + kWindow + delay + static_cast<Ticks>(seq_) * 10 * 10'000;
    name_.clear();
    appendCompactTime(name_, enqueued);
    char seq[16];
    std::snprintf(seq, sizeof seq, "-%04d.json", seq_);
    name_ += seq;
    std::string relative = "eventhub/" + std::string(kHub) + "/" + name_;
    if (Status written = writeFileAtomically(outputPath(options_, relative), body_); !written)
      return written;
    written_.insert(name_);
    index_ += "{\"file\":";
    appendJsonString(index_, std::string(kHub) + "/" + name_);
    index_ += ",\"enqueuedTime\":\"";
    appendIsoTime(index_, enqueued);
    index_ += "\",\"windowStart\":\"";
    appendIsoTime(index_, window_);
    index_ += "\",\"windowEnd\":\"";
    appendIsoTime(index_, window_ + kWindow);
    index_ += "\",\"resourceProvider\":";
    index_ += source_ == Source::Intune ? "\"microsoft.intune\"" : "\"Microsoft.aadiam\"";
    index_ += ",\"records\":" + std::to_string(count_) +
              ",\"bytes\":" + std::to_string(body_.size()) + "}\n";
    ++seq_;
    count_ = 0;
    body_.clear();
    return {};
  }

  void removeStaleMessages() {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(
             outputPath(options_, "eventhub/" + std::string(kHub)), ec)) {
      std::string name = entry.path().filename().string();
      if (name.ends_with(".json") && !written_.count(name))
        std::filesystem::remove(entry.path(), ec);
    }
  }

  const ExportOptions& options_;
  uint64_t seed_;
  bool hasBatch_ = false;
  Ticks window_ = 0;
  Source source_ = Source::Entra;
  int seq_ = 0;
  size_t count_ = 0;
  std::string body_, name_, index_;
  std::set<std::string> written_;
};

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
  MessageWriter writer(o, sim.scenario().seed);
  ProgressCounter counter{&progress, 0, events.size()};
  Status written = renderInOrder(
      sim, events, &order, o.threads,
      [&](const EventDetails& d, std::string& out) { renderAzureRecord(d, tenantId, out); },
      [&](size_t first, const RenderedBlock& block) -> Status {
        for (size_t i = 0; i < block.ends.size(); ++i) {
          const Event& e = events[order[first + i]];
          if (Status added = writer.add(windowOf(e), sourceOf(sim, e), block.item(i)); !added)
            return added;
        }
        return {};
      },
      counter);
  return written ? writer.finish() : written;
}

}  // namespace tenantsim
