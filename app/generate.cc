#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "app/options.h"
#include "app/shard.h"
#include "simulator/export/exporter.h"

namespace tenantsim::cli {
namespace {

// A progress bar with rate and ETA on stderr, drawn only on a terminal and after a second.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled && ::isatty(2)), start_(Clock::now()) {}
  void update(size_t done, size_t total) {
    if (!enabled_ || total == 0) return;
    double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    if (elapsed < 1 && done < total) return;
    double rate = done / std::max(elapsed, 1e-9);
    double eta = rate > 0 ? (total - done) / rate : 0;
    int width = 30, filled = static_cast<int>(width * done / total);
    std::fprintf(stderr, "\r[%.*s%*s] %5.1f%%  %zu/%zu events  %.0f ev/s  ETA %.0fs ", filled,
                 "##############################", width - filled, "", 100.0 * done / total, done,
                 total, rate, eta);
    drawn_ = true;
  }
  ~ProgressBar() {
    if (drawn_) std::fputc('\n', stderr);
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_, drawn_ = false;
  Clock::time_point start_;
};

}  // namespace

int generateCommand(const Args& args) {
  po::options_description desc("Options");
  std::string scenarioPath, format, api, out, shard, from, to, baseUrl, log, signInResultType;
  unsigned threads = 0;
  int pageSize = 1000, shardCount = 0;
  desc.add_options()("help,h", "show this help")("scenario,s", po::value(&scenarioPath)->required(),
                                                 "scenario file")(
      "format,f", po::value(&format)->default_value("ndjson"),
      "ndjson | graph-pages | csv | eventhub | blob | loganalytics")(
      "api", po::value(&api)->default_value("beta"), "Graph shape: beta | v1.0")(
      "log", po::value(&log)->default_value("audits"),
      "which logs, a comma list or all: audits (directoryAudits and auditEvents), signIns "
      "(auditLogs/signIns: Graph shapes v1.0 interactive only, beta every kind; Azure Monitor "
      "formats every category), riskDetections (identityProtection/riskDetections, ndjson), "
      "alerts (security/alerts_v2, ndjson), incidents (security/incidents with their alerts, "
      "ndjson), provisioning (auditLogs/provisioning: every format but labels), intuneDevices "
      "(Intune's OperationalLogs, DeviceComplianceOrg and IntuneDevices: ndjson, eventhub, blob, "
      "loganalytics), "
      "servicePrincipalRiskDetections and riskyServicePrincipals (ndjson; eventhub, blob, "
      "loganalytics: ServicePrincipalRiskEvents, RiskyServicePrincipals), "
      "e.g. --log audits,signIns")(
      "signin-result-type", po::value(&signInResultType)->default_value("code"),
      "sign-in records of service principals and managed identities: resultType the error code "
      "(code, as captured) or Success/Failure with the code in resultSignature (outcome)")(
      "out,o", po::value(&out)->default_value("-"),
      "output file (ndjson; - for stdout) or directory")(
      "shard", po::value(&shard),
      "produce part i of N (i/N, 0-based; the union of all parts is the whole), or auto: i from "
      "JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), N from --shard-count or "
      "TENANTSIM_SHARD_COUNT; {shard} in --out becomes i")(
      "shard-count", po::value(&shardCount), "with --shard auto: the number of shards")(
      "from", po::value(&from), "start of the time range (ISO-8601), default the window start")(
      "to", po::value(&to), "end of the time range (exclusive), default the window end")(
      "base-url", po::value(&baseUrl)->default_value("https://graph.microsoft.com"),
      "graph-pages: the host nextLinks point to")(
      "page-size", po::value(&pageSize)->default_value(1000), "graph-pages: items per page")(
      "threads", po::value(&threads)->default_value(0), "render threads (0: all cores)")(
      "quiet,q", "no progress bar");
  int code = 0;
  auto vm = parseOptions(
      args, desc,
      "Usage: tenantsim generate --scenario FILE [--format F] [--out PATH] [--shard i/N]",
      "tenantsim generate --scenario scenarios/quickstart.json --format ndjson --out events.ndjson",
      &code);
  if (!vm) return code;
  ExportOptions o;
  o.format = format;
  o.out = out;
  o.quiet = vm->count("quiet") > 0;
  o.threads = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  o.baseUrl = baseUrl;
  o.pageSize = pageSize;
  o.log = log;
  o.signInResultType = signInResultType;
  if (api == "beta")
    o.api = ApiVersion::Beta;
  else if (api == "v1.0")
    o.api = ApiVersion::V1;
  else {
    std::cerr << "tenantsim: --api must be beta or v1.0, got '" << api << "'\n";
    return 2;
  }
  if (!shard.empty() || vm->count("shard-count")) {
    Result<ShardChoice> chosen =
        parseShard(shard.empty() ? "auto" : shard,
                   vm->count("shard-count") ? std::optional<int>(shardCount) : std::nullopt,
                   [](const char* name) -> std::optional<std::string> {
                     const char* value = std::getenv(name);
                     return value ? std::optional<std::string>(value) : std::nullopt;
                   });
    if (!chosen) {
      std::cerr << "tenantsim: " << chosen.error().message << "\n";
      return 2;
    }
    o.shard = chosen->index;
    o.shards = chosen->count;
    o.out = shardOutputPath(o.out, chosen->index);
  }
  for (auto [text, target, name] :
       {std::tuple{&from, &o.from, "--from"}, std::tuple{&to, &o.to, "--to"}}) {
    if (text->empty()) continue;
    *target = parseIsoTime(*text);
    if (!*target) {
      std::cerr << "tenantsim: " << name << " must be an ISO-8601 time, got '" << *text << "'\n";
      return 2;
    }
  }
  if (pageSize < 1 || pageSize > 100000) {
    std::cerr << "tenantsim: --page-size must be between 1 and 100000\n";
    return 2;
  }
  auto scenario = loadScenarioOrReport(scenarioPath);
  if (!scenario) return 1;
  Simulation sim(std::move(*scenario));
  ProgressBar bar(!o.quiet);
  Status exported = runExport(sim, o, [&](size_t done, size_t total) { bar.update(done, total); });
  if (!exported) {
    std::cerr << "tenantsim: " << exported.error().message << "\n";
    return 1;
  }
  return 0;
}

}  // namespace tenantsim::cli
