// Planted incidents. Each storyline's events are flagged as planted and carry a ground-truth
// label "<label>:<step>". The workloads that own the affected objects produce them, so that
// object state stays consistent (a policy the storyline weakens keeps its version history).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "simulator/scenario/scenario.h"
#include "simulator/simulation/tenant.h"

namespace tenantsim {

struct PlantedStoryline {
  size_t index;  // position in scenario.storylines
  // pimEscalation | rogueCloudPkiCa | passwordSpray | mfaFatigue | impossibleTravel |
  // conditionalAccessWeakened
  // compromisedServicePrincipal
  std::string kind;
  std::string label;
  Ticks at;
  int64_t actor;  // the user index who acts (a regular account: the compromised identity)
  int64_t admin;  // an admin who manages Conditional Access (conditionalAccessWeakened's changes)
};

// The scenario's storylines of one kind (every kind when kind is empty), in scenario order.
std::vector<PlantedStoryline> plantedStorylines(const Scenario& s, const Tenant& t,
                                                std::string_view kind);

// compromisedServicePrincipal: which of the tenant's own applications has its credentials stolen,
// as an index into Tenant::applications(), and as the k-th non-first-party one (the index into
// servicePrincipalIdentities, whose tenant applications come first).
struct CompromisedApp {
  size_t tenantIndex = 0;
  size_t identityIndex = 0;
};
CompromisedApp compromisedApplication(const Scenario& s, const Tenant& t, size_t storyline);
// The key id of the client secret the storyline adds: the audit row's KeyDescription, the
// service principal's sign-ins (servicePrincipalCredentialKeyId) and its detection's keyIds.
std::string compromisedSecretKeyId(uint64_t seed, size_t storyline);

// What a detection should say about each step (the labels file's "expectedDetection").
std::string expectedDetection(std::string_view kind, std::string_view step);

}  // namespace tenantsim
