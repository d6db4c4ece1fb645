// The plan a compiled filter hands the store: activityDateTime bounds, top-level equalities and
// the earliest lower bound used for retention checks.
#include <gtest/gtest.h>

#include "mockserver/odata/filter_cache.h"
#include "tests/support/fake_event.h"

namespace tenantsim::odata {
namespace {

using testing::compiled;
using testing::entra;
using testing::intune;

int64_t ticks(std::string_view iso) { return *parseIsoTime(iso, IsoTimeSyntax::ODataLiteral); }

TEST(FilterPlan, EmptyFilterHasNoBounds) {
  const CompiledFilter filter;
  const FilterPlan& plan = filter.plan();
  EXPECT_FALSE(plan.timeLo);
  EXPECT_FALSE(plan.timeHi);
  EXPECT_FALSE(plan.earliestLowerBound);
  EXPECT_TRUE(plan.equalities.empty());
}

TEST(FilterPlan, GeAndLeGiveInclusiveBounds) {
  const auto filter = compiled(
      "activityDateTime ge 2024-05-01T00:00:00Z and activityDateTime le 2024-05-02T00:00:00Z",
      entra());
  EXPECT_EQ(filter.plan().timeLo, ticks("2024-05-01T00:00:00Z"));
  EXPECT_EQ(filter.plan().timeHi, ticks("2024-05-02T00:00:00Z"));
}

TEST(FilterPlan, GtAndLtAreShiftedOneTickToStayInclusive) {
  const auto filter = compiled(
      "activityDateTime gt 2024-05-01T00:00:00Z and activityDateTime lt 2024-05-02T00:00:00Z",
      intune());
  EXPECT_EQ(filter.plan().timeLo, ticks("2024-05-01T00:00:00Z") + 1);
  EXPECT_EQ(filter.plan().timeHi, ticks("2024-05-02T00:00:00Z") - 1);
}

TEST(FilterPlan, EqPinsBothBounds) {
  const auto filter = compiled("activityDateTime eq 2024-05-01T00:00:00Z", entra());
  EXPECT_EQ(filter.plan().timeLo, ticks("2024-05-01T00:00:00Z"));
  EXPECT_EQ(filter.plan().timeHi, ticks("2024-05-01T00:00:00Z"));
}

TEST(FilterPlan, SeveralBoundsIntersect) {
  const auto filter = compiled(
      "activityDateTime ge 2024-01-01 and activityDateTime ge 2024-03-01 and "
      "activityDateTime le 2024-06-01 and activityDateTime le 2024-04-01",
      entra());
  EXPECT_EQ(filter.plan().timeLo, ticks("2024-03-01"));
  EXPECT_EQ(filter.plan().timeHi, ticks("2024-04-01"));
  EXPECT_EQ(filter.plan().earliestLowerBound, ticks("2024-01-01"));
}

TEST(FilterPlan, ContradictoryBoundsAreProvablyEmpty) {
  const auto filter =
      compiled("activityDateTime ge 2024-05-02 and activityDateTime le 2024-05-01", entra());
  EXPECT_TRUE(filter.plan().provablyEmpty());
}

TEST(FilterPlan, BoundsUnderOrDoNotNarrowTheScan) {
  const auto filter = compiled(
      "(activityDateTime lt 2024-01-01T00:00:00Z and activityDateTime ge 2023-12-01T00:00:00Z) "
      "or (activityDateTime gt 2024-05-01T00:00:00Z)",
      entra({.lenient = true}));
  EXPECT_FALSE(filter.plan().timeLo);
  EXPECT_FALSE(filter.plan().timeHi);
  EXPECT_EQ(filter.plan().earliestLowerBound, ticks("2023-12-01T00:00:00Z"));
}

TEST(FilterPlan, TopLevelEqualitiesAreListed) {
  const auto filter = compiled(
      "category eq 'RoleManagement' and activityDateTime ge 2024-01-01 and "
      "initiatedBy/user/userPrincipalName eq 'admin@contoso.com'",
      entra());
  ASSERT_EQ(filter.plan().equalities.size(), 2u);
  EXPECT_EQ(filter.plan().equalities[0].field, Field::Category);
  EXPECT_EQ(filter.plan().equalities[0].value, "RoleManagement");
  EXPECT_FALSE(filter.plan().equalities[0].ignoreCase);
  EXPECT_EQ(filter.plan().equalities[1].field, Field::InitiatedByUserPrincipalName);
}

TEST(FilterPlan, EqualitiesInsideOrOrAnyAreNotListed) {
  EXPECT_TRUE(compiled("category eq 'a' or category eq 'b'", entra()).plan().equalities.empty());
  EXPECT_TRUE(compiled("targetResources/any(t: t/id eq 'x')", entra()).plan().equalities.empty());
}

TEST(FilterPlan, EqualitiesInsideATopLevelAnyAreElementEqualities) {
  const auto filter = compiled(
      "targetResources/any(t: t/type eq 'User' and t/id eq 'x') and "
      "targetResources/any(t: t/type eq 'y' or t/id eq 'z')",
      entra());
  ASSERT_EQ(filter.plan().elementEqualities.size(), 2u);
  EXPECT_EQ(filter.plan().elementEqualities[0].field, Field::TargetType);
  EXPECT_EQ(filter.plan().elementEqualities[1].field, Field::TargetId);
  EXPECT_EQ(filter.plan().elementEqualities[1].value, "x");
}

TEST(FilterPlan, ATopLevelOrListsEachDisjunctsEqualities) {
  const auto filter = compiled(
      "(correlationId eq 'a' or category eq 'b' and targetResources/any(t: t/id eq 'c')) and "
      "activityDateTime ge 2024-01-01",
      entra());
  ASSERT_EQ(filter.plan().alternatives.size(), 1u);
  const auto& disjuncts = filter.plan().alternatives[0];
  ASSERT_EQ(disjuncts.size(), 2u);
  ASSERT_EQ(disjuncts[0].equalities.size(), 1u);
  EXPECT_EQ(disjuncts[0].equalities[0].field, Field::CorrelationId);
  ASSERT_EQ(disjuncts[1].equalities.size(), 1u);
  EXPECT_EQ(disjuncts[1].equalities[0].value, "b");
  ASSERT_EQ(disjuncts[1].elementEqualities.size(), 1u);
  EXPECT_EQ(disjuncts[1].elementEqualities[0].value, "c");
  EXPECT_TRUE(filter.plan().equalities.empty());
}

TEST(FilterPlan, GuidEqualitiesAreMarkedCaseInsensitive) {
  const auto filter = compiled("correlationId eq b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e", intune());
  ASSERT_EQ(filter.plan().equalities.size(), 1u);
  EXPECT_TRUE(filter.plan().equalities[0].ignoreCase);
}

TEST(FilterPlan, PlanOutlivesTheFilterTextAndSurvivesCopies) {
  std::string text = "category eq 'RoleManagement'";
  CompiledFilter copy;
  {
    const auto filter = compiled(text, entra());
    copy = filter;
  }
  text.assign(text.size(), 'x');
  testing::FakeEvent event;
  event.with(Field::Category, "RoleManagement");
  EXPECT_TRUE(copy.matches(event));
  EXPECT_EQ(copy.plan().equalities[0].value, "RoleManagement");
}

TEST(FilterCache, ASharedTableReusesTheCompiledFilterAndAnyOtherCompilesAnew) {
  const EndpointCapabilities& shared =
      EndpointCapabilities::shared(Endpoint::DirectoryAudits, CapabilityOptions{});
  const std::string text = "correlationId eq '0f6c2a4e-1b7d-4a8e-9c3f-5d2e7b1a9c40'";
  Result<CompiledFilter> a = compileFilterCached(text, shared);
  Result<CompiledFilter> b = compileFilterCached(text, shared);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(&a->plan(), &b->plan()) << "the same compiled program";
  ASSERT_EQ(a->plan().equalities.size(), 1u);
  EXPECT_EQ(a->plan().equalities[0].value, "0f6c2a4e-1b7d-4a8e-9c3f-5d2e7b1a9c40");
  // Another text, another program; the same text on a table built by value is compiled again.
  Result<CompiledFilter> c = compileFilterCached("activityDisplayName eq 'Add user'", shared);
  ASSERT_TRUE(c);
  EXPECT_NE(&c->plan(), &a->plan());
  const EndpointCapabilities local = entra();
  Result<CompiledFilter> d = compileFilterCached(text, local);
  ASSERT_TRUE(d);
  EXPECT_NE(&d->plan(), &a->plan());
  // Many texts later (more than a thread keeps), the first still compiles to the same plan.
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(compileFilterCached("activityDisplayName eq 'x" + std::to_string(i) + "'", shared));
  Result<CompiledFilter> again = compileFilterCached(text, shared);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->plan().equalities[0].value, a->plan().equalities[0].value);
}

TEST(FilterCache, AnErrorIsGivenEveryTimeAndNotKept) {
  const EndpointCapabilities& shared =
      EndpointCapabilities::shared(Endpoint::DirectoryAudits, CapabilityOptions{});
  for (int i = 0; i < 2; ++i) {
    Result<CompiledFilter> bad = compileFilterCached("noSuchProperty eq 'x'", shared);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("noSuchProperty"), std::string::npos) << bad.error().message;
  }
}

}  // namespace
}  // namespace tenantsim::odata
