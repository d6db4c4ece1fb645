// The per-endpoint capability tables: what can be filtered, ordered and selected.
#include "mockserver/odata/capabilities.h"

#include <gtest/gtest.h>

namespace tenantsim::odata {
namespace {

EndpointCapabilities entra(ApiVersion version = ApiVersion::V1) {
  return EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits, {.apiVersion = version});
}
EndpointCapabilities intune() { return EndpointCapabilities::forEndpoint(Endpoint::AuditEvents); }

TEST(Capabilities, EntityTypeNames) {
  EXPECT_EQ(entra().entityType, "microsoft.graph.directoryAudit");
  EXPECT_EQ(intune().entityType, "microsoft.graph.auditEvent");
}

TEST(Capabilities, DirectoryAuditSelectsEveryTopLevelProperty) {
  EXPECT_EQ(entra().selectable,
            (std::vector<std::string_view>{"id", "activityDateTime", "activityDisplayName",
                                           "additionalDetails", "category", "correlationId",
                                           "initiatedBy", "loggedByService", "operationType",
                                           "result", "resultReason", "targetResources"}));
  const std::vector<std::string_view> beta = entra(ApiVersion::Beta).selectable;
  EXPECT_EQ(std::vector<std::string_view>(beta.end() - 2, beta.end()),
            (std::vector<std::string_view>{"userAgent", "performedBy"}));
}

TEST(Capabilities, AuditEventSelectsEveryTopLevelProperty) {
  EXPECT_EQ(intune().selectable, (std::vector<std::string_view>{
                                     "id", "displayName", "componentName", "actor", "activity",
                                     "activityDateTime", "activityType", "activityOperationType",
                                     "activityResult", "correlationId", "resources", "category"}));
}

TEST(Capabilities, OnlyActivityDateTimeIsOrderable) {
  EXPECT_TRUE(entra().isOrderable("activityDateTime"));
  EXPECT_FALSE(entra().isOrderable("category"));
  EXPECT_TRUE(intune().isOrderable("ACTIVITYDATETIME"));
}

TEST(Capabilities, DirectoryAuditDateTimeOperatorsFollowTheDocumentedTable) {
  const EndpointCapabilities caps = entra();
  const FilterableProperty* time = caps.findProperty("activityDateTime");
  ASSERT_NE(time, nullptr);
  EXPECT_TRUE(time->operators.contains(Operator::Eq));
  EXPECT_TRUE(time->operators.contains(Operator::Ge));
  EXPECT_TRUE(time->operators.contains(Operator::Le));
  EXPECT_FALSE(time->operators.contains(Operator::Gt));
  EXPECT_FALSE(time->operators.contains(Operator::Ne));
  const auto lenient =
      EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits, {.lenient = true});
  EXPECT_TRUE(lenient.findProperty("activityDateTime")->operators.contains(Operator::Gt));
  EXPECT_TRUE(lenient.findProperty("activityDateTime")->operators.contains(Operator::Lt));
}

TEST(Capabilities, IntuneActorTypeHasBothSpellings) {
  EXPECT_EQ(intune().findProperty("actor/auditActorType")->field, Field::ActorType);
  EXPECT_EQ(intune().findProperty("Actor/Type")->field, Field::ActorType);
}

TEST(Capabilities, IntuneCorrelationIdIsAGuid) {
  EXPECT_EQ(intune().findProperty("correlationId")->type, ValueType::Guid);
  EXPECT_EQ(entra().findProperty("correlationId")->type, ValueType::String);
}

TEST(Capabilities, LambdaCollectionsPerEndpoint) {
  ASSERT_NE(entra().findCollection("targetResources"), nullptr);
  EXPECT_EQ(entra().findCollection("TargetResources"), nullptr);
  ASSERT_NE(intune().findCollection("Resources"), nullptr);
  EXPECT_EQ(intune().findCollection("resources")->elementType, "microsoft.graph.auditResource");
}

// docs/filters.md#skip: a flag per endpoint, so endpoints that page with $skip can set it.
TEST(Capabilities, SkipIsAllowedOnAuditEventsOnly) {
  EXPECT_FALSE(entra().allowSkip);
  EXPECT_FALSE(entra(ApiVersion::Beta).allowSkip);
  EXPECT_TRUE(intune().allowSkip);
}

TEST(Capabilities, GrammarSwitches) {
  EXPECT_TRUE(entra().allowOr);
  EXPECT_FALSE(entra().allowNot);
  EXPECT_FALSE(
      EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits, {.allowOr = false}).allowOr);
  EXPECT_TRUE(intune().allowNot);
  EXPECT_TRUE(intune().caseInsensitiveNames);
  EXPECT_FALSE(entra().caseInsensitiveNames);
}

TEST(Capabilities, SharedTablesAreTheBuiltOnesForEveryOption) {
  for (Endpoint e : kAllEndpoints) {
    for (ApiVersion api : {ApiVersion::V1, ApiVersion::Beta}) {
      for (bool lenient : {false, true}) {
        for (bool allowOr : {false, true}) {
          const CapabilityOptions o{.apiVersion = api, .lenient = lenient, .allowOr = allowOr};
          const EndpointCapabilities built = EndpointCapabilities::forEndpoint(e, o);
          const EndpointCapabilities& shared = EndpointCapabilities::shared(e, o);
          EXPECT_EQ(&shared, &EndpointCapabilities::shared(e, o));  // built once
          EXPECT_EQ(shared.endpoint, built.endpoint);
          EXPECT_EQ(shared.lenient, built.lenient);
          EXPECT_EQ(shared.allowOr, built.allowOr);
          EXPECT_EQ(shared.selectable, built.selectable);  // differs by version
          EXPECT_EQ(shared.orderable, built.orderable);
          ASSERT_EQ(shared.properties.size(), built.properties.size());
          for (size_t i = 0; i < built.properties.size(); ++i)
            EXPECT_EQ(shared.properties[i].path, built.properties[i].path);
        }
      }
    }
  }
}

}  // namespace
}  // namespace tenantsim::odata
