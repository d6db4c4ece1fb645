// Graph's evolvable enums: an enum whose members include the `unknownFutureValue` sentinel may
// gain members after it, and Graph sends those only to clients that ask for them with
// `Prefer: include-unknown-enum-members`; every other client reads the sentinel instead.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace tenantsim {

// What a response may carry of the members declared after the sentinel.
enum class UnknownEnumMembers : uint8_t {
  AsSentinel,  // written as "unknownFutureValue" (the default)
  Included,    // written as themselves (the request sent the Prefer header)
};

struct EvolvableEnum {
  std::string_view name;                      // "operationResult"
  std::span<const std::string_view> members;  // in CSDL declaration order, the sentinel among them
};

inline constexpr std::string_view kUnknownFutureValue = "unknownFutureValue";

// The name to write for `member` (a member of e, as Graph spells it): the member itself, or the
// sentinel when the member is declared after it and `policy` is AsSentinel. A name e does not
// declare is written as it is.
std::string_view evolvableMemberName(const EvolvableEnum& e, std::string_view member,
                                     UnknownEnumMembers policy);

// The evolvable enums the audit entities use, as Graph's CSDL declares them (v1.0 and beta, from
// microsoftgraph/msgraph-metadata). None has a member after the sentinel yet, so no audit item
// changes with the Prefer header today; the sign-in entities' enums do.
extern const EvolvableEnum kOperationResultEnum;  // directoryAudit.result
extern const EvolvableEnum kGroupTypeEnum;        // targetResource.groupType

}  // namespace tenantsim
