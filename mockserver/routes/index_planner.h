// The query planner's index half, shared by every indexed log: which of a filter's top-level
// constraints an endpoint's PostingIndex can answer (its IndexVocabulary says: audits answer
// activity-level equalities, initiating user and app, correlation id and target ids; sign-ins
// answer id, user, app, IP, correlation id, error code, kind and risk fields), unions over the
// disjuncts of a top-level `or`, and the candidate store positions of the most selective of
// them, narrowed by the others. Every record the filter matches is among the candidates; the
// engine still evaluates the filter on each one, so results are those of a scan.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "mockserver/odata/filter.h"
#include "simulator/simulation/posting_index.h"

namespace tenantsim::mock {

// What one log's index answers.
class IndexVocabulary {
 public:
  virtual ~IndexVocabulary() = default;
  // The lists a record matching `eq` (a top-level equality, or an element equality of an any())
  // must be in one of; nullopt when the index does not answer it.
  virtual std::optional<std::vector<PostingList>> listsFor(
      const PostingIndex& index, const odata::EqualityConstraint& eq) const = 0;
  // Lists a record matching a conjunction with these top-level equalities must be in one of,
  // beyond what single equalities give (audits: the catalog activities that satisfy them;
  // sign-ins: the listed population); nullopt when none.
  virtual std::optional<std::vector<PostingList>> conjunctionLists(
      const PostingIndex& /*index*/,
      const std::vector<odata::EqualityConstraint>& /*equalities*/) const {
    return std::nullopt;
  }
};

// The audit endpoints' vocabulary (event_index.h's dimensions).
class AuditIndexVocabulary final : public IndexVocabulary {
 public:
  std::optional<std::vector<PostingList>> listsFor(
      const PostingIndex& index, const odata::EqualityConstraint& eq) const override;
  std::optional<std::vector<PostingList>> conjunctionLists(
      const PostingIndex& index,
      const std::vector<odata::EqualityConstraint>& equalities) const override;
};

// The candidate positions in [lo, hi), ascending, or nullopt when the index answers no
// constraint of the plan or its best answer is not much smaller than the range itself (a scan
// is then as cheap).
std::optional<std::vector<uint32_t>> indexCandidates(const PostingIndex& index,
                                                     const odata::FilterPlan& plan,
                                                     const IndexVocabulary& vocabulary, uint32_t lo,
                                                     uint32_t hi);

}  // namespace tenantsim::mock
