#include "simulator/simulation/world/live_feeder.h"

#include <algorithm>
#include <cmath>
#include <iostream>

namespace tenantsim {
namespace {

constexpr Ticks kMaxHorizon = 3660 * kTicksPerDay;  // ~10 years

// The first event at or after `t` (events are sorted by time, then key).
std::vector<Event>::const_iterator firstAtOrAfter(const std::vector<Event>& events, size_t from,
                                                  Ticks t) {
  return std::lower_bound(events.begin() + static_cast<std::ptrdiff_t>(from), events.end(), t,
                          [](const Event& e, Ticks time) { return e.time < time; });
}

}  // namespace

Ticks liveStartOf(const Scenario& scenario) {
  return scenario.live && scenario.live->start ? *scenario.live->start : scenario.windowEnd;
}

Scenario liveScenario(const Scenario& scenario) {
  if (!scenario.live) return scenario;
  Scenario extended = scenario;
  Ticks start = scenario.windowStart();
  Ticks liveStart = liveStartOf(scenario);
  double speed = std::max(1.0, scenario.live->speed);
  Ticks run = static_cast<Ticks>(
      std::min(kLiveHorizonRealDays * speed * kTicksPerDay, double(kMaxHorizon)));
  Ticks horizon = std::max(liveStart + run, scenario.windowEnd + (scenario.windowEnd - start));
  // Whole days from the start, so windowDays * kTicksPerDay is exact in a double.
  int64_t days = (horizon - start + kTicksPerDay - 1) / kTicksPerDay;
  extended.windowDays = static_cast<double>(days);
  extended.windowEnd = start + days * kTicksPerDay;
  extended.windowEnd += start - extended.windowStart();  // keep the start to the tick
  extended.live->start = liveStart;  // so liveStartOf(extended) still names the original start
  return extended;
}

LiveFeeder::LiveFeeder(const Simulation& simulation, EventStore& store, const ServerClock& clock,
                       Ticks generatedUpTo, LiveFeederOptions options)
    : simulation_(simulation),
      store_(store),
      clock_(clock),
      options_(options),
      stagedUpTo_(generatedUpTo),
      appendedUpTo_(generatedUpTo) {
  options_.minChunk = std::max<Ticks>(options_.minChunk, 1);
  options_.maxCatchUp = std::max<Ticks>(options_.maxCatchUp, 1);
}

LiveFeeder::~LiveFeeder() { stop(); }

void LiveFeeder::start() {
  std::lock_guard lock(threadMutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void LiveFeeder::stop() {
  {
    std::lock_guard lock(threadMutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void LiveFeeder::run() {
  std::unique_lock lock(threadMutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      advance();
    } catch (const std::exception& e) {  // out of memory: stop feeding, keep serving
      std::cerr << "tenantsim: live feeder stopped: " << e.what() << "\n";
      failed_.store(true, std::memory_order_relaxed);
      return;
    }
    lock.lock();
    wake_.wait_for(lock, options_.tick, [this] { return stopping_; });
  }
}

size_t LiveFeeder::advance() {
  std::lock_guard lock(stepMutex_);
  Ticks done = appendedUpTo_.load(std::memory_order_relaxed);
  Ticks target =
      std::min({clock_.now(), simulation_.scenario().windowEnd, done + options_.maxCatchUp});
  if (target <= done) return 0;
  if (stagedUpTo_ < target) stage(target - done, target);

  auto end = firstAtOrAfter(pending_, pendingPos_, target);
  std::vector<Event> batch(pending_.cbegin() + static_cast<std::ptrdiff_t>(pendingPos_), end);
  pendingPos_ = static_cast<size_t>(end - pending_.begin());
  if (!batch.empty()) store_.append(batch);
  for (const auto& side : sides_) side->appendUpTo(target, simulation_.scenario().windowEnd);
  appendedUpTo_.store(target, std::memory_order_relaxed);
  eventsAppended_.fetch_add(batch.size(), std::memory_order_relaxed);
  return batch.size();
}

// Generates past `target` in one call: at least minChunk, and several steps' worth (up to
// maxCatchUp) when the clock moves fast, so each call's fixed cost is spread over many steps.
void LiveFeeder::stage(Ticks step, Ticks target) {
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(pendingPos_));
  pendingPos_ = 0;
  Ticks chunk =
      std::clamp(8 * step, options_.minChunk, std::max(options_.minChunk, options_.maxCatchUp));
  Ticks upTo = std::max(target, stagedUpTo_ + chunk);
  upTo = std::min(upTo, simulation_.scenario().windowEnd);
  std::vector<Event> fresh = simulation_.generate(stagedUpTo_, upTo, options_.threads);
  if (pending_.empty()) {
    pending_ = std::move(fresh);
  } else {
    pending_.insert(pending_.end(), fresh.begin(), fresh.end());
  }
  stagedUpTo_ = upTo;
}

std::unique_ptr<LiveFeeder> makeLiveFeeder(const Simulation& simulation, EventStore& store,
                                           const ServerClock& clock, LiveFeederOptions options) {
  const Scenario& scenario = simulation.scenario();
  if (!scenario.live) return nullptr;
  return std::make_unique<LiveFeeder>(simulation, store, clock, liveStartOf(scenario), options);
}

}  // namespace tenantsim
