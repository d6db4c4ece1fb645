#include "mockserver/odata/capabilities.h"

namespace tenantsim::odata {
namespace {

using enum Operator;

constexpr OperatorSet kEq{Eq};
constexpr OperatorSet kEqStartsWith{Eq, StartsWith};
// Intune: every comparison is allowed on strings except ordering (see fidelity choices).
constexpr OperatorSet kIntuneString{Eq, Ne, StartsWith};
constexpr OperatorSet kIntuneDateTime{Eq, Ne, Gt, Ge, Lt, Le};

EndpointCapabilities directoryAudits(const CapabilityOptions& options) {
  OperatorSet dateTimeOps{Eq, Ge, Le};
  if (options.lenient) {
    dateTimeOps.add(Gt);
    dateTimeOps.add(Lt);
  }
  EndpointCapabilities caps{
      .endpoint = Endpoint::DirectoryAudits,
      .entityType = "microsoft.graph.directoryAudit",
      .caseInsensitiveNames = false,
      .lenient = options.lenient,
      .allowAnd = true,
      .allowOr = options.allowOr,
      .allowNot = false,
      .properties =
          {
              {"activityDisplayName", Field::ActivityDisplayName, ValueType::String, kEqStartsWith},
              {"activityDateTime", Field::ActivityDateTime, ValueType::DateTime, dateTimeOps},
              {"loggedByService", Field::LoggedByService, ValueType::String, kEq},
              {"correlationId", Field::CorrelationId, ValueType::String, kEq},
              {"id", Field::Id, ValueType::String, kEq},
              {"category", Field::Category, ValueType::String, kEq},
              {"result", Field::Result, ValueType::String, kEq},
              {"operationType", Field::OperationType, ValueType::String, kEq},
              {"initiatedBy/user/id", Field::InitiatedByUserId, ValueType::String, kEq},
              {"initiatedBy/user/displayName", Field::InitiatedByUserDisplayName, ValueType::String,
               kEq},
              {"initiatedBy/user/userPrincipalName", Field::InitiatedByUserPrincipalName,
               ValueType::String, kEqStartsWith},
              {"initiatedBy/app/appId", Field::InitiatedByAppId, ValueType::String, kEq},
              {"initiatedBy/app/displayName", Field::InitiatedByAppDisplayName, ValueType::String,
               kEq},
              {"initiatedBy/app/servicePrincipalId", Field::InitiatedByAppServicePrincipalId,
               ValueType::String, kEq},
          },
      .collections = {{
          .name = "targetResources",
          .collection = Collection::TargetResources,
          .elementType = "microsoft.graph.targetResource",
          .elementProperties =
              {
                  {"id", Field::TargetId, ValueType::String, kEq},
                  {"displayName", Field::TargetDisplayName, ValueType::String, kEqStartsWith},
                  {"type", Field::TargetType, ValueType::String, kEq},
                  {"userPrincipalName", Field::TargetUserPrincipalName, ValueType::String, kEq},
              },
          .allElementProperties = {"id", "displayName", "type", "userPrincipalName", "groupType",
                                   "modifiedProperties"},
      }},
      .orderable = {"activityDateTime"},
      .selectable = {"id", "activityDateTime", "activityDisplayName", "additionalDetails",
                     "category", "correlationId", "initiatedBy", "loggedByService", "operationType",
                     "result", "resultReason", "targetResources"},
      .allowSkip = false,  // not in Graph's current directoryAudits docs
  };
  if (options.apiVersion == ApiVersion::Beta) {
    caps.selectable.push_back("userAgent");
    caps.selectable.push_back("performedBy");
  }
  return caps;
}

EndpointCapabilities auditEvents(const CapabilityOptions& options) {
  return EndpointCapabilities{
      .endpoint = Endpoint::AuditEvents,
      .entityType = "microsoft.graph.auditEvent",
      .caseInsensitiveNames = true,
      .lenient = options.lenient,
      .allowAnd = true,
      .allowOr = true,
      .allowNot = true,
      .properties =
          {
              {"id", Field::Id, ValueType::String, kIntuneString},
              {"displayName", Field::DisplayName, ValueType::String, kIntuneString},
              {"componentName", Field::ComponentName, ValueType::String, kIntuneString},
              {"activity", Field::Activity, ValueType::String, kIntuneString},
              {"activityDateTime", Field::ActivityDateTime, ValueType::DateTime, kIntuneDateTime},
              {"activityType", Field::ActivityType, ValueType::String, kIntuneString},
              {"activityOperationType", Field::ActivityOperationType, ValueType::String,
               kIntuneString},
              {"activityResult", Field::ActivityResult, ValueType::String, kIntuneString},
              {"correlationId", Field::CorrelationId, ValueType::Guid, OperatorSet{Eq, Ne}},
              {"category", Field::Category, ValueType::String, kIntuneString},
              {"actor/userPrincipalName", Field::ActorUserPrincipalName, ValueType::String,
               kIntuneString},
              {"actor/userId", Field::ActorUserId, ValueType::String, kIntuneString},
              {"actor/applicationId", Field::ActorApplicationId, ValueType::String, kIntuneString},
              {"actor/applicationDisplayName", Field::ActorApplicationDisplayName,
               ValueType::String, kIntuneString},
              {"actor/auditActorType", Field::ActorType, ValueType::String, kIntuneString},
              {"actor/type", Field::ActorType, ValueType::String, kIntuneString},
              {"actor/ipAddress", Field::ActorIpAddress, ValueType::String, kIntuneString},
          },
      .collections = {{
          .name = "resources",
          .collection = Collection::Resources,
          .elementType = "microsoft.graph.auditResource",
          .elementProperties =
              {
                  {"resourceId", Field::ResourceId, ValueType::String, kIntuneString},
                  {"displayName", Field::ResourceDisplayName, ValueType::String, kIntuneString},
                  {"auditResourceType", Field::ResourceType, ValueType::String, kIntuneString},
                  {"type", Field::ResourceType, ValueType::String, kIntuneString},
              },
          .allElementProperties = {"resourceId", "displayName", "auditResourceType", "type",
                                   "modifiedProperties"},
      }},
      .orderable = {"activityDateTime"},
      .selectable = {"id", "displayName", "componentName", "actor", "activity", "activityDateTime",
                     "activityType", "activityOperationType", "activityResult", "correlationId",
                     "resources", "category"},
      .allowSkip = true,
  };
}

// auditLogs/signIns: fact sheet §1.6's table, plus what real clients send beyond it (ne on
// status/errorCode and clientAppUsed; gt/lt on createdDateTime unless options.lenient is off).
EndpointCapabilities signIns(const CapabilityOptions& options) {
  const bool beta = options.apiVersion == ApiVersion::Beta;
  OperatorSet timeOps{Eq, Ge, Le};
  if (options.lenient) {
    timeOps.add(Gt);
    timeOps.add(Lt);
  }
  constexpr OperatorSet kEqNe{Eq, Ne};
  using VT = ValueType;
  EndpointCapabilities caps{
      .endpoint = Endpoint::SignIns,
      .entityType = "microsoft.graph.signIn",
      // Microsoft-Extractor-Suite filters `UserPrincipalName eq '…'` (docs/signins.md#serving).
      .caseInsensitiveNames = true,
      .lenient = options.lenient,
      .allowAnd = true,
      .allowOr = true,
      .allowNot = false,
      .properties =
          {
              {"createdDateTime", Field::CreatedDateTime, VT::DateTime, timeOps},
              {"id", Field::Id, VT::String, kEq},
              {"appId", Field::SignInAppId, VT::String, kEq},
              {"clientAppUsed", Field::ClientAppUsed, VT::String, kEqNe},
              {"conditionalAccessStatus", Field::ConditionalAccessStatus, VT::String, kEq},
              {"correlationId", Field::CorrelationId, VT::String, kEq},
              {"resourceDisplayName", Field::SignInResourceDisplayName, VT::String, kEq},
              {"resourceId", Field::SignInResourceId, VT::String, kEq},
              {"riskDetail", Field::RiskDetail, VT::String, kEq},
              {"riskLevelAggregated", Field::RiskLevelAggregated, VT::String, kEq},
              {"riskLevelDuringSignIn", Field::RiskLevelDuringSignIn, VT::String, kEq},
              {"riskState", Field::RiskState, VT::String, kEq},
              {"userId", Field::UserId, VT::String, kEq},
              {"status/errorCode", Field::StatusErrorCode, VT::Integer, kEqNe},
              {"appDisplayName", Field::SignInAppDisplayName, VT::String, kEqStartsWith},
              {"ipAddress", Field::IpAddress, VT::String, kEqStartsWith},
              {"userDisplayName", Field::UserDisplayName, VT::String, kEqStartsWith},
              // Stored lower-case (fact sheet §1.2): any case finds it (docs/signins.md#serving).
              {"userPrincipalName", Field::UserPrincipalName, VT::String, kEqStartsWith, true},
              {"deviceDetail/browser", Field::DeviceBrowser, VT::String, kEqStartsWith},
              {"deviceDetail/operatingSystem", Field::DeviceOperatingSystem, VT::String,
               kEqStartsWith},
              {"location/city", Field::LocationCity, VT::String, kEqStartsWith},
              {"location/state", Field::LocationState, VT::String, kEqStartsWith},
              {"location/countryOrRegion", Field::LocationCountryOrRegion, VT::String,
               kEqStartsWith},
          },
      .collections =
          {
              {.name = "riskEventTypes",
               .collection = Collection::RiskEventTypes,
               .elementType = "microsoft.graph.riskEventType",
               .elementProperties = {{"", Field::RiskEventType, VT::String, kEq}},
               .allElementProperties = {}},
              {.name = "riskEventTypes_v2",
               .collection = Collection::RiskEventTypesV2,
               .elementType = "Edm.String",
               .elementProperties = {{"", Field::RiskEventType, VT::String, kEqStartsWith}},
               .allElementProperties = {}},
          },
      .orderable = {"createdDateTime"},
      .selectable = {"id",
                     "createdDateTime",
                     "userDisplayName",
                     "userPrincipalName",
                     "userId",
                     "appId",
                     "appDisplayName",
                     "ipAddress",
                     "clientAppUsed",
                     "userAgent",
                     "correlationId",
                     "conditionalAccessStatus",
                     "isInteractive",
                     "riskDetail",
                     "riskLevelAggregated",
                     "riskLevelDuringSignIn",
                     "riskState",
                     "riskEventTypes",
                     "riskEventTypes_v2",
                     "resourceDisplayName",
                     "resourceId",
                     "resourceTenantId",
                     "homeTenantId",
                     "servicePrincipalId",
                     "servicePrincipalName",
                     "authenticationAppDeviceDetails",
                     "status",
                     "deviceDetail",
                     "location",
                     "appliedConditionalAccessPolicies"},
      .allowSkip = false,
      .allowSelect = false,  // fact sheet §1.6: only $top, $skiptoken, $filter (+ $orderby)
      .allowCount = false,
  };
  if (beta) {
    for (FilterableProperty p : std::initializer_list<FilterableProperty>{
             {"originalRequestId", Field::OriginalRequestId, VT::String, kEq},
             {"tokenIssuerName", Field::TokenIssuerName, VT::String, kEq},
             {"servicePrincipalId", Field::ServicePrincipalId, VT::String, kEqStartsWith},
             {"userAgent", Field::UserAgent, VT::String, kEqStartsWith},
             {"authenticationRequirement", Field::AuthenticationRequirement, VT::String,
              kEqStartsWith}})
      caps.properties.push_back(p);
    caps.collections.push_back(
        {.name = "signInEventTypes",
         .collection = Collection::SignInEventTypes,
         .elementType = "Edm.String",
         .elementProperties = {{"", Field::SignInEventType, VT::String, kEqNe}},
         .allElementProperties = {}});
    caps.collections.push_back(
        {.name = "conditionalAccessAudiences",
         .collection = Collection::ConditionalAccessAudiences,
         .elementType = "Edm.String",
         .elementProperties = {{"", Field::ConditionalAccessAudience, VT::String, kEq}},
         .allElementProperties = {}});
    for (std::string_view p :
         {"signInEventTypes", "originalRequestId", "tokenIssuerName", "tokenIssuerType",
          "authenticationRequirement", "conditionalAccessAudiences", "userType", "sessionId",
          "appOwnerTenantId", "incomingTokenType", "authenticationProtocol"})
      caps.selectable.push_back(p);
  }
  return caps;
}

// identityProtection/riskDetections (fact sheet §3): eq on the enum-like and identifying
// properties, eq and startsWith on the names and address, every comparison on the three times
// (gt/lt unless options.lenient is off), `or`/`and`, property names in any case (Extractor
// Suite's `UserPrincipalName eq`), $select, $orderby on the times (docs/identity-protection.md).
EndpointCapabilities riskDetections(const CapabilityOptions& options) {
  OperatorSet timeOps{Eq, Ge, Le};
  if (options.lenient) {
    timeOps.add(Gt);
    timeOps.add(Lt);
  }
  using VT = ValueType;
  EndpointCapabilities caps{
      .endpoint = Endpoint::RiskDetections,
      .entityType = "microsoft.graph.riskDetection",
      .caseInsensitiveNames = true,
      .lenient = options.lenient,
      .allowAnd = true,
      .allowOr = true,
      .allowNot = false,
      .properties =
          {
              {"detectedDateTime", Field::DetectedDateTime, VT::DateTime, timeOps},
              {"activityDateTime", Field::RiskActivityDateTime, VT::DateTime, timeOps},
              {"lastUpdatedDateTime", Field::LastUpdatedDateTime, VT::DateTime, timeOps},
              {"id", Field::Id, VT::String, kEq},
              {"requestId", Field::RequestId, VT::String, kEq},
              {"correlationId", Field::CorrelationId, VT::String, kEq},
              {"riskEventType", Field::RiskEventType, VT::String, kEq},
              {"riskLevel", Field::RiskLevel, VT::String, kEq},
              {"riskState", Field::RiskState, VT::String, kEq},
              {"riskDetail", Field::RiskDetail, VT::String, kEq},
              {"detectionTimingType", Field::DetectionTimingType, VT::String, kEq},
              {"activity", Field::Activity, VT::String, kEq},
              {"source", Field::RiskSource, VT::String, kEq},
              {"tokenIssuerType", Field::TokenIssuerType, VT::String, kEq},
              {"userId", Field::UserId, VT::String, kEq},
              // Stored lower-case, like the sign-ins' (any case finds it).
              {"userPrincipalName", Field::UserPrincipalName, VT::String, kEqStartsWith, true},
              {"userDisplayName", Field::UserDisplayName, VT::String, kEqStartsWith},
              {"ipAddress", Field::IpAddress, VT::String, kEqStartsWith},
              {"location/city", Field::LocationCity, VT::String, kEqStartsWith},
              {"location/state", Field::LocationState, VT::String, kEqStartsWith},
              {"location/countryOrRegion", Field::LocationCountryOrRegion, VT::String,
               kEqStartsWith},
          },
      .collections = {},
      .orderable = {"detectedDateTime", "activityDateTime", "lastUpdatedDateTime"},
      .selectable = {"id",
                     "requestId",
                     "correlationId",
                     "riskEventType",
                     "riskState",
                     "riskLevel",
                     "riskDetail",
                     "source",
                     "detectionTimingType",
                     "activity",
                     "tokenIssuerType",
                     "ipAddress",
                     "location",
                     "activityDateTime",
                     "detectedDateTime",
                     "lastUpdatedDateTime",
                     "userId",
                     "userDisplayName",
                     "userPrincipalName",
                     "additionalInfo"},
      .allowSkip = false,
      .allowSelect = true,  // fact sheet §3.2: $filter, $select (+ $top, $orderby)
      .allowCount = false,
  };
  if (options.apiVersion == ApiVersion::Beta) {
    caps.properties.push_back({"riskType", Field::RiskEventType, VT::String, kEq});
    caps.selectable.push_back("riskType");
    caps.selectable.push_back("mitreTechniqueId");
  }
  return caps;
}

// identityProtection/riskyUsers (fact sheet §3.2): eq on the state and names, startsWith on the
// names, every comparison on riskLastUpdatedDateTime (Splunk's `gt` checkpoint), `or`/`and`,
// property names in any case, $select, $orderby on riskLastUpdatedDateTime.
EndpointCapabilities riskyUserTable(const CapabilityOptions& options) {
  using VT = ValueType;
  EndpointCapabilities caps{
      .endpoint = Endpoint::RiskDetections,
      .entityType = "microsoft.graph.riskyUser",
      .caseInsensitiveNames = true,
      .lenient = options.lenient,
      .allowAnd = true,
      .allowOr = true,
      .allowNot = false,
      .properties =
          {
              {"riskLastUpdatedDateTime", Field::LastUpdatedDateTime, VT::DateTime,
               OperatorSet{Eq, Ge, Le, Gt, Lt}},
              {"id", Field::Id, VT::String, kEq},
              {"riskLevel", Field::RiskLevel, VT::String, kEq},
              {"riskState", Field::RiskState, VT::String, kEq},
              {"riskDetail", Field::RiskDetail, VT::String, kEq},
              {"userPrincipalName", Field::UserPrincipalName, VT::String, kEqStartsWith, true},
              {"userDisplayName", Field::UserDisplayName, VT::String, kEqStartsWith},
          },
      .collections = {},
      .orderable = {"riskLastUpdatedDateTime"},
      .selectable = {"id", "isDeleted", "isProcessing", "riskDetail", "riskLastUpdatedDateTime",
                     "riskLevel", "riskState", "userDisplayName", "userPrincipalName"},
      .allowSkip = false,
      .allowSelect = true,
      .allowCount = false,
  };
  return caps;
}

// identityProtection/servicePrincipalRiskDetections (fact sheet §3.1, §3.2): riskDetections'
// table without the user properties, plus the service principal's (docs/identity-protection.md
// #service-principals).
EndpointCapabilities servicePrincipalRiskDetectionTable(const CapabilityOptions& options) {
  EndpointCapabilities caps = riskDetections(options);
  caps.entityType = "microsoft.graph.servicePrincipalRiskDetection";
  std::erase_if(caps.properties, [](const FilterableProperty& p) {
    return p.field == Field::UserId || p.field == Field::UserPrincipalName ||
           p.field == Field::UserDisplayName;
  });
  std::erase_if(caps.selectable, [](std::string_view name) {
    return name == "userId" || name == "userDisplayName" || name == "userPrincipalName";
  });
  using VT = ValueType;
  caps.properties.push_back({"appId", Field::SignInAppId, VT::String, kEq});
  caps.properties.push_back({"servicePrincipalId", Field::ServicePrincipalId, VT::String, kEq});
  caps.properties.push_back({"servicePrincipalDisplayName", Field::ServicePrincipalDisplayName,
                             VT::String, kEqStartsWith});
  for (std::string_view name :
       {"appId", "keyIds", "servicePrincipalDisplayName", "servicePrincipalId"})
    caps.selectable.push_back(name);
  return caps;
}

// identityProtection/riskyServicePrincipals (fact sheet §3.2: $count, $filter, $select, $top):
// riskyUsers' table with the service principal's names.
EndpointCapabilities riskyServicePrincipalTable(const CapabilityOptions& options) {
  EndpointCapabilities caps = riskyUserTable(options);
  caps.entityType = "microsoft.graph.riskyServicePrincipal";
  std::erase_if(caps.properties, [](const FilterableProperty& p) {
    return p.field == Field::UserPrincipalName || p.field == Field::UserDisplayName;
  });
  using VT = ValueType;
  caps.properties.push_back({"appId", Field::SignInAppId, VT::String, kEq});
  caps.properties.push_back({"displayName", Field::DisplayName, VT::String, kEqStartsWith});
  caps.selectable = {"id",
                     "appId",
                     "displayName",
                     "isEnabled",
                     "isProcessing",
                     "riskDetail",
                     "riskLastUpdatedDateTime",
                     "riskLevel",
                     "riskState",
                     "servicePrincipalType"};
  if (options.apiVersion == ApiVersion::Beta) caps.selectable.push_back("accountEnabled");
  caps.allowCount = true;
  return caps;
}

// auditLogs/provisioning (fact sheet §2): eq, contains, gt and lt, case-sensitive, tolower(),
// `or`; ge/le on activityDateTime as clients send them (with gt/lt, off when options.lenient is).
EndpointCapabilities provisioning(const CapabilityOptions& options) {
  OperatorSet timeOps{Eq, Gt, Lt};
  if (options.lenient) {
    timeOps.add(Ge);
    timeOps.add(Le);
  }
  constexpr OperatorSet kEqContains{Eq, Contains};
  using VT = ValueType;
  EndpointCapabilities caps{
      .endpoint = Endpoint::Provisioning,
      .entityType = "microsoft.graph.provisioningObjectSummary",
      .caseInsensitiveNames = false,
      .lenient = options.lenient,
      .allowAnd = true,
      .allowOr = true,
      .allowNot = false,
      .allowToLower = true,
      .properties =
          {
              {"activityDateTime", Field::ActivityDateTime, VT::DateTime, timeOps},
              {"id", Field::Id, VT::String, kEq},
              {"tenantId", Field::TenantId, VT::String, kEq},
              {"jobId", Field::JobId, VT::String, kEq},
              {"cycleId", Field::CycleId, VT::String, kEq},
              {"changeId", Field::ChangeId, VT::String, kEq},
              {"provisioningAction", Field::ProvisioningAction, VT::String, kEq},
              {"provisioningStatusInfo/status", Field::ProvisioningStatus, VT::String, kEq},
              {"servicePrincipal/id", Field::ServicePrincipalId, VT::String, kEqContains},
              {"servicePrincipal/displayName", Field::ServicePrincipalDisplayName, VT::String,
               kEqContains},
              {"sourceIdentity/id", Field::SourceIdentityId, VT::String, kEqContains},
              {"sourceIdentity/displayName", Field::SourceIdentityDisplayName, VT::String,
               kEqContains},
              {"sourceIdentity/identityType", Field::SourceIdentityType, VT::String, kEqContains},
              {"targetIdentity/id", Field::TargetIdentityId, VT::String, kEqContains},
              {"targetIdentity/displayName", Field::TargetIdentityDisplayName, VT::String,
               kEqContains},
              {"targetIdentity/identityType", Field::TargetIdentityType, VT::String, kEqContains},
              {"sourceSystem/displayName", Field::SourceSystemDisplayName, VT::String, kEqContains},
              {"targetSystem/displayName", Field::TargetSystemDisplayName, VT::String, kEqContains},
              {"initiatedBy/displayName", Field::InitiatedByDisplayName, VT::String, kEqContains},
          },
      .collections = {},
      .orderable = {"activityDateTime"},
      .selectable = {"id", "activityDateTime", "tenantId", "jobId", "cycleId", "changeId",
                     "provisioningAction", "durationInMilliseconds", "initiatedBy",
                     "servicePrincipal", "sourceSystem", "targetSystem", "sourceIdentity",
                     "targetIdentity", "provisioningStatusInfo", "provisioningSteps",
                     "modifiedProperties"},
      .allowSkip = false,
      .allowSelect = false,
      .allowCount = false,
  };
  if (options.apiVersion == ApiVersion::Beta) {
    caps.properties.push_back({"statusInfo/status", Field::ProvisioningStatus, VT::String, kEq});
    caps.selectable.push_back("statusInfo");
    caps.selectable.push_back("action");
  }
  return caps;
}

// security/alerts_v2 and security/incidents (fact sheet §4.4): $filter on the documented
// properties with eq/ne, ordering comparisons on the two dates (gt/lt unless options.lenient is
// off), and/or; $orderby on either date although Graph documents none (Elastic sends it); $skip,
// $count, $top; incidents also $expand=alerts.
EndpointCapabilities security(Endpoint endpoint, const CapabilityOptions& options) {
  const bool alerts = endpoint == Endpoint::Alerts;
  OperatorSet timeOps{Eq, Ne, Ge, Le};
  if (options.lenient) {
    timeOps.add(Gt);
    timeOps.add(Lt);
  }
  constexpr OperatorSet kEqNe{Eq, Ne};
  using VT = ValueType;
  EndpointCapabilities caps{
      .endpoint = endpoint,
      .entityType = alerts ? "microsoft.graph.security.alert" : "microsoft.graph.security.incident",
      .caseInsensitiveNames = true,
      .lenient = options.lenient,
      .allowAnd = true,
      .allowOr = true,
      .allowNot = false,
      .properties =
          {
              {"createdDateTime", Field::CreatedDateTime, VT::DateTime, timeOps},
              {"lastUpdateDateTime", Field::LastUpdateDateTime, VT::DateTime, timeOps},
              {"assignedTo", Field::AssignedTo, VT::String, kEqNe},
              {"classification", Field::Classification, VT::String, kEqNe},
              {"determination", Field::Determination, VT::String, kEqNe},
              {"severity", Field::Severity, VT::String, kEqNe},
              {"status", Field::Status, VT::String, kEqNe},
          },
      .collections = {},
      .orderable = {"createdDateTime", "lastUpdateDateTime"},
      .selectable = {},
      .allowSkip = true,
      .allowSelect = false,
      .allowCount = true,
      .expandable = {},
  };
  if (alerts) {
    caps.properties.push_back({"serviceSource", Field::ServiceSource, VT::String, kEqNe});
    caps.selectable = {"id",
                       "providerAlertId",
                       "incidentId",
                       "status",
                       "severity",
                       "classification",
                       "determination",
                       "serviceSource",
                       "detectionSource",
                       "productName",
                       "detectorId",
                       "tenantId",
                       "title",
                       "description",
                       "recommendedActions",
                       "category",
                       "categories",
                       "mitreTechniques",
                       "assignedTo",
                       "actorDisplayName",
                       "alertPolicyId",
                       "threatDisplayName",
                       "threatFamilyName",
                       "alertWebUrl",
                       "incidentWebUrl",
                       "createdDateTime",
                       "lastUpdateDateTime",
                       "firstActivityDateTime",
                       "lastActivityDateTime",
                       "resolvedDateTime",
                       "investigationState",
                       "comments",
                       "systemTags",
                       "customDetails",
                       "additionalData",
                       "evidence"};
  } else {
    caps.selectable = {"id",
                       "displayName",
                       "status",
                       "severity",
                       "classification",
                       "determination",
                       "assignedTo",
                       "priorityScore",
                       "createdDateTime",
                       "lastUpdateDateTime",
                       "customTags",
                       "systemTags",
                       "comments",
                       "description",
                       "summary",
                       "redirectIncidentId",
                       "resolvingComment",
                       "lastModifiedBy",
                       "incidentWebUrl",
                       "tenantId",
                       "alerts"};
    caps.expandable = {"alerts"};
  }
  return caps;
}

}  // namespace

std::string_view operatorName(Operator op) {
  switch (op) {
    case Eq:
      return "eq";
    case Ne:
      return "ne";
    case Gt:
      return "gt";
    case Ge:
      return "ge";
    case Lt:
      return "lt";
    case Le:
      return "le";
    case StartsWith:
      return "startswith";
    case Contains:
      return "contains";
  }
  return "?";
}

EndpointCapabilities EndpointCapabilities::riskyUsers(const CapabilityOptions& options) {
  return riskyUserTable(options);
}

EndpointCapabilities EndpointCapabilities::servicePrincipalRiskDetections(
    const CapabilityOptions& options) {
  return servicePrincipalRiskDetectionTable(options);
}

EndpointCapabilities EndpointCapabilities::riskyServicePrincipals(
    const CapabilityOptions& options) {
  return riskyServicePrincipalTable(options);
}

EndpointCapabilities EndpointCapabilities::forEndpoint(Endpoint endpoint,
                                                       const CapabilityOptions& options) {
  switch (endpoint) {
    case Endpoint::DirectoryAudits:
      return directoryAudits(options);
    case Endpoint::SignIns:
      return signIns(options);
    case Endpoint::RiskDetections:
      return riskDetections(options);
    case Endpoint::Alerts:
    case Endpoint::Incidents:
      return security(endpoint, options);
    case Endpoint::Provisioning:
      return provisioning(options);
    default:
      return auditEvents(options);
  }
}

const EndpointCapabilities& EndpointCapabilities::shared(Endpoint endpoint,
                                                         const CapabilityOptions& options) {
  static_assert(sizeof(CapabilityOptions) == 3, "a new option must be part of the key below");
  // Every combination, built on first use (a function-local static: thread-safe).
  static const std::vector<EndpointCapabilities> tables = [] {
    std::vector<EndpointCapabilities> all;
    all.reserve(kEndpointCount * 8);
    for (size_t e = 0; e < kEndpointCount; ++e) {
      for (int combination = 0; combination < 8; ++combination) {
        CapabilityOptions o;
        o.apiVersion = combination & 1 ? ApiVersion::Beta : ApiVersion::V1;
        o.lenient = (combination & 2) != 0;
        o.allowOr = (combination & 4) != 0;
        all.push_back(forEndpoint(static_cast<Endpoint>(e), o));
        all.back().sharedTable = true;
      }
    }
    return all;
  }();
  const size_t combination = (options.apiVersion == ApiVersion::Beta ? 1 : 0) |
                             (options.lenient ? 2 : 0) | (options.allowOr ? 4 : 0);
  return tables[static_cast<size_t>(endpoint) * 8 + combination];
}

bool EndpointCapabilities::namesEqual(std::string_view a, std::string_view b) const {
  return caseInsensitiveNames ? equalsIgnoreAsciiCase(a, b) : a == b;
}

const FilterableProperty* EndpointCapabilities::findProperty(std::string_view path) const {
  for (const FilterableProperty& property : properties) {
    if (namesEqual(property.path, path)) return &property;
  }
  return nullptr;
}

const LambdaCollection* EndpointCapabilities::findCollection(std::string_view name) const {
  for (const LambdaCollection& collection : collections) {
    if (namesEqual(collection.name, name)) return &collection;
  }
  return nullptr;
}

const FilterableProperty* EndpointCapabilities::findElementProperty(
    const LambdaCollection& collection, std::string_view path) const {
  for (const FilterableProperty& property : collection.elementProperties) {
    if (namesEqual(property.path, path)) return &property;
  }
  return nullptr;
}

std::string_view EndpointCapabilities::canonicalTopLevel(std::string_view name) const {
  for (std::string_view property : selectable) {
    if (namesEqual(property, name)) return property;
  }
  return {};
}

std::string_view EndpointCapabilities::canonicalOrderable(std::string_view name) const {
  for (std::string_view property : orderable) {
    if (namesEqual(property, name)) return property;
  }
  return {};
}

bool EndpointCapabilities::isOrderable(std::string_view name) const {
  for (std::string_view property : orderable) {
    if (namesEqual(property, name)) return true;
  }
  return false;
}

}  // namespace tenantsim::odata
