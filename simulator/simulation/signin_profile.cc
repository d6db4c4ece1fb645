#include "simulator/simulation/signin_profile.h"

#include <cstdio>

#include "base/rng.h"

namespace tenantsim {
namespace {

// Home cities first (weights in kHomeWeights), then travel-only destinations. The last one lies
// in a country the "Block access from risky countries" policy names (KP, IR, RU).
constexpr SignInCity kCities[] = {
    {"Amsterdam", "Noord-Holland", "NL", 52.3676, 4.9041, 1, {20, 190}},
    {"Seattle", "Washington", "US", 47.6062, -122.3321, -8, {40, 126}},
    {"New York", "New York", "US", 40.7128, -74.006, -5, {52, 96}},
    {"London", "England", "GB", 51.5072, -0.1276, 0, {51, 140}},
    {"Berlin", "Berlin", "DE", 52.52, 13.405, 1, {20, 113}},
    {"Bengaluru", "Karnataka", "IN", 12.9716, 77.5946, 5, {20, 193}},
    {"Sydney", "New South Wales", "AU", -33.8688, 151.2093, 10, {20, 211}},
    {"Toronto", "Ontario", "CA", 43.6532, -79.3832, -5, {40, 82}},
    {"Singapore", "Singapore", "SG", 1.3521, 103.8198, 8, {20, 197}},
    {"Paris", "Ile-de-France", "FR", 48.8566, 2.3522, 1, {20, 74}},
    {"Sao Paulo", "Sao Paulo", "BR", -23.5558, -46.6396, -3, {191, 232}},
    {"Tokyo", "Tokyo", "JP", 35.6762, 139.6503, 9, {20, 78}},
    {"Moscow", "Moscow", "RU", 55.7558, 37.6173, 3, {95, 165}},
};
constexpr int kHomeWeights[] = {30, 18, 14, 10, 8, 6, 4, 4, 3, 3};
constexpr size_t kHomeCities = std::size(kHomeWeights);

constexpr SignInApp kApps[] = {
    {"Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Windows Azure Service Management API",
     "797f4846-ba00-4fd7-ba43-dac1f8f63013", true, true, 6},
    {"Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Graph",
     "00000003-0000-0000-c000-000000000000", false, false, 30},
    {"Microsoft Office", "d3590ed6-52b3-4102-aeff-aad2292ab01c", "Office 365 SharePoint Online",
     "00000003-0000-0ff1-ce00-000000000000", false, false, 24},
    {"Outlook Mobile", "27922004-5251-4030-b22d-91ecd9a37ea4", "Office 365 Exchange Online",
     "00000002-0000-0ff1-ce00-000000000000", false, false, 14},
    {"Microsoft Authentication Broker", "29d9ed98-a469-4536-ade2-f981bc1d605e", "Microsoft Graph",
     "00000003-0000-0000-c000-000000000000", false, false, 10},
    {"Microsoft Azure CLI", "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
     "Windows Azure Service Management API", "797f4846-ba00-4fd7-ba43-dac1f8f63013", false, true,
     3},
    {"Microsoft Azure PowerShell", "1950a258-227b-4e31-a9cf-717495945fc2",
     "Windows Azure Service Management API", "797f4846-ba00-4fd7-ba43-dac1f8f63013", false, true,
     2},
    {"Graph Explorer", "de8bc8b5-d9f9-48b1-a8ad-b748da725064", "Microsoft Graph",
     "00000003-0000-0000-c000-000000000000", true, false, 1},
    {"Microsoft Intune portal extension", "5926fc8e-304e-4f59-8bed-58ca97cc39a4", "Microsoft Graph",
     "00000003-0000-0000-c000-000000000000", true, true, 2},
    {"Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000",
     "Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000", false, false, 0},
};

std::string guidString(uint64_t seed, std::string_view stream, uint64_t index) {
  char g[36];
  guidFrom(seed, stream, index, g);
  return std::string(g, 36);
}

}  // namespace

std::span<const SignInCity> signInCities() { return kCities; }

size_t homeCity(uint64_t seed, int64_t user) {
  Rng r(seed, "homeCity", static_cast<uint64_t>(user));
  int total = 0;
  for (int w : kHomeWeights) total += w;
  int pick = static_cast<int>(r.below(static_cast<uint64_t>(total)));
  for (size_t i = 0; i < kHomeCities; ++i) {
    if (pick < kHomeWeights[i]) return i;
    pick -= kHomeWeights[i];
  }
  return 0;
}

size_t travelCity(uint64_t seed, uint64_t key, size_t home) {
  Rng r(seed, "travelCity", key);
  size_t pick = static_cast<size_t>(r.below(std::size(kCities) - 1));
  return pick >= home ? pick + 1 : pick;
}

std::span<const SignInApp> signInApps() { return kApps; }

namespace {
// The primary device is the user's Intune device; the second is one of the extra devices
// (Tenant::deviceCount() is users + users / 4), shared round-robin.
int64_t deviceIndex(const Tenant& tenant, int64_t user, bool second) {
  return second ? tenant.userCount() + user % std::max<int64_t>(1, tenant.userCount() / 4) : user;
}
}  // namespace

DeviceTraits deviceTraits(const Tenant& tenant, int64_t user, bool second) {
  int64_t index = deviceIndex(tenant, user, second);
  // Tenant::device draws the operating system from {Windows x3, iOS, Android, MacMDM}.
  uint64_t os = Rng(tenant.seed(), "deviceProfile", static_cast<uint64_t>(index)).below(6);
  DeviceTraits t;
  t.mobile = os == 3 || os == 4;
  t.compliant = !Rng(tenant.seed(), "deviceCompliance", static_cast<uint64_t>(index)).chance(0.03);
  return t;
}

void userDevice(const Tenant& tenant, int64_t user, bool second, UserDevice& out) {
  int64_t index = deviceIndex(tenant, user, second);
  Device d = tenant.device(index);
  out.id = d.id;
  out.displayName = d.displayName;
  Rng r(tenant.seed(), "deviceCompliance", static_cast<uint64_t>(index));
  out.managed = true;
  out.compliant = !r.chance(0.03);
  if (d.operatingSystem == "Windows") {
    out.operatingSystem = "Windows 10";
    out.browser = "Edge 131.0.0";
    out.userAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
    out.mobile = false;
  } else if (d.operatingSystem == "MacMDM") {
    out.operatingSystem = "MacOs";
    out.browser = "Chrome 131.0.0";
    out.userAgent =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36";
    out.mobile = false;
  } else if (d.operatingSystem == "iOS") {
    out.operatingSystem = "Ios";
    out.browser = "Mobile Safari 17.5";
    out.userAgent =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    out.mobile = true;
  } else {
    out.operatingSystem = "Android";
    out.browser = "Chrome Mobile 131.0.0";
    out.userAgent =
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36";
    out.mobile = true;
  }
}

std::vector<WorkloadIdentity> servicePrincipalIdentities(const Scenario& s, const Tenant& t) {
  std::vector<WorkloadIdentity> out;
  for (const Application& app : t.applications()) {
    if (app.firstParty) continue;
    out.push_back({app.displayName, app.appId, std::string(view(app.servicePrincipalId)), "", "",
                   "Microsoft Graph", "00000003-0000-0000-c000-000000000000"});
  }
  for (size_t i = 0; i < s.apps.size(); ++i) {
    const AppRegistration& app = s.apps[i];
    out.push_back({app.displayName, app.clientId, guidString(s.seed, "scenarioAppSp", i), "", "",
                   "Microsoft Graph", "00000003-0000-0000-c000-000000000000"});
  }
  return out;
}

std::vector<WorkloadIdentity> managedIdentities(const Scenario& s, const Tenant& t) {
  const SignInsConfig& c = *s.workloads.signIns;
  int64_t n =
      c.managedIdentities > 0 ? c.managedIdentities : std::max<int64_t>(2, t.userCount() / 2000);
  std::string subscription = guidString(s.seed, "azureSubscription", 0);
  static constexpr const char* kKinds[] = {"func-orders", "app-portal", "vm-build", "logic-sync"};
  static constexpr const char* kProviders[] = {"Microsoft.Web/sites", "Microsoft.Web/sites",
                                               "Microsoft.Compute/virtualMachines",
                                               "Microsoft.Logic/workflows"};
  std::vector<WorkloadIdentity> out;
  for (int64_t i = 0; i < n; ++i) {
    size_t k = static_cast<size_t>(i) % std::size(kKinds);
    char name[48];
    std::snprintf(name, sizeof name, "%s-%02lld", kKinds[k], static_cast<long long>(i + 1));
    WorkloadIdentity w;
    w.displayName = name;
    w.appId = guidString(s.seed, "miAppId", static_cast<uint64_t>(i));
    w.servicePrincipalId = guidString(s.seed, "miSp", static_cast<uint64_t>(i));
    w.associatedResourceId = "/subscriptions/" + subscription +
                             "/resourceGroups/rg-prod/providers/" + kProviders[k] + "/" + name;
    w.msiType = i % 3 == 2 ? "userAssigned" : "systemAssigned";
    bool vault = i % 2 == 0;
    w.resourceDisplayName = vault ? "Azure Key Vault" : "Windows Azure Service Management API";
    w.resourceId =
        vault ? "cfa8b339-82a2-471a-a3c9-0fc0be7a4093" : "797f4846-ba00-4fd7-ba43-dac1f8f63013";
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace tenantsim
