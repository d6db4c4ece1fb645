// tenantsim serve --proxy: the proxy-mode options, their checks, and the proxy started in front
// of the running server (mockserver/proxy.h), with the lines that tell a user how to point a
// client at it.
#pragma once

#include <memory>
#include <string>

#include "app/options.h"
#include "base/result.h"
#include "mockserver/proxy/proxy.h"
#include "mockserver/server/graph_server.h"

namespace tenantsim::cli {

struct ProxyFlags {
  bool enabled = false;
  int port = 8000;
  bool passthrough = false;
  bool allowRemote = false;
};

// --proxy, --proxy-port, --proxy-passthrough, --proxy-allow-remote.
void addProxyOptions(po::options_description& desc, ProxyFlags* flags);

// Reads the switches after parsing. An error when they cannot work with the rest of the command
// line (--proxy needs the https listener).
Status readProxyFlags(const po::variables_map& vm, bool tls, ProxyFlags* flags);

struct ProxySetup {
  std::string host;       // --host: the proxy listens there too
  std::string cacert;     // the local CA's certificate, "" with --tls-cert
  std::string tlsCert;    // --tls-cert, checked for the intercepted names
  std::string publicUrl;  // --public-url, which proxied clients would be sent to
  bool accessLog = true;
};

// Starts the proxy in front of server and prints "proxying on http://HOST:PORT (intercepts …)"
// and a walkthrough through it. nullptr, after printing why, when the port cannot be bound.
std::unique_ptr<mock::ProxyListener> startProxy(const ProxyFlags& flags, const ProxySetup& setup,
                                                const mock::GraphServer& server,
                                                const Scenario& scenario);

}  // namespace tenantsim::cli
