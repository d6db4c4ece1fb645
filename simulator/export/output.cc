#include "simulator/export/output.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "simulator/simulation/storylines.h"

namespace tenantsim {

AtomicFile::~AtomicFile() {
  if (file_) {
    std::fclose(file_);
    std::remove(temp_.c_str());
  }
}

std::string AtomicFile::open(const std::string& path) {
  std::filesystem::path target(path);
  if (target.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) return "cannot create " + target.parent_path().string() + ": " + ec.message();
  }
  path_ = path;
  temp_ = path + ".tmp-" + std::to_string(::getpid());
  ok_ = true;
  file_ = std::fopen(temp_.c_str(), "wb");
  return file_ ? "" : "cannot write " + temp_;
}

bool AtomicFile::write(std::string_view bytes) {
  ok_ = ok_ && file_ && std::fwrite(bytes.data(), 1, bytes.size(), file_) == bytes.size();
  return ok_;
}

std::string AtomicFile::commit() {
  if (!file_) return "commit of a file that is not open";
  bool ok = std::fclose(file_) == 0 && ok_;
  file_ = nullptr;
  if (!ok) {
    std::remove(temp_.c_str());
    return "cannot write " + path_;
  }
  std::error_code ec;
  std::filesystem::rename(temp_, path_, ec);
  return ec ? "cannot rename " + temp_ + " to " + path_ + ": " + ec.message() : "";
}

void ProgressCounter::advance(size_t n) {
  done += n;
  if (callback && *callback) (*callback)(std::min(done, total), total);
}

std::string renderInOrder(const Simulation& sim, const std::vector<Event>& events,
                          const std::vector<uint32_t>* order, unsigned threads,
                          const ItemRenderer& render, const BlockConsumer& consume,
                          ProgressCounter& progress) {
  constexpr size_t kBlock = 2048;
  const size_t count = order ? order->size() : events.size();
  threads = std::max(1u, threads);
  std::vector<RenderedBlock> blocks(threads);
  std::vector<EventDetails> details(threads);
  auto renderBlock = [&](unsigned t, size_t begin, size_t end) {
    RenderedBlock& block = blocks[t];
    block.bytes.clear();
    block.ends.clear();
    for (size_t i = begin; i < end; ++i) {
      const Event& e = events[order ? (*order)[i] : i];
      sim.describe(e, details[t]);
      render(details[t], block.bytes);
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
      std::string error = consume(base + t * kBlock, blocks[t]);
      if (!error.empty()) return error;
      progress.advance(blocks[t].ends.size());
    }
  }
  return "";
}

std::vector<uint32_t> endpointOrder(const Simulation& sim, const std::vector<Event>& events,
                                    Source source, bool newestFirst) {
  std::vector<uint32_t> order;
  for (size_t i = 0; i < events.size(); ++i)
    if (sourceOf(sim, events[i]) == source) order.push_back(static_cast<uint32_t>(i));
  if (newestFirst) std::reverse(order.begin(), order.end());
  return order;
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

std::string writeEndpointFile(const Simulation& sim, const std::vector<Event>& events,
                              const ExportOptions& o, Source source, const std::string& path,
                              bool newestFirst, std::string_view header, const ItemRenderer& render,
                              ProgressCounter& progress) {
  std::vector<uint32_t> order = endpointOrder(sim, events, source, newestFirst);
  AtomicFile file;
  if (std::string error = file.open(path); !error.empty()) return error;
  if (!header.empty() && !file.write(header)) return "cannot write " + file.path();
  std::string error = renderInOrder(
      sim, events, &order, o.threads, render,
      [&](size_t, const RenderedBlock& block) -> std::string {
        return file.write(block.bytes) ? "" : "cannot write " + file.path();
      },
      progress);
  return error.empty() ? file.commit() : error;
}

}  // namespace tenantsim
