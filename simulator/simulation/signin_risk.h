// Which risk detections a sign-in raises, decided from the sign-in record alone, and the risk
// fields the sign-in itself then carries (riskLevelDuringSignIn, riskLevelAggregated, riskState,
// riskDetail, riskEventTypes_v2 and the legacy riskEventTypes). The one copy of the decision:
// RiskLog lists the detections it plans and SignInLog::describe renders the same plan on the
// sign-in, so the two always agree (docs/identity-protection.md#the-sign-ins-own-risk-fields).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "simulator/simulation/signin.h"

namespace tenantsim {

enum class RiskEventType : uint8_t {
  UnfamiliarFeatures,
  PasswordSpray,
  AnomalousToken,
  UnlikelyTravel,
  InvestigationsThreatIntelligence,  // service principals (compromisedServicePrincipal)
};
std::string_view riskEventTypeName(RiskEventType t);
// The member of the legacy riskEventType enum (signIn.riskEventTypes, beta riskType), or
// unknownFutureValue for types the enum does not have (passwordSpray, anomalousToken).
std::string_view legacyRiskEventTypeName(RiskEventType t);

// riskLevel, CSDL order.
enum class RiskLevel : uint8_t { Low, Medium, High };
std::string_view riskLevelName(RiskLevel l);

enum class RiskTiming : uint8_t { Realtime, Offline };

// One detection a sign-in raises.
struct PlannedDetection {
  RiskEventType type = RiskEventType::UnfamiliarFeatures;
  RiskLevel level = RiskLevel::Low;
  RiskTiming timing = RiskTiming::Realtime;
};

// At most two detections per sign-in (the replayed token raises anomalousToken and unlikelyTravel).
struct PlannedDetections {
  std::array<PlannedDetection, 2> items{};
  uint8_t count = 0;
  const PlannedDetection* begin() const { return items.data(); }
  const PlannedDetection* end() const { return items.data() + count; }
};

// The detections sign-in s raises: 5 % of the successful interactive sign-ins made away from home
// (unfamiliarFeatures, realtime), and the planted storylines' steps (signin_storylines.h). Pure:
// the record and the seed decide it, in O(1).
PlannedDetections plannedDetections(uint64_t seed, const SignIn& s);

// Fills the risk fields of a described sign-in from its planned detections. hidden: a P1 tenant
// (levels and detail read `hidden`, event types `generic`).
void describeSignInRisk(uint64_t seed, const SignIn& s, bool hidden, SignInRiskFields& out);

}  // namespace tenantsim
