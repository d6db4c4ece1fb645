// loganalytics for the sign-in log: the rows of SigninLogs, AADNonInteractiveUserSignInLogs,
// AADServicePrincipalSignInLogs and AADManagedIdentitySignInLogs (fact sheet §5.4), one NDJSON
// file per table in time order, and signins-schema.json with their columns and KQL types.
// `dynamic` columns are JSON values; the fact sheet's J columns are `string` columns holding JSON
// text; TimeGenerated is the ingestion (visible) time. Every kind, whatever --api says.
#include "simulator/export/azure_records.h"
#include "simulator/export/signin_output.h"
#include "simulator/export/signin_records.h"
#include "simulator/graph/signin_render.h"

namespace tenantsim {
namespace {

enum class Col : uint8_t {
  TimeGenerated,
  AADTenantId,
  AlternateSignInName,
  AppDisplayName,
  AppId,
  AppliedConditionalAccessPolicies,
  AppliedEventListeners,
  AuthenticationContextClassReferences,
  AuthenticationDetails,
  AuthenticationMethodsUsed,
  AuthenticationProcessingDetails,
  AuthenticationProtocol,
  AuthenticationRequirement,
  AuthenticationRequirementPolicies,
  AutonomousSystemNumber,
  Category,
  ClientAppUsed,
  ConditionalAccessPolicies,
  ConditionalAccessStatus,
  CorrelationId,
  CreatedDateTime,
  CrossTenantAccessType,
  DeviceDetail,
  DurationMs,
  FederatedCredentialId,
  FlaggedForReview,
  HomeTenantId,
  Id,
  Identity,
  IPAddress,
  IPAddressFromResourceProvider,
  IsInteractive,
  IsRisky,
  Level,
  Location,
  LocationDetails,
  MfaDetail,
  NetworkLocationDetails,
  OperationName,
  OperationVersion,
  OriginalRequestId,
  ProcessingTime,
  Resource,
  ResourceDisplayName,
  ResourceGroup,
  ResourceId,
  ResourceIdentity,
  ResourceProvider,
  ResourceServicePrincipalId,
  ResourceTenantId,
  ResultDescription,
  ResultSignature,
  ResultType,
  RiskDetail,
  RiskEventTypes,
  RiskEventTypesV2,
  RiskLevel,
  RiskLevelAggregated,
  RiskLevelDuringSignIn,
  RiskState,
  ServicePrincipalCredentialKeyId,
  ServicePrincipalCredentialThumbprint,
  ServicePrincipalId,
  ServicePrincipalName,
  SessionLifetimePolicies,
  SignInEventTypes,
  SignInIdentifier,
  SignInIdentifierType,
  Status,
  TokenIssuerName,
  TokenIssuerType,
  UniqueTokenIdentifier,
  UserAgent,
  UserDisplayName,
  UserId,
  UserPrincipalName,
  UserType,
  SourceSystem,
  Type,
};

struct Column {
  Col col;
  const char* name;
  const char* type;  // KQL: string, datetime, long, bool, dynamic
};

#define TS_COL(c, type) \
  { Col::c, #c, type }
constexpr Column kSigninLogs[] = {
    TS_COL(TimeGenerated, "datetime"),
    TS_COL(AADTenantId, "string"),
    TS_COL(AlternateSignInName, "string"),
    TS_COL(AppDisplayName, "string"),
    TS_COL(AppId, "string"),
    TS_COL(AppliedConditionalAccessPolicies, "string"),
    TS_COL(AppliedEventListeners, "dynamic"),
    TS_COL(AuthenticationContextClassReferences, "string"),
    TS_COL(AuthenticationDetails, "string"),
    TS_COL(AuthenticationMethodsUsed, "string"),
    TS_COL(AuthenticationProcessingDetails, "string"),
    TS_COL(AuthenticationProtocol, "string"),
    TS_COL(AuthenticationRequirement, "string"),
    TS_COL(AuthenticationRequirementPolicies, "string"),
    TS_COL(AutonomousSystemNumber, "string"),
    TS_COL(Category, "string"),
    TS_COL(ClientAppUsed, "string"),
    TS_COL(ConditionalAccessPolicies, "dynamic"),
    TS_COL(ConditionalAccessStatus, "string"),
    TS_COL(CorrelationId, "string"),
    TS_COL(CreatedDateTime, "datetime"),
    TS_COL(CrossTenantAccessType, "string"),
    TS_COL(DeviceDetail, "dynamic"),
    TS_COL(DurationMs, "long"),
    TS_COL(FlaggedForReview, "bool"),
    TS_COL(HomeTenantId, "string"),
    TS_COL(Id, "string"),
    TS_COL(Identity, "string"),
    TS_COL(IPAddress, "string"),
    TS_COL(IPAddressFromResourceProvider, "string"),
    TS_COL(IsInteractive, "bool"),
    TS_COL(IsRisky, "bool"),
    TS_COL(Level, "string"),
    TS_COL(Location, "string"),
    TS_COL(LocationDetails, "dynamic"),
    TS_COL(MfaDetail, "dynamic"),
    TS_COL(NetworkLocationDetails, "string"),
    TS_COL(OperationName, "string"),
    TS_COL(OperationVersion, "string"),
    TS_COL(OriginalRequestId, "string"),
    {Col::ProcessingTime, "ProcessingTimeInMilliseconds", "string"},
    TS_COL(Resource, "string"),
    TS_COL(ResourceDisplayName, "string"),
    TS_COL(ResourceGroup, "string"),
    TS_COL(ResourceId, "string"),
    TS_COL(ResourceIdentity, "string"),
    TS_COL(ResourceProvider, "string"),
    TS_COL(ResourceServicePrincipalId, "string"),
    TS_COL(ResourceTenantId, "string"),
    TS_COL(ResultDescription, "string"),
    TS_COL(ResultSignature, "string"),
    TS_COL(ResultType, "string"),
    TS_COL(RiskDetail, "string"),
    TS_COL(RiskEventTypes, "string"),
    {Col::RiskEventTypesV2, "RiskEventTypes_V2", "string"},
    TS_COL(RiskLevel, "string"),
    TS_COL(RiskLevelAggregated, "string"),
    TS_COL(RiskLevelDuringSignIn, "string"),
    TS_COL(RiskState, "string"),
    TS_COL(ServicePrincipalId, "string"),
    TS_COL(ServicePrincipalName, "string"),
    TS_COL(SessionLifetimePolicies, "string"),
    TS_COL(SignInIdentifier, "string"),
    TS_COL(SignInIdentifierType, "string"),
    TS_COL(Status, "dynamic"),
    TS_COL(TokenIssuerName, "string"),
    TS_COL(TokenIssuerType, "string"),
    TS_COL(UniqueTokenIdentifier, "string"),
    TS_COL(UserAgent, "string"),
    TS_COL(UserDisplayName, "string"),
    TS_COL(UserId, "string"),
    TS_COL(UserPrincipalName, "string"),
    TS_COL(UserType, "string"),
    TS_COL(SourceSystem, "string"),
    TS_COL(Type, "string"),
};

// SigninLogs minus AADTenantId, AppliedConditionalAccessPolicies, FlaggedForReview,
// IPAddressFromResourceProvider, Resource, ResourceId, ResourceProvider, RiskLevel,
// ServicePrincipalName, SignInIdentifier; plus SignInEventTypes; DeviceDetail, LocationDetails,
// Status, ConditionalAccessPolicies and MfaDetail as string; ProcessingTimeInMs.
constexpr Column kNonInteractiveLogs[] = {
    TS_COL(TimeGenerated, "datetime"),
    TS_COL(AlternateSignInName, "string"),
    TS_COL(AppDisplayName, "string"),
    TS_COL(AppId, "string"),
    TS_COL(AppliedEventListeners, "dynamic"),
    TS_COL(AuthenticationContextClassReferences, "string"),
    TS_COL(AuthenticationDetails, "string"),
    TS_COL(AuthenticationMethodsUsed, "string"),
    TS_COL(AuthenticationProcessingDetails, "string"),
    TS_COL(AuthenticationProtocol, "string"),
    TS_COL(AuthenticationRequirement, "string"),
    TS_COL(AuthenticationRequirementPolicies, "string"),
    TS_COL(AutonomousSystemNumber, "string"),
    TS_COL(Category, "string"),
    TS_COL(ClientAppUsed, "string"),
    TS_COL(ConditionalAccessPolicies, "string"),
    TS_COL(ConditionalAccessStatus, "string"),
    TS_COL(CorrelationId, "string"),
    TS_COL(CreatedDateTime, "datetime"),
    TS_COL(CrossTenantAccessType, "string"),
    TS_COL(DeviceDetail, "string"),
    TS_COL(DurationMs, "long"),
    TS_COL(HomeTenantId, "string"),
    TS_COL(Id, "string"),
    TS_COL(Identity, "string"),
    TS_COL(IPAddress, "string"),
    TS_COL(IsInteractive, "bool"),
    TS_COL(IsRisky, "bool"),
    TS_COL(Level, "string"),
    TS_COL(Location, "string"),
    TS_COL(LocationDetails, "string"),
    TS_COL(MfaDetail, "string"),
    TS_COL(NetworkLocationDetails, "string"),
    TS_COL(OperationName, "string"),
    TS_COL(OperationVersion, "string"),
    TS_COL(OriginalRequestId, "string"),
    {Col::ProcessingTime, "ProcessingTimeInMs", "string"},
    TS_COL(ResourceDisplayName, "string"),
    TS_COL(ResourceGroup, "string"),
    TS_COL(ResourceIdentity, "string"),
    TS_COL(ResourceServicePrincipalId, "string"),
    TS_COL(ResourceTenantId, "string"),
    TS_COL(ResultDescription, "string"),
    TS_COL(ResultSignature, "string"),
    TS_COL(ResultType, "string"),
    TS_COL(RiskDetail, "string"),
    TS_COL(RiskEventTypes, "string"),
    {Col::RiskEventTypesV2, "RiskEventTypes_V2", "string"},
    TS_COL(RiskLevelAggregated, "string"),
    TS_COL(RiskLevelDuringSignIn, "string"),
    TS_COL(RiskState, "string"),
    TS_COL(ServicePrincipalId, "string"),
    TS_COL(SessionLifetimePolicies, "string"),
    TS_COL(SignInEventTypes, "string"),
    TS_COL(SignInIdentifierType, "string"),
    TS_COL(Status, "string"),
    TS_COL(TokenIssuerName, "string"),
    TS_COL(TokenIssuerType, "string"),
    TS_COL(UniqueTokenIdentifier, "string"),
    TS_COL(UserAgent, "string"),
    TS_COL(UserDisplayName, "string"),
    TS_COL(UserId, "string"),
    TS_COL(UserPrincipalName, "string"),
    TS_COL(UserType, "string"),
    TS_COL(SourceSystem, "string"),
    TS_COL(Type, "string"),
};

// AADServicePrincipalSignInLogs and AADManagedIdentitySignInLogs (the same columns).
constexpr Column kWorkloadIdentityLogs[] = {
    TS_COL(TimeGenerated, "datetime"),
    TS_COL(AppId, "string"),
    TS_COL(AuthenticationContextClassReferences, "string"),
    TS_COL(AuthenticationProcessingDetails, "string"),
    TS_COL(Category, "string"),
    TS_COL(ConditionalAccessPolicies, "string"),
    TS_COL(ConditionalAccessStatus, "string"),
    TS_COL(CorrelationId, "string"),
    TS_COL(DurationMs, "long"),
    TS_COL(FederatedCredentialId, "string"),
    TS_COL(Id, "string"),
    TS_COL(Identity, "string"),
    TS_COL(IPAddress, "string"),
    TS_COL(Level, "string"),
    TS_COL(Location, "string"),
    TS_COL(LocationDetails, "string"),
    TS_COL(OperationName, "string"),
    TS_COL(OperationVersion, "string"),
    TS_COL(ResourceDisplayName, "string"),
    TS_COL(ResourceGroup, "string"),
    TS_COL(ResourceIdentity, "string"),
    TS_COL(ResourceServicePrincipalId, "string"),
    TS_COL(ResultDescription, "string"),
    TS_COL(ResultSignature, "string"),
    TS_COL(ResultType, "string"),
    TS_COL(ServicePrincipalCredentialKeyId, "string"),
    TS_COL(ServicePrincipalCredentialThumbprint, "string"),
    TS_COL(ServicePrincipalId, "string"),
    TS_COL(ServicePrincipalName, "string"),
    TS_COL(UniqueTokenIdentifier, "string"),
    TS_COL(SourceSystem, "string"),
    TS_COL(Type, "string"),
};
#undef TS_COL

struct Table {
  SignInKind kind;
  const Column* columns;
  size_t count;
};
constexpr Table kTables[] = {
    {SignInKind::Interactive, kSigninLogs, std::size(kSigninLogs)},
    {SignInKind::NonInteractive, kNonInteractiveLogs, std::size(kNonInteractiveLogs)},
    {SignInKind::ServicePrincipal, kWorkloadIdentityLogs, std::size(kWorkloadIdentityLogs)},
    {SignInKind::ManagedIdentity, kWorkloadIdentityLogs, std::size(kWorkloadIdentityLogs)},
};

bool isUserRow(const SignInDetails& d) {
  return d.signIn->kind == SignInKind::Interactive || d.signIn->kind == SignInKind::NonInteractive;
}

// Writes the column's value into v: text for string columns (JSON text for the J columns), a
// time, a number, true/false, or a JSON value for dynamic columns.
void columnValue(Col c, const SignInDetails& d, std::string_view resourceId,
                 WorkloadResultType resultType, std::string& v) {
  const SignIn& s = *d.signIn;
  const bool user = isUserRow(d);
  constexpr auto azure = SignInDialect::AzureMonitor;
  switch (c) {
    case Col::TimeGenerated:
      return appendIsoTime(v, s.visibleAt());
    case Col::CreatedDateTime:
      return appendIsoTime(v, s.time);
    case Col::AADTenantId:
    case Col::HomeTenantId:
    case Col::ResourceTenantId:
      v += d.tenantId;
      return;
    case Col::AlternateSignInName:
    case Col::SignInIdentifier:
    case Col::UserPrincipalName:
      v += d.userPrincipalName;
      return;
    case Col::AppDisplayName:
      v += d.appDisplayName;
      return;
    case Col::AppId:
      v += d.appId;
      return;
    case Col::AppliedConditionalAccessPolicies:
    case Col::ConditionalAccessPolicies:
      return appendAppliedConditionalAccessPolicies(d, ApiVersion::Beta,
                                                    UnknownEnumMembers::Included, azure, v);
    case Col::AppliedEventListeners:
    case Col::AuthenticationContextClassReferences:
    case Col::NetworkLocationDetails:
    case Col::RiskEventTypes:
      return appendRiskEventTypes(d, true, v);
    case Col::RiskEventTypesV2:
      return appendRiskEventTypes(d, false, v);
    case Col::SessionLifetimePolicies:
      v += "[]";
      return;
    case Col::AuthenticationDetails:
      return appendAuthenticationDetails(d, v);
    case Col::AuthenticationMethodsUsed:
      v += authenticationMethodsUsedJson(d);
      return;
    case Col::AuthenticationProcessingDetails:
      v += authenticationProcessingDetailsJson(d);
      return;
    case Col::AuthenticationProtocol:
    case Col::CrossTenantAccessType:
      v += "none";
      return;
    case Col::AuthenticationRequirement:
      v += authenticationRequirementOf(d);
      return;
    case Col::AuthenticationRequirementPolicies:
      v += authenticationRequirementPoliciesJson(d);
      return;
    case Col::AutonomousSystemNumber:
    case Col::FederatedCredentialId:
    case Col::IPAddressFromResourceProvider:
    case Col::ResourceServicePrincipalId:
    case Col::ServicePrincipalCredentialKeyId:
    case Col::ServicePrincipalCredentialThumbprint:
    case Col::TokenIssuerName:
      return;
    case Col::Category:
      v += signInCategory(s.kind).category;
      return;
    case Col::ClientAppUsed:
      v += d.clientAppUsed;
      return;
    case Col::ConditionalAccessStatus:
      v += caStatusName(d.caStatus);
      return;
    case Col::CorrelationId:
      v += d.correlationId;
      return;
    case Col::DeviceDetail:
      return appendSignInDeviceDetail(d, ApiVersion::Beta, v);
    case Col::DurationMs:
      v += '0';
      return;
    case Col::IsRisky:
      v += d.risk.state == "atRisk" ? "true" : "false";
      return;
    case Col::FlaggedForReview:
      v += "false";
      return;
    case Col::Id:
    case Col::OriginalRequestId:
      v += d.id;
      return;
    case Col::Identity:
      v += user ? d.userDisplayName : d.servicePrincipalName;
      return;
    case Col::IPAddress:
      v += d.ipAddress;
      return;
    case Col::IsInteractive:
      v += s.kind == SignInKind::Interactive ? "true" : "false";
      return;
    case Col::Level:
      v += '4';
      return;
    case Col::Location:
      v += d.countryOrRegion;
      return;
    case Col::LocationDetails:
      return appendSignInLocation(d, v);
    case Col::MfaDetail:
      v += d.mfa ? "{\"authMethod\":\"Mobile app notification\"}" : "{}";
      return;
    case Col::OperationName:
      v += "Sign-in activity";
      return;
    case Col::OperationVersion:
      v += "1.0";
      return;
    case Col::ProcessingTime:
      v += std::to_string(d.processingTimeMs);
      return;
    case Col::Resource:
    case Col::ResourceGroup:
    case Col::ResourceProvider:
      v += "Microsoft.aadiam";
      return;
    case Col::ResourceDisplayName:
      v += d.resourceDisplayName;
      return;
    case Col::ResourceId:
      v += resourceId;
      return;
    case Col::ResourceIdentity:
      v += d.resourceId;
      return;
    case Col::ResultDescription:
      v += d.failureReason;
      return;
    case Col::ResultSignature:
      v += signInResultSignature(d, resultType);
      return;
    case Col::ResultType:
      v += signInResultType(d, resultType);
      return;
    case Col::RiskDetail:
      v += d.risk.detail;
      return;
    case Col::RiskLevel:
    case Col::RiskLevelAggregated:
      v += d.risk.levelAggregated;
      return;
    case Col::RiskLevelDuringSignIn:
      v += d.risk.levelDuringSignIn;
      return;
    case Col::RiskState:
      v += d.risk.state;
      return;
    case Col::ServicePrincipalId:
      v += d.servicePrincipalId;
      return;
    case Col::ServicePrincipalName:
      v += d.servicePrincipalName;
      return;
    case Col::SignInEventTypes:
      v += "[\"";
      v += signInEventTypeName(s.kind);
      v += "\"]";
      return;
    case Col::SignInIdentifierType:
      if (user) v += "userPrincipalName";
      return;
    case Col::Status:
      return appendSignInStatus(d, SignInDialect::Graph, v);
    case Col::TokenIssuerType:
      v += "AzureAD";
      return;
    case Col::UniqueTokenIdentifier:
      v += d.uniqueTokenIdentifier;
      return;
    case Col::UserAgent:
      v += d.userAgent;
      return;
    case Col::UserDisplayName:
      v += d.userDisplayName;
      return;
    case Col::UserId:
      v += d.userId;
      return;
    case Col::UserType:
      if (user) v += "Member";
      return;
    case Col::SourceSystem:
      v += "Azure AD";
      return;
    case Col::Type:
      v += signInCategory(s.kind).table;
      return;
  }
}

void renderRow(const Table& table, const SignInDetails& d, std::string_view resourceId,
               WorkloadResultType resultType, std::string& out) {
  thread_local std::string value;
  for (size_t i = 0; i < table.count; ++i) {
    const Column& c = table.columns[i];
    out += i ? ",\"" : "{\"";
    out += c.name;
    out += "\":";
    value.clear();
    columnValue(c.col, d, resourceId, resultType, value);
    std::string_view type = c.type;
    if (type == "string") {
      appendJsonString(out, value);
    } else if (type == "datetime") {
      out += '"';
      out += value;
      out += '"';
    } else {
      out += value;  // long, bool, dynamic
    }
  }
  out += "}\n";
}

std::string schema() {
  std::string out = "{\n";
  for (size_t t = 0; t < std::size(kTables); ++t) {
    const Table& table = kTables[t];
    out += "  ";
    appendJsonString(out, signInCategory(table.kind).table);
    out += ": [\n";
    for (size_t i = 0; i < table.count; ++i) {
      out += "    {\"name\": ";
      appendJsonString(out, table.columns[i].name);
      out += ", \"type\": ";
      appendJsonString(out, table.columns[i].type);
      out += i + 1 < table.count ? "},\n" : "}\n";
    }
    out += t + 1 < std::size(kTables) ? "  ],\n" : "  ]\n";
  }
  return out + "}\n";
}

}  // namespace

Status writeSignInLogAnalytics(const SignInLog& log, const std::vector<SignIn>& signIns,
                               const ExportOptions& o, const ProgressCallback& progress) {
  if (o.out.empty() || o.out == "-") return plainError("loganalytics needs --out DIR");
  if (Status written = writeFileAtomically(outputPath(o, "signins-schema.json"), schema());
      !written)
    return written;
  const std::string resourceId = entraResourceId(log.simulation().tenant().id());
  const WorkloadResultType resultType = workloadResultType(o);
  ProgressCounter counter{&progress, 0, signIns.size()};
  for (const Table& table : kTables) {
    std::vector<uint32_t> order = signInPositions(
        signIns, [&](const SignIn& s) { return s.kind == table.kind; }, /*newestFirst=*/false);
    AtomicFile file;
    std::string name = std::string(signInCategory(table.kind).table) + ".ndjson";
    if (Status opened = file.open(outputPath(o, name)); !opened) return opened;
    Status rendered = renderSignInsInOrder(
        log, signIns, &order, o.threads,
        [&](const SignInDetails& d, std::string& out) {
          renderRow(table, d, resourceId, resultType, out);
        },
        [&](size_t, const RenderedBlock& block) { return file.write(block.bytes); }, counter);
    if (!rendered) return rendered;
    if (Status committed = file.commit(); !committed) return committed;
  }
  return {};
}

}  // namespace tenantsim
