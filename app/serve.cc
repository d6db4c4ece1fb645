// tenantsim serve: generate a scenario's window into the event store and serve it as Microsoft
// Graph (http and https side by side); tenantsim certs: the local CA clients trust for https.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "app/options.h"
#include "app/serve_proxy.h"
#include "mockserver/auth/local_ca.h"
#include "mockserver/budget_redis/redis_budget_store.h"
#include "mockserver/server/graph_server.h"
#include "simulator/simulation/world/live_feeder.h"

namespace tenantsim::cli {
namespace {

volatile std::sig_atomic_t stopRequested = 0;
volatile std::sig_atomic_t reloadRequested = 0;
void onStopSignal(int) { stopRequested = 1; }
void onReloadSignal(int) { reloadRequested = 1; }
volatile std::sig_atomic_t stageReportRequested = 0;
void onStageReportSignal(int) { stageReportRequested = 1; }

// SIGHUP: reload the scenario file, reporting on stderr (the server logs nothing else about it).
void reloadOnSignal(mock::GraphServer& server) {
  mock::ReloadOutcome outcome = server.reload();
  if (outcome.status == mock::ReloadOutcome::Status::Reloaded) {
    std::cerr << "tenantsim: reloaded: " << outcome.message << "; " << outcome.directoryAudits
              << " directory audits and " << outcome.auditEvents << " Intune audit events in "
              << outcome.seconds << " s\n";
    return;
  }
  std::cerr << "tenantsim: reload refused: " << outcome.message << "\n";
  for (const ScenarioError& e : outcome.errors) std::cerr << "  " << e.toString() << "\n";
}

void printCertificatePaths(const auth::LocalCertificateFiles& files) {
  std::cout << "CA certificate:      " << files.caCertificate.string()
            << (files.createdCa ? "  (created)" : "")
            << "\nserver certificate:  " << files.serverCertificate.string()
            << "\nserver private key:  " << files.serverPrivateKey.string()
            << "\nTrust it: export NODE_EXTRA_CA_CERTS=" << files.caCertificate.string()
            << "  REQUESTS_CA_BUNDLE=" << files.caCertificate.string() << "  (curl: --cacert "
            << files.caCertificate.string() << ")\n";
}

// The copy-paste walkthrough: a token for the scenario's first app, then a directoryAudits page.
void printWalkthrough(const Scenario& scenario, const std::string& origin,
                      const std::string& cacert) {
  std::string curl = cacert.empty() ? "curl -s" : "curl -s --cacert " + cacert;
  std::cout << "\nTry it:\n";
  if (scenario.apps.empty() || scenario.server.auth == "off") {
    std::cout << "  " << curl << " '" << origin << "/v1.0/auditLogs/directoryAudits?$top=5'\n";
    return;
  }
  const AppRegistration& app = scenario.apps.front();
  std::cout << "  TOKEN=$(" << curl << " -X POST '" << origin << "/" << scenario.tenant.id
            << "/oauth2/v2.0/token' \\\n"
            << "      -d grant_type=client_credentials -d client_id=" << app.clientId << " \\\n"
            << "      --data-urlencode 'client_secret=" << app.secret << "' \\\n"
            << "      --data-urlencode 'scope=https://graph.microsoft.com/.default' \\\n"
            << "      | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n"
            << "  " << curl << " -H \"Authorization: Bearer $TOKEN\" '" << origin
            << "/v1.0/auditLogs/directoryAudits?$top=5'\n"
            << "(tenant " << scenario.tenant.id << ", app '" << app.displayName << "')\n";
}

}  // namespace

int serveCommand(const Args& args) {
  po::options_description desc("Options");
  std::string scenarioPath, host, publicUrl, tlsCert, tlsKey, stateDir, adminToken, liveEpoch,
      throttleStore;
  int port = 8080, tlsPort = 8443;
  unsigned threads = 0;
  unsigned activeWorkers = 0;
  mock::ServerOptions defaults;
  int readTimeout = defaults.readTimeoutSeconds, writeTimeout = defaults.writeTimeoutSeconds;
  size_t maxBody = defaults.payloadMaxBytes, maxQueued = 0, maxQueuedFormerName = 0,
         maxConnections = 0, maxHeaderBytes = defaults.limits.maxHeaderBytes;
  int keepAliveTimeout = defaults.limits.keepAliveTimeoutSeconds;
  int64_t scanDeadlineMs = defaults.scanDeadline.count(),
          queueWaitMs = defaults.limits.maxQueueWait.count();
  int listenBacklog = defaults.limits.listenBacklog;
  size_t traceBuffer = defaults.traceBuffer;
  desc.add_options()("help,h", "show this help")("scenario,s", po::value(&scenarioPath)->required(),
                                                 "scenario file")(
      "host", po::value(&host)->default_value("127.0.0.1"), "address to listen on")(
      "port,p", po::value(&port)->default_value(8080),
      "plain http port (0: pick a free one, -1: none)")(
      "public-url", po::value(&publicUrl),
      "scheme://host:port written in nextLinks and OIDC documents")(
      "tls-port", po::value(&tlsPort)->default_value(8443), "https port (0: pick a free one)")(
      "tls-cert", po::value(&tlsCert),
      "PEM certificate chain (default: the local CA's server certificate)")(
      "tls-key", po::value(&tlsKey), "PEM private key for --tls-cert")(
      "state-dir", po::value(&stateDir)->default_value(".tenantsim"),
      "signing key and local CA (shared by replicas)")(
      "threads", po::value(&threads)->default_value(0),
      "worker threads that run requests; connections are held by one event loop per core (0: 4 "
      "per core, at least 8)")(
      "active-workers", po::value(&activeWorkers)->default_value(0),
      "workers kept awake to take requests; the others are woken only when a request waits "
      "behind one running for over 2 ms (0: one per core; raise it when requests block, e.g. on "
      "a remote --throttle-store)")("no-tls", "serve plain http only")(
      "throttle-store", po::value(&throttleStore),
      "redis://host[:port][/db]: throttling budgets shared by every replica given the same store "
      "(default: each server counts alone)")(
      "live-epoch", po::value(&liveEpoch),
      "live mode: the wall-clock instant (ISO 8601) at which the clock stands at live.start; "
      "replicas given the same one serve the same live data (overrides live.epoch)")(
      "quiet,q", "no access log")(
      "admin-token", po::value(&adminToken),
      "expose /_tenantsim/ to any caller presenting Authorization: Bearer TOKEN (default: loopback "
      "only, no "
      "token; also TENANTSIM_ADMIN_TOKEN)")("read-timeout",
                                            po::value(&readTimeout)->default_value(readTimeout),
                                            "seconds a client may take to send a request")(
      "write-timeout", po::value(&writeTimeout)->default_value(writeTimeout),
      "seconds a client may take to read a response")("max-body-bytes",
                                                      po::value(&maxBody)->default_value(maxBody),
                                                      "largest request body (413 beyond)")(
      "max-header-bytes", po::value(&maxHeaderBytes)->default_value(maxHeaderBytes),
      "largest request header block (431 beyond)")(
      "scan-deadline-ms", po::value(&scanDeadlineMs)->default_value(scanDeadlineMs),
      "longest filter scan; longer ones answer 503 with Retry-After")(
      "max-connections", po::value(&maxConnections)->default_value(0),
      "open connections beyond which a new one gets 503 with Retry-After (0: from the open-file "
      "limit, which is raised to its hard limit)")(
      "max-queued-requests", po::value(&maxQueued)->default_value(0),
      "requests waiting for a worker before new ones get 503 (0: bounded by --max-connections "
      "only)")("max-queued-connections", po::value(&maxQueuedFormerName),
               "the former name of --max-queued-requests")(
      "queue-wait-ms", po::value(&queueWaitMs)->default_value(queueWaitMs),
      "longest a request waits for a worker before it gets 503")(
      "keep-alive-timeout", po::value(&keepAliveTimeout)->default_value(keepAliveTimeout),
      "seconds an idle keep-alive connection is kept open")(
      "listen-backlog", po::value(&listenBacklog)->default_value(listenBacklog),
      "connections the kernel holds until they are accepted (capped by net.core.somaxconn)")(
      "trace-buffer", po::value(&traceBuffer)->default_value(traceBuffer),
      "request traces kept for /_tenantsim/requests and the dashboard (0: tracing off)");
  ProxyFlags proxyFlags;
  addProxyOptions(desc, &proxyFlags);
  int code = 0;
  auto vm = parseOptions(
      args, desc,
      "Usage: tenantsim serve --scenario FILE [--port 8080] [--tls-port 8443] [--no-tls]",
      "tenantsim serve --scenario scenarios/quickstart.json --port 8080", &code);
  if (!vm) return code;
  bool tls = !vm->count("no-tls");
  if (Status proxyFlagsRead = readProxyFlags(*vm, tls, &proxyFlags); !proxyFlagsRead) {
    std::cerr << "tenantsim: " << proxyFlagsRead.error().message << "\n";
    return 2;
  }
  if (tlsCert.empty() != tlsKey.empty()) {
    std::cerr << "tenantsim: --tls-cert and --tls-key go together\n";
    return 2;
  }
  auto scenario = loadScenarioOrReport(scenarioPath);
  if (!scenario) return 1;
  if (!liveEpoch.empty()) {
    std::optional<Ticks> epoch = parseIsoTime(liveEpoch, IsoTimeSyntax::Scenario);
    if (!epoch || !scenario->live) {
      std::cerr << "tenantsim: --live-epoch takes an ISO 8601 instant and a scenario with a live "
                   "block\n";
      return 2;
    }
    scenario->live->epoch = epoch;
  }

  mock::ServerOptions options;
  options.host = host;
  options.port = port;
  options.publicUrl = publicUrl;
  options.stateDir = stateDir;
  options.threads = threads;
  options.activeWorkers = activeWorkers;
  options.accessLog = !vm->count("quiet");
  options.readTimeoutSeconds = readTimeout;
  options.writeTimeoutSeconds = writeTimeout;
  options.payloadMaxBytes = maxBody;
  options.scanDeadline = std::chrono::milliseconds(scanDeadlineMs);
  options.limits.maxQueuedRequests = maxQueued ? maxQueued : maxQueuedFormerName;
  options.limits.maxConnections = maxConnections;
  options.limits.keepAliveTimeoutSeconds = keepAliveTimeout;
  options.limits.maxQueueWait = std::chrono::milliseconds(queueWaitMs);
  options.limits.maxHeaderBytes = maxHeaderBytes;
  options.limits.listenBacklog = listenBacklog;
  options.adminToken = adminToken;
  if (!throttleStore.empty()) {
    Result<mock::RedisEndpoint> redis = mock::parseRedisUrl(throttleStore);
    if (!redis) {
      std::cerr << "tenantsim: " << redis.error().message << "\n";
      return 2;
    }
    options.budgetStore = mock::makeRedisBudgetStore(*redis);
  }
  options.traceBuffer = traceBuffer;
  if (!liveEpoch.empty()) options.liveEpoch = scenario->live->epoch;  // also on reload
  if (const char* fromEnv = std::getenv("TENANTSIM_ADMIN_TOKEN");
      options.adminToken.empty() && fromEnv)
    options.adminToken = fromEnv;
  if (readTimeout <= 0 || writeTimeout <= 0 || scanDeadlineMs < 0 || queueWaitMs <= 0 ||
      maxHeaderBytes == 0 || listenBacklog <= 0 || keepAliveTimeout <= 0) {
    std::cerr
        << "tenantsim: --read-timeout, --write-timeout, --queue-wait-ms, --keep-alive-timeout "
           "and --listen-backlog must be positive, "
           "--scan-deadline-ms not negative, --max-header-bytes above 0\n";
    return 2;
  }
  std::string cacert;
  if (tls) {
    options.tlsPort = tlsPort;
    options.tlsCertificate = tlsCert;
    options.tlsPrivateKey = tlsKey;
    if (tlsCert.empty()) {
      Result<auth::LocalCertificateFiles> certs =
          auth::ensureLocalCertificates(stateDir, wallClockSeconds());
      if (!certs) {
        std::cerr << "tenantsim: local certificates: " << certs.error().message << "\n";
        return 1;
      }
      options.tlsCertificate = certs->serverCertificate.string();
      options.tlsPrivateKey = certs->serverPrivateKey.string();
      cacert = certs->caCertificate.string();
    }
  }

  // Live mode: the simulation covers the window extended to the live horizon; the store holds
  // history up to the live start and the server's feeder appends as the clock runs.
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  mock::tuneAllocatorForServing();
  ScenarioWorld world = buildScenarioWorld(std::move(*scenario), nullptr, cores);
  const Scenario& s = world.simulation->scenario();
  std::cerr << "tenantsim: generated " << world.store->size(Source::Entra)
            << " directory audits and " << world.store->size(Source::Intune)
            << " Intune audit events in " << world.generationSeconds << " s\n";
  bool live = s.live.has_value();
  Ticks liveStart = live ? liveStartOf(s) : 0;
  double speed = live ? s.live->speed : 0;
  std::shared_ptr<const Simulation> simulation = world.simulation;  // for the walkthrough below

  options.scenarioPath = scenarioPath;
  Result<std::unique_ptr<mock::GraphServer>> created =
      mock::GraphServer::create(std::move(world), options);
  Status started = created ? (*created)->start() : Status(created.error());
  if (!started) {
    std::cerr << "tenantsim: " << started.error().message << "\n";
    return 1;
  }
  std::unique_ptr<mock::GraphServer> server = std::move(*created);
  std::cerr << "tenantsim: memory: " << server->state()->memoryReport() << "\n";
  if (live)
    std::cerr << "tenantsim: live mode at " << speed << "x from " << formatIsoTime(liveStart)
              << "\n";
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
  std::signal(SIGHUP, onReloadSignal);
  std::signal(SIGUSR1, onStageReportSignal);
  std::string origin;
  if (server->port() >= 0) {
    std::cout << "listening on http://" << host << ":" << server->port() << "\n";
    origin =
        publicUrl.empty() ? "http://" + host + ":" + std::to_string(server->port()) : publicUrl;
  }
  if (server->tlsPort() >= 0) {
    std::cout << "listening on https://" << host << ":" << server->tlsPort() << "\n";
    if (origin.empty())
      origin = publicUrl.empty() ? "https://" + host + ":" + std::to_string(server->tlsPort())
                                 : publicUrl;
  }
  printWalkthrough(simulation->scenario(), origin, origin.starts_with("https") ? cacert : "");
  if (!cacert.empty()) std::cout << "(https: curl --cacert " << cacert << ")\n";
  // Proxy mode (--proxy): in front of the listeners above; stopped before the server.
  std::unique_ptr<mock::ProxyListener> proxy;
  if (proxyFlags.enabled) {
    proxy = startProxy(proxyFlags, {host, cacert, tlsCert, publicUrl, options.accessLog}, *server,
                       simulation->scenario());
    if (!proxy) return 1;
  }
  std::cout << "Press Ctrl-C to stop; kill -HUP " << ::getpid()
            << " (or POST /_tenantsim/reload) reloads " << scenarioPath << ".\n"
            << std::flush;
  simulation.reset();
  while (!stopRequested) {
    if (reloadRequested) {
      reloadRequested = 0;
      reloadOnSignal(*server);
    }
    if (stageReportRequested) {  // where requests' time went since the last report
      stageReportRequested = 0;
      std::cerr << "tenantsim: stage times\n" << server->stageReport(true).format() << std::flush;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::cerr << "tenantsim: stopping (draining requests in flight)\n";
  if (proxy) proxy->stop();
  server->stop();
  return 0;
}

int certsCommand(const Args& args) {
  po::options_description desc("Options");
  std::string stateDir;
  desc.add_options()("help,h", "show this help")("state-dir",
                                                 po::value(&stateDir)->default_value(".tenantsim"),
                                                 "where the CA and server certificate live");
  int code = 0;
  auto vm = parseOptions(args, desc, "Usage: tenantsim certs [--state-dir DIR]",
                         "tenantsim certs --state-dir .tenantsim", &code);
  if (!vm) return code;
  Result<auth::LocalCertificateFiles> certs =
      auth::ensureLocalCertificates(stateDir, wallClockSeconds());
  if (!certs) {
    std::cerr << "tenantsim: " << certs.error().message << "\n";
    return 1;
  }
  printCertificatePaths(*certs);
  return 0;
}

}  // namespace tenantsim::cli
