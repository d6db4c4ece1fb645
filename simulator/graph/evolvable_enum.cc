#include "simulator/graph/evolvable_enum.h"

#include <array>

namespace tenantsim {
namespace {

constexpr std::array<std::string_view, 4> kOperationResultMembers = {
    "success", "failure", "timeout", kUnknownFutureValue};
constexpr std::array<std::string_view, 3> kGroupTypeMembers = {"unifiedGroups", "azureAD",
                                                               kUnknownFutureValue};

}  // namespace

const EvolvableEnum kOperationResultEnum{"operationResult", kOperationResultMembers};
const EvolvableEnum kGroupTypeEnum{"groupType", kGroupTypeMembers};

std::string_view evolvableMemberName(const EvolvableEnum& e, std::string_view member,
                                     UnknownEnumMembers policy) {
  if (policy == UnknownEnumMembers::Included) return member;
  bool afterSentinel = false;
  for (std::string_view declared : e.members) {
    if (declared == member) return afterSentinel ? kUnknownFutureValue : member;
    if (declared == kUnknownFutureValue) afterSentinel = true;
  }
  return member;
}

}  // namespace tenantsim
