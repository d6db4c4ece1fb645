#include "simulator/export/eventhub_messages.h"

#include <cstdio>
#include <filesystem>

#include "base/atomic_file.h"
#include "base/json_writer.h"
#include "base/rng.h"
#include "simulator/export/formats.h"
#include "simulator/export/output.h"

namespace tenantsim {
namespace {
constexpr std::string_view kOpen = "{\"records\":[", kClose = "]}";
}  // namespace

Status EventHubMessageWriter::add(Ticks window, int group, std::string_view provider,
                                  std::string_view record) {
  bool newBatch = !hasBatch_ || window != window_ || group != group_;
  if (count_ > 0 &&
      (newBatch || body_.size() + 1 + record.size() + kClose.size() > kEventHubMessageLimit))
    if (Status sent = send(); !sent) return sent;
  if (newBatch) {
    if (!hasBatch_ || window != window_) seq_ = 0;
    hasBatch_ = true;
    window_ = window;
    group_ = group;
    provider_.assign(provider);
  }
  if (count_ == 0)
    body_.assign(kOpen);
  else
    body_ += ',';
  body_ += record;
  ++count_;
  return {};
}

Status EventHubMessageWriter::finish() {
  if (count_ > 0)
    if (Status sent = send(); !sent) return sent;
  removeStaleMessages();
  return {};
}

Status EventHubMessageWriter::send() {
  body_ += kClose;
  // Azure Monitor sends a window's batch some seconds after the window closes.
  Ticks delay =
      static_cast<Ticks>(mix64(seed_ ^ static_cast<uint64_t>(window_)) % 60 + 15) * kTicksPerSecond;
  Ticks enqueued = window_ + kEventHubWindow + delay + static_cast<Ticks>(seq_) * 10 * 10'000;
  name_.clear();
  appendCompactTime(name_, enqueued);
  char seq[16];
  std::snprintf(seq, sizeof seq, "-%04d.json", seq_);
  name_ += seq;
  std::string relative = "eventhub/" + hub_ + "/" + name_;
  if (Status written = writeFileAtomically(outputPath(options_, relative), body_); !written)
    return written;
  written_.insert(name_);
  std::string& line = index_.emplace_back(IndexLine{enqueued, {}}).line;
  line += "{\"file\":";
  appendJsonString(line, hub_ + "/" + name_);
  line += ",\"enqueuedTime\":\"";
  appendIsoTime(line, enqueued);
  line += "\",\"windowStart\":\"";
  appendIsoTime(line, window_);
  line += "\",\"windowEnd\":\"";
  appendIsoTime(line, window_ + kEventHubWindow);
  line += "\",\"resourceProvider\":";
  appendJsonString(line, provider_);
  line += ",\"records\":" + std::to_string(count_) + ",\"bytes\":" + std::to_string(body_.size()) +
          "}\n";
  ++seq_;
  count_ = 0;
  body_.clear();
  return {};
}

void EventHubMessageWriter::removeStaleMessages() {
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(outputPath(options_, "eventhub/" + hub_), ec)) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".json") && !written_.count(name)) std::filesystem::remove(entry.path(), ec);
  }
}

}  // namespace tenantsim
