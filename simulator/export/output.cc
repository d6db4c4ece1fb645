#include "simulator/export/output.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "base/atomic_file.h"
#include "simulator/simulation/storylines.h"

namespace tenantsim {

void ProgressCounter::advance(size_t n) {
  done += n;
  if (callback && *callback) (*callback)(std::min(done, total), total);
}

Status renderPositionsInOrder(size_t count, unsigned threads, const PositionRenderer& render,
                              const BlockConsumer& consume, ProgressCounter& progress) {
  constexpr size_t kBlock = 2048;
  threads = std::max(1u, threads);
  std::vector<RenderedBlock> blocks(threads);
  auto renderBlock = [&](unsigned t, size_t begin, size_t end) {
    RenderedBlock& block = blocks[t];
    block.bytes.clear();
    block.ends.clear();
    for (size_t i = begin; i < end; ++i) {
      render(t, i, block.bytes);
      block.ends.push_back(block.bytes.size());
    }
  };
  for (size_t base = 0; base < count; base += kBlock * threads) {
    std::vector<std::thread> pool;
    unsigned used = 0;
    for (unsigned t = 0; t < threads; ++t) {
      size_t begin = std::min(count, base + t * kBlock), end = std::min(count, begin + kBlock);
      if (begin == end) break;
      ++used;
      if (threads == 1)
        renderBlock(t, begin, end);
      else
        pool.emplace_back(renderBlock, t, begin, end);
    }
    for (auto& th : pool) th.join();
    for (unsigned t = 0; t < used; ++t) {
      if (Status consumed = consume(base + t * kBlock, blocks[t]); !consumed) return consumed;
      progress.advance(blocks[t].ends.size());
    }
  }
  return {};
}

Status renderInOrder(const Simulation& sim, const std::vector<Event>& events,
                     const std::vector<uint32_t>* order, unsigned threads,
                     const ItemRenderer& render, const BlockConsumer& consume,
                     ProgressCounter& progress) {
  return renderDescribedInOrder<EventDetails>(
      events, order, threads, [&](const Event& e, EventDetails& d) { sim.describe(e, d); }, render,
      consume, progress);
}

std::vector<uint32_t> endpointOrder(const Simulation& sim, const std::vector<Event>& events,
                                    Source source, bool newestFirst) {
  std::vector<uint32_t> order;
  for (size_t i = 0; i < events.size(); ++i)
    if (sourceOf(sim, events[i]) == source) order.push_back(static_cast<uint32_t>(i));
  if (newestFirst) std::reverse(order.begin(), order.end());
  return order;
}

void appendCsvField(std::string& out, std::string_view value, bool first) {
  if (!first) out += ',';
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string hourlyBlobName(std::string_view resource, Ticks hour) {
  CivilTime c = civilTime(hour);
  char partition[64];
  std::snprintf(partition, sizeof partition, "/y=%04d/m=%02u/d=%02u/h=%02u/m=00/PT1H.json", c.year,
                c.month, c.day, c.hour);
  return "resourceId=" + std::string(resource) + partition;
}

std::string outputPath(const ExportOptions& o, std::string_view relative) {
  return (std::filesystem::path(o.out) / relative).string();
}

void renderLabels(const Simulation& sim, const std::vector<Event>& events, std::string& out) {
  EventDetails d;
  for (const Event& e : events) {
    if (!e.planted()) continue;
    sim.describe(e, d);
    size_t colon = d.label.rfind(':');
    std::string_view storyline = std::string_view(d.label).substr(0, colon);
    std::string_view step =
        colon == std::string::npos ? "" : std::string_view(d.label).substr(colon + 1);
    std::string kind;
    for (const StorylineConfig& s : sim.scenario().storylines)
      if ((s.label.empty() ? s.kind : s.label) == storyline) kind = s.kind;
    out += "{\"id\":";
    appendJsonString(out, d.id);
    out += ",\"storyline\":";
    appendJsonString(out, storyline);
    out += ",\"step\":";
    appendJsonString(out, step);
    out += ",\"activityDateTime\":\"";
    appendIsoTime(out, e.time);
    out += "\",\"activity\":";
    appendJsonString(out, d.activity->name);
    out += ",\"expectedDetection\":";
    appendJsonString(out, expectedDetection(kind, step));
    out += "}\n";
  }
}

Status writeEndpointFile(const Simulation& sim, const std::vector<Event>& events,
                         const ExportOptions& o, Source source, const std::string& path,
                         bool newestFirst, std::string_view header, const ItemRenderer& render,
                         ProgressCounter& progress) {
  std::vector<uint32_t> order = endpointOrder(sim, events, source, newestFirst);
  AtomicFile file;
  if (Status opened = file.open(path); !opened) return opened;
  if (Status written = file.write(header); !written) return written;
  Status rendered = renderInOrder(
      sim, events, &order, o.threads, render,
      [&](size_t, const RenderedBlock& block) { return file.write(block.bytes); }, progress);
  return rendered ? file.commit() : rendered;
}

Status writeLines(size_t count, const ExportOptions& o, const ProgressCallback& progress,
                  const LineBlockRenderer& render) {
  const bool toStdout = o.out.empty() || o.out == "-";
  AtomicFile file;
  if (!toStdout)
    if (Status opened = file.open(o.out); !opened) return opened;
  auto write = [&](std::string_view bytes) -> Status {
    if (!toStdout) return file.write(bytes);
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size())
      return plainError("write to stdout failed");
    return {};
  };
  const size_t kBlock = 4096;
  unsigned threads = std::max(1u, o.threads);
  std::vector<std::string> buffers(threads);
  for (size_t base = 0; base < count; base += kBlock * threads) {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      size_t a = std::min(count, base + t * kBlock), b = std::min(count, a + kBlock);
      auto job = [&, t, a, b] {
        buffers[t].clear();
        render(a, b, buffers[t]);
      };
      if (threads == 1)
        job();
      else
        pool.emplace_back(job);
    }
    for (auto& th : pool) th.join();
    for (auto& buffer : buffers)
      if (Status written = write(buffer); !written) return written;
    if (progress) progress(std::min(count, base + kBlock * threads), count);
  }
  if (!toStdout) return file.commit();
  return std::fflush(stdout) == 0 ? Status() : plainError("write to stdout failed");
}

}  // namespace tenantsim
