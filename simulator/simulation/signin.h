// The compact sign-in record the sign-in log keeps (32 bytes), and SignInDetails, the full content
// of one sign-in recomputed from the record when it is rendered ("render late").
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "simulator/simulation/conditional_access_history.h"

namespace tenantsim {

// Which of Graph's signInEventTypes (and Azure Monitor categories) a sign-in belongs to.
enum class SignInKind : uint8_t { Interactive, NonInteractive, ServicePrincipal, ManagedIdentity };
constexpr const char* signInEventTypeName(SignInKind k) {
  switch (k) {
    case SignInKind::Interactive:
      return "interactiveUser";
    case SignInKind::NonInteractive:
      return "nonInteractiveUser";
    case SignInKind::ServicePrincipal:
      return "servicePrincipal";
    case SignInKind::ManagedIdentity:
      return "managedIdentity";
  }
  return "unknownFutureValue";
}

// Sign-in flags.
constexpr uint8_t kSignInTravel = 1;         // away from the user's home location
constexpr uint8_t kSignInLegacy = 2;         // a legacy client (Exchange ActiveSync, IMAP)
constexpr uint8_t kSignInMfa = 4;            // the session satisfied MFA
constexpr uint8_t kSignInForAudit = 8;       // made for an audited action (PIM, Cloud PKI)
constexpr uint8_t kSignInSecondDevice = 16;  // the user's second (mobile) device
// A service principal's first sign-in of its day that raises a background risk detection
// (workloads.signIns.riskRemediation.servicePrincipalRiskPerDay; signin_risk.h).
constexpr uint8_t kSignInRiskFlagged = 32;

// The failures the simulation produces, in the order of signInFailureCode.
enum class SignInFailure : uint8_t {
  None,
  WrongPassword,        // 50126
  MfaRequired,          // 50074, interrupt: the user did not complete MFA
  MfaRequiredByPolicy,  // 50076, a refresh after a policy started requiring MFA
  KeepMeSignedIn,       // 50140
  MfaDenied,            // 500121
  Locked,               // 50053
  BlockedByCa,          // 53003
  DeviceNotCompliant,   // 53000
  ExpiredSecret,        // 7000222
};
int32_t signInErrorCode(SignInFailure f);
// Graph's status.failureReason for the code (null on success: "").
const char* signInFailureReason(SignInFailure f);
// Primary authentication failed: Conditional Access was not evaluated.
inline bool failedBeforeConditionalAccess(SignInFailure f) {
  return f == SignInFailure::WrongPassword || f == SignInFailure::Locked ||
         f == SignInFailure::KeepMeSignedIn;
}

struct SignIn {
  Ticks time = 0;    // createdDateTime
  uint64_t key = 0;  // unique: kind (2) | principal (28) | day (16) | sign-in (10) | refresh (8)
  uint32_t visibleDelayMs = 0;  // listed from time + delay on
  uint32_t principal = 0;       // user index, or service principal / managed identity index
  uint8_t app = 0;              // index into signInApps() (users) or unused
  SignInKind kind = SignInKind::Interactive;
  SignInFailure failure = SignInFailure::None;
  uint8_t flags = 0;

  bool ok() const { return failure == SignInFailure::None; }
  Ticks visibleAt() const { return time + static_cast<Ticks>(visibleDelayMs) * 10'000; }
};
static_assert(sizeof(SignIn) <= 32, "sign-ins are stored by the hundred million");

inline bool operator<(const SignIn& a, const SignIn& b) {
  return a.time != b.time ? a.time < b.time : a.key < b.key;
}
inline bool operator==(const SignIn& a, const SignIn& b) {
  return a.time == b.time && a.key == b.key && a.visibleDelayMs == b.visibleDelayMs &&
         a.principal == b.principal && a.app == b.app && a.kind == b.kind &&
         a.failure == b.failure && a.flags == b.flags;
}

// appliedConditionalAccessPolicy.result (CSDL order; the reportOnly* members come after
// unknownFutureValue).
enum class CaPolicyResult : uint8_t {
  Success,
  Failure,
  NotApplied,
  NotEnabled,
  ReportOnlySuccess,
  ReportOnlyFailure,
  ReportOnlyNotApplied,
  ReportOnlyInterrupted
};
const char* caPolicyResultName(CaPolicyResult r);

// conditionalAccessStatus.
enum class CaStatus : uint8_t { Success, Failure, NotApplied };
const char* caStatusName(CaStatus s);

struct AppliedPolicy {
  const CaPolicySnapshot* policy = nullptr;
  CaPolicyResult result = CaPolicyResult::NotApplied;
};

// A sign-in's own risk fields as Graph renders them (signin_risk.h fills them): user sign-ins
// without a detection read none, workload identities low, P1 tenants hidden.
struct SignInRiskFields {
  std::string_view levelDuringSignIn = "none", levelAggregated = "none", state = "none",
                   detail = "none";
  std::array<std::string_view, 2> eventTypes{},
      legacyEventTypes{};  // riskEventTypes_v2, riskEventTypes
  uint8_t eventTypeCount = 0;
};

// Everything a rendered sign-in says, recomputed from the record (buffers reused between calls).
struct SignInDetails {
  const SignIn* signIn = nullptr;
  std::string id, correlationId, sessionId, uniqueTokenIdentifier;
  // User sign-ins: the user; service principal / managed identity sign-ins: empty.
  std::string userId, userDisplayName, userPrincipalName;
  std::string appId, appDisplayName, resourceId, resourceDisplayName;
  std::string servicePrincipalId, servicePrincipalName;  // SP/MI sign-ins
  std::string ipAddress, clientAppUsed, userAgent;
  // Location.
  std::string city, state, countryOrRegion;
  double latitude = 0, longitude = 0;
  // Device.
  std::string deviceId, deviceDisplayName, operatingSystem, browser, trustType;
  bool isCompliant = false, isManaged = false;
  // Outcome.
  int32_t errorCode = 0;
  std::string failureReason, additionalDetails;
  bool mfa = false;
  CaStatus caStatus = CaStatus::NotApplied;
  std::vector<AppliedPolicy> policies;
  // Managed identities.
  std::string associatedResourceId, msiType;
  int32_t processingTimeMs = 0;
  SignInRiskFields risk;
  std::string tenantId;
  std::string label;  // planted sign-ins: the ground truth "<storyline label>:<step>"; else empty
};

}  // namespace tenantsim
