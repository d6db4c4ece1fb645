// Export throughput: each format writes a scenario's events to a temporary directory; the raw
// write speed of the same files (same sizes, written through a temporary name and renamed) on
// the same disk is the yardstick.
//   export_bench [scenario.json] [--quick] [--threads N]
// Default scenarios/enterprise-100k.json (1 day, ~1.5M events); --quick uses quickstart.json.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "simulator/export/exporter.h"
#include "simulator/export/formats.h"

namespace fs = std::filesystem;
using namespace tenantsim;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct FileSizes {
  std::vector<std::pair<std::string, uintmax_t>> files;  // relative path, size
  uintmax_t total = 0;
};

FileSizes sizesUnder(const fs::path& dir) {
  FileSizes sizes;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    sizes.files.emplace_back(fs::relative(entry.path(), dir).string(), entry.file_size());
    sizes.total += entry.file_size();
  }
  return sizes;
}

// Writes files of the same sizes and paths in 1 MiB chunks, each through a temporary name.
double rawWriteSeconds(const fs::path& dir, const FileSizes& sizes) {
  std::string chunk(1 << 20, 'x');
  auto start = std::chrono::steady_clock::now();
  for (const auto& [relative, size] : sizes.files) {
    fs::path target = dir / relative;
    fs::create_directories(target.parent_path());
    std::string temp = target.string() + ".tmp";
    std::FILE* f = std::fopen(temp.c_str(), "wb");
    if (!f) continue;
    for (uintmax_t left = size; left > 0;) {
      size_t n = static_cast<size_t>(std::min<uintmax_t>(left, chunk.size()));
      std::fwrite(chunk.data(), 1, n, f);
      left -= n;
    }
    std::fclose(f);
    fs::rename(temp, target);
  }
  return secondsSince(start);
}

}  // namespace

int main(int argc, char** argv) {
  std::string scenarioPath;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  bool quick = false;
  std::string explicitPath;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick")
      quick = true;
    else if (arg == "--threads" && i + 1 < argc)
      threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else
      explicitPath = arg;
  }
  scenarioPath = !explicitPath.empty() ? explicitPath
                 : quick               ? "scenarios/quickstart.json"
                                       : "scenarios/enterprise-100k.json";
  auto loaded = loadScenarioFile(scenarioPath);
  if (!loaded) {
    const std::vector<ScenarioError>& errors = loaded.error();
    std::fprintf(stderr, "%s: %s\n", scenarioPath.c_str(), errors[0].toString().c_str());
    return 1;
  }
  Scenario scenario = std::move(*loaded);
  if (quick && explicitPath.empty()) scenario.windowDays = std::min(scenario.windowDays, 3.0);
  Simulation sim(std::move(scenario));

  auto start = std::chrono::steady_clock::now();
  ExportOptions base;
  base.threads = threads;
  base.quiet = true;
  std::vector<Event> events = eventsToExport(sim, base);
  std::printf("scenario %s: %zu events, generated in %.2f s, %u threads\n\n", scenarioPath.c_str(),
              events.size(), secondsSince(start), threads);

  fs::path root =
      fs::temp_directory_path() / ("tenantsim-export-bench-" + std::to_string(::getpid()));
  struct Row {
    const char* name;
    FormatWriter write;
  };
  const Row formats[] = {{"ndjson", writeNdjson}, {"graph-pages", writeGraphPages},
                         {"csv", writeCsv},       {"eventhub", writeEventHub},
                         {"blob", writeBlob},     {"loganalytics", writeLogAnalytics}};
  std::printf("%-13s %8s %7s %9s %10s %9s %9s %6s\n", "format", "files", "MB", "seconds",
              "events/s", "MB/s", "raw MB/s", "ratio");
  for (const Row& format : formats) {
    fs::path dir = root / format.name;
    fs::create_directories(dir);
    ExportOptions o = base;
    o.format = format.name;
    o.out = format.name == std::string("ndjson") ? (dir / "events.ndjson").string() : dir.string();
    start = std::chrono::steady_clock::now();
    Status written = format.write(sim, events, o, nullptr);
    double seconds = secondsSince(start);
    if (!written) {
      std::fprintf(stderr, "%s: %s\n", format.name, written.error().message.c_str());
      return 1;
    }
    FileSizes sizes = sizesUnder(dir);
    fs::path rawDir = root / (std::string(format.name) + "-raw");
    double rawSeconds = rawWriteSeconds(rawDir, sizes);
    double mb = sizes.total / 1e6;
    std::printf("%-13s %8zu %7.0f %9.2f %10.0f %9.0f %9.0f %6.2f\n", format.name,
                sizes.files.size(), mb, seconds, events.size() / seconds, mb / seconds,
                mb / rawSeconds, rawSeconds / seconds);
    fs::remove_all(dir);
    fs::remove_all(rawDir);
  }
  fs::remove_all(root);
  std::printf(
      "\nratio = export MB/s / raw write MB/s of the same files (1.0: as fast as the disk takes "
      "bytes)\n");
  return 0;
}
