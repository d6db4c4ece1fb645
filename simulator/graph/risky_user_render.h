// Renders identityProtection/riskyUsers as Graph's riskyUser and riskyUserHistoryItem (fact sheet
// §3.1), v1.0 and beta alike, straight into a caller's buffer, with the evolvable enums' late
// members as the request allows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "simulator/graph/evolvable_enum.h"
#include "simulator/graph/model.h"
#include "simulator/simulation/risky_users.h"
#include "simulator/simulation/signin_log.h"

namespace tenantsim {

// What a riskyUser's JSON names besides its state: the user (from its first detection's sign-in).
struct RiskyUserNames {
  std::string_view id, displayName, principalName;
};

// One bit per riskyUser property ($select); 0 for a name the entity does not have.
uint32_t riskyUserProperty(std::string_view name);
inline constexpr uint32_t kAllRiskyUserProperties = ~uint32_t{0};

// Appends one riskyUser (its current state; the properties of `mask`, id always); riskDetail
// reads `hidden` when detailHidden (P1).
void renderRiskyUser(const RiskyUser& u, const RiskyUserNames& names, std::string& out,
                     UnknownEnumMembers enums, bool detailHidden = false,
                     uint32_t mask = kAllRiskyUserProperties);

// Appends one riskyUserHistoryItem: the state after event e, its activity and initiatedBy (the
// user for self-remediation, adminId (remediationAdmin's id) for a dismissal or confirmation).
void renderRiskyUserHistoryItem(const RiskyUserEvent& e, const RiskyUserNames& names,
                                std::string_view adminId, std::string& out,
                                UnknownEnumMembers enums);

// riskyServicePrincipal (fact sheet §3.1): the service principal's state, from its detections.
struct RiskyServicePrincipalNames {
  std::string_view id, appId, displayName;  // id: the service principal's object id
  // The admin who dismisses or confirms its risk (remediationAdmin's user id): the history's
  // initiatedBy for those, and the initiator of the matching directoryAudits row.
  std::string adminId;
};
// The names of a risky service principal, from its first detection's sign-in (d holds the strings
// they view): what the routes and the exports render it with.
RiskyServicePrincipalNames riskyServicePrincipalNames(const RiskLog& log, const RiskyUser& sp,
                                                      RiskDetectionDetails& d);
uint32_t riskyServicePrincipalProperty(std::string_view name);
void renderRiskyServicePrincipal(const RiskyUser& sp, const RiskyServicePrincipalNames& names,
                                 ApiVersion api, std::string& out, UnknownEnumMembers enums,
                                 uint32_t mask = kAllRiskyUserProperties);
// One history item: v1.0 a riskyServicePrincipal plus activity and initiatedBy; beta an entity
// {id, servicePrincipalId, initiatedBy, activity} (fact sheet §3.1).
void renderRiskyServicePrincipalHistoryItem(const RiskyUserEvent& e,
                                            const RiskyServicePrincipalNames& names, ApiVersion api,
                                            std::string& out, UnknownEnumMembers enums);

}  // namespace tenantsim
