// csv for the sign-in log: the Entra portal's sign-in "Download CSV" shape, one file per tab of
// the sign-in list (InteractiveSignIns.csv, NonInteractiveSignIns.csv, ServicePrincipalSignIns.csv,
// ManagedIdentitySignIns.csv; v1.0 writes the interactive file only), rows newest first, RFC 4180
// as the audit csv. Column names follow the portal's download (UNCONFIRMED: docs/export.md).
#include <cstdio>

#include "simulator/export/signin_output.h"
#include "simulator/graph/signin_render.h"

namespace tenantsim {
namespace {

// A column: its header and its value for a sign-in (scratch may hold the text).
struct CsvColumn {
  const char* name;
  std::string_view (*value)(const SignInDetails& d, std::string& scratch);
};

std::string_view dateUtc(const SignInDetails& d, std::string& scratch) {
  appendIsoTime(scratch, d.signIn->time);
  return scratch;
}
std::string_view location(const SignInDetails& d, std::string& scratch) {
  if (d.city.empty()) return {};
  scratch += d.city;
  scratch += ", ";
  scratch += d.state;
  scratch += ", ";
  scratch += d.countryOrRegion;
  return scratch;
}
std::string_view status(const SignInDetails& d, std::string&) {
  // The portal lists interrupts (MFA or "keep me signed in" prompts) apart from failures.
  if (d.errorCode == 0) return "Success";
  bool interrupt = d.errorCode == 50074 || d.errorCode == 50076 || d.errorCode == 50140;
  return interrupt ? "Interrupted" : "Failure";
}
std::string_view errorCode(const SignInDetails& d, std::string& scratch) {
  scratch = std::to_string(d.errorCode);
  return scratch;
}
std::string_view yesNo(bool b) { return b ? "Yes" : "No"; }
std::string_view conditionalAccess(const SignInDetails& d, std::string&) {
  return caStatusName(d.caStatus);
}
std::string_view latency(const SignInDetails& d, std::string& scratch) {
  scratch = std::to_string(d.processingTimeMs) + "ms";
  return scratch;
}
std::string_view mfaResult(const SignInDetails& d, std::string&) {
  if (!d.mfa) return {};
  return d.signIn->ok() ? "MFA successfully completed" : "MFA denied";
}

// The Interactive and NonInteractive tabs.
constexpr CsvColumn kUserColumns[] = {
    {"Date (UTC)", dateUtc},
    {"Request ID", [](const SignInDetails& d, std::string&) { return std::string_view(d.id); }},
    {"User agent",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.userAgent); }},
    {"Correlation ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.correlationId); }},
    {"User ID", [](const SignInDetails& d, std::string&) { return std::string_view(d.userId); }},
    {"User",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.userDisplayName); }},
    {"Username",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.userPrincipalName); }},
    {"User type", [](const SignInDetails&, std::string&) { return std::string_view("Member"); }},
    {"Incoming token type",
     [](const SignInDetails& d, std::string&) {
       return std::string_view(incomingTokenTypeOf(d.signIn->kind));
     }},
    {"Unique token identifier",
     [](const SignInDetails& d, std::string&) {
       return std::string_view(d.uniqueTokenIdentifier);
     }},
    {"Application",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.appDisplayName); }},
    {"Application ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.appId); }},
    {"Resource",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.resourceDisplayName); }},
    {"Resource ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.resourceId); }},
    {"Resource tenant ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.tenantId); }},
    {"Home tenant ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.tenantId); }},
    {"IP address",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.ipAddress); }},
    {"Location", location},
    {"Status", status},
    {"Sign-in error code", errorCode},
    {"Failure reason",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.failureReason); }},
    {"Client app",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.clientAppUsed); }},
    {"Device ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.deviceId); }},
    {"Browser", [](const SignInDetails& d, std::string&) { return std::string_view(d.browser); }},
    {"Operating System",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.operatingSystem); }},
    {"Compliant", [](const SignInDetails& d, std::string&) { return yesNo(d.isCompliant); }},
    {"Managed", [](const SignInDetails& d, std::string&) { return yesNo(d.isManaged); }},
    {"Join Type",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.trustType); }},
    {"Multifactor authentication result", mfaResult},
    {"Authentication requirement",
     [](const SignInDetails& d, std::string&) {
       return std::string_view(authenticationRequirementOf(d));
     }},
    {"Sign-in identifier",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.userPrincipalName); }},
    {"Session ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.sessionId); }},
    {"Token issuer type",
     [](const SignInDetails&, std::string&) { return std::string_view("AzureAD"); }},
    {"Latency", latency},
    {"Conditional Access", conditionalAccess},
};

// The Service principal and Managed identity tabs.
constexpr CsvColumn kWorkloadColumns[] = {
    {"Date (UTC)", dateUtc},
    {"Request ID", [](const SignInDetails& d, std::string&) { return std::string_view(d.id); }},
    {"Correlation ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.correlationId); }},
    {"Service principal ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.servicePrincipalId); }},
    {"Service principal name",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.servicePrincipalName); }},
    {"Application ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.appId); }},
    {"Resource",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.resourceDisplayName); }},
    {"Resource ID",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.resourceId); }},
    {"IP address",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.ipAddress); }},
    {"Location", location},
    {"Status", status},
    {"Sign-in error code", errorCode},
    {"Failure reason",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.failureReason); }},
    {"Client credential type",
     [](const SignInDetails& d, std::string&) {
       return std::string_view(clientCredentialTypeOf(d.signIn->kind));
     }},
    {"Managed Identity type",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.msiType); }},
    {"Associated Resource Id",
     [](const SignInDetails& d, std::string&) { return std::string_view(d.associatedResourceId); }},
    {"Latency", latency},
    {"Conditional Access", conditionalAccess},
};

template <size_t N>
std::string header(const CsvColumn (&columns)[N]) {
  std::string h;
  for (size_t i = 0; i < N; ++i) appendCsvField(h, columns[i].name, i == 0);
  return h + "\r\n";
}

template <size_t N>
void row(const CsvColumn (&columns)[N], const SignInDetails& d, std::string& out) {
  thread_local std::string scratch;
  for (size_t i = 0; i < N; ++i) {
    scratch.clear();
    appendCsvField(out, columns[i].value(d, scratch), i == 0);
  }
  out += "\r\n";
}

struct Tab {
  SignInKind kind;
  const char* file;
};
constexpr Tab kTabs[] = {
    {SignInKind::Interactive, "InteractiveSignIns.csv"},
    {SignInKind::NonInteractive, "NonInteractiveSignIns.csv"},
    {SignInKind::ServicePrincipal, "ServicePrincipalSignIns.csv"},
    {SignInKind::ManagedIdentity, "ManagedIdentitySignIns.csv"},
};

}  // namespace

Status writeSignInCsv(const SignInLog& log, const std::vector<SignIn>& signIns,
                      const ExportOptions& o, const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("csv needs --out DIR");
  ProgressCounter counter{&progress, 0, 0};
  for (const SignIn& s : signIns) counter.total += inDefaultPopulation(s, o.api) ? 1 : 0;
  for (const Tab& tab : kTabs) {
    SignInKind kind = tab.kind;
    if (o.api == ApiVersion::V1 && kind != SignInKind::Interactive) continue;
    bool user = kind == SignInKind::Interactive || kind == SignInKind::NonInteractive;
    std::vector<uint32_t> order = signInPositions(
        signIns, [&](const SignIn& s) { return s.kind == kind; }, /*newestFirst=*/true);
    AtomicFile file;
    if (Status opened = file.open(outputPath(o, tab.file)); !opened) return opened;
    if (Status written = file.write(user ? header(kUserColumns) : header(kWorkloadColumns));
        !written)
      return written;
    Status rendered = renderSignInsInOrder(
        log, signIns, &order, o.threads,
        [&](const SignInDetails& d, std::string& out) {
          if (user)
            row(kUserColumns, d, out);
          else
            row(kWorkloadColumns, d, out);
        },
        [&](size_t, const RenderedBlock& block) { return file.write(block.bytes); }, counter);
    if (!rendered) return rendered;
    if (Status committed = file.commit(); !committed) return committed;
  }
  return {};
}

}  // namespace tenantsim
