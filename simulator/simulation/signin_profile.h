// Who signs in from where with what: the built-in tables behind sign-ins (cities, first-party
// apps) and each user's home location and devices, service principals and managed identities,
// all deterministic from the seed and computed on demand.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/scenario/scenario.h"
#include "simulator/simulation/tenant.h"

namespace tenantsim {

struct SignInCity {
  std::string_view city, state, countryOrRegion;
  double latitude, longitude;
  int utcOffsetHours;  // standard time; daylight saving is not simulated
  int ipPrefix[2];     // first two octets of the addresses seen there
};
// Home cities (the first ones, weighted towards the start) and travel destinations.
std::span<const SignInCity> signInCities();
// Index of the user's home city (deterministic from seed and user).
size_t homeCity(uint64_t seed, int64_t user);
// A travel destination other than home, for one sign-in.
size_t travelCity(uint64_t seed, uint64_t key, size_t home);

// A first-party application users sign in to, with the resource it asks a token for.
struct SignInApp {
  std::string_view displayName, appId, resourceDisplayName, resourceId;
  bool browser;    // clientAppUsed Browser, else "Mobile Apps and Desktop clients"
  bool adminTool;  // used by admins only
  int weight;      // relative share among the apps a user runs
};
std::span<const SignInApp> signInApps();
// Indices in signInApps() of the apps the audit joins use.
constexpr uint8_t kAzurePortalApp = 0;
constexpr uint8_t kIntuneAdminApp = 8;
constexpr uint8_t kLegacyExchangeApp = 9;

// The device a user signs in from: the primary one is the user's Intune device (Tenant::device),
// the second a mobile phone.
struct UserDevice {
  Guid id{};
  std::string displayName, operatingSystem, browser, userAgent;
  bool managed = true, compliant = true, mobile = false;
};
void userDevice(const Tenant& tenant, int64_t user, bool second, UserDevice& out);

// What Conditional Access sees of that device, without building its strings (the hot path of
// generation): the same draws as userDevice.
struct DeviceTraits {
  bool mobile = false, compliant = true, managed = true;
};
DeviceTraits deviceTraits(const Tenant& tenant, int64_t user, bool second);

// A workload identity that signs in with client credentials or as a managed identity.
struct WorkloadIdentity {
  std::string displayName, appId, servicePrincipalId;
  std::string associatedResourceId, msiType;  // managed identities
  std::string_view resourceDisplayName, resourceId;
};
// Service principals: the tenant's own applications, then the scenario's registered apps.
std::vector<WorkloadIdentity> servicePrincipalIdentities(const Scenario& s, const Tenant& t);
std::vector<WorkloadIdentity> managedIdentities(const Scenario& s, const Tenant& t);

}  // namespace tenantsim
