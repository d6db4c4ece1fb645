#include "simulator/simulation/workload.h"

#include <array>
#include <cmath>

namespace tenantsim {

Event Workload::makeEvent(Ticks time, uint64_t process, uint8_t step, ActivityId activity,
                          uint32_t actor, uint32_t subject, uint32_t param, uint8_t flags) const {
  Event e;
  e.time = time;
  e.key = makeKey(kind(), process, step);
  e.visibleDelayMs = ctx_.ingestDelay ? drawIngestDelayMs(seed(), e.key) : 0;
  e.actor = actor;
  e.subject = subject;
  e.param = param;
  e.activity = activity;
  e.flags = flags;
  return e;
}

uint32_t drawIngestDelayMs(uint64_t seed, uint64_t eventKey) {
  Rng r(seed, "ingestDelay", eventKey);
  double ms = r.logNormal(13'100, 1.345);
  return static_cast<uint32_t>(std::min(ms, 3.6e6));  // capped at an hour
}

namespace {
// 1970-01-01 was a Thursday.
int dayOfWeek(Ticks t) { return static_cast<int>(((t / kTicksPerDay) % 7 + 7 + 4) % 7); }

double rawShape(const BackgroundConfig& c, int dow, int hour) {
  static constexpr std::array<double, 24> kHours = {0.25, 0.2, 0.2, 0.2, 0.25, 0.35, 0.6,  1.0,
                                                    1.6,  2.0, 2.1, 2.0, 1.7,  1.9,  2.0,  1.9,
                                                    1.7,  1.3, 0.9, 0.7, 0.55, 0.45, 0.35, 0.3};
  double h = kHours[hour];
  if (hour < 6) h *= c.nightFactor / 0.25;
  bool weekend = dow == 0 || dow == 6;
  return h * (weekend ? c.weekendFactor : 1.0);
}
}  // namespace

double activityShape(const BackgroundConfig& c, Ticks hourStart) {
  double sum = 0;
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; ++h) sum += rawShape(c, d, h);
  double mean = sum / 168;
  int hour = static_cast<int>(((hourStart / kTicksPerHour) % 24 + 24) % 24);
  return rawShape(c, dayOfWeek(hourStart), hour) / mean;
}

}  // namespace tenantsim
