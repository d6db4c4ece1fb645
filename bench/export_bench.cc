// Export throughput: each format writes a scenario's events to a temporary directory; the raw
// write speed of the same files (same sizes, written through a temporary name and renamed) on
// the same disk is the yardstick.
//   export_bench [scenario.json] [--quick] [--threads N] [--log audits|signIns|all]
// Default scenarios/enterprise-100k.json (1 day, ~1.5M events); --quick uses quickstart.json.
// --log signIns measures the sign-in log's writers instead (every format, beta shape).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "simulator/export/exporter.h"
#include "simulator/export/formats.h"
#include "simulator/export/signin_output.h"

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
  std::string explicitPath, log = "audits";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick")
      quick = true;
    else if (arg == "--threads" && i + 1 < argc)
      threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (arg == "--log" && i + 1 < argc)
      log = argv[++i];
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

  ExportOptions base;
  base.threads = threads;
  base.quiet = true;
  fs::path root =
      fs::temp_directory_path() / ("tenantsim-export-bench-" + std::to_string(::getpid()));
  // Writes one format into root/name and prints its row.
  auto measure = [&](const char* name, size_t items,
                     const std::function<Status(const ExportOptions&)>& write) {
    fs::path dir = root / name;
    fs::create_directories(dir);
    ExportOptions o = base;
    o.format = name;
    o.out = name == std::string("ndjson") ? (dir / "events.ndjson").string() : dir.string();
    auto start = std::chrono::steady_clock::now();
    Status written = write(o);
    double seconds = secondsSince(start);
    if (!written) {
      std::fprintf(stderr, "%s: %s\n", name, written.error().message.c_str());
      return false;
    }
    FileSizes sizes = sizesUnder(dir);
    fs::path rawDir = root / (std::string(name) + "-raw");
    double rawSeconds = rawWriteSeconds(rawDir, sizes);
    double mb = sizes.total / 1e6;
    std::printf("%-13s %8zu %7.0f %9.2f %10.0f %9.0f %9.0f %6.2f\n", name, sizes.files.size(), mb,
                seconds, items / seconds, mb / seconds, mb / rawSeconds, rawSeconds / seconds);
    fs::remove_all(dir);
    fs::remove_all(rawDir);
    return true;
  };
  auto header = [] {
    std::printf("%-13s %8s %7s %9s %10s %9s %9s %6s\n", "format", "files", "MB", "seconds",
                "events/s", "MB/s", "raw MB/s", "ratio");
  };

  if (log == "audits" || log == "all") {
    auto start = std::chrono::steady_clock::now();
    std::vector<Event> events = eventsToExport(sim, base);
    std::printf("scenario %s: %zu events, generated in %.2f s, %u threads\n\n",
                scenarioPath.c_str(), events.size(), secondsSince(start), threads);
    struct Row {
      const char* name;
      FormatWriter write;
    };
    const Row formats[] = {{"ndjson", writeNdjson}, {"graph-pages", writeGraphPages},
                           {"csv", writeCsv},       {"eventhub", writeEventHub},
                           {"blob", writeBlob},     {"loganalytics", writeLogAnalytics}};
    header();
    for (const Row& format : formats)
      if (!measure(format.name, events.size(),
                   [&](const ExportOptions& o) { return format.write(sim, events, o, nullptr); }))
        return 1;
  }
  if (log == "signIns" || log == "all") {
    SignInLog signInLog(sim);
    auto start = std::chrono::steady_clock::now();
    std::vector<SignIn> signIns = signInLog.generateWindow(threads);
    std::printf("\nscenario %s: %zu sign-ins, generated in %.2f s, %u threads\n\n",
                scenarioPath.c_str(), signIns.size(), secondsSince(start), threads);
    struct Row {
      const char* name;
      SignInFormatWriter write;
    };
    const Row formats[] = {
        {"ndjson", writeSignInsNdjson}, {"graph-pages", writeSignInGraphPages},
        {"csv", writeSignInCsv},        {"eventhub", writeSignInEventHub},
        {"blob", writeSignInBlob},      {"loganalytics", writeSignInLogAnalytics}};
    header();
    for (const Row& format : formats)
      if (!measure(format.name, signIns.size(), [&](const ExportOptions& o) {
            return format.write(signInLog, signIns, o, nullptr);
          }))
        return 1;
  }
  fs::remove_all(root);
  std::printf(
      "\nratio = export MB/s / raw write MB/s of the same files (1.0: as fast as the disk takes "
      "bytes)\n");
  return 0;
}
