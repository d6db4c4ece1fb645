// The Prefer header (mockserver/http/prefer.h): which preferences Graph acts on are read from any
// number of headers and lists, ignoring case, values and parameters.
#include "mockserver/http/prefer.h"

#include <gtest/gtest.h>

namespace tenantsim::mock {
namespace {

httplib::Request withPrefer(std::initializer_list<std::string> values) {
  httplib::Request request;
  for (const std::string& value : values) request.headers.emplace("Prefer", value);
  return request;
}

TEST(Prefer, NoHeaderAsksForNothing) {
  EXPECT_FALSE(parsePreferences(httplib::Request{}).includeUnknownEnumMembers);
  EXPECT_EQ(preferenceApplied(Preferences{}), "");
}

TEST(Prefer, IncludeUnknownEnumMembersAlone) {
  Preferences p = parsePreferences(withPrefer({"include-unknown-enum-members"}));
  EXPECT_TRUE(p.includeUnknownEnumMembers);
  EXPECT_EQ(preferenceApplied(p), "include-unknown-enum-members");
}

TEST(Prefer, IncludeUnknownEnumMembersInAListInAnyCase) {
  EXPECT_TRUE(parsePreferences(withPrefer({"odata.maxpagesize=5, Include-Unknown-Enum-Members"}))
                  .includeUnknownEnumMembers);
}

TEST(Prefer, IncludeUnknownEnumMembersInASecondHeader) {
  EXPECT_TRUE(parsePreferences(withPrefer({"return=minimal", " include-unknown-enum-members ;x=1"}))
                  .includeUnknownEnumMembers);
}

TEST(Prefer, SimilarNamesAreNotIt) {
  EXPECT_FALSE(parsePreferences(withPrefer({"include-unknown-enum-members-not", "include"}))
                   .includeUnknownEnumMembers);
}

}  // namespace
}  // namespace tenantsim::mock
