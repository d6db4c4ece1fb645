#include "simulator/export/signin_records.h"

#include "base/json_writer.h"
#include "base/time.h"
#include "simulator/graph/signin_render.h"

namespace tenantsim {

namespace {
bool outcomeStyle(const SignInDetails& d, WorkloadResultType choice) {
  SignInKind k = d.signIn->kind;
  return choice == WorkloadResultType::Outcome &&
         (k == SignInKind::ServicePrincipal || k == SignInKind::ManagedIdentity);
}
}  // namespace

std::string signInResultType(const SignInDetails& d, WorkloadResultType choice) {
  if (outcomeStyle(d, choice)) return d.errorCode == 0 ? "Success" : "Failure";
  return std::to_string(d.errorCode);
}

std::string signInResultSignature(const SignInDetails& d, WorkloadResultType choice) {
  return outcomeStyle(d, choice) ? std::to_string(d.errorCode) : "None";
}

void renderSignInRecord(const SignInDetails& d, std::string_view resourceId, std::string& out,
                        WorkloadResultType resultType) {
  const SignIn& s = *d.signIn;
  const bool user = s.kind == SignInKind::Interactive || s.kind == SignInKind::NonInteractive;
  const bool managedIdentity = s.kind == SignInKind::ManagedIdentity;
  out += "{\"time\":\"";
  appendIsoTime(out, s.time);
  out += '"';
  appendJsonField(out, "resourceId", resourceId);
  out += ",\"operationName\":\"Sign-in activity\",\"operationVersion\":\"1.0\"";
  appendJsonField(out, "category", signInCategory(s.kind).category);
  appendJsonField(out, "tenantId", d.tenantId);
  appendJsonField(out, "resultType", signInResultType(d, resultType));
  appendJsonField(out, "resultSignature", signInResultSignature(d, resultType));
  if (d.errorCode != 0) appendJsonField(out, "resultDescription", d.failureReason);
  out += ",\"durationMs\":0";
  if (!managedIdentity) appendJsonField(out, "callerIpAddress", d.ipAddress);
  appendJsonField(out, "correlationId", d.correlationId);
  if (user) appendJsonField(out, "identity", d.userDisplayName);
  out += ",\"Level\":4";
  if (!managedIdentity) appendJsonField(out, "location", d.countryOrRegion);
  appendJsonKey(out, "properties");
  renderSignIn(d, ApiVersion::Beta, out, UnknownEnumMembers::Included, SignInDialect::AzureMonitor);
  out += '}';
}

}  // namespace tenantsim
