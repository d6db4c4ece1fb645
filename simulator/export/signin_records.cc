#include "simulator/export/signin_records.h"

#include "base/json_writer.h"
#include "base/time.h"
#include "simulator/graph/signin_render.h"

namespace tenantsim {

void renderSignInRecord(const SignInDetails& d, std::string_view resourceId, std::string& out) {
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
  appendJsonKey(out, "resultType");
  out += '"';
  out += std::to_string(d.errorCode);
  out += "\",\"resultSignature\":\"None\"";
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
