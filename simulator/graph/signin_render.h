// Renders described sign-ins as Graph's signIn entity, v1.0 and beta (fact sheet §1.2-§1.5),
// straight into a caller's buffer.
#pragma once

#include <string>

#include "simulator/graph/evolvable_enum.h"
#include "simulator/graph/model.h"
#include "simulator/simulation/signin.h"

namespace tenantsim {

// appliedConditionalAccessPolicyResult, CSDL order; reportOnly* follow the sentinel.
extern const EvolvableEnum kAppliedConditionalAccessPolicyResultEnum;

// Graph's signIn JSON, or the `properties` object of an Azure Monitor sign-in record (fact
// sheet §5.2): the beta signIn with createdDateTime as +00:00, conditionsSatisfied and
// conditionsNotSatisfied as integer flags, userType "Member", userId null on workload-identity
// rows, and status {"errorCode":0} on their successes.
enum class SignInDialect : uint8_t { Graph, AzureMonitor };

// Appends one signIn JSON object for d. Members after an evolvable enum's unknownFutureValue
// (the reportOnly* policy results) are written as the sentinel unless `enums` includes them.
// The AzureMonitor dialect is always the beta shape.
void renderSignIn(const SignInDetails& d, ApiVersion api, std::string& out,
                  UnknownEnumMembers enums = UnknownEnumMembers::AsSentinel,
                  SignInDialect dialect = SignInDialect::Graph);

// The JSON values of the signIn's nested properties, for exports that place them in columns
// (Log Analytics). Each appends one JSON value, without a key.
void appendSignInStatus(const SignInDetails& d, SignInDialect dialect, std::string& out);
void appendSignInDeviceDetail(const SignInDetails& d, ApiVersion api, std::string& out);
void appendSignInLocation(const SignInDetails& d, std::string& out);
void appendAppliedConditionalAccessPolicies(const SignInDetails& d, ApiVersion api,
                                            UnknownEnumMembers enums, SignInDialect dialect,
                                            std::string& out);
void appendAuthenticationDetails(const SignInDetails& d, std::string& out);  // beta
std::string_view authenticationRequirementPoliciesJson(const SignInDetails& d);
std::string_view authenticationProcessingDetailsJson(const SignInDetails& d);
std::string_view authenticationMethodsUsedJson(const SignInDetails& d);

// riskEventTypes (legacy enum) / riskEventTypes_v2 as JSON arrays.
void appendRiskEventTypes(const SignInDetails& d, bool legacy, std::string& out);

// Beta scalar properties.
inline const char* authenticationRequirementOf(const SignInDetails& d) {
  return d.mfa ? "multiFactorAuthentication" : "singleFactorAuthentication";
}
inline const char* incomingTokenTypeOf(SignInKind k) {
  return k == SignInKind::NonInteractive ? "primaryRefreshToken" : "none";
}
inline const char* clientCredentialTypeOf(SignInKind k) {
  return k == SignInKind::ServicePrincipal  ? "clientSecret"
         : k == SignInKind::ManagedIdentity ? "managedIdentity"
                                            : "none";
}

// Whether a sign-in belongs to the version's default population: v1.0 lists interactive user
// sign-ins only (docs/signins.md#populations), beta every kind (each row names its
// signInEventTypes).
inline bool inDefaultPopulation(const SignIn& s, ApiVersion api) {
  return api == ApiVersion::Beta || s.kind == SignInKind::Interactive;
}

}  // namespace tenantsim
