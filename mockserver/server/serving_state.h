// What the server serves, grouped per scenario so a reload can swap all of it at once.
//
// A ServingState is a ScenarioWorld (simulation/world/world.h) plus everything the request path
// derives from it (identity layer, skiptoken key, query engine, pipeline stages with their
// throttling state, the live feeder) and is immutable once built. GraphServer holds the current one
// in a shared_ptr that every request copies at its start: a reload builds the next state off to the
// side and swaps the pointer, requests in flight finish on the state they started with, and the old
// state is freed when the last of them lets go.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "mockserver/auth/authorizer.h"
#include "mockserver/auth/token_endpoint.h"
#include "mockserver/http/pipeline.h"
#include "mockserver/http/server_context.h"
#include "simulator/simulation/provisioning_index.h"
#include "simulator/simulation/world/live_feeder.h"
#include "simulator/simulation/world/world.h"

namespace tenantsim::mock {

// glibc malloc settings for a long-running server that reloads: blocks of 4 MiB and more (a
// store's event arrays) are mmapped and go back to the system when a replaced state is freed,
// and an arena keeps at most 4 MiB free at its top. A 1-2 MB page of 1000 items stays below the
// mmap threshold, so it is not faulted in page by page on every request. glibc's default raises the
// mmap threshold to the largest block freed so far, after which the next store lands in the arenas
// and their fragments stay resident. A 4 MiB trim threshold keeps request buffers from being
// trimmed and re-faulted. No-op without glibc, or when GLIBC_TUNABLES is set. Measurements:
// docs/performance.md#allocator-settings.
void tuneAllocatorForServing();

// The server-wide parts every state shares: they outlive all states.
struct ServerShared {
  const ServerOptions& options;
  const auth::SigningKey& signingKey;
  std::atomic<uint64_t>& requestSequence;
  Metrics& metrics;
};

class ServingState {
 public:
  // `generation` numbers the states of one server: 1 for the first, +1 per reload.
  ServingState(ScenarioWorld world, const ServerShared& shared, uint64_t generation);
  ~ServingState();  // stops the feeder
  ServingState(const ServingState&) = delete;
  ServingState& operator=(const ServingState&) = delete;

  const ServerContext& context() const { return *context_; }
  const std::vector<std::unique_ptr<Stage>>& stages() const { return stages_; }
  const Scenario& scenario() const { return world_.simulation->scenario(); }
  EventStore& store() const { return *world_.store; }
  ServerClock& clock() { return world_.clock; }
  const ServerClock& clock() const { return world_.clock; }
  uint64_t generation() const { return generation_; }
  // States alive in this process (all servers): a server that is not reloading holds one; a
  // replaced state lives on only while requests that started on it finish.
  static uint64_t liveCount();
  double generationSeconds() const { return world_.generationSeconds; }
  // What the stores hold, for the startup log: each served log's record count and resident
  // bytes (records and indexes), e.g. "12 sign-ins (1.2 MB), ..." (docs/performance.md).
  std::string storeSummary() const;

  // Live mode: start or stop appending events as the clock runs (no-ops without a feeder).
  void startFeeder();
  void stopFeeder();
  bool hasFeeder() const { return feeder_ != nullptr; }

 private:
  ScenarioWorld world_;
  uint64_t generation_;
  Metrics& metrics_;
  auth::RequestAuthorizer authorizer_;
  auth::TokenEndpoint tokenEndpoint_;
  odata::SkiptokenCodec skiptokens_;
  std::unique_ptr<QueryEngine> queryEngine_;
  std::unique_ptr<SignInQueryEngine> signInEngine_;
  std::unique_ptr<AlertQueryEngine> alertEngine_;
  // auditLogs/provisioning: built up to the clock; not fed in live mode (docs/provisioning.md).
  std::unique_ptr<ProvisioningLog> provisioningLog_;
  std::unique_ptr<ProvisioningStore> provisioningStore_;
  std::unique_ptr<ProvisioningQueryEngine> provisioningEngine_;
  std::unique_ptr<RiskQueryEngine> riskEngine_;
  std::unique_ptr<RenderedItemCache> renderCache_;  // server.renderCache; empty per state
  std::unique_ptr<ServerContext> context_;
  std::vector<std::unique_ptr<Stage>> stages_;
  std::unique_ptr<LiveFeeder> feeder_;
};

}  // namespace tenantsim::mock
