// $filter on /auditLogs/directoryAudits: the documented operator table, Graph's error texts, and
// the grammar real clients send.
#include <gtest/gtest.h>

#include "tests/support/fake_event.h"

namespace tenantsim::odata {
namespace {

using testing::compiled;
using testing::entra;
using testing::FakeEvent;
using testing::matches;
using testing::rejected;

FakeEvent roleAssignment() {
  FakeEvent event;
  event.with(Field::ActivityDisplayName, "Add member to role")
      .with(Field::Category, "RoleManagement")
      .with(Field::LoggedByService, "Core Directory")
      .with(Field::Result, "success")
      .with(Field::OperationType, "Assign")
      .with(Field::Id, "Directory_504a302a-1b2c-4d5e-8f90-a1b2c3d4e5f6_M1N6X_27777783")
      .with(Field::CorrelationId, "504a302a-1b2c-4d5e-8f90-a1b2c3d4e5f6")
      .with(Field::InitiatedByUserPrincipalName, "admin@contoso.com")
      .with(Field::InitiatedByUserId, "7a6b5c4d-3e2f-4a1b-9c8d-0e1f2a3b4c5d")
      .with(Field::InitiatedByUserDisplayName, "Admin")
      .at("2024-05-01T10:00:00.1234567Z")
      .withElement(Collection::TargetResources, {{Field::TargetId, "u-1"},
                                                 {Field::TargetDisplayName, "Global Reader"},
                                                 {Field::TargetType, "Role"}})
      .withElement(Collection::TargetResources, {{Field::TargetId, "u-2"},
                                                 {Field::TargetDisplayName, "Alice"},
                                                 {Field::TargetType, "User"},
                                                 {Field::TargetUserPrincipalName, "alice@x"}});
  return event;
}

TEST(DirectoryAuditFilter, EmptyFilterMatchesEverything) {
  EXPECT_TRUE(matches("", entra(), roleAssignment()));
}

TEST(DirectoryAuditFilter, EqOnActivityDisplayName) {
  EXPECT_TRUE(matches("activityDisplayName eq 'Add member to role'", entra(), roleAssignment()));
  EXPECT_FALSE(matches("activityDisplayName eq 'Delete user'", entra(), roleAssignment()));
}

TEST(DirectoryAuditFilter, EqIsCaseSensitiveByDefault) {
  EXPECT_FALSE(matches("activityDisplayName eq 'add member to role'", entra(), roleAssignment()));
}

TEST(DirectoryAuditFilter, EqIgnoresCaseWhenConfigured) {
  EXPECT_TRUE(matches("activityDisplayName eq 'ADD MEMBER TO ROLE'", entra(), roleAssignment(),
                      {.caseInsensitiveStrings = true}));
}

TEST(DirectoryAuditFilter, StartswithOnActivityDisplayNameInAnyCaseOfTheFunctionName) {
  EXPECT_TRUE(matches("startswith(activityDisplayName,'Add')", entra(), roleAssignment()));
  EXPECT_TRUE(matches("startsWith(activityDisplayName, 'Add member')", entra(), roleAssignment()));
  EXPECT_TRUE(matches("STARTSWITH( activityDisplayName , 'Add' )", entra(), roleAssignment()));
  EXPECT_FALSE(matches("startswith(activityDisplayName,'Delete')", entra(), roleAssignment()));
}

TEST(DirectoryAuditFilter, StartswithOnInitiatorUserPrincipalName) {
  EXPECT_TRUE(matches("startswith(initiatedBy/user/userPrincipalName,'admin@')", entra(),
                      roleAssignment()));
}

TEST(DirectoryAuditFilter, EqOnEveryDocumentedProperty) {
  const FakeEvent event = roleAssignment();
  for (const char* filter : {
           "loggedByService eq 'Core Directory'",
           "correlationId eq '504a302a-1b2c-4d5e-8f90-a1b2c3d4e5f6'",
           "id eq 'Directory_504a302a-1b2c-4d5e-8f90-a1b2c3d4e5f6_M1N6X_27777783'",
           "category eq 'RoleManagement'",
           "result eq 'success'",
           "operationType eq 'Assign'",
           "initiatedBy/user/id eq '7a6b5c4d-3e2f-4a1b-9c8d-0e1f2a3b4c5d'",
           "initiatedBy/user/displayName eq 'Admin'",
           "initiatedBy/user/userPrincipalName eq 'admin@contoso.com'",
       }) {
    EXPECT_TRUE(matches(filter, entra(), event)) << filter;
  }
}

TEST(DirectoryAuditFilter, AppInitiatorEqMatchesOnlyWhenPresent) {
  EXPECT_FALSE(matches("initiatedBy/app/appId eq 'x'", entra(), roleAssignment()));
  FakeEvent byApp;
  byApp.with(Field::InitiatedByAppId, "x").with(Field::InitiatedByAppDisplayName, "Sync");
  EXPECT_TRUE(matches("initiatedBy/app/appId eq 'x'", entra(), byApp));
  EXPECT_TRUE(matches("initiatedBy/app/displayName eq 'Sync'", entra(), byApp));
}

TEST(DirectoryAuditFilter, DateTimeGeAndLe) {
  const FakeEvent event = roleAssignment();
  EXPECT_TRUE(matches("activityDateTime ge 2024-05-01T10:00:00Z", entra(), event));
  EXPECT_TRUE(matches("activityDateTime le 2024-05-01T10:00:00.1234567Z", entra(), event));
  EXPECT_FALSE(matches("activityDateTime le 2024-05-01T10:00:00.1234566Z", entra(), event));
  EXPECT_FALSE(matches("activityDateTime ge 2024-05-01T10:00:01Z", entra(), event));
}

TEST(DirectoryAuditFilter, DateTimeEqComparesTicks) {
  EXPECT_TRUE(
      matches("activityDateTime eq 2024-05-01T10:00:00.1234567Z", entra(), roleAssignment()));
  EXPECT_FALSE(
      matches("activityDateTime eq 2024-05-01T10:00:00.123456Z", entra(), roleAssignment()));
}

TEST(DirectoryAuditFilter, DateOnlyLiteralIsMidnightUtc) {
  FakeEvent midnight;
  midnight.at("2022-08-22T00:00:00Z");
  EXPECT_TRUE(matches("activityDateTime ge 2022-08-22", entra(), midnight));
  EXPECT_TRUE(matches("activityDateTime le 2022-08-22", entra(), midnight));
}

TEST(DirectoryAuditFilter, OffsetLiteralIsConvertedToUtc) {
  EXPECT_TRUE(
      matches("activityDateTime eq 2024-05-01T12:00:00.1234567+02:00", entra(), roleAssignment()));
}

TEST(DirectoryAuditFilter, GtAndLtAreRejectedUnlessLenient) {
  const Error error = rejected("activityDateTime gt 2024-01-01T00:00:00Z", entra());
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.code, "BadRequest");
  EXPECT_EQ(error.message, "Invalid filter clause");
  EXPECT_EQ(error.detail, "operator 'gt' is not supported on 'activityDateTime'");
  EXPECT_EQ(rejected("activityDateTime lt 2024-01-01T00:00:00Z", entra()).detail,
            "operator 'lt' is not supported on 'activityDateTime'");
}

TEST(DirectoryAuditFilter, GtAndLtWorkWhenLenient) {
  const auto lenient = entra({.lenient = true});
  EXPECT_TRUE(matches("activityDateTime gt 2024-05-01T10:00:00Z", lenient, roleAssignment()));
  EXPECT_TRUE(matches("activityDateTime lt 2024-05-02", lenient, roleAssignment()));
  EXPECT_FALSE(
      matches("activityDateTime gt 2024-05-01T10:00:00.1234567Z", lenient, roleAssignment()));
}

TEST(DirectoryAuditFilter, NeIsRejectedWithReasonInDetail) {
  const Error error = rejected("activityDisplayName ne 'x'", entra());
  EXPECT_EQ(error.message, "Invalid filter clause");
  EXPECT_EQ(error.detail, "operator 'ne' is not supported on 'activityDisplayName'");
}

TEST(DirectoryAuditFilter, StartswithOnAnEqOnlyPropertyIsRejected) {
  EXPECT_EQ(rejected("startswith(category,'Role')", entra()).detail,
            "operator 'startswith' is not supported on 'category'");
}

TEST(DirectoryAuditFilter, NotIsRejected) {
  const Error error = rejected("not (category eq 'Policy')", entra());
  EXPECT_EQ(error.message, "Invalid filter clause");
  EXPECT_EQ(error.detail, "'not' is not supported");
}

TEST(DirectoryAuditFilter, AndRequiresBothSides) {
  const auto filter = compiled(
      "activityDateTime ge 2024-05-01 and initiatedBy/user/userPrincipalName eq "
      "'admin@contoso.com'",
      entra());
  EXPECT_TRUE(filter.matches(roleAssignment()));
  EXPECT_FALSE(compiled("category eq 'RoleManagement' and result eq 'failure'", entra())
                   .matches(roleAssignment()));
}

TEST(DirectoryAuditFilter, OrIsAcceptedByDefault) {
  EXPECT_TRUE(
      matches("category eq 'Policy' or category eq 'RoleManagement'", entra(), roleAssignment()));
  EXPECT_FALSE(matches("category eq 'Policy' or category eq 'Device'", entra(), roleAssignment()));
}

TEST(DirectoryAuditFilter, OrCanBeSwitchedOff) {
  EXPECT_EQ(
      rejected("category eq 'Policy' or category eq 'Device'", entra({.allowOr = false})).detail,
      "'or' is not supported");
}

TEST(DirectoryAuditFilter, AndBindsTighterThanOr) {
  // true or (false and false) -> true; (true or false) and false would be false.
  EXPECT_TRUE(matches("category eq 'RoleManagement' or result eq 'x' and result eq 'y'", entra(),
                      roleAssignment()));
}

TEST(DirectoryAuditFilter, ParenthesesOverridePrecedence) {
  EXPECT_FALSE(matches("(category eq 'RoleManagement' or result eq 'x') and result eq 'y'", entra(),
                       roleAssignment()));
}

TEST(DirectoryAuditFilter, WazuhWindowFilterWithOrAndParentheses) {
  const auto lenient = entra({.lenient = true});
  EXPECT_TRUE(
      matches("(activityDateTime lt 2024-01-01T00:00:00.000000Z and activityDateTime ge "
              "2023-12-01T00:00:00.000000Z) or (activityDateTime gt 2024-05-01T09:00:00.1234567Z)",
              lenient, roleAssignment()));
}

TEST(DirectoryAuditFilter, TargetResourcesAnyWithAnyRangeVariableAndSpacing) {
  const FakeEvent event = roleAssignment();
  for (const char* filter : {
           "targetResources/any(t: t/id eq 'u-2')",
           "targetResources/any(t:t/id eq 'u-2')",
           "targetResources/any( target : target/id eq 'u-2' )",
           "targetResources/any(x:startswith(x/displayName,'Ali'))",
           "targetResources/any(r: r/displayName eq 'Global Reader')",
           "targetResources/any(e: e/type eq 'User' and e/userPrincipalName eq 'alice@x')",
       }) {
    EXPECT_TRUE(matches(filter, entra(), event)) << filter;
  }
  EXPECT_FALSE(matches("targetResources/any(t: t/id eq 'u-3')", entra(), event));
}

TEST(DirectoryAuditFilter, AnyNeedsOneElementToMatchAllClauses) {
  EXPECT_FALSE(matches("targetResources/any(t: t/type eq 'Role' and t/id eq 'u-2')", entra(),
                       roleAssignment()));
}

TEST(DirectoryAuditFilter, AnyOnAnEventWithoutTargetsIsFalse) {
  EXPECT_FALSE(matches("targetResources/any(t: t/id eq 'u-1')", entra(), FakeEvent()));
}

TEST(DirectoryAuditFilter, LambdaBodyMustUseTheRangeVariable) {
  EXPECT_EQ(rejected("targetResources/any(t: id eq 'u-1')", entra()).message,
            "Invalid filter clause");
}

TEST(DirectoryAuditFilter, UnknownPropertyUsesGraphsExactMessage) {
  const Error error = rejected("createdDateTime ge 2024-01-01T00:00:00Z", entra());
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.code, "BadRequest");
  EXPECT_EQ(error.message,
            "Invalid filter clause: Could not find a property named 'createdDateTime' on type "
            "'microsoft.graph.directoryAudit'.");
}

TEST(DirectoryAuditFilter, PropertyNamesAreCaseSensitive) {
  EXPECT_EQ(rejected("Category eq 'Policy'", entra()).message,
            "Invalid filter clause: Could not find a property named 'Category' on type "
            "'microsoft.graph.directoryAudit'.");
}

TEST(DirectoryAuditFilter, UnknownTargetResourcePropertyNamesTheElementType) {
  EXPECT_EQ(rejected("targetResources/any(t: t/color eq 'red')", entra()).message,
            "Invalid filter clause: Could not find a property named 'color' on type "
            "'microsoft.graph.targetResource'.");
}

TEST(DirectoryAuditFilter, KnownButUnfilterablePropertyIsAnInvalidClause) {
  const Error error = rejected("resultReason eq 'x'", entra());
  EXPECT_EQ(error.message, "Invalid filter clause");
  EXPECT_EQ(error.detail, "'resultReason' cannot be used in $filter");
}

TEST(DirectoryAuditFilter, IntuneCollectionIsUnknownHere) {
  EXPECT_EQ(rejected("resources/any(r: r/resourceId eq 'x')", entra()).message,
            "Invalid filter clause: Could not find a property named 'resources' on type "
            "'microsoft.graph.directoryAudit'.");
}

TEST(DirectoryAuditFilter, StringLiteralDoublesQuotesToEscapeThem) {
  FakeEvent event;
  event.with(Field::ActivityDisplayName, "Update user's 'manager'");
  EXPECT_TRUE(matches("activityDisplayName eq 'Update user''s ''manager'''", entra(), event));
}

TEST(DirectoryAuditFilter, EqNullMatchesAMissingValue) {
  EXPECT_TRUE(matches("initiatedBy/app/appId eq null", entra(), roleAssignment()));
  EXPECT_FALSE(matches("initiatedBy/user/id eq null", entra(), roleAssignment()));
}

TEST(DirectoryAuditFilter, LiteralMayComeFirst) {
  EXPECT_TRUE(matches("'RoleManagement' eq category", entra(), roleAssignment()));
  EXPECT_TRUE(matches("2024-05-01 le activityDateTime", entra(), roleAssignment()));
}

TEST(DirectoryAuditFilter, StringLiteralOnDateTimeIsRejectedUnlessLenient) {
  EXPECT_EQ(rejected("activityDateTime ge '2024-05-01T00:00:00Z'", entra()).message,
            "Invalid filter clause");
  EXPECT_TRUE(matches("activityDateTime ge '2024-05-01T00:00:00Z'", entra({.lenient = true}),
                      roleAssignment()));
}

TEST(DirectoryAuditFilter, UnquotedGuidOnStringCorrelationIdIsRejectedUnlessLenient) {
  const char* filter = "correlationId eq 504a302a-1b2c-4d5e-8f90-a1b2c3d4e5f6";
  EXPECT_EQ(rejected(filter, entra()).message, "Invalid filter clause");
  EXPECT_TRUE(matches(filter, entra({.lenient = true}), roleAssignment()));
}

TEST(DirectoryAuditFilter, DateTimeLiteralOnAStringPropertyIsRejected) {
  EXPECT_EQ(rejected("category eq 2024-01-01", entra()).message, "Invalid filter clause");
}

TEST(DirectoryAuditFilter, UnsupportedFunctionsAndOperatorsAreInvalidClauses) {
  for (const char* filter : {
           "endswith(activityDisplayName,'role')",
           "contains(activityDisplayName,'role')",
           "category has 'x'",
           "category in ('a','b')",
           "targetResources/all(t: t/id eq 'x')",
           "activityDisplayName eq 'a' xor category eq 'b'",
       }) {
    EXPECT_EQ(rejected(filter, entra()).message, "Invalid filter clause") << filter;
  }
}

TEST(DirectoryAuditFilter, MalformedTextIsAnInvalidClause) {
  for (const char* filter : {
           " ",
           "category",
           "category eq",
           "eq 'x'",
           "category eq 'unterminated",
           "(category eq 'x'",
           "category eq 'x')",
           "category eq 'x' and",
           "and",
           "activityDateTime ge 2024-13-01T00:00:00Z",
           "activityDateTime ge 2024-02-30",
           "activityDateTime ge 2024-01-01T00:00:00",
           "activityDateTime ge 2024-01-01T24:00:00Z",
           "activityDateTime ge 2024-01-01T00:00:00.12345678Z",
           "category eq 42",
           "category eq true",
           "targetResources/any(t: t/id eq 'x'",
           "category eq \"x\"",
           "startswith(category)",
           "targetResources/any(t: targetResources/any(u: u/id eq 'x'))",
       }) {
    EXPECT_EQ(rejected(filter, entra()).message, "Invalid filter clause") << filter;
  }
}

TEST(DirectoryAuditFilter, NestingBeyondTheLimitIsRejectedWithoutRecursingFurther) {
  const std::string deep = std::string(100000, '(') + "category eq 'x'" + std::string(100000, ')');
  EXPECT_TRUE(
      rejected(deep, entra(), {.maxLength = 1 << 20}).detail.starts_with("nesting deeper than 64"));
}

TEST(DirectoryAuditFilter, NestingWithinTheLimitIsAccepted) {
  const std::string nested =
      std::string(60, '(') + "category eq 'RoleManagement'" + std::string(60, ')');
  EXPECT_TRUE(matches(nested, entra(), roleAssignment()));
}

TEST(DirectoryAuditFilter, OverlongFilterIsRejected) {
  std::string filter = "category eq 'x'";
  while (filter.size() <= 4096) filter += " or category eq 'x'";
  const Error error = rejected(filter, entra());
  EXPECT_EQ(error.message, "Invalid filter clause");
  EXPECT_EQ(error.detail, "the filter is longer than 4096 characters");
}

TEST(DirectoryAuditFilter, LongAndChainsEvaluateWithoutDeepRecursion) {
  std::string filter = "category eq 'RoleManagement'";
  for (int i = 0; i < 200; ++i) filter += " and result eq 'success'";
  EXPECT_TRUE(matches(filter, entra(), roleAssignment(), {.maxLength = 1 << 16}));
}

}  // namespace
}  // namespace tenantsim::odata
