// Graph's evolvable-enum rule (simulator/graph/evolvable_enum.h): members declared after
// unknownFutureValue are written as the sentinel unless the client asked for them.
#include "simulator/graph/evolvable_enum.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace tenantsim {
namespace {

// signIn's appliedConditionalAccessPolicyResult (../shared/reference/signins.md): two members after
// the sentinel.
constexpr std::array<std::string_view, 8> kPolicyResultMembers = {
    "success", "failure",           "notApplied",        "notEnabled",
    "unknown", kUnknownFutureValue, "reportOnlySuccess", "reportOnlyFailure"};
const EvolvableEnum kPolicyResult{"appliedConditionalAccessPolicyResult", kPolicyResultMembers};

TEST(EvolvableEnum, MemberAfterTheSentinelIsTheSentinelByDefault) {
  EXPECT_EQ(evolvableMemberName(kPolicyResult, "reportOnlySuccess", UnknownEnumMembers::AsSentinel),
            "unknownFutureValue");
  EXPECT_EQ(evolvableMemberName(kPolicyResult, "reportOnlyFailure", UnknownEnumMembers::AsSentinel),
            "unknownFutureValue");
}

TEST(EvolvableEnum, MemberAfterTheSentinelIsItselfWhenIncluded) {
  EXPECT_EQ(evolvableMemberName(kPolicyResult, "reportOnlySuccess", UnknownEnumMembers::Included),
            "reportOnlySuccess");
}

TEST(EvolvableEnum, MembersUpToTheSentinelAreAlwaysThemselves) {
  for (std::string_view member : {"success", "unknown", "unknownFutureValue"}) {
    EXPECT_EQ(evolvableMemberName(kPolicyResult, member, UnknownEnumMembers::AsSentinel), member);
    EXPECT_EQ(evolvableMemberName(kPolicyResult, member, UnknownEnumMembers::Included), member);
  }
}

TEST(EvolvableEnum, UndeclaredNameIsWrittenAsItIs) {
  EXPECT_EQ(evolvableMemberName(kPolicyResult, "", UnknownEnumMembers::AsSentinel), "");
  EXPECT_EQ(evolvableMemberName(kPolicyResult, "other", UnknownEnumMembers::AsSentinel), "other");
}

// msgraph-metadata's CSDL: operationResult and groupType end at the sentinel, so the audit items
// read the same with and without the Prefer header.
TEST(EvolvableEnum, AuditEnumsAreGraphsAndEndAtTheSentinel) {
  EXPECT_EQ(std::vector<std::string_view>(kOperationResultEnum.members.begin(),
                                          kOperationResultEnum.members.end()),
            (std::vector<std::string_view>{"success", "failure", "timeout", "unknownFutureValue"}));
  EXPECT_EQ(
      std::vector<std::string_view>(kGroupTypeEnum.members.begin(), kGroupTypeEnum.members.end()),
      (std::vector<std::string_view>{"unifiedGroups", "azureAD", "unknownFutureValue"}));
  for (const EvolvableEnum* e : {&kOperationResultEnum, &kGroupTypeEnum})
    EXPECT_EQ(e->members.back(), kUnknownFutureValue) << e->name;
}

}  // namespace
}  // namespace tenantsim
