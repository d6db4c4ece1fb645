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
#include <utility>
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

// The candidates the planner chose: the lists of the most selective constraint (several for a
// union or a principal name with several ids), merged in store order as a page walks them, each
// candidate checked against the other constraints that have few lists. A page walks only as far
// as it needs (the newest 101 of a user's 30 days, not all of them) and nothing is collected.
// Views into the index: valid while the store's read lock is held.
class IndexCandidates {
 public:
  // One walk over the candidates in [from, to), ascending or descending, each position once.
  class Walk {
   public:
    // The next candidate; false when none is left.
    bool next(uint32_t& position);

   private:
    friend class IndexCandidates;
    const IndexCandidates* owner_ = nullptr;
    std::vector<PostingList::Cursor> cursors_;
    std::vector<std::pair<uint32_t, uint32_t>> heads_;  // (next position, cursor): a heap
    bool ascending_ = true;
    int64_t last_ = -1;  // the position returned last
  };

  Walk walk(uint32_t from, uint32_t to, bool ascending) const;

 private:
  friend std::optional<IndexCandidates> indexCandidates(const PostingIndex&,
                                                        const odata::FilterPlan&,
                                                        const IndexVocabulary&, uint32_t, uint32_t);
  bool admitted(uint32_t position) const;

  std::vector<PostingList> lists_;                   // the chosen constraint's lists
  std::vector<std::vector<PostingList>> narrowing_;  // each: the position must be in one of them
};

// The candidates in [lo, hi), or nullopt when the index answers no constraint of the plan or its
// best answer is not much smaller than the range itself (a scan is then as cheap).
std::optional<IndexCandidates> indexCandidates(const PostingIndex& index,
                                               const odata::FilterPlan& plan,
                                               const IndexVocabulary& vocabulary, uint32_t lo,
                                               uint32_t hi);

}  // namespace tenantsim::mock
