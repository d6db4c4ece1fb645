// activitiesSatisfying: the query engine refuses most events of an activity-level equality
// (loggedByService eq 'PIM', category eq ..., activityDisplayName eq ...) by one lookup per event.
// The flags must be exactly the catalog activities the filter's own `eq` accepts; anything the
// activity does not decide leaves them alone. (The randomized paging test checks whole walks.)
#include <gtest/gtest.h>

#include <cctype>

#include "base/strings.h"
#include "mockserver/odata/capabilities.h"
#include "mockserver/routes/event_fields.h"
#include "simulator/simulation/catalog.h"

namespace tenantsim::mock {
namespace {

odata::FilterPlan planOf(std::string_view filter, bool caseInsensitive = false) {
  odata::FilterOptions options;
  options.caseInsensitiveStrings = caseInsensitive;
  static const odata::EndpointCapabilities caps =
      odata::EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits);
  auto compiled = odata::CompiledFilter::compile(filter, caps, options);
  EXPECT_TRUE(compiled.ok()) << filter;
  return compiled.value().plan();
}

size_t countSet(const std::vector<uint8_t>& flags) {
  size_t n = 0;
  for (uint8_t f : flags) n += f;
  return n;
}

TEST(ActivityMask, EqualityOnTheServiceSetsExactlyThatServicesActivities) {
  std::vector<uint8_t> pim = activitiesSatisfying(planOf("loggedByService eq 'PIM'"));
  auto all = Catalog::instance().all();
  ASSERT_EQ(pim.size(), all.size());
  size_t expected = 0;
  for (const Activity& a : all) {
    EXPECT_EQ(pim[a.id], a.service == "PIM" ? 1 : 0) << a.name;
    expected += a.service == "PIM";
  }
  EXPECT_GT(expected, 10u);
  EXPECT_EQ(countSet(pim), expected);
}

TEST(ActivityMask, ConjunctsIntersectAndOtherPropertiesAreLeftToTheFilter) {
  auto both =
      activitiesSatisfying(planOf("loggedByService eq 'PIM' and category eq 'RoleManagement' and "
                                  "activityDateTime ge 2026-10-01"));
  for (const Activity& a : Catalog::instance().all())
    EXPECT_EQ(both[a.id], a.service == "PIM" && a.category == "RoleManagement" ? 1 : 0) << a.name;
  EXPECT_GT(countSet(both), 0u);
  // Properties of the event, not of its activity, and any filter whose root is not an `and` of
  // equalities, give no flags: every event goes to the filter.
  EXPECT_TRUE(
      activitiesSatisfying(planOf("initiatedBy/user/userPrincipalName eq 'a@b.c'")).empty());
  EXPECT_TRUE(
      activitiesSatisfying(planOf("loggedByService eq 'PIM' or category eq 'Policy'")).empty());
  EXPECT_TRUE(activitiesSatisfying(planOf("activityDateTime ge 2026-10-01")).empty());
  EXPECT_TRUE(activitiesSatisfying(planOf("")).empty());
}

TEST(ActivityMask, CaseFollowsTheFiltersOwnComparison) {
  EXPECT_EQ(countSet(activitiesSatisfying(planOf("loggedByService eq 'pim'"))), 0u)
      << "case-sensitive by default";
  std::vector<uint8_t> folded = activitiesSatisfying(planOf("loggedByService eq 'pim'", true));
  EXPECT_EQ(folded, activitiesSatisfying(planOf("loggedByService eq 'PIM'")));
  EXPECT_EQ(countSet(activitiesSatisfying(planOf("activityDisplayName eq 'no such activity'"))),
            0u);
}

// The flags come from a table of activities by value (built once); they must be what comparing
// the equality with every catalog activity gives, for values of every activity-level field, in
// their own case and another, with and without case folding, alone and in conjunction.
TEST(ActivityMask, LookupAgreesWithComparingEveryActivity) {
  struct Column {
    const char* property;
    std::string Activity::*member;
  };
  const Column columns[] = {{"activityDisplayName", &Activity::name},
                            {"category", &Activity::category},
                            {"loggedByService", &Activity::service},
                            {"operationType", &Activity::operationType}};
  auto all = Catalog::instance().all();
  auto swapCase = [](std::string v) {
    for (char& c : v)
      if (std::isalpha(static_cast<unsigned char>(c))) c = static_cast<char>(c ^ 0x20);
    return v;
  };
  auto quoted = [](const std::string& v) {
    std::string q = "'";
    for (char c : v) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
  };
  size_t checked = 0;
  for (size_t i = 0; i < all.size(); i += 37) {
    for (size_t c = 0; c < std::size(columns); ++c) {
      const Column& col = columns[c];
      const Column& other = columns[(c + 1) % std::size(columns)];
      for (bool fold : {false, true}) {
        for (const std::string& value : {all[i].*col.member, swapCase(all[i].*col.member)}) {
          const std::string& otherValue = all[(i * 7 + 3) % all.size()].*other.member;
          const std::string one = std::string(col.property) + " eq " + quoted(value);
          const std::string two = one + " and " + other.property + " eq " + quoted(otherValue);
          std::vector<uint8_t> flags = activitiesSatisfying(planOf(one, fold));
          std::vector<uint8_t> both = activitiesSatisfying(planOf(two, fold));
          ASSERT_EQ(flags.size(), all.size()) << one;
          ASSERT_EQ(both.size(), all.size()) << two;
          auto same = [fold](const std::string& a, const std::string& b) {
            return fold ? equalsIgnoreAsciiCase(a, b) : a == b;
          };
          for (const Activity& a : all) {
            const bool first = same(a.*col.member, value);
            ASSERT_EQ(flags[a.id], first ? 1 : 0) << one << " on " << a.name;
            ASSERT_EQ(both[a.id], first && same(a.*other.member, otherValue) ? 1 : 0)
                << two << " on " << a.name;
          }
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 100u);
}

}  // namespace
}  // namespace tenantsim::mock
