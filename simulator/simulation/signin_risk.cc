#include "simulator/simulation/signin_risk.h"

#include <algorithm>

#include "base/rng.h"
#include "simulator/simulation/signin_storylines.h"

namespace tenantsim {
namespace {

// Realtime unfamiliarFeatures on a successful sign-in from a city the user does not live in.
constexpr double kTravelDetectionShare = 0.05;

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
    case RiskEventType::InvestigationsThreatIntelligence:
      return "investigationsThreatIntelligence";
  }
  return "generic";
}

std::string_view legacyRiskEventTypeName(RiskEventType t) {
  switch (t) {
    case RiskEventType::UnfamiliarFeatures:
    case RiskEventType::UnlikelyTravel:
    case RiskEventType::InvestigationsThreatIntelligence:
      return riskEventTypeName(t);
    case RiskEventType::PasswordSpray:
    case RiskEventType::AnomalousToken:
      break;
  }
  return "unknownFutureValue";
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

PlannedDetections plannedDetections(uint64_t seed, const SignIn& s) {
  PlannedDetections out;
  auto add = [&](RiskEventType type, RiskLevel level, RiskTiming timing) {
    out.items[out.count++] = {type, level, timing};
  };
  if (!isPlantedSignIn(s)) {
    // Background: some successful interactive sign-ins away from home.
    if (s.kind == SignInKind::Interactive && (s.flags & kSignInTravel) && s.ok() &&
        Rng(seed, "travelRisk", s.key).chance(kTravelDetectionShare))
      add(RiskEventType::UnfamiliarFeatures,
          Rng(seed, "travelRiskLevel", s.key).chance(0.3) ? RiskLevel::Medium : RiskLevel::Low,
          RiskTiming::Realtime);
    // Background service-principal risk: the flagged first sign-in of a service principal's day.
    if (s.kind == SignInKind::ServicePrincipal && (s.flags & kSignInRiskFlagged))
      add(RiskEventType::InvestigationsThreatIntelligence,
          Rng(seed, "spRiskLevel", s.key).chance(0.3) ? RiskLevel::Medium : RiskLevel::Low,
          RiskTiming::Offline);
    return out;
  }
  switch (plantedStepOf(s)) {
    case SignInStep::SpraySuccess:  // the password was right, whatever policy followed
      add(RiskEventType::PasswordSpray, RiskLevel::High, RiskTiming::Offline);
      break;
    case SignInStep::MfaApproved:
      if (s.ok()) add(RiskEventType::UnfamiliarFeatures, RiskLevel::Medium, RiskTiming::Realtime);
      break;
    case SignInStep::TokenReplay:
      if ((s.key & 0xff) == 1 && s.ok()) {  // the first replay
        add(RiskEventType::AnomalousToken, RiskLevel::High, RiskTiming::Offline);
        add(RiskEventType::UnlikelyTravel, RiskLevel::Medium, RiskTiming::Offline);
      }
      break;
    case SignInStep::PolicyAdminSignIn:  // conditionalAccessWeakened: the admin, from abroad
      if (s.ok()) add(RiskEventType::UnfamiliarFeatures, RiskLevel::Medium, RiskTiming::Realtime);
      break;
    case SignInStep::BypassSignIn:  // the attacker's first try after the weakening
      if ((s.key & 0xff) == 0 && s.ok())
        add(RiskEventType::UnfamiliarFeatures, RiskLevel::High, RiskTiming::Realtime);
      break;
    case SignInStep::SpSignIn:
      if ((s.key & 0xff) == 0 && s.ok())  // the first sign-in with the stolen secret
        add(RiskEventType::InvestigationsThreatIntelligence, RiskLevel::High, RiskTiming::Offline);
      break;
    default:
      break;
  }
  return out;
}

void describeSignInRisk(uint64_t seed, const SignIn& s, bool hidden, SignInRiskFields& out) {
  const bool user = s.kind == SignInKind::Interactive || s.kind == SignInKind::NonInteractive;
  const PlannedDetections planned = plannedDetections(seed, s);
  out = SignInRiskFields{};
  if (!user) out.levelDuringSignIn = out.levelAggregated = "low";  // fact sheet §1.8
  if (planned.count > 0) {
    // riskLevelDuringSignIn counts the realtime detections only, riskLevelAggregated every one
    // (the offline ones as the record reads once they are detected).
    bool realtime = false, any = false;
    RiskLevel during = RiskLevel::Low, aggregated = RiskLevel::Low;
    for (const PlannedDetection& p : planned) {
      aggregated = any ? std::max(aggregated, p.level) : p.level;
      any = true;
      if (p.timing == RiskTiming::Realtime) {
        during = realtime ? std::max(during, p.level) : p.level;
        realtime = true;
      }
      out.eventTypes[out.eventTypeCount] = hidden ? "generic" : riskEventTypeName(p.type);
      out.legacyEventTypes[out.eventTypeCount] =
          hidden ? "generic" : legacyRiskEventTypeName(p.type);
      ++out.eventTypeCount;
    }
    if (hidden && out.eventTypeCount == 2) out.eventTypeCount = 1;  // one `generic`
    out.levelAggregated = riskLevelName(aggregated);
    if (realtime) out.levelDuringSignIn = riskLevelName(during);
    out.state = "atRisk";
  }
  if (hidden) {
    out.levelDuringSignIn = out.levelAggregated = "hidden";
    out.detail = "hidden";
  }
}

}  // namespace tenantsim
