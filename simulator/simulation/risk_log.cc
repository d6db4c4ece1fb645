#include "simulator/simulation/risk_log.h"

#include <algorithm>

#include "base/rng.h"
#include "simulator/simulation/signin_storylines.h"
#include "simulator/simulation/storylines.h"

namespace tenantsim {
namespace {

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

RiskLog::RiskLog(const SignInLog& signIns) : signIns_(signIns), sim_(signIns.simulation()) {}

std::vector<RiskDetection> RiskLog::generateWindow() const {
  return generate(sim_.scenario().windowStart(), sim_.scenario().windowEnd);
}

std::vector<RiskDetection> RiskLog::generate(Ticks from, Ticks to) const {
  return generateKind(from, to, false);
}

std::vector<RiskDetection> RiskLog::generateServicePrincipals(Ticks from, Ticks to) const {
  return generateKind(from, to, true);
}

std::vector<RiskDetection> RiskLog::generateKind(Ticks from, Ticks to,
                                                 bool servicePrincipals) const {
  const Scenario& sc = sim_.scenario();
  from = std::max(from, sc.windowStart());
  to = std::min(to, sc.windowEnd);
  std::vector<RiskDetection> out;
  if (!signIns_.enabled() || from >= to) return out;
  const uint64_t seed = sc.seed;
  // Detected in the range, raised by a sign-in the log lists (inside the window).
  auto raise = [&](const SignIn& s) {
    if (s.time < sc.windowStart() || (s.kind == SignInKind::ServicePrincipal) != servicePrincipals)
      return;
    for (const PlannedDetection& p : plannedDetections(seed, s)) {
      RiskDetection r = detect(seed, s, p.type, p.level, p.timing);
      if (r.time >= from && r.time < to) out.push_back(r);
    }
  };
  // Background: some successful sign-ins away from home. A sign-in's UTC day is within a day of
  // its local day, so the days around the range cover every sign-in that can be detected in it.
  if (!servicePrincipals) {
    std::vector<SignIn> travel;
    const int64_t users = sim_.tenant().userCount();
    // No sign-in before the window's start is listed: its days are skipped.
    const int64_t first = std::max(dayOf(from - kLookBack), dayOf(sc.windowStart())) - 1;
    for (int64_t day = first; day <= dayOf(to - 1) + 1; ++day) {
      for (int64_t user = 0; user < users; ++user) {
        travel.clear();
        signIns_.travelSignIns(user, day, travel);
        for (const SignIn& s : travel) raise(s);
      }
    }
  }
  // Background service-principal risk: a flagged sign-in per service principal and day at most.
  if (servicePrincipals) {
    std::vector<SignIn> flagged;
    const int64_t first = std::max(dayOf(from - kLookBack), dayOf(sc.windowStart()));
    for (int64_t day = first; day <= dayOf(to - 1); ++day) {
      flagged.clear();
      signIns_.riskFlaggedServicePrincipalSignIns(day, flagged);
      for (const SignIn& s : flagged) raise(s);
    }
  }
  // Planted storylines.
  for (const SignIn& s : signIns_.plantedSignIns(from - kLookBack, to)) raise(s);
  std::sort(out.begin(), out.end());
  return out;
}

uint64_t RiskLog::seed() const { return sim_.scenario().seed; }

const Scenario& RiskLog::scenario() const { return sim_.scenario(); }

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
  d.keyId.clear();
  if (d.servicePrincipal()) {
    d.id.resize(52);
    d.activity = "servicePrincipal";
    d.source = "IdentityProtection";
    if (isPlantedSignIn(r.signIn))
      d.keyId = compromisedSecretKeyId(sim_.scenario().seed, plantedStorylineOf(r.signIn));
  } else {
    d.activity = "signin";
    d.source = "activeDirectory";
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
