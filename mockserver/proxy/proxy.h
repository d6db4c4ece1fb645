// Proxy mode, as Microsoft's Dev Proxy offers it: an HTTP forward proxy (HTTPS_PROXY,
// curl --proxy) in front of tenantsim, so a client with Graph's and Entra's real host names
// hard-coded works unmodified once it trusts tenantsim's local CA.
//
// Per connection, the first request head decides:
//   CONNECT <intercepted host>:443   200, then a byte tunnel to tenantsim's https listener, which
//                                    terminates TLS with the local CA's certificate (it covers
//                                    every intercepted name); :80 tunnels to the plain listener
//   GET http://<intercepted host>/…  the whole request, rewritten to "Connection: close", to the
//                                    plain listener (which takes absolute-form targets)
//   any other host                   403 naming the intercepted hosts, or with passthrough a
//                                    tunnel to the real host (502 when it cannot be reached)
//   GET /v1.0/… (origin-form)        400: this is the proxy port, not the server's
//   malformed head 400, a head over maxHeadBytes 431, no head within headTimeout 408,
//   more than maxConnections at once 503, a client off loopback 403 unless allowed.
//
// tenantsim sees every proxied request as coming from the proxy, that is from loopback: its
// admin surface (/_tenantsim/, loopback only) answers proxied clients. Hence the proxy itself
// serves loopback clients only unless allowRemoteClients is set.
#pragma once

#include <atomic>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"
#include "mockserver/proxy/proxy_request.h"
#include "mockserver/proxy/tcp_tunnel.h"

namespace tenantsim::mock {

// The names the local CA's server certificate covers besides localhost
// (auth::impersonatedMicrosoftHosts()): Graph's and Entra's global hosts and the US Government
// ones (graph.microsoft.us, dod-graph.microsoft.us, login.microsoftonline.us).
const std::vector<std::string>& defaultInterceptedHosts();

struct ProxyOptions {
  std::string host = "127.0.0.1";                                         // address to listen on
  int port = 8000;                                                        // 0 picks a free port
  std::vector<std::string> interceptedHosts = defaultInterceptedHosts();  // lower-case
  std::string upstreamHost = "127.0.0.1";  // where tenantsim's own listeners answer
  int upstreamHttpsPort = -1;              // -1: none (CONNECT to an intercepted host is 502)
  int upstreamHttpPort = -1;               // -1: none (absolute-form http is 502)
  bool passthrough = false;                // tunnel other hosts instead of refusing them
  bool allowRemoteClients = false;         // serve clients that are not on loopback
  bool log = false;                        // one line per connection on stderr
  unsigned maxConnections = 256;
  size_t maxHeadBytes = 16 * 1024;
  std::chrono::milliseconds headTimeout{10000};     // for the client's request head
  std::chrono::milliseconds connectTimeout{10000};  // to reach the upstream
  std::chrono::milliseconds idleTimeout{60000};     // a tunnel with no bytes either way
};

class ProxyListener {
 public:
  explicit ProxyListener(ProxyOptions options);
  ~ProxyListener();  // stop()
  ProxyListener(const ProxyListener&) = delete;
  ProxyListener& operator=(const ProxyListener&) = delete;

  // Binds and starts accepting in a background thread; an error when the port cannot be bound.
  // Call once.
  Status start();
  // Closes the listener and every open connection and tunnel, and joins their threads.
  // Idempotent; safe from any thread but a connection's.
  void stop();

  int port() const { return port_; }  // the bound port, -1 before start()
  const ProxyOptions& options() const { return options_; }
  // Connections being served right now (tunnels included).
  size_t activeConnections() const { return active_.load(); }

 private:
  struct Connection {
    UniqueFd client;
    std::thread thread;
    std::atomic<bool> finished{false};
  };

  void acceptLoop();
  void admit(UniqueFd client, bool loopback);
  void serve(Connection& connection, bool loopback);
  void reapFinished(bool all);

  ProxyOptions options_;
  UniqueFd listener_;
  UniqueFd stopRead_, stopWrite_;  // a pipe: readable once stop() has begun
  int port_ = -1;
  std::thread acceptThread_;
  std::mutex mutex_;  // guards connections_ and stopped_
  std::list<std::unique_ptr<Connection>> connections_;
  bool stopped_ = false;
  std::atomic<size_t> active_{0};
};

}  // namespace tenantsim::mock
