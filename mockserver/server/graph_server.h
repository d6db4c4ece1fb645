// GraphServer: the mock Microsoft Graph and Entra ID endpoint for one simulation. Plain HTTP and
// HTTPS listeners side by side on the event-driven connection layer (connection_layer.h: event
// loops hold the connections, a bounded worker pool runs the requests), every request through
// the pipeline (stages/builder.h) and then its route, one access-log line per request on stderr,
// and a clean stop that drains requests in flight.
//
// Everything derived from the scenario lives in a ServingState (serving_state.h) that each
// request picks up at its start; reload() swaps in a new one built from the scenario file
// without closing a listener or a connection.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mockserver/http/pipeline.h"
#include "mockserver/http/request_target.h"
#include "mockserver/http/server_context.h"
#include "mockserver/routes/admin.h"
#include "mockserver/server/connection_layer.h"
#include "mockserver/server/serving_state.h"

namespace tenantsim::mock {

class GraphServer {
 public:
  // Loads (or creates, shared by replicas) the signing key in options.stateDir. A live world's
  // feeder runs from start() to stop().
  static Result<std::unique_ptr<GraphServer>> create(ScenarioWorld world, ServerOptions options);
  // Serves a simulation and store the caller owns (they must outlive the server); no feeder.
  static Result<std::unique_ptr<GraphServer>> create(const Simulation& simulation,
                                                     EventStore& store, ServerClock clock,
                                                     ServerOptions options);
  ~GraphServer();
  GraphServer(const GraphServer&) = delete;
  GraphServer& operator=(const GraphServer&) = delete;

  // Binds the listeners and starts serving in background threads. An error when a port cannot be
  // bound or the TLS files cannot be loaded.
  Status start();
  // Stops listening, waits for requests in flight, stops the live feeder. Idempotent; safe from
  // any thread.
  void stop();

  // Re-reads options.scenarioPath, validates it and, when valid, generates the new world (clock
  // carried over, see buildScenarioWorld; options.liveEpoch replaces the file's live.epoch) while
  // the current one keeps serving, then swaps it in.
  // Invalid: the current scenario keeps serving and the outcome lists every error. One reload at
  // a time (another caller meanwhile gets Busy). Safe from any thread, including a request's.
  ReloadOutcome reload();

  int port() const { return httpPort_; }      // -1 when plain http is off
  int tlsPort() const { return httpsPort_; }  // -1 when https is off
  // The serving state's clock: valid until the next reload replaces the state.
  ServerClock& clock() { return current()->clock(); }
  std::shared_ptr<ServingState> state() const { return current(); }
  const Metrics& metrics() const { return *metrics_; }
  // Open connections, refusals and sheds of the connection layer (zeros before start()).
  ConnectionStats connectionStats() const;
  // Where requests' time went in the connection layer since start or the last reset
  // (stage_times.h; `kill -USR1` on `tenantsim serve` prints it). Empty before start().
  StageReport stageReport(bool reset);
  // The newest request traces; null when options.traceBuffer is 0.
  const TraceRing* traces() const { return traces_.get(); }
  // What the connection layer calls for each framed request (serve: the pipeline and the route;
  // refuse: a framing error's answer; log). Also for callers that frame requests themselves, with
  // or without start(): the raw-request fuzz target. Valid while the server lives.
  ConnectionHandlers connectionHandlers();

 private:
  GraphServer(ScenarioWorld world, ServerOptions options, auth::SigningKey key);
  std::shared_ptr<ServingState> current() const;
  void releaseReplacedState(std::shared_ptr<ServingState> old);
  void handle(const httplib::Request& request, httplib::Response& response, bool tls);
  void recordTrace(RequestTrace trace, RequestContext& ctx,
                   std::chrono::steady_clock::time_point started);
  void dispatch(ServingState& state, RequestContext& ctx, const RequestTarget& target,
                const struct Route& route, bool tls);

  ServerOptions options_;
  auth::SigningKey signingKey_;
  std::atomic<uint64_t> sequence_{0};
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<TraceRing> traces_;
  ServerShared shared_;
  mutable std::mutex stateMutex_;  // guards state_ (the pointer; the state itself is immutable)
  std::shared_ptr<ServingState> state_;
  std::mutex reloadMutex_;            // one reload at a time
  bool stopped_ = false;              // under reloadMutex_: no reload after stop()
  std::vector<std::thread> reapers_;  // under reloadMutex_: free replaced states (see reload())
  std::unique_ptr<ConnectionLayer> connections_;
  int httpPort_ = -1, httpsPort_ = -1;
  std::mutex stopMutex_;
};

}  // namespace tenantsim::mock
