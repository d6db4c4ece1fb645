// The activity catalog (simulator/simulation/catalog.h), checked against its data files
// simulator/simulation/catalog/*.tsv: one activity per row, in row order, and the lookups.
#include "simulator/simulation/catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/files.h"

namespace tenantsim {
namespace {

using Row = std::vector<std::string>;

// The data rows of a catalog TSV (header and empty lines skipped), split at tabs.
std::vector<Row> tsvRows(const std::string& name) {
  std::string text = testing::readFile(testing::sourcePath("simulator/simulation/catalog/" + name));
  EXPECT_FALSE(text.empty()) << name;
  std::vector<Row> rows;
  bool header = true;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(start, nl - start);
    start = nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    Row row;
    for (size_t from = 0;;) {
      size_t tab = line.find('\t', from);
      row.push_back(line.substr(from, tab == std::string::npos ? tab : tab - from));
      if (tab == std::string::npos) break;
      from = tab + 1;
    }
    rows.push_back(row);
  }
  return rows;
}

std::vector<const Activity*> bySource(Source source) {
  std::vector<const Activity*> out;
  for (const Activity& a : Catalog::instance().all())
    if (a.source == source) out.push_back(&a);
  return out;
}

TEST(Catalog, EntraActivitiesAreTheRowsOfTheEntraTsvInOrder) {
  std::vector<Row> rows = tsvRows("entra_activities.tsv");
  std::vector<const Activity*> entra = bySource(Source::Entra);
  ASSERT_GT(rows.size(), 1000u);
  ASSERT_EQ(entra.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(entra[i]->service, rows[i][0]) << i;
    EXPECT_EQ(entra[i]->category, rows[i][1]) << i;
    EXPECT_EQ(entra[i]->name, rows[i][2]) << i;
  }
}

// The category/activity pairs of Microsoft's page (scripts/catalog-sources/, the input of
// scripts/extract_catalog.py), read without the extractor's rules: every tab-separated row after
// an "Audit Category<TAB>Activity" header, whatever its category looks like ("Application
// Management" has a space), except the page's "----" separator row.
std::set<std::pair<std::string, std::string>> seedPairs() {
  std::string text =
      testing::readFile(testing::sourcePath("scripts/catalog-sources/entra-audit-activities.txt"));
  EXPECT_FALSE(text.empty());
  std::set<std::pair<std::string, std::string>> pairs;
  bool inTable = false;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(start, nl - start);
    start = nl + 1;
    if (line.rfind("Audit Category\tActivity", 0) == 0) {
      inTable = true;
      continue;
    }
    size_t tab = line.find('\t');
    if (!inTable || tab == std::string::npos || line.rfind("---", 0) == 0) continue;
    size_t end = line.find('\t', tab + 1);
    std::string activity = line.substr(tab + 1, end == std::string::npos ? end : end - tab - 1);
    if (!activity.empty()) pairs.emplace(line.substr(0, tab), activity);
  }
  return pairs;
}

TEST(Catalog, EntraCatalogHasEveryCategoryActivityPairOfMicrosoftsPage) {
  std::set<std::pair<std::string, std::string>> seed = seedPairs();
  std::set<std::pair<std::string, std::string>> catalog;
  for (const Activity* a : bySource(Source::Entra)) catalog.emplace(a->category, a->name);
  EXPECT_EQ(seed.size(), 1170u);
  EXPECT_EQ(catalog.size(), 1170u);
  EXPECT_EQ(catalog, seed);
  // The rows whose category has a space are among them, spelled as the page spells them.
  EXPECT_TRUE(catalog.count({"Application Management", "Add application"}));
  EXPECT_TRUE(catalog.count({"Directory Management", "Verify if tenant is B2C"}));
}

TEST(Catalog, SpacedCategoriesGetTheTargetTypeOfTheirUnspacedSpelling) {
  auto spaced =
      Catalog::instance().find(Source::Entra, "Get tenant details", "B2C", "Directory Management");
  ASSERT_TRUE(spaced);
  EXPECT_EQ(Catalog::instance().at(*spaced).targetType, "Directory");
}

TEST(Catalog, IntuneActivitiesAreTheRowsOfTheIntuneTsvInOrder) {
  std::vector<Row> rows = tsvRows("intune_activities.tsv");
  std::vector<const Activity*> intune = bySource(Source::Intune);
  ASSERT_GT(rows.size(), 50u);
  ASSERT_EQ(intune.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(intune[i]->service, "Intune");
    EXPECT_EQ(intune[i]->category, rows[i][0]) << i;
    EXPECT_EQ(intune[i]->componentName, rows[i][1]) << i;
    EXPECT_EQ(intune[i]->name, rows[i][2]) << i;
    EXPECT_EQ(intune[i]->backgroundWeight, std::stod(rows[i][3])) << rows[i][2];
    // The entity is the activity type's second word ("Patch MobileApp": MobileApp).
    EXPECT_EQ(intune[i]->entityType, rows[i][2].substr(rows[i][2].find(' ') + 1));
    EXPECT_EQ(intune[i]->targetType, intune[i]->entityType);
  }
}

TEST(Catalog, IdsAreIndexesAndEntraComesFirst) {
  const Catalog& c = Catalog::instance();
  bool intuneSeen = false;
  for (size_t i = 0; i < c.all().size(); ++i) {
    EXPECT_EQ(c.all()[i].id, i);
    EXPECT_EQ(&c.at(static_cast<ActivityId>(i)), &c.all()[i]);
    if (c.all()[i].source == Source::Intune) intuneSeen = true;
    if (intuneSeen) {
      EXPECT_EQ(c.all()[i].source, Source::Intune) << i;
    }
  }
}

TEST(Catalog, FindLooksUpByNameAndOptionallyServiceAndCategory) {
  const Catalog& c = Catalog::instance();
  auto updateUser = c.find(Source::Entra, "Update user");
  ASSERT_TRUE(updateUser);
  EXPECT_EQ(c.at(*updateUser).name, "Update user");
  EXPECT_EQ(c.at(*updateUser).service, "Core Directory");

  // PIM lists the same activity for roles, groups and resources.
  const std::string activation = "Add member to role requested (PIM activation)";
  std::set<ActivityId> ids;
  for (const char* category : {"RoleManagement", "GroupManagement", "ResourceManagement"}) {
    auto id = c.find(Source::Entra, activation, "PIM", category);
    ASSERT_TRUE(id) << category;
    EXPECT_EQ(c.at(*id).category, category);
    ids.insert(*id);
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_TRUE(ids.count(*c.find(Source::Entra, activation, "PIM")));  // the first of the three

  EXPECT_FALSE(c.find(Source::Entra, "No such activity"));
  EXPECT_FALSE(c.find(Source::Intune, "Update user"));  // an Entra name, not an Intune one
  EXPECT_FALSE(c.find(Source::Entra, "Update user", "PIM"));
  EXPECT_FALSE(c.find(Source::Entra, "update user"));  // exact, case included
}

TEST(Catalog, RequireReturnsWhatFindFinds) {
  const Catalog& c = Catalog::instance();
  EXPECT_EQ(c.require(Source::Intune, "Patch MobileApp"),
            *c.find(Source::Intune, "Patch MobileApp"));
  EXPECT_EQ(c.require(Source::Entra, "Add user", "Core Directory", "UserManagement"),
            *c.find(Source::Entra, "Add user", "Core Directory", "UserManagement"));
}

TEST(CatalogDeathTest, RequireAbortsOnAMissingName) {
  EXPECT_DEATH(Catalog::instance().require(Source::Entra, "No such activity", "PIM"),
               "catalog has no activity 'No such activity' \\(PIM\\)");
}

TEST(Catalog, IntuneCategoriesAreTheTsvCategoriesInFirstSeenOrder) {
  std::vector<std::string> expected;
  for (const Row& row : tsvRows("intune_activities.tsv"))
    if (std::find(expected.begin(), expected.end(), row[0]) == expected.end())
      expected.push_back(row[0]);
  EXPECT_EQ(Catalog::instance().intuneCategories(), expected);
}

TEST(Catalog, IntuneActivityTypesOfACategoryAreItsTsvRows) {
  for (const std::string& category : Catalog::instance().intuneCategories()) {
    std::vector<std::string> expected;
    for (const Row& row : tsvRows("intune_activities.tsv"))
      if (row[0] == category) expected.push_back(row[2]);
    EXPECT_EQ(Catalog::instance().intuneActivityTypes(category), expected) << category;
  }
  EXPECT_TRUE(Catalog::instance().intuneActivityTypes("NoSuchCategory").empty());
}

TEST(Catalog, CloudPkiHasItsTenActions) {
  std::vector<std::string> types = Catalog::instance().intuneActivityTypes("CloudPki");
  EXPECT_EQ(types.size(), 10u);
  for (const std::string& t : types) {
    ActivityId id = *Catalog::instance().find(Source::Intune, t);
    EXPECT_EQ(Catalog::instance().at(id).backgroundWeight, 0) << t;  // its own workload
  }
}

TEST(Catalog, EntraOperationTypesFollowTheLeadingVerb) {
  const Catalog& c = Catalog::instance();
  auto op = [&](const char* name, const char* service = "Core Directory") {
    return c.at(*c.find(Source::Entra, name, service)).operationType;
  };
  EXPECT_EQ(op("Add user"), "Add");
  EXPECT_EQ(op("Update user"), "Update");
  EXPECT_EQ(op("Delete user"), "Delete");
  EXPECT_EQ(op("Add member to role requested (PIM activation)", "PIM"), "ActivateRole");
  EXPECT_EQ(op("Remove member from role (PIM activation expired)", "PIM"), "RemoveActivatedRole");
  EXPECT_EQ(op("Remove member from role completed (PIM deactivate)", "PIM"), "RemoveActivatedRole");
  EXPECT_EQ(c.at(c.require(Source::Intune, "Patch MobileApp")).operationType, "Patch");
  EXPECT_EQ(c.at(c.require(Source::Intune, "Assign MobileApp")).operationType, "Action");
}

TEST(Catalog, EntraIdPrefixesAndTargetTypesFollowTheServiceAndCategory) {
  const Catalog& c = Catalog::instance();
  const Activity& user = c.at(c.require(Source::Entra, "Update user", "Core Directory"));
  EXPECT_EQ(user.idPrefix, "Directory");
  EXPECT_EQ(user.targetType, "User");
  EXPECT_EQ(c.at(c.require(Source::Entra, "Add member to role requested (PIM activation)", "PIM"))
                .idPrefix,
            "PIM");
  const Activity& policy =
      c.at(c.require(Source::Entra, "Add Conditional Access policy", "Conditional Access"));
  EXPECT_EQ(policy.idPrefix, "IPCGraph");
  EXPECT_EQ(policy.targetType, "Policy");
  for (const Activity& a : c.all()) {
    if (a.source == Source::Entra) {
      EXPECT_FALSE(a.idPrefix.empty()) << a.name;
    }
  }
}

TEST(Catalog, WorkloadActivitiesHaveNoBackgroundWeightAndEveryOtherEntraOneHasSome) {
  for (const Activity& a : Catalog::instance().all()) {
    if (a.source != Source::Entra) continue;
    if (a.service == "PIM" || a.service == "Conditional Access") {
      EXPECT_EQ(a.backgroundWeight, 0) << a.name;
    } else {
      EXPECT_GT(a.backgroundWeight, 0) << a.service << " / " << a.name;
    }
  }
}

}  // namespace
}  // namespace tenantsim
