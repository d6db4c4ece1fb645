#include "simulator/graph/signin_render.h"

#include <array>
#include <cstdio>

#include "base/json_writer.h"
#include "base/time.h"

namespace tenantsim {
namespace {

constexpr std::array<std::string_view, 10> kResultMembers = {"success",
                                                             "failure",
                                                             "notApplied",
                                                             "notEnabled",
                                                             "unknown",
                                                             kUnknownFutureValue,
                                                             "reportOnlySuccess",
                                                             "reportOnlyFailure",
                                                             "reportOnlyNotApplied",
                                                             "reportOnlyInterrupted"};

void key(std::string& out, std::string_view name) { appendJsonKey(out, name, true); }

void field(std::string& out, std::string_view name, std::string_view value, bool isNull = false) {
  appendJsonField(out, name, value, isNull);
}
// A string that Graph sends as null when empty.
void fieldOrNull(std::string& out, std::string_view name, std::string_view value) {
  appendJsonField(out, name, value, value.empty());
}
void boolField(std::string& out, std::string_view name, bool value) {
  key(out, name);
  out += value ? "true" : "false";
}
void intField(std::string& out, std::string_view name, int64_t value) {
  key(out, name);
  out += std::to_string(value);
}
void number(std::string& out, double value) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%.10g", value);
  out.append(buf, static_cast<size_t>(n));
}

bool isUser(const SignIn& s) {
  return s.kind == SignInKind::Interactive || s.kind == SignInKind::NonInteractive;
}

}  // namespace

void appendSignInStatus(const SignInDetails& d, SignInDialect dialect, std::string& out) {
  out += "{\"errorCode\":";
  out += std::to_string(d.errorCode);
  if (dialect == SignInDialect::AzureMonitor && !isUser(*d.signIn) && d.errorCode == 0) {
    out += '}';
    return;
  }
  field(out, "failureReason", d.failureReason, d.errorCode == 0);
  fieldOrNull(out, "additionalDetails", d.additionalDetails);
  out += '}';
}

void appendSignInDeviceDetail(const SignInDetails& d, ApiVersion api, std::string& out) {
  out += "{\"deviceId\":";
  appendJsonString(out, d.deviceId);
  field(out, "displayName", d.deviceDisplayName);
  field(out, "operatingSystem", d.operatingSystem);
  field(out, "browser", d.browser);
  boolField(out, "isCompliant", d.isCompliant);
  boolField(out, "isManaged", d.isManaged);
  fieldOrNull(out, "trustType", d.trustType);
  if (api == ApiVersion::Beta) field(out, "browserId", "");
  out += '}';
}

void appendSignInLocation(const SignInDetails& d, std::string& out) {
  out += "{\"city\":";
  appendJsonString(out, d.city);
  field(out, "state", d.state);
  field(out, "countryOrRegion", d.countryOrRegion);
  out += ",\"geoCoordinates\":{\"altitude\":null,\"latitude\":";
  number(out, d.latitude);
  out += ",\"longitude\":";
  number(out, d.longitude);
  out += "}}";
}

// conditionalAccessConditions flags: application = 1, users = 2 (CSDL).
constexpr int kConditionsApplicationUsers = 3, kConditionsUsers = 2;

void appendRiskEventTypes(const SignInDetails& d, bool legacy, std::string& out) {
  out += '[';
  for (uint8_t i = 0; i < d.risk.eventTypeCount; ++i) {
    if (i) out += ',';
    appendJsonString(out, legacy ? d.risk.legacyEventTypes[i] : d.risk.eventTypes[i]);
  }
  out += ']';
}

void appendAppliedConditionalAccessPolicies(const SignInDetails& d, ApiVersion api,
                                            UnknownEnumMembers enums, SignInDialect dialect,
                                            std::string& out) {
  out += '[';
  bool first = true;
  for (const AppliedPolicy& p : d.policies) {
    if (!first) out += ',';
    first = false;
    out += "{\"id\":";
    appendJsonString(out, view(p.policy->id));
    field(out, "displayName", p.policy->displayName);
    bool enforced = p.result == CaPolicyResult::Success || p.result == CaPolicyResult::Failure;
    static constexpr const char* kGrant[] = {"Mfa", "Block", "RequireCompliantDevice",
                                             "RequirePasswordChange", "RequireApprovedApp"};
    out += ",\"enforcedGrantControls\":[";
    if (enforced) {
      out += '"';
      out += kGrant[static_cast<int>(p.policy->grant)];
      out += '"';
    }
    out += "],\"enforcedSessionControls\":[]";
    field(out, "result",
          evolvableMemberName(kAppliedConditionalAccessPolicyResultEnum,
                              caPolicyResultName(p.result), enums));
    if (api == ApiVersion::Beta) {
      bool applied = p.result == CaPolicyResult::Success || p.result == CaPolicyResult::Failure ||
                     p.result == CaPolicyResult::ReportOnlySuccess ||
                     p.result == CaPolicyResult::ReportOnlyFailure ||
                     p.result == CaPolicyResult::ReportOnlyInterrupted;
      if (dialect == SignInDialect::AzureMonitor) {
        intField(out, "conditionsSatisfied", applied ? kConditionsApplicationUsers : 0);
        intField(out, "conditionsNotSatisfied", applied ? 0 : kConditionsUsers);
      } else {
        field(out, "conditionsSatisfied", applied ? "application,users" : "none");
        field(out, "conditionsNotSatisfied", applied ? "none" : "users");
      }
    }
    out += '}';
  }
  out += ']';
}

void appendAuthenticationDetails(const SignInDetails& d, std::string& out) {
  const SignIn& s = *d.signIn;
  SignInKind kind = s.kind;
  out += '[';
  if (isUser(s)) {
    out += "{\"authenticationStepDateTime\":\"";
    appendIsoTime(out, s.time);
    out += '"';
    bool previously = kind == SignInKind::NonInteractive;
    field(out, "authenticationMethod", previously ? "Previously satisfied" : "Password");
    field(out, "authenticationMethodDetail", previously ? "" : "Password in the cloud", previously);
    bool primaryOk = !failedBeforeConditionalAccess(s.failure);
    boolField(out, "succeeded", primaryOk);
    field(out, "authenticationStepResultDetail",
          primaryOk ? (previously ? "First factor requirement satisfied by claim in the token"
                                  : "Correct password")
                    : "Invalid username or password or Invalid on-premise username or password.");
    field(out, "authenticationStepRequirement", "Primary authentication");
    out += '}';
    if (d.mfa) {
      out += ",{\"authenticationStepDateTime\":\"";
      appendIsoTime(out, s.time);
      out += '"';
      field(out, "authenticationMethod",
            previously ? "Previously satisfied" : "Mobile app notification");
      field(out, "authenticationMethodDetail", "", true);
      bool ok = s.ok();
      boolField(out, "succeeded", ok);
      field(out, "authenticationStepResultDetail",
            ok ? (previously ? "MFA requirement satisfied by claim in the token"
                             : "MFA successfully completed")
               : "MFA denied; user did not complete the MFA prompt");
      field(out, "authenticationStepRequirement", "Multi-factor authentication");
      out += '}';
    }
  }
  out += ']';
}

std::string_view authenticationRequirementPoliciesJson(const SignInDetails& d) {
  return d.mfa ? "[{\"requirementProvider\":\"multiConditionalAccess\",\"detail\":\"Conditional "
                 "Access\"}]"
               : "[]";
}

std::string_view authenticationProcessingDetailsJson(const SignInDetails& d) {
  return d.signIn->kind == SignInKind::NonInteractive
             ? "[{\"key\":\"Is CAE Token\",\"value\":\"True\"}]"
             : "[]";
}

std::string_view authenticationMethodsUsedJson(const SignInDetails& d) {
  return !isUser(*d.signIn) ? "[]"
         : d.mfa            ? "[\"Password\",\"Mobile app notification\"]"
                            : "[\"Password\"]";
}

namespace {

void renderBetaOnly(const SignInDetails& d, SignInDialect dialect, std::string& out) {
  const SignIn& s = *d.signIn;
  bool user = isUser(s);
  SignInKind kind = s.kind;
  field(out, "userType", dialect == SignInDialect::AzureMonitor ? "Member" : "member", !user);
  field(out, "appOwnerTenantId", user ? "f8cdef31-a31e-4b4a-93e4-5f571e91255a" : d.tenantId);
  key(out, "signInEventTypes");
  out += "[\"";
  out += signInEventTypeName(kind);
  out += "\"]";
  field(out, "originalRequestId", d.id);
  field(out, "sessionId", user ? d.sessionId : "");
  field(out, "uniqueTokenIdentifier", d.uniqueTokenIdentifier);
  field(out, "authenticationProtocol", "none");
  field(out, "incomingTokenType", incomingTokenTypeOf(kind));
  field(out, "clientCredentialType", clientCredentialTypeOf(kind));
  field(out, "authenticationRequirement", authenticationRequirementOf(d));
  key(out, "authenticationDetails");
  appendAuthenticationDetails(d, out);
  key(out, "authenticationRequirementPolicies");
  out += authenticationRequirementPoliciesJson(d);
  key(out, "authenticationProcessingDetails");
  out += authenticationProcessingDetailsJson(d);
  key(out, "authenticationMethodsUsed");
  out += authenticationMethodsUsedJson(d);
  field(out, "crossTenantAccessType", "none");
  boolField(out, "isTenantRestricted", false);
  field(out, "tokenIssuerType", "AzureAD");
  field(out, "tokenIssuerName", "");
  intField(out, "processingTimeInMilliseconds", d.processingTimeMs);
  boolField(out, "flaggedForReview", false);
  fieldOrNull(out, "signInIdentifier", d.userPrincipalName);
  field(out, "signInIdentifierType", user ? "userPrincipalName" : "", !user);
  key(out, "managedServiceIdentity");
  if (kind == SignInKind::ManagedIdentity) {
    out += "{\"msiType\":";
    appendJsonString(out, d.msiType);
    field(out, "associatedResourceId", d.associatedResourceId);
    field(out, "federatedTokenId", "", true);
    field(out, "federatedTokenIssuer", "", true);
    out += '}';
  } else {
    out += "null";
  }
  field(out, "appTokenProtectionStatus", "none");
  field(out, "signInTokenProtectionStatus", "none");
  key(out, "sessionLifetimePolicies");
  out += "[]";
}

}  // namespace

const EvolvableEnum kAppliedConditionalAccessPolicyResultEnum{
    "appliedConditionalAccessPolicyResult", kResultMembers};

void renderSignIn(const SignInDetails& d, ApiVersion api, std::string& out,
                  UnknownEnumMembers enums, SignInDialect dialect) {
  const SignIn& s = *d.signIn;
  bool user = isUser(s);
  const bool azure = dialect == SignInDialect::AzureMonitor;
  if (azure) api = ApiVersion::Beta;
  out += "{\"id\":";
  appendJsonString(out, d.id);
  out += ",\"createdDateTime\":\"";
  if (azure)
    appendIsoTimeWithOffset(out, s.time);
  else
    appendIsoTime(out, s.time);
  out += '"';
  field(out, "userDisplayName", d.userDisplayName, !user);
  field(out, "userPrincipalName", d.userPrincipalName, !user);
  // Not null in the CSDL: "" on workload identity rows; Azure Monitor copies send null.
  field(out, "userId", d.userId, azure && !user);
  field(out, "appId", d.appId);
  field(out, "appDisplayName", d.appDisplayName);
  field(out, "ipAddress", d.ipAddress);
  fieldOrNull(out, "clientAppUsed", d.clientAppUsed);
  fieldOrNull(out, "userAgent", d.userAgent);
  field(out, "correlationId", d.correlationId);
  field(out, "conditionalAccessStatus", caStatusName(d.caStatus));
  boolField(out, "isInteractive", s.kind == SignInKind::Interactive);
  field(out, "riskDetail", d.risk.detail);
  field(out, "riskLevelAggregated", d.risk.levelAggregated);
  field(out, "riskLevelDuringSignIn", d.risk.levelDuringSignIn);
  field(out, "riskState", d.risk.state);
  key(out, "riskEventTypes");
  appendRiskEventTypes(d, true, out);
  key(out, "riskEventTypes_v2");
  appendRiskEventTypes(d, false, out);
  field(out, "resourceDisplayName", d.resourceDisplayName);
  field(out, "resourceId", d.resourceId);
  field(out, "resourceTenantId", d.tenantId);
  field(out, "homeTenantId", d.tenantId);
  field(out, "servicePrincipalId", d.servicePrincipalId);
  field(out, "servicePrincipalName", d.servicePrincipalName, d.servicePrincipalName.empty());
  key(out, "authenticationAppDeviceDetails");
  out += "null";
  key(out, "status");
  appendSignInStatus(d, dialect, out);
  key(out, "deviceDetail");
  appendSignInDeviceDetail(d, api, out);
  key(out, "location");
  appendSignInLocation(d, out);
  key(out, "appliedConditionalAccessPolicies");
  appendAppliedConditionalAccessPolicies(d, api, enums, dialect, out);
  if (api == ApiVersion::Beta) renderBetaOnly(d, dialect, out);
  out += '}';
}

}  // namespace tenantsim
