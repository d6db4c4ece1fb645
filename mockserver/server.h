// GraphServer: the mock Microsoft Graph and Entra ID endpoint for one simulation. Plain HTTP and
// HTTPS listeners side by side (cpp-httplib), a worker pool sized to the cores, every request
// through the pipeline (pipeline_builder.cc) and then its route, one access-log line per request
// on stderr, and a clean stop that drains requests in flight.
#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "mockserver/pipeline.h"
#include "mockserver/request_target.h"
#include "mockserver/server_context.h"

namespace httplib {
class Server;
}

namespace tenantsim::mock {

class GraphServer {
 public:
  // Loads (or creates, shared by replicas) the signing key in options.stateDir. nullptr with
  // *error on failure. simulation and store must outlive the server.
  static std::unique_ptr<GraphServer> create(const Simulation& simulation, EventStore& store, ServerClock clock,
                                             ServerOptions options, std::string* error);
  ~GraphServer();
  GraphServer(const GraphServer&) = delete;
  GraphServer& operator=(const GraphServer&) = delete;

  // Binds the listeners and starts serving in background threads. false with *error when a port
  // cannot be bound or the TLS files cannot be loaded.
  bool start(std::string* error);
  // Stops listening and waits for requests in flight. Idempotent; safe from any thread.
  void stop();

  int port() const { return httpPort_; }     // -1 when plain http is off
  int tlsPort() const { return httpsPort_; }  // -1 when https is off
  ServerClock& clock() { return clock_; }
  const ServerContext& context() const { return *context_; }
  const Metrics& metrics() const { return *metrics_; }

 private:
  GraphServer(const Simulation& simulation, EventStore& store, ServerClock clock, ServerOptions options,
              auth::SigningKey key);
  void configure(httplib::Server& server, bool tls);
  void handle(const httplib::Request& request, httplib::Response& response, bool tls);
  void dispatch(RequestContext& ctx, const RequestTarget& target, const struct Route& route, bool tls);

  const Simulation& simulation_;
  EventStore& store_;
  ServerClock clock_;
  ServerOptions options_;
  auth::SigningKey signingKey_;
  auth::RequestAuthorizer authorizer_;
  auth::TokenEndpoint tokenEndpoint_;
  odata::SkiptokenCodec skiptokens_;
  std::unique_ptr<QueryEngine> queryEngine_;
  std::atomic<uint64_t> sequence_{0};
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<ServerContext> context_;
  std::vector<std::unique_ptr<Stage>> stages_;
  std::unique_ptr<httplib::Server> http_, https_;
  int httpPort_ = -1, httpsPort_ = -1;
  std::vector<std::thread> listeners_;
  std::mutex stopMutex_;
};

// The directory (tenant and app registrations) the identity layer serves for a scenario.
auth::TenantDirectory directoryFor(const Scenario& scenario);

}  // namespace tenantsim::mock
