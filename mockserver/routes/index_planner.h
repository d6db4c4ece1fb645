// The query planner's index half: which of a filter's top-level constraints an endpoint's
// PostingIndex can answer (activity-level equalities, initiating user and app, correlation id,
// target ids, and unions of those over the disjuncts of a top-level `or`), and the candidate
// store positions of the most selective of them, narrowed by the others. Every event the filter
// matches is among the candidates; the engine still evaluates the filter on each one, so results
// are those of a scan.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "mockserver/odata/filter.h"
#include "simulator/simulation/posting_index.h"

namespace tenantsim::mock {

// The candidate positions in [lo, hi), ascending, or nullopt when the index answers no
// constraint of the plan or its best answer is not much smaller than the range itself (a scan
// is then as cheap). activityAllowed: activitiesSatisfying(plan).
std::optional<std::vector<uint32_t>> indexCandidates(const PostingIndex& index,
                                                     const odata::FilterPlan& plan,
                                                     const std::vector<uint8_t>& activityAllowed,
                                                     uint32_t lo, uint32_t hi);

}  // namespace tenantsim::mock
