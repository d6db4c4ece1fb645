#include "mockserver/serving_state.h"

#include <chrono>

#include "mockserver/pipeline_builder.h"
#include "mockserver/query_engine.h"
#include "mockserver/server.h"

namespace tenantsim::mock {
namespace {

auth::AuthMode authModeOf(const Scenario& scenario) {
  return auth::parseAuthMode(scenario.server.auth).value_or(auth::AuthMode::kStrict);
}

// The clock a new world starts with (see buildScenarioWorld).
ServerClock clockFor(const Scenario& scenario, const ServerClock* previous) {
  ServerClock clock = scenario.live ? ServerClock::live(liveStartOf(scenario), scenario.live->speed)
                                    : ServerClock::history(scenario.windowEnd);
  if (previous && previous->pinned()) clock.set(previous->now());
  return clock;
}

}  // namespace

ScenarioWorld buildScenarioWorld(Scenario scenario, const ServerClock* previous, unsigned threads) {
  // A live reload continues where the running clock stands: history up to it, the feeder on
  // from it. (The pinned instant is carried by clockFor.)
  if (scenario.live && previous && previous->isLive()) scenario.live->start = previous->now();
  bool live = scenario.live.has_value();
  auto simulation = std::make_shared<const Simulation>(live ? liveScenario(scenario) : std::move(scenario));
  const Scenario& s = simulation->scenario();
  threads = std::max(1u, threads);
  // The clock starts now, before generating: a live clock runs on while the store fills, exactly
  // as the previous one does, so the two agree when the new world is swapped in.
  ServerClock clock = clockFor(s, previous);
  auto started = std::chrono::steady_clock::now();
  auto store = std::make_shared<EventStore>(live ? simulation->generate(s.windowStart(), liveStartOf(s), threads)
                                                 : simulation->generateWindow(threads));
  ScenarioWorld world{simulation, std::move(store), std::move(clock), std::nullopt, 0};
  world.generationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (live) world.feedFrom = liveStartOf(s);
  return world;
}

ScenarioWorld borrowScenarioWorld(const Simulation& simulation, EventStore& store, ServerClock clock) {
  // Non-owning pointers: the caller keeps both alive for the server's lifetime.
  return ScenarioWorld{std::shared_ptr<const Simulation>(&simulation, [](const Simulation*) {}),
                       std::shared_ptr<EventStore>(&store, [](EventStore*) {}), std::move(clock), std::nullopt, 0};
}

ServingState::ServingState(ScenarioWorld world, const ServerShared& shared, uint64_t generation)
    : world_(std::move(world)),
      generation_(generation),
      authorizer_(authModeOf(scenario()), scenario().tenant.id, &shared.signingKey),
      tokenEndpoint_(directoryFor(scenario()), shared.signingKey),
      skiptokens_(odata::SkiptokenCodec::keyFromSeed(scenario().seed)),
      queryEngine_(std::make_unique<QueryEngine>(*world_.simulation, *world_.store)) {
  context_ = std::make_unique<ServerContext>(ServerContext{
      *world_.simulation, scenario(), *world_.store, world_.clock, shared.options, authorizer_, tokenEndpoint_,
      shared.signingKey, skiptokens_, *queryEngine_, shared.requestSequence, shared.metrics});
  stages_ = buildPipeline(*context_);
  if (world_.feedFrom)
    feeder_ = std::make_unique<LiveFeeder>(*world_.simulation, *world_.store, world_.clock, *world_.feedFrom);
}

ServingState::~ServingState() { stopFeeder(); }

void ServingState::startFeeder() {
  if (feeder_) feeder_->start();
}

void ServingState::stopFeeder() {
  if (feeder_) feeder_->stop();
}

}  // namespace tenantsim::mock
