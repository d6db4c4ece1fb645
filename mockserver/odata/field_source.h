// The contract between OData filters and the event store: filters name properties by these ids,
// and the store answers them for one event at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tenantsim::odata {

// Every property a $filter, $orderby or $select can name, across the served logs.
// Which of them an endpoint accepts, and with which operators, is its capability table.
enum class Field : uint8_t {
  // directoryAudit
  Id,
  ActivityDisplayName,
  ActivityDateTime,
  Category,
  CorrelationId,
  LoggedByService,
  OperationType,
  Result,
  ResultReason,
  InitiatedByUserId,
  InitiatedByUserDisplayName,
  InitiatedByUserPrincipalName,
  InitiatedByAppId,
  InitiatedByAppDisplayName,
  InitiatedByAppServicePrincipalId,
  // directoryAudit targetResources/any(t: t/...) element properties
  TargetId,
  TargetDisplayName,
  TargetType,
  TargetUserPrincipalName,
  // Intune auditEvent
  DisplayName,
  ComponentName,
  Activity,
  ActivityType,
  ActivityOperationType,
  ActivityResult,
  ActorUserPrincipalName,
  ActorUserId,
  ActorApplicationId,
  ActorApplicationDisplayName,
  ActorType,  // actor/auditActorType and actor/type
  ActorIpAddress,
  // Intune resources/any(r: r/...) element properties
  ResourceId,
  ResourceDisplayName,
  ResourceType,  // auditResourceType and type
  // signIn (Id and CorrelationId as above)
  CreatedDateTime,
  SignInAppId,
  SignInAppDisplayName,
  ClientAppUsed,
  ConditionalAccessStatus,
  IpAddress,
  UserId,
  UserDisplayName,
  UserPrincipalName,
  SignInResourceId,
  SignInResourceDisplayName,
  RiskDetail,
  RiskLevelAggregated,
  RiskLevelDuringSignIn,
  RiskState,
  StatusErrorCode,  // status/errorCode (an integer)
  DeviceBrowser,
  DeviceOperatingSystem,
  LocationCity,
  LocationState,
  LocationCountryOrRegion,
  ServicePrincipalId,
  UserAgent,
  AuthenticationRequirement,
  OriginalRequestId,
  TokenIssuerName,
  // provisioningObjectSummary (Id, ActivityDateTime and ServicePrincipalId as above)
  ChangeId,
  CycleId,
  JobId,
  TenantId,
  ProvisioningAction,
  ProvisioningStatus,  // provisioningStatusInfo/status (beta also statusInfo/status)
  ServicePrincipalDisplayName,
  SourceIdentityId,
  SourceIdentityDisplayName,
  SourceIdentityType,
  TargetIdentityId,
  TargetIdentityDisplayName,
  TargetIdentityType,
  SourceSystemDisplayName,
  TargetSystemDisplayName,
  InitiatedByDisplayName,
  // riskDetection (Id, CorrelationId, UserId, UserDisplayName, UserPrincipalName, IpAddress,
  // RiskDetail, RiskState, the location fields and Activity as above; RiskEventType is its
  // riskEventType string). DetectedDateTime is the listing order; the other two are not.
  DetectedDateTime,
  RiskActivityDateTime,
  LastUpdatedDateTime,
  RequestId,
  RiskLevel,
  DetectionTimingType,
  RiskSource,
  TokenIssuerType,
  // signIn primitive-collection elements (`t` in signInEventTypes/any(t: t eq '…'))
  SignInEventType,
  RiskEventType,
  ConditionalAccessAudience,
  // security alert and incident (CreatedDateTime and Id as above)
  LastUpdateDateTime,
  AssignedTo,
  Classification,
  Determination,
  Severity,
  ServiceSource,
  Status,
};

enum class Collection : uint8_t {
  TargetResources,
  Resources,
  SignInEventTypes,
  RiskEventTypes,
  RiskEventTypesV2,
  ConditionalAccessAudiences,
};

// One event seen through the names a filter uses. Implemented by the store for each record it
// tests; string views must stay valid until the next call on the same source.
class FieldSource {
 public:
  virtual ~FieldSource() = default;
  // nullopt for a JSON null.
  virtual std::optional<std::string_view> string(Field field) const = 0;
  // activityDateTime / createdDateTime: 100 ns ticks since the Unix epoch, UTC.
  virtual int64_t dateTime(Field field) const = 0;
  // Integer-typed properties (signIn status/errorCode).
  virtual int64_t integer(Field /*field*/) const { return 0; }
  virtual size_t count(Collection collection) const = 0;
  virtual std::optional<std::string_view> elementString(Collection collection, size_t index,
                                                        Field field) const = 0;
};

}  // namespace tenantsim::odata
