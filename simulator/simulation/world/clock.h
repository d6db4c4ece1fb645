// The server clock. An event is listed only once the clock has passed its visible time.
// History mode: the clock stands at the window's end. Live mode: it runs at real time x speed
// from a start point, and the simulation appends events as it advances. Tests may set it.
// Live mode with an epoch (a wall-clock instant): the clock reads start + (wall now - epoch) x
// speed, so replicas started at different moments agree on the simulated time.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>

#include "simulator/scenario/scenario.h"

namespace tenantsim {

class ServerClock {
 public:
  static ServerClock history(Ticks windowEnd) { return ServerClock(windowEnd, 0); }
  static ServerClock live(Ticks start, double speed) { return ServerClock(start, speed); }
  // Live from `start` at the wall-clock instant `epoch` (before it, the clock stands at start).
  static ServerClock liveSince(Ticks start, double speed, Ticks epoch) {
    ServerClock clock(start, speed);
    clock.epoch_ = epoch;
    return clock;
  }

  Ticks now() const {
    Ticks set = override_.load(std::memory_order_relaxed);
    if (set != kUnset) return set;
    if (speed_ == 0) return start_;
    if (epoch_) return start_ + scaled(std::max<Ticks>(0, wallNow() - *epoch_));
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - realStart_).count();
    return start_ + static_cast<Ticks>(elapsed * speed_ * kTicksPerSecond);
  }
  bool isLive() const { return speed_ != 0; }
  // True while set() holds the clock at an instant.
  bool pinned() const { return override_.load(std::memory_order_relaxed) != kUnset; }
  double speed() const { return speed_; }
  std::optional<Ticks> epoch() const { return epoch_; }
  // Pins the clock (tests, the admin surface); clear() lets it run again.
  void set(Ticks t) { override_.store(t, std::memory_order_relaxed); }
  void clear() { override_.store(kUnset, std::memory_order_relaxed); }

  ServerClock(const ServerClock& o)
      : start_(o.start_),
        speed_(o.speed_),
        realStart_(o.realStart_),
        epoch_(o.epoch_),
        override_(o.override_.load()) {}

 private:
  static constexpr Ticks kUnset = INT64_MIN;
  ServerClock(Ticks start, double speed)
      : start_(start), speed_(speed), realStart_(std::chrono::steady_clock::now()) {}
  static Ticks wallNow() {
    auto sinceUnix = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::nanoseconds>(sinceUnix).count() / 100;
  }
  Ticks scaled(Ticks realElapsed) const {
    return speed_ == 1 ? realElapsed
                       : static_cast<Ticks>(static_cast<double>(realElapsed) * speed_);
  }
  Ticks start_;
  double speed_;
  std::chrono::steady_clock::time_point realStart_;
  std::optional<Ticks> epoch_;  // live mode: wall-clock instant the clock stood at start_
  std::atomic<Ticks> override_{kUnset};
};

}  // namespace tenantsim
