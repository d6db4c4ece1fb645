#include "simulator/simulation/risk_log.h"

#include <algorithm>

#include "base/rng.h"
#include "simulator/simulation/signin_storylines.h"

namespace tenantsim {
namespace {

// Realtime unfamiliarFeatures on a successful sign-in from a city the user does not live in.
constexpr double kTravelDetectionShare = 0.05;
// Offline detections are listed hours after the sign-in.
constexpr Ticks kOfflineDelayMin = 2 * kTicksPerHour;
constexpr Ticks kOfflineDelaySpread = 4 * kTicksPerHour;
constexpr Ticks kRealtimeDelayMax = 30 * kTicksPerSecond;
// The most a detection follows its sign-in; a range looks back this far for sign-ins.
constexpr Ticks kLookBack = kOfflineDelayMin + kOfflineDelaySpread + kTicksPerHour;

int64_t dayOf(Ticks t) { return t >= 0 ? t / kTicksPerDay : (t - kTicksPerDay + 1) / kTicksPerDay; }

RiskDetection detect(uint64_t seed, const SignIn& s, RiskEventType type, RiskLevel level,
                     RiskTiming timing) {
  RiskDetection r;
  r.signIn = s;
  r.type = type;
  r.level = level;
  r.timing = timing;
  r.key = mix64(s.key ^ (static_cast<uint64_t>(type) + 1) * 0x9e3779b97f4a7c15ULL);
  Rng delay(seed, "riskDelay", r.key);
  r.time = s.time + (timing == RiskTiming::Realtime
                         ? static_cast<Ticks>(delay.below(kRealtimeDelayMax))
                         : kOfflineDelayMin + static_cast<Ticks>(delay.below(kOfflineDelaySpread)));
  r.updated =
      r.time + static_cast<Ticks>(Rng(seed, "riskUpdate", r.key).below(5 * kTicksPerMinute));
  return r;
}

}  // namespace

std::string_view riskEventTypeName(RiskEventType t) {
  switch (t) {
    case RiskEventType::UnfamiliarFeatures:
      return "unfamiliarFeatures";
    case RiskEventType::PasswordSpray:
      return "passwordSpray";
    case RiskEventType::AnomalousToken:
      return "anomalousToken";
    case RiskEventType::UnlikelyTravel:
      return "unlikelyTravel";
  }
  return "generic";
}

std::string_view riskLevelName(RiskLevel l) {
  switch (l) {
    case RiskLevel::Low:
      return "low";
    case RiskLevel::Medium:
      return "medium";
    case RiskLevel::High:
      return "high";
  }
  return "none";
}

RiskLog::RiskLog(const SignInLog& signIns) : signIns_(signIns), sim_(signIns.simulation()) {}

std::vector<RiskDetection> RiskLog::generateWindow() const {
  return generate(sim_.scenario().windowStart(), sim_.scenario().windowEnd);
}

std::vector<RiskDetection> RiskLog::generate(Ticks from, Ticks to) const {
  const Scenario& sc = sim_.scenario();
  from = std::max(from, sc.windowStart());
  to = std::min(to, sc.windowEnd);
  std::vector<RiskDetection> out;
  if (!signIns_.enabled() || from >= to) return out;
  const uint64_t seed = sc.seed;
  // Detected in the range, raised by a sign-in the log lists (inside the window).
  auto keep = [&](const RiskDetection& r) {
    if (r.time >= from && r.time < to && r.signIn.time >= sc.windowStart()) out.push_back(r);
  };
  // Background: some successful sign-ins away from home. A sign-in's UTC day is within a day of
  // its local day, so the days around the range cover every sign-in that can be detected in it.
  std::vector<SignIn> travel;
  const int64_t users = sim_.tenant().userCount();
  for (int64_t day = dayOf(from - kLookBack) - 1; day <= dayOf(to - 1) + 1; ++day) {
    for (int64_t user = 0; user < users; ++user) {
      travel.clear();
      signIns_.travelSignIns(user, day, travel);
      for (const SignIn& s : travel) {
        if (!s.ok() || !Rng(seed, "travelRisk", s.key).chance(kTravelDetectionShare)) continue;
        keep(detect(
            seed, s, RiskEventType::UnfamiliarFeatures,
            Rng(seed, "travelRiskLevel", s.key).chance(0.3) ? RiskLevel::Medium : RiskLevel::Low,
            RiskTiming::Realtime));
      }
    }
  }
  // Planted storylines.
  for (const SignIn& s : signIns_.plantedSignIns(from - kLookBack, to)) {
    switch (plantedStepOf(s)) {
      case SignInStep::SpraySuccess:  // the password was right, whatever policy followed
        keep(detect(seed, s, RiskEventType::PasswordSpray, RiskLevel::High, RiskTiming::Offline));
        break;
      case SignInStep::MfaApproved:
        if (s.ok())
          keep(detect(seed, s, RiskEventType::UnfamiliarFeatures, RiskLevel::Medium,
                      RiskTiming::Realtime));
        break;
      case SignInStep::TokenReplay:
        if ((s.key & 0xff) == 1 && s.ok()) {  // the first replay
          keep(
              detect(seed, s, RiskEventType::AnomalousToken, RiskLevel::High, RiskTiming::Offline));
          keep(detect(seed, s, RiskEventType::UnlikelyTravel, RiskLevel::Medium,
                      RiskTiming::Offline));
        }
        break;
      default:
        break;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void RiskLog::describe(const RiskDetection& r, RiskDetectionDetails& d) const {
  d.detection = &r;
  signIns_.describe(r.signIn, d.signIn);
  char hex[17];
  d.id.clear();
  for (uint64_t part = 0; part < 4; ++part) {
    uint64_t v = mix64(r.key + part * 0x9e3779b97f4a7c15ULL);
    for (int i = 15; i >= 0; --i, v >>= 4) hex[i] = "0123456789abcdef"[v & 15];
    d.id.append(hex, 16);
  }
  d.lastUpdated = r.updated;
  d.premiumHidden = sim_.scenario().tenant.license == "P1";
  d.riskEventType = d.premiumHidden ? "generic" : riskEventTypeName(r.type);
  d.riskLevel = d.premiumHidden ? "hidden" : riskLevelName(r.level);
  d.riskState = "atRisk";
  d.riskDetail = d.premiumHidden ? "hidden" : "none";
  d.timing = r.timing == RiskTiming::Realtime ? "realtime" : "offline";
  d.label.clear();
  if (isPlantedSignIn(r.signIn)) d.label = d.signIn.label;
}

}  // namespace tenantsim
