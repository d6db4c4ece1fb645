// Live mode: a background thread that follows the server clock and appends the events the
// simulation produces for the time the clock has just passed, so new audit records keep arriving.
//
// Live time lies past the scenario's window, which the simulation clamps to. liveScenario() gives
// the scenario to build the server's one Simulation from in live mode: the same window start
// (so the tenant and all history before the live start are the same objects), the window end
// pushed to a far horizon. Build the store from generate(windowStart, liveStartOf(s)), then
// start a LiveFeeder at liveStartOf(s). Describe events with that same Simulation: workloads
// with schedules spread over the window (Conditional Access, Cloud PKI) describe their events
// from state built for that window.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "simulator/simulation/provisioning_index.h"
#include "simulator/simulation/risk_detection_cache.h"
#include "simulator/simulation/risk_index.h"
#include "simulator/simulation/signin_index.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/store.h"
#include "simulator/simulation/world/clock.h"

namespace tenantsim {

// How long a live server can run before its simulation stops producing events, in real days
// (simulated: this times the speed); at least the original window's length, at most 10 years.
constexpr double kLiveHorizonRealDays = 30;

// The clock's starting point: live.start, else the window end.
Ticks liveStartOf(const Scenario& scenario);

// The scenario with its window end moved to the live horizon, its window start unchanged and
// live.start filled in (liveStartOf gives the same answer for both). Returns the scenario
// unchanged when it has no live block.
Scenario liveScenario(const Scenario& scenario);

struct LiveFeederOptions {
  std::chrono::milliseconds tick{100};  // how often the thread looks at the clock
  // Simulated time generated per simulation call at least; events wait in a private buffer until
  // the clock reaches them. Workloads cost per call about an hour's draws (background), so short
  // calls every tick would cost far more than the events they produce.
  Ticks minChunk = 60 * kTicksPerSecond;
  Ticks maxCatchUp = kTicksPerHour;  // simulated time appended per step after the clock jumps
  unsigned threads = 1;              // simulation threads per call
};

// A log beside the audit log (sign-ins, risk detections, provisioning) fed live: its records are
// generated a simulated hour ahead of the clock at least (one generate call of these logs costs
// days of draws whatever its range) and appended to its store as the clock reaches them.
// Generating [a, c) is generating [a, b) then [b, c), so the chunks concatenate to what a history
// server holds.
class LiveSideFeed {
 public:
  virtual ~LiveSideFeed() = default;
  // Appends the records before `target`, generating up to at least `target` (never past `end`).
  virtual void appendUpTo(Ticks target, Ticks end) = 0;
};

template <typename Log, typename Store>
class StagedSideFeed final : public LiveSideFeed {
 public:
  // `log` and `store` must outlive the feed; the store holds the records before `stagedUpTo`.
  StagedSideFeed(const Log& log, Store& store, Ticks stagedUpTo)
      : log_(log), store_(store), stagedUpTo_(stagedUpTo) {}

  void appendUpTo(Ticks target, Ticks end) override {
    if (stagedUpTo_ < target) {
      const Ticks upTo = std::min(std::max(target, stagedUpTo_ + kTicksPerHour), end);
      auto fresh = log_.generate(stagedUpTo_, upTo);
      pending_.insert(pending_.end(), fresh.begin(), fresh.end());
      stagedUpTo_ = upTo;
    }
    auto reached = std::lower_bound(pending_.begin(), pending_.end(), target,
                                    [](const auto& r, Ticks t) { return r.time < t; });
    if (reached == pending_.begin()) return;
    store_.append(std::span(pending_.data(), static_cast<size_t>(reached - pending_.begin())));
    pending_.erase(pending_.begin(), reached);
  }

 private:
  const Log& log_;
  Store& store_;
  // Generated ahead of the clock, not yet reached by it.
  decltype(std::declval<const Log&>().generate(Ticks{}, Ticks{})) pending_;
  Ticks stagedUpTo_;
};

class LiveFeeder {
 public:
  // `simulation`, `store` and `clock` must outlive the feeder. Events before `generatedUpTo`
  // are assumed to be in the store already.
  LiveFeeder(const Simulation& simulation, EventStore& store, const ServerClock& clock,
             Ticks generatedUpTo, LiveFeederOptions options = {});
  ~LiveFeeder();  // stops and joins
  LiveFeeder(const LiveFeeder&) = delete;
  LiveFeeder& operator=(const LiveFeeder&) = delete;

  // Also appends the sign-ins of the time each step covers (call before start()). `log` and
  // `store` must outlive the feeder; the store holds the sign-ins before `generatedUpTo`.
  void feedSignIns(const SignInLog& log, SignInStore& store) {
    if (log.enabled()) feed<SignInLog, SignInStore>(log, store);
  }

  // Also appends the risk detections detected in each step (call before start()), the
  // simulation's shared ones (risk_detection_cache.h, which the remediation workload reads too).
  // `store` must outlive the feeder; it holds the detections before `generatedUpTo`.
  void feedRisks(RiskStore& store) {
    feed<RiskDetectionCache, RiskStore>(simulation_.riskDetections(), store);
  }

  // Also appends the provisioning entries of each step (call before start()). `log` and `store`
  // must outlive the feeder; the store holds the entries before `generatedUpTo`.
  void feedProvisioning(const ProvisioningLog& log, ProvisioningStore& store) {
    if (log.enabled()) feed<ProvisioningLog, ProvisioningStore>(log, store);
  }

  // Starts the background thread (once); stop() asks it to finish and joins it. Both idempotent.
  void start();
  void stop();

  // One step without the thread: appends the events of [appendedUpTo(), clock now) (at most
  // maxCatchUp of it, never past the simulation's window end). Returns how many it appended.
  size_t advance();

  Ticks appendedUpTo() const { return appendedUpTo_.load(std::memory_order_relaxed); }
  uint64_t eventsAppended() const { return eventsAppended_.load(std::memory_order_relaxed); }
  // Set when a step failed (out of memory); the thread stops then.
  bool failed() const { return failed_.load(std::memory_order_relaxed); }

 private:
  void run();
  void stage(Ticks upTo, Ticks target);

  const Simulation& simulation_;
  EventStore& store_;
  const ServerClock& clock_;
  LiveFeederOptions options_;

  template <typename Log, typename Store>
  void feed(const Log& log, Store& store) {
    sides_.push_back(std::make_unique<StagedSideFeed<Log, Store>>(log, store, appendedUpTo()));
  }
  std::vector<std::unique_ptr<LiveSideFeed>> sides_;  // sign-ins, risks, provisioning
  std::mutex stepMutex_;                              // one advance() at a time
  std::vector<Event> pending_;  // generated, sorted, not yet reached by the clock
  size_t pendingPos_ = 0;       // first pending event not appended yet
  Ticks stagedUpTo_;            // pending_ holds events up to here
  std::atomic<Ticks> appendedUpTo_;
  std::atomic<uint64_t> eventsAppended_{0};
  std::atomic<bool> failed_{false};

  std::mutex threadMutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// Returns a feeder (not started), or nullptr when the scenario has no live block.
std::unique_ptr<LiveFeeder> makeLiveFeeder(const Simulation& simulation, EventStore& store,
                                           const ServerClock& clock,
                                           LiveFeederOptions options = {});

}  // namespace tenantsim
