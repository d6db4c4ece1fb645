#include "app/serve_proxy.h"

#include <iostream>

#include "base/atomic_file.h"
#include "mockserver/auth/local_ca.h"

namespace tenantsim::cli {
namespace {

// The address the server's own listeners answer on, seen from this process.
std::string loopbackFor(const std::string& host) {
  if (host.empty() || host == "0.0.0.0") return "127.0.0.1";
  if (host == "::" || host == "[::]") return "::1";
  return host;
}

std::string urlHost(const std::string& host) {
  return host.find(':') != std::string::npos && !host.starts_with('[') ? "[" + host + "]" : host;
}

// A user-supplied certificate that does not cover an intercepted name fails every client's
// verification for that name: say so at start rather than at the first handshake.
void warnAboutCertificate(const std::string& tlsCert, const std::vector<std::string>& hosts) {
  Result<std::string> pem = readWholeFile(tlsCert);
  if (!pem) return;
  std::string missing;
  for (const std::string& name : hosts) {
    if (!auth::certificateCoversName(*pem, name)) missing += (missing.empty() ? "" : ", ") + name;
  }
  if (!missing.empty()) {
    std::cerr << "tenantsim: warning: --tls-cert does not cover " << missing
              << "; proxied clients will reject it for those names (the default certificate covers "
                 "them)\n";
  }
}

void printProxyWalkthrough(const std::string& proxyUrl, const std::string& cacert,
                           const Scenario& scenario) {
  std::string curl = "curl -s" + (cacert.empty() ? std::string() : " --cacert " + cacert);
  std::cout << "Through the proxy, with Microsoft's host names:\n  export HTTPS_PROXY=" << proxyUrl
            << "\n";
  if (scenario.apps.empty() || scenario.server.auth == "off") {
    std::cout << "  " << curl
              << " 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$top=5'\n";
    return;
  }
  const AppRegistration& app = scenario.apps.front();
  std::cout << "  TOKEN=$(" << curl << " -X POST 'https://login.microsoftonline.com/"
            << scenario.tenant.id << "/oauth2/v2.0/token' \\\n"
            << "      -d grant_type=client_credentials -d client_id=" << app.clientId << " \\\n"
            << "      --data-urlencode 'client_secret=" << app.secret << "' \\\n"
            << "      --data-urlencode 'scope=https://graph.microsoft.com/.default' \\\n"
            << "      | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n"
            << "  " << curl << " -H \"Authorization: Bearer $TOKEN\" "
            << "'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$top=5'\n";
}

}  // namespace

void addProxyOptions(po::options_description& desc, ProxyFlags* flags) {
  desc.add_options()(
      "proxy",
      "also run an HTTP proxy (HTTPS_PROXY) that answers for Graph's and Entra's host names")(
      "proxy-port", po::value(&flags->port)->default_value(8000),
      "proxy port (0: pick a free one)")(
      "proxy-passthrough",
      "send other hosts to the real host (CONNECT and plain http) instead of refusing them (403)")(
      "proxy-allow-remote",
      "serve proxy clients that are not on loopback (they reach the admin surface too)");
}

Status readProxyFlags(const po::variables_map& vm, bool tls, ProxyFlags* flags) {
  flags->enabled = vm.count("proxy") > 0;
  flags->passthrough = vm.count("proxy-passthrough") > 0;
  flags->allowRemote = vm.count("proxy-allow-remote") > 0;
  if (!flags->enabled) {
    bool stray = flags->passthrough || flags->allowRemote || !vm["proxy-port"].defaulted();
    if (stray)
      return plainError("--proxy-port, --proxy-passthrough and --proxy-allow-remote need --proxy");
    return {};
  }
  if (!tls)
    return plainError(
        "--proxy needs the https listener (it terminates the tunnelled TLS): drop --no-tls");
  if (flags->port < 0 || flags->port > 65535) return plainError("--proxy-port must be 0 to 65535");
  return {};
}

std::unique_ptr<mock::ProxyListener> startProxy(const ProxyFlags& flags, const ProxySetup& setup,
                                                const mock::GraphServer& server,
                                                const Scenario& scenario) {
  mock::ProxyOptions options;
  options.host = setup.host;
  options.port = flags.port;
  options.upstreamHost = loopbackFor(setup.host);
  options.upstreamHttpsPort = server.tlsPort();
  options.upstreamHttpPort = server.port();
  options.passthrough = flags.passthrough;
  options.allowRemoteClients = flags.allowRemote;
  options.log = setup.accessLog;
  auto proxy = std::make_unique<mock::ProxyListener>(options);
  if (Status started = proxy->start(); !started) {
    std::cerr << "tenantsim: " << started.error().message << "\n";
    return nullptr;
  }
  if (!setup.tlsCert.empty()) warnAboutCertificate(setup.tlsCert, options.interceptedHosts);
  if (!setup.publicUrl.empty()) {
    std::cerr << "tenantsim: warning: --public-url is written into every absolute URL, proxied "
                 "answers too (nextLinks will point at "
              << setup.publicUrl << ", not at graph.microsoft.com)\n";
  }
  std::string proxyUrl = "http://" + urlHost(setup.host) + ":" + std::to_string(proxy->port());
  std::string hosts;
  for (const std::string& name : options.interceptedHosts)
    hosts += (hosts.empty() ? "" : ", ") + name;
  std::cout << "proxying on " << proxyUrl << " (intercepts " << hosts
            << (flags.passthrough ? "; tunnels other hosts" : "; refuses other hosts") << ")\n";
  printProxyWalkthrough(proxyUrl, setup.cacert, scenario);
  return proxy;
}

}  // namespace tenantsim::cli
