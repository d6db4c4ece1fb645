// @odata.nextLink: absolute, on the client's base URL, every original option repeated and
// re-encoded the way Graph does, the new $skiptoken last.
#include "mockserver/odata/next_link.h"

#include <gtest/gtest.h>

#include "tests/support/fake_event.h"

namespace tenantsim::odata {
namespace {

constexpr std::string_view kBase = "https://127.0.0.1:8443/v1.0/auditLogs/directoryAudits";

std::vector<QueryParameter> parametersOf(std::string_view rawQuery,
                                         const EndpointCapabilities& caps = testing::entra()) {
  Result<QueryOptions> options = parseQueryOptions(rawQuery, caps);
  EXPECT_TRUE(options.ok());
  return options.ok() ? options->parameters : std::vector<QueryParameter>{};
}

TEST(NextLink, WithoutQueryOptionsCarriesOnlyTheSkiptoken) {
  EXPECT_EQ(buildNextLink(kBase, {}, "abc123"), std::string(kBase) + "?$skiptoken=abc123");
}

TEST(NextLink, RepeatsEveryQueryOptionInOrder) {
  EXPECT_EQ(buildNextLink(kBase, parametersOf("$top=2&$orderby=activityDateTime%20desc"), "ff"),
            std::string(kBase) + "?$top=2&$orderby=activityDateTime%20desc&$skiptoken=ff");
}

TEST(NextLink, ReencodesTheFilterTheWayGraphDoes) {
  EXPECT_EQ(buildNextLink(kBase,
                          parametersOf("$filter=activityDateTime+ge+2024-05-01T01:00:00Z"
                                       "+and+startswith(activityDisplayName,'Add')"),
                          "ff"),
            std::string(kBase) +
                "?$filter=activityDateTime%20ge%202024-05-01T01%3a00%3a00Z%20and%20"
                "startswith(activityDisplayName%2c%27Add%27)&$skiptoken=ff");
}

TEST(NextLink, DecodesBeforeReencodingSoEveryClientSpellingGivesOneLink) {
  const std::string fromKiota = buildNextLink(
      kBase, parametersOf("%24filter=category%20eq%20%27A%26B%20%231%27&%24top=5"), "ff");
  const std::string fromWazuh =
      buildNextLink(kBase, parametersOf("$filter=category+eq+'A%26B+%231'&$top=5"), "ff");
  EXPECT_EQ(fromKiota, fromWazuh);
  EXPECT_EQ(fromKiota, std::string(kBase) +
                           "?$filter=category%20eq%20%27A%26B%20%231%27&$top=5&$skiptoken=ff");
}

TEST(NextLink, EncodesSlashesPlusAndPercentInValues) {
  EXPECT_EQ(
      buildNextLink(kBase,
                    parametersOf("$filter=initiatedBy/user/userPrincipalName%20eq%20'a%2Bb%25@x'"),
                    "ff"),
      std::string(kBase) +
          "?$filter=initiatedBy%2fuser%2fuserPrincipalName%20eq%20%27a%2bb%25%40x%27"
          "&$skiptoken=ff");
}

TEST(NextLink, DropsThePreviousSkiptokenInAnySpelling) {
  EXPECT_EQ(buildNextLink(kBase, parametersOf("$top=2&$skiptoken=old&$top2=x"), "new"),
            std::string(kBase) + "?$top=2&$top2=x&$skiptoken=new");
  EXPECT_EQ(buildNextLink(kBase, parametersOf("%24SkipToken=old&$top=2"), "new"),
            std::string(kBase) + "?$top=2&$skiptoken=new");
}

TEST(NextLink, DropsADollarlessSkiptokenToo) {
  EXPECT_EQ(buildNextLink(kBase, {{"skiptoken", "old", true}, {"$top", "2", true}}, "new"),
            std::string(kBase) + "?$top=2&$skiptoken=new");
}

TEST(NextLink, EchoesUnknownParametersLikeGraph) {
  EXPECT_EQ(buildNextLink(kBase, parametersOf("=activityDateTime+ge+2018-07-16&flag"), "ff"),
            std::string(kBase) + "?=activityDateTime%20ge%202018-07-16&flag&$skiptoken=ff");
}

TEST(NextLink, DropsEmptyParameters) {
  EXPECT_EQ(buildNextLink(kBase, parametersOf("&&$top=3&"), "ff"),
            std::string(kBase) + "?$top=3&$skiptoken=ff");
}

TEST(NextLink, KeepsTheClientsHostPortAndVersion) {
  EXPECT_EQ(buildNextLink("http://localhost:8080/beta/deviceManagement/auditEvents",
                          parametersOf("$top=1", testing::intune()), "ff"),
            "http://localhost:8080/beta/deviceManagement/auditEvents?$top=1&$skiptoken=ff");
}

TEST(NextLink, HasNoCharactersAUriTemplateWouldEat) {
  const std::string link =
      buildNextLink(kBase, parametersOf("$filter=category eq '{x}' and id eq 'a b'"), "ff");
  EXPECT_EQ(link.find_first_of("{} '\""), std::string::npos) << link;
}

}  // namespace
}  // namespace tenantsim::odata
