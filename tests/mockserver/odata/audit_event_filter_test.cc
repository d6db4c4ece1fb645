// $filter on /deviceManagement/auditEvents (Intune): the wider operator set, case-insensitive
// property names, the resources/any() lambda and Edm.Guid correlationId.
#include <gtest/gtest.h>

#include "tests/support/fake_event.h"

namespace tenantsim::odata {
namespace {

using testing::compiled;
using testing::FakeEvent;
using testing::intune;
using testing::matches;
using testing::rejected;

FakeEvent policyPatch() {
  FakeEvent event;
  event.with(Field::DisplayName, "Patch DeviceManagementConfigurationPolicy")
      .with(Field::ComponentName, "DeviceConfiguration")
      .with(Field::Activity, "Patch DeviceManagementConfigurationPolicy")
      .with(Field::ActivityType, "Patch DeviceManagementConfigurationPolicy")
      .with(Field::ActivityOperationType, "Patch")
      .with(Field::ActivityResult, "Success")
      .with(Field::Category, "DeviceConfiguration")
      .with(Field::CorrelationId, "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e")
      .with(Field::ActorUserPrincipalName, "intune.admin@contoso.onmicrosoft.com")
      .with(Field::ActorType, "ItPro")
      .with(Field::ActorApplicationDisplayName, "Microsoft Intune portal extension")
      .at("2025-03-04T10:21:07.3310259Z")
      .withElement(Collection::Resources,
                   {{Field::ResourceId, "c0ffee00-1234-4abc-9def-0123456789ab"},
                    {Field::ResourceDisplayName, "Windows - Edge security baseline"},
                    {Field::ResourceType, "DeviceManagementConfigurationPolicy"}});
  return event;
}

TEST(AuditEventFilter, EveryComparisonOperatorOnActivityDateTime) {
  const FakeEvent event = policyPatch();
  EXPECT_TRUE(matches("activityDateTime eq 2025-03-04T10:21:07.3310259Z", intune(), event));
  EXPECT_TRUE(matches("activityDateTime ne 2025-03-04T10:21:07Z", intune(), event));
  EXPECT_TRUE(matches("activityDateTime gt 2025-03-04T10:21:07Z", intune(), event));
  EXPECT_TRUE(matches("activityDateTime ge 2025-03-04T10:21:07.3310259Z", intune(), event));
  EXPECT_TRUE(matches("activityDateTime lt 2025-03-05", intune(), event));
  EXPECT_TRUE(matches("activityDateTime le 2025-03-04T10:21:07.3310259Z", intune(), event));
  EXPECT_FALSE(matches("activityDateTime gt 2025-03-04T10:21:07.3310259Z", intune(), event));
  EXPECT_FALSE(matches("activityDateTime lt 2025-03-04T10:21:07.3310259Z", intune(), event));
}

TEST(AuditEventFilter, EqNeAndStartswithOnStrings) {
  const FakeEvent event = policyPatch();
  EXPECT_TRUE(matches("componentName eq 'DeviceConfiguration'", intune(), event));
  EXPECT_TRUE(matches("activityOperationType ne 'Get'", intune(), event));
  EXPECT_FALSE(matches("activityOperationType ne 'Patch'", intune(), event));
  EXPECT_TRUE(matches("startswith(activityType,'Patch ')", intune(), event));
}

TEST(AuditEventFilter, OrderingOperatorsOnStringsAreRejected) {
  EXPECT_EQ(rejected("category gt 'A'", intune()).detail,
            "operator 'gt' is not supported on 'category'");
}

TEST(AuditEventFilter, EqOnEveryStringProperty) {
  const FakeEvent event = policyPatch();
  for (const char* filter : {
           "displayName eq 'Patch DeviceManagementConfigurationPolicy'",
           "activity eq 'Patch DeviceManagementConfigurationPolicy'",
           "activityType eq 'Patch DeviceManagementConfigurationPolicy'",
           "activityResult eq 'Success'",
           "category eq 'DeviceConfiguration'",
           "actor/userPrincipalName eq 'intune.admin@contoso.onmicrosoft.com'",
           "actor/auditActorType eq 'ItPro'",
           "actor/type eq 'ItPro'",
           "actor/applicationDisplayName eq 'Microsoft Intune portal extension'",
       }) {
    EXPECT_TRUE(matches(filter, intune(), event)) << filter;
  }
}

TEST(AuditEventFilter, PropertyNamesAreCaseInsensitive) {
  const FakeEvent event = policyPatch();
  EXPECT_TRUE(matches("Actor/UserPrincipalName eq 'intune.admin@contoso.onmicrosoft.com'", intune(),
                      event));
  EXPECT_TRUE(matches("CATEGORY eq 'DeviceConfiguration'", intune(), event));
  EXPECT_TRUE(matches("Resources/any(c: c/ResourceId eq 'c0ffee00-1234-4abc-9def-0123456789ab')",
                      intune(), event));
}

TEST(AuditEventFilter, UserPrincipalNameValueIsCaseSensitive) {
  EXPECT_FALSE(matches("actor/userPrincipalName eq 'INTUNE.ADMIN@contoso.onmicrosoft.com'",
                       intune(), policyPatch()));
}

TEST(AuditEventFilter, ResourcesAnyMatchesByIdAndType) {
  const FakeEvent event = policyPatch();
  EXPECT_TRUE(matches("resources/any(s:s/resourceId eq 'c0ffee00-1234-4abc-9def-0123456789ab')",
                      intune(), event));
  EXPECT_TRUE(
      matches("resources/any(r: r/auditResourceType eq "
              "'DeviceManagementConfigurationPolicy')",
              intune(), event));
  EXPECT_TRUE(matches("resources/any(r: r/type eq 'DeviceManagementConfigurationPolicy')", intune(),
                      event));
  EXPECT_FALSE(matches("resources/any(r: r/displayName eq 'Other')", intune(), event));
}

TEST(AuditEventFilter, AnyWithoutBodyTestsForAnyElement) {
  EXPECT_TRUE(matches("resources/any()", intune(), policyPatch()));
  EXPECT_FALSE(matches("resources/any()", intune(), FakeEvent()));
}

TEST(AuditEventFilter, CorrelationIdTakesAnUnquotedOrQuotedGuidIgnoringCase) {
  const FakeEvent event = policyPatch();
  EXPECT_TRUE(matches("correlationId eq b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e", intune(), event));
  EXPECT_TRUE(matches("correlationId eq B1C2D3E4-F5A6-4B7C-8D9E-0F1A2B3C4D5E", intune(), event));
  EXPECT_TRUE(matches("correlationId eq 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e'", intune(), event));
}

TEST(AuditEventFilter, NotAndOrAreSupported) {
  const FakeEvent event = policyPatch();
  EXPECT_TRUE(matches("not (category eq 'Application')", intune(), event));
  EXPECT_TRUE(
      matches("category eq 'Application' or category eq 'DeviceConfiguration'", intune(), event));
  EXPECT_FALSE(matches("not startswith(activityType,'Patch')", intune(), event));
}

TEST(AuditEventFilter, ObservedClientQueries) {
  const FakeEvent event = policyPatch();
  for (const char* filter : {
           "category eq 'DeviceConfiguration' and activityDateTime gt 2024-01-01T00:00:00Z",
           "componentName eq 'DeviceConfiguration' and activityDateTime gt "
           "2024-05-01T10:00:00.123456Z and activityDateTime le 2026-01-01T00:00:00Z and "
           "activityOperationType ne 'Get'",
           "activityDateTime ge 2022-08-22 and category ne 'Application'",
       }) {
    EXPECT_TRUE(matches(filter, intune(), event)) << filter;
  }
}

TEST(AuditEventFilter, UnknownPropertyNamesTheAuditEventType) {
  EXPECT_EQ(rejected("createdDateTime ge 2024-01-01T00:00:00Z", intune()).message,
            "Invalid filter clause: Could not find a property named 'createdDateTime' on type "
            "'microsoft.graph.auditEvent'.");
}

TEST(AuditEventFilter, UnknownResourcePropertyNamesTheAuditResourceType) {
  EXPECT_EQ(rejected("resources/any(r: r/owner eq 'x')", intune()).message,
            "Invalid filter clause: Could not find a property named 'owner' on type "
            "'microsoft.graph.auditResource'.");
}

TEST(AuditEventFilter, EntraCollectionIsUnknownHere) {
  EXPECT_EQ(rejected("targetResources/any(t: t/id eq 'x')", intune()).message,
            "Invalid filter clause: Could not find a property named 'targetResources' on type "
            "'microsoft.graph.auditEvent'.");
}

}  // namespace
}  // namespace tenantsim::odata
