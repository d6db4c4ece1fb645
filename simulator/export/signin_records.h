// The Azure Monitor side of the sign-in log (fact sheet signins.md §5): each sign-in kind's
// diagnostic category, storage container / event hub and Log Analytics table, and the resource-
// log record of one sign-in as Event Hubs and storage accounts receive it.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "simulator/simulation/signin.h"

namespace tenantsim {

struct SignInCategory {
  SignInKind kind;
  std::string_view category;   // SignInLogs, NonInteractiveUserSignInLogs, ...
  std::string_view container;  // insights-logs-<category lower-case>: blob container, event hub
  std::string_view table;      // Log Analytics: SigninLogs, AADNonInteractiveUserSignInLogs, ...
};

// In SignInKind order (index = static_cast<int>(kind)).
inline constexpr std::array<SignInCategory, 4> kSignInCategories = {{
    {SignInKind::Interactive, "SignInLogs", "insights-logs-signinlogs", "SigninLogs"},
    {SignInKind::NonInteractive, "NonInteractiveUserSignInLogs",
     "insights-logs-noninteractiveusersigninlogs", "AADNonInteractiveUserSignInLogs"},
    {SignInKind::ServicePrincipal, "ServicePrincipalSignInLogs",
     "insights-logs-serviceprincipalsigninlogs", "AADServicePrincipalSignInLogs"},
    {SignInKind::ManagedIdentity, "ManagedIdentitySignInLogs",
     "insights-logs-managedidentitysigninlogs", "AADManagedIdentitySignInLogs"},
}};
inline const SignInCategory& signInCategory(SignInKind k) {
  return kSignInCategories[static_cast<size_t>(k)];
}

// What resultType / resultSignature hold on service-principal and managed-identity rows (fact sheet
// §5.2 conflict, UNCONFIRMED): Code follows the Event Hub capture (resultType the error code as a
// string, resultSignature "None"), Outcome the Log Analytics docs (resultType "Success" or
// "Failure", resultSignature the code). User rows always carry the code.
enum class WorkloadResultType : uint8_t { Code, Outcome };
// resultType and resultSignature of d under the choice.
std::string signInResultType(const SignInDetails& d, WorkloadResultType choice);
std::string signInResultSignature(const SignInDetails& d, WorkloadResultType choice);

// Appends one record (a JSON object): time, resourceId, operationName "Sign-in activity",
// operationVersion, category, tenantId, resultType (the error code as a string, "0" on success),
// resultSignature, resultDescription (failures only), durationMs, callerIpAddress (not for
// managed identities), correlationId, identity (user rows), Level, location (not for managed
// identities), properties (the beta signIn in Azure Monitor's dialect, signin_render.h).
// resourceId is entraResourceId(tenantId).
void renderSignInRecord(const SignInDetails& d, std::string_view resourceId, std::string& out,
                        WorkloadResultType resultType = WorkloadResultType::Code);

}  // namespace tenantsim
