// Building blocks the export formats share: parallel rendering of events in a chosen order, the
// one-file-per-endpoint writer, and output paths.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/atomic_file.h"
#include "base/result.h"
#include "base/time.h"
#include "simulator/export/exporter.h"

namespace tenantsim {

// Rendered events of one block: item i is bytes[ends[i-1], ends[i]).
struct RenderedBlock {
  std::string bytes;
  std::vector<size_t> ends;
  std::string_view item(size_t i) const {
    size_t begin = i ? ends[i - 1] : 0;
    return std::string_view(bytes).substr(begin, ends[i] - begin);
  }
};

// Renders one described event into out (appending).
using ItemRenderer = std::function<void(const EventDetails& d, std::string& out)>;
// Receives the blocks in order; `first` is the position (in the order) of the block's first
// item. An error stops the run.
using BlockConsumer = std::function<Status(size_t first, const RenderedBlock& block)>;

// Renders events[(*order)[0]], events[(*order)[1]], ... (all events in sequence when order is null)
// on up to `threads` threads in blocks and hands the blocks to consume in order. Reports
// progress as done += count of positions consumed, out of progressTotal.
struct ProgressCounter {
  const ProgressCallback* callback = nullptr;
  size_t done = 0, total = 0;
  void advance(size_t n);
};
Status renderInOrder(const Simulation& sim, const std::vector<Event>& events,
                     const std::vector<uint32_t>* order, unsigned threads,
                     const ItemRenderer& render, const BlockConsumer& consume,
                     ProgressCounter& progress);

// The engine under renderInOrder, for any kind of item: renders positions [0, count) with
// render(thread, position, out) on up to `threads` threads in blocks of 2048 and hands the blocks
// to consume in order. render must depend only on the position (the bytes must not depend on
// threads); thread is in [0, threads), for per-thread scratch.
using PositionRenderer = std::function<void(unsigned thread, size_t position, std::string& out)>;
Status renderPositionsInOrder(size_t count, unsigned threads, const PositionRenderer& render,
                              const BlockConsumer& consume, ProgressCounter& progress);

// renderPositionsInOrder over a log's items: item (*order)[i] (or i when order is null) is
// described into per-thread Details by describe(item, details), then rendered by
// render(details, out). What renderInOrder does for events, for any log.
template <typename Details, typename Item, typename Describe, typename Render>
Status renderDescribedInOrder(const std::vector<Item>& items, const std::vector<uint32_t>* order,
                              unsigned threads, const Describe& describe, const Render& render,
                              const BlockConsumer& consume, ProgressCounter& progress) {
  std::vector<Details> details(threads ? threads : 1);
  return renderPositionsInOrder(
      order ? order->size() : items.size(), threads,
      [&](unsigned t, size_t i, std::string& out) {
        describe(items[order ? (*order)[i] : i], details[t]);
        render(details[t], out);
      },
      consume, progress);
}

// Positions of the events of one endpoint (Entra directory audits or Intune audit events), in
// time order, or newest first when newestFirst.
std::vector<uint32_t> endpointOrder(const Simulation& sim, const std::vector<Event>& events,
                                    Source source, bool newestFirst);

// Writes one endpoint's events as one file at `path` (temporary name, renamed when complete):
// `header`, then each event rendered by `render`, in time order or newest first.
Status writeEndpointFile(const Simulation& sim, const std::vector<Event>& events,
                         const ExportOptions& o, Source source, const std::string& path,
                         bool newestFirst, std::string_view header, const ItemRenderer& render,
                         ProgressCounter& progress);

inline Source sourceOf(const Simulation& sim, const Event& e) {
  return sim.catalog().at(e.activity).source;
}

// Appends the lines of items [first, last) to out (the caller's rendering of one block).
using LineBlockRenderer = std::function<void(size_t first, size_t last, std::string& out)>;

// Writes `count` items as lines to o.out (a file that appears whole when complete) or stdout
// ("-" or empty): blocks rendered by render on up to o.threads threads, written in item order.
// Reports progress as (items written, count).
Status writeLines(size_t count, const ExportOptions& o, const ProgressCallback& progress,
                  const LineBlockRenderer& render);

// Appends one RFC 4180 field (after a comma unless first): quoted when it holds a comma, quote,
// CR or LF, quotes doubled.
void appendCsvField(std::string& out, std::string_view value, bool first = false);

// The storage-account blob of a resource's hour, relative to its container:
// "resourceId=<resource>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json" (hour: the hour's first tick).
std::string hourlyBlobName(std::string_view resource, Ticks hour);
// The first tick of t's hour.
inline Ticks hourOf(Ticks t) { return t - ((t % kTicksPerHour) + kTicksPerHour) % kTicksPerHour; }

// A directory export's target: out joined with a relative path.
std::string outputPath(const ExportOptions& o, std::string_view relative);

// Ground truth: one JSON line per planted event among events (in time order) into out.
void renderLabels(const Simulation& sim, const std::vector<Event>& events, std::string& out);

}  // namespace tenantsim
