// Everything a request handler or pipeline stage may read: the simulation and its store, the
// server clock, the identity layer and the server's options. Owned by GraphServer; outlives
// every stage and request.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "mockserver/auth/authorizer.h"
#include "mockserver/auth/token_endpoint.h"
#include "mockserver/http/budget_store.h"
#include "mockserver/http/limits.h"
#include "mockserver/http/metrics.h"
#include "mockserver/odata/skiptoken.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/store.h"
#include "simulator/simulation/world/clock.h"

namespace tenantsim::mock {

class QueryEngine;
class SignInQueryEngine;
class AlertQueryEngine;
class ProvisioningQueryEngine;
class RiskQueryEngine;
class RenderedItemCache;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;             // plain http; 0 picks a free port, -1 disables it
  int tlsPort = -1;            // https; 0 picks a free port, -1 disables it
  std::string tlsCertificate;  // PEM chain file (https)
  std::string tlsPrivateKey;   // PEM key file (https)
  std::string publicUrl;       // overrides scheme://host:port in every absolute URL we write
  std::string scenarioPath;    // what reload() re-reads; empty: reload is unavailable
  std::filesystem::path stateDir = ".tenantsim";  // signing key (shared by replicas), local CA
  unsigned threads = 0;                           // worker threads; 0 = 4 per core, at least 8
  // Workers kept awake to take requests while none stalls (request_workers.h); 0 = one per core.
  unsigned activeWorkers = 0;
  std::chrono::milliseconds scanDeadline{5000};  // longer scans answer 503 + Retry-After
  int readTimeoutSeconds = 30;
  int writeTimeoutSeconds = 30;
  size_t payloadMaxBytes = 1 << 20;
  bool accessLog = true;   // one line per request on stderr
  std::string adminToken;  // empty: /_tenantsim/ answers loopback only; else any caller with it
  ServerLimits limits;     // work queue and header limits (limits.h)
  // Throttling windows shared by replicas (serve --throttle-store); null: each server in memory.
  std::shared_ptr<BudgetStore> budgetStore;
  // serve --live-epoch: replaces the scenario's live.epoch when reload() re-reads the file, so the
  // flag (not the file) keeps deciding the live clock. Null: the file's live.epoch, if any.
  std::optional<Ticks> liveEpoch;

  // Trace records kept for /_tenantsim/requests (docs/tracing.md); 0 turns tracing off.
  size_t traceBuffer = 1000;
};

struct ServerContext {
  const Simulation& simulation;
  const Scenario& scenario;
  EventStore& store;
  ServerClock& clock;
  const ServerOptions& options;
  const auth::RequestAuthorizer& authorizer;
  const auth::TokenEndpoint& tokenEndpoint;
  const auth::SigningKey& signingKey;
  const odata::SkiptokenCodec& skiptokens;
  const QueryEngine& queryEngine;
  std::atomic<uint64_t>& requestSequence;
  Metrics& metrics;
  const SignInQueryEngine& signIns;             // auditLogs/signIns
  const RiskQueryEngine& risks;                 // identityProtection/riskDetections
  const AlertQueryEngine& alerts;               // security/alerts_v2 and security/incidents
  const ProvisioningQueryEngine& provisioning;  // auditLogs/provisioning
  // List items' rendered bytes (routes/item_cache.h); null when there is none.
  RenderedItemCache* renderCache = nullptr;
};

}  // namespace tenantsim::mock
