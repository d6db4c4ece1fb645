#include "simulator/export/exporter.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "simulator/export/formats.h"

namespace tenantsim {

std::vector<Event> eventsToExport(const Simulation& sim, const ExportOptions& o) {
  auto [from, to] = shardRange(sim.scenario(), o.shard, o.shards);
  if (o.from) from = std::max(from, *o.from);
  if (o.to) to = std::min(to, *o.to);
  return sim.generate(from, to, o.threads);
}

std::string writeFileAtomically(const std::string& path, std::string_view bytes) {
  std::filesystem::path target(path);
  if (target.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) return "cannot create " + target.parent_path().string() + ": " + ec.message();
  }
  std::string temp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream f(temp, std::ios::binary | std::ios::trunc);
    if (!f) return "cannot write " + temp;
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) return "cannot write " + temp;
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) return "cannot rename " + temp + " to " + path + ": " + ec.message();
  return "";
}

void renderNdjson(const Simulation& sim, const Event* first, const Event* last, ApiVersion api,
                  std::string& out) {
  EventDetails d;
  for (const Event* e = first; e != last; ++e) {
    sim.describe(*e, d);
    renderGraphItem(d, api, out);
    out += '\n';
  }
}

// NDJSON: one Graph item per line in time order, rendered in parallel blocks and written in
// order (to a temporary file renamed at the end, or to stdout).
std::string writeNdjson(const Simulation& sim, const std::vector<Event>& events,
                        const ExportOptions& o, const ProgressCallback& progress) {
  bool toStdout = o.out.empty() || o.out == "-";
  std::string temp = toStdout ? "" : o.out + ".tmp-" + std::to_string(::getpid());
  if (!toStdout) {
    std::filesystem::path target(o.out);
    std::error_code ec;
    if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  }
  std::FILE* f = toStdout ? stdout : std::fopen(temp.c_str(), "wb");
  if (!f) return "cannot write " + temp;
  const size_t kBlock = 4096;
  unsigned threads = std::max(1u, o.threads);
  std::vector<std::string> buffers(threads);
  bool ok = true;
  for (size_t base = 0; base < events.size() && ok; base += kBlock * threads) {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      size_t a = std::min(events.size(), base + t * kBlock),
             b = std::min(events.size(), a + kBlock);
      auto job = [&, t, a, b] {
        buffers[t].clear();
        renderNdjson(sim, events.data() + a, events.data() + b, o.api, buffers[t]);
      };
      if (threads == 1)
        job();
      else
        pool.emplace_back(job);
    }
    for (auto& th : pool) th.join();
    for (auto& buf : buffers) ok = ok && std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
    if (progress) progress(std::min(events.size(), base + kBlock * threads), events.size());
  }
  if (toStdout) return ok && std::fflush(f) == 0 ? "" : "write to stdout failed";
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    std::remove(temp.c_str());
    return "cannot write " + o.out;
  }
  std::error_code ec;
  std::filesystem::rename(temp, o.out, ec);
  return ec ? "cannot rename to " + o.out + ": " + ec.message() : "";
}

namespace {
struct Format {
  const char* name;
  FormatWriter write;
};
// Every format, in the order --help lists them.
constexpr Format kFormats[] = {
    {"ndjson", writeNdjson}, {"graph-pages", writeGraphPages},
    {"csv", writeCsv},       {"eventhub", writeEventHub},
    {"blob", writeBlob},     {"loganalytics", writeLogAnalytics},
    {"labels", writeLabels},
};
}  // namespace

std::vector<std::string> exportFormats() {
  std::vector<std::string> names;
  for (const Format& f : kFormats) names.push_back(f.name);
  return names;
}

std::string runExport(const Simulation& sim, const ExportOptions& o,
                      const ProgressCallback& progress) {
  const Format* format = nullptr;
  for (const Format& f : kFormats)
    if (o.format == f.name) format = &f;
  if (!format) {
    std::string known;
    for (const auto& name : exportFormats()) known += (known.empty() ? "" : ", ") + name;
    return "unknown format '" + o.format + "' (known: " + known + ")";
  }
  if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards) return "invalid shard";
  if (isAzureBlobDestination(o.out) && o.format != "blob")
    return "azblob:// destinations take --format blob";
  std::vector<Event> events = eventsToExport(sim, o);
  std::string error = format->write(sim, events, o, progress);
  if (error.empty() && o.format != "labels") error = writeLabelsAlongside(sim, events, o);
  return error;
}

}  // namespace tenantsim
