// Parsing the raw query string of an audit-list request, with real-client tolerance and Graph's
// error texts.
#include "mockserver/odata/query_options.h"

#include <gtest/gtest.h>

#include <random>

#include "tests/support/fake_event.h"

namespace tenantsim::odata {
namespace {

using testing::entra;
using testing::intune;

QueryOptions parsed(std::string_view query, const EndpointCapabilities& caps = entra(),
                    const QueryParseOptions& options = {}) {
  Result<QueryOptions> result = parseQueryOptions(query, caps, options);
  EXPECT_TRUE(result.ok()) << query << " -> " << result.error().message;
  return result.ok() ? result.value() : QueryOptions();
}

Error refused(std::string_view query, const EndpointCapabilities& caps = entra(),
              const QueryParseOptions& options = {}) {
  Result<QueryOptions> result = parseQueryOptions(query, caps, options);
  EXPECT_FALSE(result.ok()) << query << " was accepted";
  return result.ok() ? Error{} : result.error();
}

TEST(QueryOptions, EmptyQueryHasNoOptions) {
  const QueryOptions options = parsed("");
  EXPECT_TRUE(options.filter.empty());
  EXPECT_FALSE(options.top);
  EXPECT_FALSE(options.orderBy);
  EXPECT_TRUE(options.select.empty());
  EXPECT_FALSE(options.count);
  EXPECT_FALSE(options.skiptoken);
}

TEST(QueryOptions, PercentEncodedFilterIsDecoded) {
  EXPECT_EQ(parsed("$filter=activityDateTime%20ge%202024-05-01T01%3A00%3A00Z&$top=2").filter,
            "activityDateTime ge 2024-05-01T01:00:00Z");
}

TEST(QueryOptions, PlusMeansSpace) {
  EXPECT_EQ(parsed("$filter=activityDateTime+ge+2024-05-01T00:00:00Z").filter,
            "activityDateTime ge 2024-05-01T00:00:00Z");
}

TEST(QueryOptions, EncodedPlusStaysAPlus) {
  EXPECT_EQ(parsed("$filter=activityDateTime%20ge%202024-05-01T00:00:00%2B02:00").filter,
            "activityDateTime ge 2024-05-01T00:00:00+02:00");
}

TEST(QueryOptions, RawQuotesParenthesesAndColonsAreAccepted) {
  EXPECT_EQ(parsed("$filter=targetResources/any(t:t/id%20eq%20'x')").filter,
            "targetResources/any(t:t/id eq 'x')");
}

TEST(QueryOptions, EncodedDollarIsTheSameOption) {
  EXPECT_EQ(parsed("%24filter=category%20eq%20%27Policy%27&%24top=5").filter,
            "category eq 'Policy'");
  EXPECT_EQ(parsed("%24top=5").top, 5);
}

TEST(QueryOptions, OptionNamesAreCaseInsensitive) {
  EXPECT_EQ(parsed("$Filter=category eq 'x'&$TOP=3").top, 3);
  EXPECT_EQ(parsed("$Filter=category eq 'x'").filter, "category eq 'x'");
}

TEST(QueryOptions, LeadingQuestionMarkIsAllowed) { EXPECT_EQ(parsed("?$top=7").top, 7); }

TEST(QueryOptions, EmptyParametersAreIgnored) {
  const QueryOptions options = parsed("&$filter=&&$top=4&");
  EXPECT_TRUE(options.filter.empty());
  EXPECT_EQ(options.top, 4);
}

TEST(QueryOptions, ParametersWithoutDollarAreIgnored) {
  const QueryOptions options = parsed("=activityDateTime+ge+2018-07-16T15:48:00Z&filter=x&top=0");
  EXPECT_TRUE(options.filter.empty());
  EXPECT_FALSE(options.top);
  EXPECT_EQ(options.parameters.size(), 3u);
}

TEST(QueryOptions, ParametersWithoutDollarCanBeHonouredLikeGraphBeta) {
  const QueryOptions options =
      parsed("filter=category eq 'x'&top=3", entra(), {.allowOptionsWithoutDollar = true});
  EXPECT_EQ(options.filter, "category eq 'x'");
  EXPECT_EQ(options.top, 3);
}

TEST(QueryOptions, UnknownDollarOptionsAreIgnored) {
  EXPECT_EQ(parsed("$format=json&$top=2").top, 2);
}

TEST(QueryOptions, ParametersAreKeptDecodedAndInOrder) {
  const QueryOptions options = parsed("%24filter=a%20b&x&$top=2");
  ASSERT_EQ(options.parameters.size(), 3u);
  EXPECT_EQ(options.parameters[0].name, "$filter");
  EXPECT_EQ(options.parameters[0].value, "a b");
  EXPECT_EQ(options.parameters[1].name, "x");
  EXPECT_FALSE(options.parameters[1].hasEquals);
  EXPECT_EQ(options.parameters[2].name, "$top");
}

TEST(QueryOptions, BrokenPercentEncodingIsRefused) {
  for (const char* query : {"$filter=%zz", "$filter=abc%", "$filter=abc%4", "%2$top=1"}) {
    const Error error = refused(query);
    EXPECT_EQ(error.status, 400) << query;
    EXPECT_EQ(error.code, "BadRequest");
    EXPECT_EQ(error.message, "The query specified in the URI is not valid.");
  }
}

TEST(QueryOptions, TopIsAPositiveInteger) {
  EXPECT_EQ(parsed("$top=1").top, 1);
  EXPECT_EQ(parsed("$top=1000").top, 1000);
}

TEST(QueryOptions, TopMustBePositive) {
  for (const char* value :
       {"0", "-1", "abc", "1.5", " 3", "99999999999", "2147483648", "999999999999999999999999"}) {
    const Error error = refused(std::string("$top=") + value);
    EXPECT_EQ(error.message, std::string("Invalid value '") + value +
                                 "' for $top query option found. The $top query option requires "
                                 "a positive integer value.")
        << value;
  }
}

TEST(QueryOptions, TopAboveTheMaximumIsClampedByDefault) {
  EXPECT_EQ(parsed("$top=5000").top, 1000);
  EXPECT_EQ(parsed("$top=5000", entra(), {.maxPageSize = 200}).top, 200);
}

TEST(QueryOptions, TopAboveTheMaximumCanBeRefused) {
  EXPECT_EQ(refused("$top=5000", entra(), {.clampTopToMax = false}).message,
            "The limit of '1000' for Top query has been exceeded. The value from the incoming "
            "request is '5000'.");
}

TEST(QueryOptions, OrderByActivityDateTimeInEitherDirection) {
  EXPECT_EQ(parsed("$orderby=activityDateTime").orderBy, SortDirection::Ascending);
  EXPECT_EQ(parsed("$orderby=activityDateTime%20asc").orderBy, SortDirection::Ascending);
  EXPECT_EQ(parsed("$orderby=activityDateTime+desc").orderBy, SortDirection::Descending);
  EXPECT_EQ(parsed("$orderby=activityDateTime DESC").orderBy, SortDirection::Descending);
}

TEST(QueryOptions, OrderByNamesAreCaseInsensitiveOnIntuneOnly) {
  EXPECT_EQ(parsed("$orderby=ActivityDateTime desc", intune()).orderBy, SortDirection::Descending);
  EXPECT_EQ(refused("$orderby=ActivityDateTime desc").message,
            "Could not find a property named 'ActivityDateTime' on type "
            "'microsoft.graph.directoryAudit'.");
}

TEST(QueryOptions, OrderByOtherPropertiesIsRefused) {
  EXPECT_EQ(refused("$orderby=category").message,
            "The property 'category' cannot be used in the $orderby query option.");
  EXPECT_EQ(refused("$orderby=createdDateTime desc").message,
            "Could not find a property named 'createdDateTime' on type "
            "'microsoft.graph.directoryAudit'.");
}

TEST(QueryOptions, OrderByBadDirectionIsASyntaxError) {
  EXPECT_EQ(refused("$orderby=activityDateTime sideways").message,
            "Syntax error at position 17 in 'activityDateTime sideways'.");
}

TEST(QueryOptions, OrderByMoreThanOnePropertyIsRefused) {
  EXPECT_EQ(refused("$orderby=activityDateTime desc,id").message,
            "Only one $orderby property is supported: activityDateTime.");
}

TEST(QueryOptions, SelectListsCanonicalTopLevelProperties) {
  const QueryOptions options =
      parsed("$select=activityDateTime,%20activityDisplayName,initiatedBy");
  EXPECT_EQ(options.select, (std::vector<std::string_view>{"activityDateTime",
                                                           "activityDisplayName", "initiatedBy"}));
}

TEST(QueryOptions, SelectOnIntuneIsCaseInsensitiveAndCanonicalized) {
  EXPECT_EQ(parsed("$select=Actor,activityDateTime,RESOURCES", intune()).select,
            (std::vector<std::string_view>{"actor", "activityDateTime", "resources"}));
}

TEST(QueryOptions, SelectStarMeansEveryProperty) {
  EXPECT_TRUE(parsed("$select=*").select.empty());
}

TEST(QueryOptions, SelectUnknownPropertyUsesGraphsMessage) {
  EXPECT_EQ(refused("$select=activityDateTime,createdDateTime").message,
            "Could not find a property named 'createdDateTime' on type "
            "'microsoft.graph.directoryAudit'.");
  EXPECT_EQ(refused("$select=targetResources", intune()).message,
            "Could not find a property named 'targetResources' on type "
            "'microsoft.graph.auditEvent'.");
}

TEST(QueryOptions, UserAgentIsSelectableOnBetaOnly) {
  EXPECT_EQ(parsed("$select=userAgent", entra({.apiVersion = ApiVersion::Beta})).select.size(), 1u);
  EXPECT_EQ(refused("$select=userAgent").message,
            "Could not find a property named 'userAgent' on type "
            "'microsoft.graph.directoryAudit'.");
}

TEST(QueryOptions, PerformedByIsSelectableOnBetaOnly) {
  EXPECT_EQ(parsed("$select=performedBy", entra({.apiVersion = ApiVersion::Beta})).select,
            (std::vector<std::string_view>{"performedBy"}));
  EXPECT_EQ(refused("$select=performedBy").message,
            "Could not find a property named 'performedBy' on type "
            "'microsoft.graph.directoryAudit'.");
}

TEST(QueryOptions, SelectOfNestedPathIsRefused) {
  EXPECT_EQ(refused("$select=initiatedBy/user").message,
            "Selecting the nested property 'initiatedBy/user' is not supported; select "
            "'initiatedBy' instead.");
}

TEST(QueryOptions, SelectWithAnEmptyItemIsASyntaxError) {
  EXPECT_EQ(refused("$select=id,,category").message,
            "Syntax error at position 3 in 'id,,category'.");
}

TEST(QueryOptions, CountIsRefusedOnDirectoryAudits) {
  const Error error = refused("$count=true");
  EXPECT_EQ(error.message,
            "Query option 'Count' is not allowed. To allow it, set the 'AllowedQueryOptions' "
            "property on EnableQueryAttribute or QueryValidationSettings.");
  EXPECT_EQ(error.detail, "$count is not supported on directoryAudits");
}

TEST(QueryOptions, CountIsSupportedOnAuditEvents) {
  EXPECT_TRUE(parsed("$count=true", intune()).count);
  EXPECT_FALSE(parsed("$count=false", intune()).count);
  EXPECT_EQ(refused("$count=yes", intune()).message, "'yes' is not a valid count option.");
}

TEST(QueryOptions, SkipIsANonNegativeCountOnAuditEvents) {
  EXPECT_EQ(parsed("$skip=10", intune()).skip, 10);
  EXPECT_EQ(parsed("$skip=0", intune()).skip, 0);
  EXPECT_FALSE(parsed("$top=5", intune()).skip);
  for (const char* bad : {"$skip=-1", "$skip=ten", "$skip=1.5", "$skip=2147483648"}) {
    EXPECT_EQ(refused(bad, intune()).message.substr(0, 14), "Invalid value ") << bad;
    EXPECT_NE(refused(bad, intune()).message.find("for $skip query option found"),
              std::string::npos)
        << bad;
  }
}

TEST(QueryOptions, SkipOnDirectoryAuditsIsGraphsNotAllowed) {
  const Error error = refused("$skip=10");
  EXPECT_EQ(error.message,
            "Query option 'Skip' is not allowed. To allow it, set the 'AllowedQueryOptions' "
            "property on EnableQueryAttribute or QueryValidationSettings.");
  EXPECT_EQ(error.detail, "$skip is not supported on directoryAudits; follow @odata.nextLink");
  EXPECT_EQ(refused("$skip=10", entra({.apiVersion = ApiVersion::Beta})).message.substr(0, 35),
            "Query option 'Skip' is not allowed.");
}

TEST(QueryOptions, SkipSearchAndExpandAreRefusedByName) {
  EXPECT_EQ(refused("$skip=10").message,
            "Query option 'Skip' is not allowed. To allow it, set the 'AllowedQueryOptions' "
            "property on EnableQueryAttribute or QueryValidationSettings.");
  EXPECT_EQ(refused("$search=\"x\"").message.substr(0, 40),
            "Query option 'Search' is not allowed. To");
  EXPECT_EQ(refused("%24expand=actor", intune()).message.substr(0, 40),
            "Query option 'Expand' is not allowed. To");
}

// Microsoft Graph PowerShell sends `$expand=*` for `-ExpandProperty *` (Microsoft-Extractor-Suite's
// directory audit and sign-in collectors): it names no navigation property and changes nothing.
TEST(QueryOptions, ExpandAllIsANoOp) {
  EXPECT_EQ(parsed("$expand=*&$top=3").top, 3);
  EXPECT_EQ(parsed("%24expand=%20*%20", intune()).top, std::nullopt);
  EXPECT_EQ(refused("$expand=*,targetResources").message.substr(0, 40),
            "Query option 'Expand' is not allowed. To");
}

TEST(QueryOptions, DuplicateOptionIsRefused) {
  EXPECT_EQ(refused("$filter=a&$filter=b").message,
            "Query option '$filter' was specified more than once, but it must be specified at "
            "most once.");
}

TEST(QueryOptions, DuplicateInDifferentSpellingsIsStillADuplicate) {
  EXPECT_EQ(refused("$top=1&%24TOP=2").message,
            "Query option '$top' was specified more than once, but it must be specified at most "
            "once.");
}

TEST(QueryOptions, SkiptokenIsCapturedDecoded) {
  EXPECT_EQ(parsed("$top=2&$skiptoken=ab%63").skiptoken, "abc");
}

TEST(QueryOptions, RandomQueryStringsGiveAValueOrAnError) {
  std::mt19937 random(7);
  const std::string alphabet = "$%&=+filtertopskipcount2Aa'()/: ,*";
  const auto caps = intune();
  for (int round = 0; round < 3000; ++round) {
    std::string query;
    const int length = static_cast<int>(random() % 48);
    for (int i = 0; i < length; ++i) {
      query.push_back(round % 2 ? static_cast<char>(random() % 256)
                                : alphabet[random() % alphabet.size()]);
    }
    const Result<QueryOptions> result = parseQueryOptions(query, caps);
    if (!result.ok()) {
      EXPECT_EQ(result.error().status, 400);
    }
  }
}

}  // namespace
}  // namespace tenantsim::odata
