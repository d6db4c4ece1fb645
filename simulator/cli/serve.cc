// tenantsim serve: generate a scenario's window into the event store and serve it as Microsoft
// Graph (http and https side by side); tenantsim certs: the local CA clients trust for https.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "mockserver/auth/local_ca.h"
#include "mockserver/live.h"
#include "mockserver/server.h"
#include "simulator/cli/options.h"

namespace tenantsim::cli {
namespace {

volatile std::sig_atomic_t stopRequested = 0;
void onStopSignal(int) { stopRequested = 1; }

void printCertificatePaths(const auth::LocalCertificateFiles& files) {
  std::cout << "CA certificate:      " << files.caCertificate.string() << (files.createdCa ? "  (created)" : "")
            << "\nserver certificate:  " << files.serverCertificate.string()
            << "\nserver private key:  " << files.serverPrivateKey.string()
            << "\nTrust it: export NODE_EXTRA_CA_CERTS=" << files.caCertificate.string()
            << "  REQUESTS_CA_BUNDLE=" << files.caCertificate.string()
            << "  (curl: --cacert " << files.caCertificate.string() << ")\n";
}

// The copy-paste walkthrough: a token for the scenario's first app, then a directoryAudits page.
void printWalkthrough(const Scenario& scenario, const std::string& origin, const std::string& cacert) {
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
  std::string scenarioPath, host, publicUrl, tlsCert, tlsKey, stateDir;
  int port = 8080, tlsPort = 8443;
  unsigned threads = 0;
  desc.add_options()("help,h", "show this help")
      ("scenario,s", po::value(&scenarioPath)->required(), "scenario file")
      ("host", po::value(&host)->default_value("127.0.0.1"), "address to listen on")
      ("port,p", po::value(&port)->default_value(8080), "plain http port (0: pick a free one, -1: none)")
      ("public-url", po::value(&publicUrl), "scheme://host:port written in nextLinks and OIDC documents")
      ("tls-port", po::value(&tlsPort)->default_value(8443), "https port (0: pick a free one)")
      ("tls-cert", po::value(&tlsCert), "PEM certificate chain (default: the local CA's server certificate)")
      ("tls-key", po::value(&tlsKey), "PEM private key for --tls-cert")
      ("state-dir", po::value(&stateDir)->default_value(".tenantsim"), "signing key and local CA (shared by replicas)")
      ("threads", po::value(&threads)->default_value(0), "worker threads (0: all cores)")
      ("no-tls", "serve plain http only")
      ("quiet,q", "no access log");
  int code = 0;
  auto vm = parseOptions(args, desc,
                         "Usage: tenantsim serve --scenario FILE [--port 8080] [--tls-port 8443] [--no-tls]",
                         "tenantsim serve --scenario scenarios/quickstart.json --port 8080", &code);
  if (!vm) return code;
  bool tls = !vm->count("no-tls");
  if (tlsCert.empty() != tlsKey.empty()) {
    std::cerr << "tenantsim: --tls-cert and --tls-key go together\n";
    return 2;
  }
  auto scenario = loadScenarioOrReport(scenarioPath);
  if (!scenario) return 1;

  mock::ServerOptions options;
  options.host = host;
  options.port = port;
  options.publicUrl = publicUrl;
  options.stateDir = stateDir;
  options.threads = threads;
  options.accessLog = !vm->count("quiet");
  std::string cacert;
  if (tls) {
    options.tlsPort = tlsPort;
    options.tlsCertificate = tlsCert;
    options.tlsPrivateKey = tlsKey;
    if (tlsCert.empty()) {
      auth::LocalCertificatesResult certs = auth::ensureLocalCertificates(stateDir, mock::wallClockSeconds());
      if (!certs.ok) {
        std::cerr << "tenantsim: local certificates: " << certs.error << "\n";
        return 1;
      }
      options.tlsCertificate = certs.files.serverCertificate.string();
      options.tlsPrivateKey = certs.files.serverPrivateKey.string();
      cacert = certs.files.caCertificate.string();
    }
  }

  // Live mode: one Simulation over the window extended to the live horizon; the store holds
  // history up to the live start and a feeder appends as the clock runs.
  bool live = scenario->live.has_value();
  Simulation simulation(live ? mock::liveScenario(*scenario) : std::move(*scenario));
  const Scenario& s = simulation.scenario();
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  auto started = std::chrono::steady_clock::now();
  EventStore store(live ? simulation.generate(s.windowStart(), mock::liveStartOf(s), cores) : simulation.generateWindow(cores));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "tenantsim: generated " << store.size(Source::Entra) << " directory audits and "
            << store.size(Source::Intune) << " Intune audit events in " << seconds << " s\n";

  std::string error;
  mock::ServerClock clock = live ? mock::ServerClock::live(mock::liveStartOf(s), s.live->speed)
                                 : mock::ServerClock::history(s.windowEnd);
  auto server = mock::GraphServer::create(simulation, store, clock, options, &error);
  if (!server || !server->start(&error)) {
    std::cerr << "tenantsim: " << error << "\n";
    return 1;
  }
  std::unique_ptr<mock::LiveFeeder> feeder;
  if (live) {
    feeder = mock::makeLiveFeeder(simulation, store, server->clock());
    feeder->start();
    std::cerr << "tenantsim: live mode at " << s.live->speed << "x from " << formatIsoTime(mock::liveStartOf(s)) << "\n";
  }
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
  std::string origin;
  if (server->port() >= 0) {
    std::cout << "listening on http://" << host << ":" << server->port() << "\n";
    origin = publicUrl.empty() ? "http://" + host + ":" + std::to_string(server->port()) : publicUrl;
  }
  if (server->tlsPort() >= 0) {
    std::cout << "listening on https://" << host << ":" << server->tlsPort() << "\n";
    if (origin.empty()) origin = publicUrl.empty() ? "https://" + host + ":" + std::to_string(server->tlsPort()) : publicUrl;
  }
  printWalkthrough(simulation.scenario(), origin, origin.starts_with("https") ? cacert : "");
  if (!cacert.empty()) std::cout << "(https: curl --cacert " << cacert << ")\n";
  std::cout << "Press Ctrl-C to stop.\n" << std::flush;
  while (!stopRequested) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::cerr << "tenantsim: stopping (draining requests in flight)\n";
  if (feeder) feeder->stop();
  server->stop();
  return 0;
}

int certsCommand(const Args& args) {
  po::options_description desc("Options");
  std::string stateDir;
  desc.add_options()("help,h", "show this help")
      ("state-dir", po::value(&stateDir)->default_value(".tenantsim"), "where the CA and server certificate live");
  int code = 0;
  auto vm = parseOptions(args, desc, "Usage: tenantsim certs [--state-dir DIR]", "tenantsim certs --state-dir .tenantsim",
                         &code);
  if (!vm) return code;
  auth::LocalCertificatesResult certs = auth::ensureLocalCertificates(stateDir, mock::wallClockSeconds());
  if (!certs.ok) {
    std::cerr << "tenantsim: " << certs.error << "\n";
    return 1;
  }
  printCertificatePaths(certs.files);
  return 0;
}

}  // namespace tenantsim::cli
