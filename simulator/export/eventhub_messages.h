// The messages Azure Monitor sends to one event hub: {"records":[...]} bodies of one batch
// (5-minute window of visible time, one resource provider), split so that no body exceeds
// kEventHubMessageLimit, each written as a file named by its enqueue time under
// OUT/eventhub/<hub>/. Shared by the audit and sign-in event hub exports.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/export/exporter.h"

namespace tenantsim {

constexpr Ticks kEventHubWindow = 5 * kTicksPerMinute;
// The start of the 5-minute window a visible time falls in.
inline Ticks eventHubWindowOf(Ticks visibleAt) {
  Ticks v = visibleAt;
  return (v >= 0 ? v / kEventHubWindow : (v - kEventHubWindow + 1) / kEventHubWindow) *
         kEventHubWindow;
}

class EventHubMessageWriter {
 public:
  // One line of the index: when the message was enqueued, and its JSON line (with '\n').
  struct IndexLine {
    Ticks enqueued = 0;
    std::string line;
  };

  EventHubMessageWriter(const ExportOptions& o, uint64_t seed, std::string hub)
      : options_(o), seed_(seed), hub_(std::move(hub)) {}

  // Adds a record of the batch (window, group), sending the current message first when the
  // record starts another batch or would not fit. provider names the batch's resource provider
  // in the index; records must arrive grouped by batch.
  Status add(Ticks window, int group, std::string_view provider, std::string_view record);

  // Sends the last message and removes message files of an earlier, longer export.
  Status finish();

  // The messages sent, in send (= enqueue) order.
  const std::vector<IndexLine>& index() const { return index_; }

 private:
  Status send();
  void removeStaleMessages();

  const ExportOptions& options_;
  uint64_t seed_;
  std::string hub_;
  bool hasBatch_ = false;
  Ticks window_ = 0;
  int group_ = 0;
  std::string provider_;
  int seq_ = 0;
  size_t count_ = 0;
  std::string body_, name_;
  std::vector<IndexLine> index_;
  std::set<std::string> written_;
};

}  // namespace tenantsim
