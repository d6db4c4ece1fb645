// Render late: the full content of a sign-in, recomputed from its 32-byte record.
#include <cstdio>

#include "base/base64.h"
#include "base/rng.h"
#include "base/strings.h"
#include "simulator/simulation/signin_log.h"
#include "simulator/simulation/signin_risk.h"
#include "simulator/simulation/signin_storylines.h"

namespace tenantsim {

void SignInLog::describe(const SignIn& s, SignInDetails& d) const {
  const Scenario& sc = sim_.scenario();
  const uint64_t seed = sc.seed;
  d.signIn = &s;
  d.tenantId = sim_.tenant().id();
  char g[36];
  guidFrom(seed, "signInId", s.key, g);
  g[34] = g[35] = '0';  // STS request ids end in "00" (fact sheet §1.7)
  d.id.assign(g, 36);
  d.uniqueTokenIdentifier = base64Encode(d.id);
  guidFrom(seed, "signInCorrelation", s.key, g);
  d.correlationId.assign(g, 36);
  guidFrom(seed, "signInSession", (s.key & ~(uint64_t{3} << 62)) >> 8, g);
  d.sessionId.assign(g, 36);
  d.processingTimeMs = static_cast<int32_t>(Rng(seed, "signInProcessing", s.key).between(20, 400));
  d.errorCode = signInErrorCode(s.failure);
  d.failureReason = signInFailureReason(s.failure);
  describeSignInRisk(seed, s, sc.tenant.license == "P1", d.risk);
  d.policies.clear();
  d.caStatus = CaStatus::NotApplied;
  d.mfa = false;
  d.additionalDetails.clear();
  d.associatedResourceId.clear();
  d.msiType.clear();
  d.label.clear();
  if (s.kind == SignInKind::Interactive || s.kind == SignInKind::NonInteractive)
    describeUser(s, d);
  else
    describeWorkloadIdentity(s, d);
  if (isPlantedSignIn(s)) describePlanted(s, d);
}

void SignInLog::describeUser(const SignIn& s, SignInDetails& d) const {
  const Tenant& t = sim_.tenant();
  const uint64_t seed = sim_.scenario().seed;
  int64_t user = s.principal;
  thread_local User u;
  t.fillUser(user, u);
  d.userId.assign(view(u.id));
  d.userDisplayName = u.displayName;
  d.userPrincipalName = asciiLowercase(u.userPrincipalName);
  d.servicePrincipalId.clear();
  d.servicePrincipalName.clear();
  const SignInApp& app = signInApps()[s.app];
  d.appId = app.appId;
  d.appDisplayName = app.displayName;
  d.resourceId = app.resourceId;
  d.resourceDisplayName = app.resourceDisplayName;
  thread_local UserDevice device;
  userDevice(t, user, s.flags & kSignInSecondDevice, device);
  bool legacy = s.flags & kSignInLegacy;
  d.clientAppUsed = legacy        ? ((s.key >> 8) & 1 ? "IMAP" : "Exchange ActiveSync")
                    : app.browser ? "Browser"
                                  : "Mobile Apps and Desktop clients";
  d.userAgent = legacy ? "" : device.userAgent;
  d.deviceId.assign(view(device.id));
  d.deviceDisplayName = device.displayName;
  d.operatingSystem = device.operatingSystem;
  d.browser = legacy ? "" : app.browser ? device.browser : "Rich Client 5.2.0";
  d.isCompliant = device.compliant;
  d.isManaged = device.managed;
  d.trustType = device.operatingSystem == "Windows 10" ? "Azure AD joined" : "Azure AD registered";
  size_t home = homeCity(seed, user);
  size_t cityIndex = cityOf(s, home);
  const SignInCity& city = signInCities()[cityIndex];
  d.city = city.city;
  d.state = city.state;
  d.countryOrRegion = city.countryOrRegion;
  d.latitude = city.latitude;
  d.longitude = city.longitude;
  userIpAddress(s, cityIndex, home, u.ipAddress, d.ipAddress);
  SignInContext c = contextFor(user, s.app, s.flags, s.key, home);
  bool mfaSatisfied = s.flags & kSignInMfa;
  d.caStatus = caResults(policiesAt(s.time), c, s.failure, mfaSatisfied, d.policies);
  d.mfa = mfaSatisfied || s.failure == SignInFailure::MfaRequired ||
          s.failure == SignInFailure::MfaDenied || s.failure == SignInFailure::MfaRequiredByPolicy;
  if (mfaSatisfied && s.ok())
    d.additionalDetails = s.kind == SignInKind::Interactive
                              ? "MFA completed in Azure AD"
                              : "MFA requirement satisfied by claim in the token";
}

void SignInLog::userIpAddress(const SignIn& s, size_t cityIndex, size_t home,
                              std::string_view homeIp, std::string& out) const {
  if (cityIndex == home) {
    out = homeIp;  // the address the audit log shows for this user
    return;
  }
  const SignInCity& city = signInCities()[cityIndex];
  Rng r(sim_.scenario().seed, "travelIp", (s.key & ~(uint64_t{3} << 62)) >> 8);
  char ip[24];
  int n = std::snprintf(ip, sizeof ip, "%d.%d.%d.%d", city.ipPrefix[0], city.ipPrefix[1],
                        static_cast<int>(r.below(256)), static_cast<int>(r.between(1, 254)));
  out.assign(ip, static_cast<size_t>(n));
}

void SignInLog::describeIndexed(const SignIn& s, std::string_view homeIp, SignInDetails& d) const {
  const uint64_t seed = sim_.scenario().seed;
  d.signIn = &s;
  char g[36];
  guidFrom(seed, "signInId", s.key, g);
  g[34] = g[35] = '0';
  d.id.assign(g, 36);
  guidFrom(seed, "signInCorrelation", s.key, g);
  d.correlationId.assign(g, 36);
  if (s.kind == SignInKind::Interactive || s.kind == SignInKind::NonInteractive) {
    d.appId = signInApps()[s.app].appId;
    const size_t home = homeCity(seed, s.principal);
    userIpAddress(s, cityOf(s, home), home, homeIp, d.ipAddress);
  } else {
    describeWorkloadIdentity(s, d);
  }
  if (isPlantedSignIn(s)) plantedIpAddress(s, d.ipAddress);  // the attacker's, as describe()
}

void SignInLog::describeWorkloadIdentity(const SignIn& s, SignInDetails& d) const {
  bool mi = s.kind == SignInKind::ManagedIdentity;
  const WorkloadIdentity& w =
      mi ? managedIdentities_[s.principal] : servicePrincipals_[s.principal];
  d.userId.clear();
  d.userDisplayName.clear();
  d.userPrincipalName.clear();
  d.appId = w.appId;
  d.appDisplayName = w.displayName;
  d.servicePrincipalId = w.servicePrincipalId;
  d.servicePrincipalName = w.displayName;
  d.resourceId = w.resourceId;
  d.resourceDisplayName = w.resourceDisplayName;
  d.clientAppUsed.clear();
  d.userAgent.clear();
  d.deviceId.clear();
  d.deviceDisplayName.clear();
  d.operatingSystem.clear();
  d.browser.clear();
  d.trustType.clear();
  d.isCompliant = d.isManaged = false;
  if (mi) {
    // Managed identities sign in inside Azure: no address, an empty location (fact sheet §5.2).
    d.ipAddress.clear();
    d.city.clear();
    d.state.clear();
    d.countryOrRegion.clear();
    d.latitude = d.longitude = 0;
    d.associatedResourceId = w.associatedResourceId;
    d.msiType = w.msiType;
  } else {
    const SignInCity& dc = signInCities()[0];  // the tenant's Azure region
    Rng r(sim_.scenario().seed, "spIp", s.principal);
    char ip[24];
    int n = std::snprintf(ip, sizeof ip, "%d.%d.%d.%d", dc.ipPrefix[0], dc.ipPrefix[1],
                          static_cast<int>(r.below(256)), static_cast<int>(r.between(1, 254)));
    d.ipAddress.assign(ip, static_cast<size_t>(n));
    d.city = dc.city;
    d.state = dc.state;
    d.countryOrRegion = dc.countryOrRegion;
    d.latitude = dc.latitude;
    d.longitude = dc.longitude;
  }
}

}  // namespace tenantsim
