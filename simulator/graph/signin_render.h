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

// Appends one signIn JSON object for d. Members after an evolvable enum's unknownFutureValue
// (the reportOnly* policy results) are written as the sentinel unless `enums` includes them.
void renderSignIn(const SignInDetails& d, ApiVersion api, std::string& out,
                  UnknownEnumMembers enums = UnknownEnumMembers::AsSentinel);

// Whether a sign-in belongs to the version's default population: v1.0 lists interactive user
// sign-ins only (docs/signins.md#populations), beta every kind (each row names its
// signInEventTypes).
inline bool inDefaultPopulation(const SignIn& s, ApiVersion api) {
  return api == ApiVersion::Beta || s.kind == SignInKind::Interactive;
}

}  // namespace tenantsim
