// A compiled $filter: validated against an endpoint's capability table, evaluated per event over
// a FieldSource without allocating, plus a plan the store can use to narrow its scan.
//
// Error messages are exactly Graph's: "Invalid filter clause" for anything unparseable or
// unsupported, "Invalid filter clause: Could not find a property named 'X' on type 'T'." for
// unknown properties; the precise reason goes into Error::detail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/field_source.h"
#include "mockserver/odata/odata_error.h"

namespace tenantsim::odata {

struct FilterOptions {
  // eq/ne/startswith on String properties ignore ASCII case when true. Graph is UNCONFIRMED
  // (Intune UPN observed case-sensitive); GUID-typed properties always ignore case.
  bool caseInsensitiveStrings = false;
  size_t maxLength = 4096;  // longer filter text is rejected before lexing
  int maxDepth = 64;        // parentheses + not + any() nesting
};

// A top-level `field eq 'value'` conjunct (integers: their decimal text).
struct EqualityConstraint {
  Field field;
  std::string value;
  bool ignoreCase;
};

// What the store may use to narrow a scan. Every event the filter matches satisfies the time
// range and all equalities; the store must still call matches() on each candidate.
struct FilterPlan {
  // activityDateTime bounds in 100 ns ticks, both inclusive (gt/lt already shifted by one tick),
  // intersected over the top-level 'and' conjuncts; nullopt when unbounded.
  std::optional<int64_t> timeLo;
  std::optional<int64_t> timeHi;
  // The earliest activityDateTime lower bound (ge/gt/eq) written anywhere in the filter, even
  // under 'or': what the server compares with the retention floor.
  std::optional<int64_t> earliestLowerBound;
  std::vector<EqualityConstraint> equalities;
  // Top-level `collection/any(x: x/field eq 'value')` conjuncts (also each `eq` conjunct of an
  // any() body): some element of the collection has field equal to value.
  std::vector<EqualityConstraint> elementEqualities;
  // Top-level `or` (the root, or a top-level 'and' conjunct): each disjunct's own top-level
  // equalities and element equalities, found as above. A matching event satisfies all the
  // constraints of at least one disjunct of each entry.
  struct Disjunct {
    std::vector<EqualityConstraint> equalities, elementEqualities;
  };
  std::vector<std::vector<Disjunct>> alternatives;

  bool provablyEmpty() const { return timeLo && timeHi && *timeLo > *timeHi; }
};

class CompiledFilter {
 public:
  // An empty filter matches everything.
  CompiledFilter();

  // `text` is the decoded $filter value; it need not outlive the result.
  static Result<CompiledFilter> compile(std::string_view text, const EndpointCapabilities& caps,
                                        const FilterOptions& options = {});

  // Whether the event `source` describes passes the filter. Thread-safe; no heap allocation.
  bool matches(const FieldSource& source) const;

  const FilterPlan& plan() const;
  bool matchesEverything() const;
  // Whether the filter has a `collection/any(…)` anywhere (signIns: naming signInEventTypes
  // widens the listed population).
  bool usesCollection(Collection collection) const;

  struct Program;  // defined in filter.cc

 private:
  explicit CompiledFilter(std::shared_ptr<const Program> program);
  std::shared_ptr<const Program> program_;
};

}  // namespace tenantsim::odata
