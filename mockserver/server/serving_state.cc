#include "mockserver/server/serving_state.h"

#include <malloc.h>

#include <chrono>
#include <cstdlib>

#include "mockserver/routes/query_engine.h"
#include "mockserver/server/graph_server.h"
#include "mockserver/stages/builder.h"

namespace tenantsim::mock {

void tuneAllocatorForServing() {
#ifdef __GLIBC__
  if (std::getenv("GLIBC_TUNABLES")) return;
  ::mallopt(M_MMAP_THRESHOLD, 1 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 4 << 20);
#endif
}

namespace {

std::atomic<uint64_t> liveStates{0};

auth::AuthMode authModeOf(const Scenario& scenario) {
  return auth::parseAuthMode(scenario.server.auth).value_or(auth::AuthMode::kStrict);
}

}  // namespace

ScenarioWorld buildScenarioWorld(Scenario scenario, const ServerClock* previous, unsigned threads) {
  bool live = scenario.live.has_value();
  // The simulation is the one a fresh start of this file builds (same live horizon), so a reload
  // of an unchanged file serves the same events.
  auto simulation =
      std::make_shared<const Simulation>(live ? liveScenario(scenario) : std::move(scenario));
  const Scenario& s = simulation->scenario();
  threads = std::max(1u, threads);
  // A live reload continues where the running clock stands: history up to it, the feeder on from
  // it. The clock starts now, before generating, so it runs on while the store fills exactly as
  // the previous one does, and the two agree when the new world is swapped in.
  Ticks start = live && previous && previous->isLive() ? previous->now()
                : live                                 ? liveStartOf(s)
                                                       : s.windowEnd;
  ServerClock clock = live ? ServerClock::live(start, s.live->speed) : ServerClock::history(start);
  if (previous && previous->pinned()) clock.set(previous->now());
  auto started = std::chrono::steady_clock::now();
  auto store =
      std::make_shared<EventStore>(live ? simulation->generate(s.windowStart(), start, threads)
                                        : simulation->generateWindow(threads));
  ScenarioWorld world{simulation, std::move(store), std::move(clock), std::nullopt, 0};
  world.generationSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (live) world.feedFrom = start;
  return world;
}

ScenarioWorld borrowScenarioWorld(const Simulation& simulation, EventStore& store,
                                  ServerClock clock) {
  // Non-owning pointers: the caller keeps both alive for the server's lifetime.
  return ScenarioWorld{std::shared_ptr<const Simulation>(&simulation, [](const Simulation*) {}),
                       std::shared_ptr<EventStore>(&store, [](EventStore*) {}), std::move(clock),
                       std::nullopt, 0};
}

ServingState::ServingState(ScenarioWorld world, const ServerShared& shared, uint64_t generation)
    : world_(std::move(world)),
      generation_(generation),
      authorizer_(authModeOf(scenario()), scenario().tenant.id, &shared.signingKey),
      tokenEndpoint_(directoryFor(scenario()), shared.signingKey),
      skiptokens_(odata::SkiptokenCodec::keyFromSeed(scenario().seed)),
      queryEngine_(std::make_unique<QueryEngine>(*world_.simulation, *world_.store)) {
  context_ = std::make_unique<ServerContext>(
      ServerContext{*world_.simulation, scenario(), *world_.store, world_.clock, shared.options,
                    authorizer_, tokenEndpoint_, shared.signingKey, skiptokens_, *queryEngine_,
                    shared.requestSequence, shared.metrics});
  stages_ = buildPipeline(*context_);
  if (world_.feedFrom)
    feeder_ = std::make_unique<LiveFeeder>(*world_.simulation, *world_.store, world_.clock,
                                           *world_.feedFrom);
  liveStates.fetch_add(1, std::memory_order_relaxed);
}

uint64_t ServingState::liveCount() { return liveStates.load(std::memory_order_relaxed); }

ServingState::~ServingState() {
  stopFeeder();
  liveStates.fetch_sub(1, std::memory_order_relaxed);
}

void ServingState::startFeeder() {
  if (feeder_) feeder_->start();
}

void ServingState::stopFeeder() {
  if (feeder_) feeder_->stop();
}

}  // namespace tenantsim::mock
