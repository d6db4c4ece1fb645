#include "mockserver/routes/index_planner.h"

#include <algorithm>

#include "mockserver/routes/event_fields.h"
#include "simulator/simulation/event_index.h"

namespace tenantsim::mock {
namespace {

using odata::Field;

// Index candidates only pay when they are at most this fraction of the range: a scan reads
// events in order and refuses most by their activity alone.
constexpr size_t kScanFraction = 8;
// A constraint narrows the chosen one's candidates by membership only when it has this few lists.
constexpr size_t kMaxNarrowingLists = 4;

// One constraint: an event can match only if it is in one of the lists.
struct Constraint {
  std::vector<PostingList> lists;
  size_t estimate = 0;
};

// The constraints one conjunction gives (its conjunction lists as one).
std::vector<Constraint> constraintsOf(const PostingIndex& index, const IndexVocabulary& vocabulary,
                                      const std::vector<odata::EqualityConstraint>& equalities,
                                      const std::vector<odata::EqualityConstraint>& elements,
                                      uint32_t lo, uint32_t hi) {
  std::vector<Constraint> constraints;
  if (std::optional<std::vector<PostingList>> lists =
          vocabulary.conjunctionLists(index, equalities))
    constraints.push_back({std::move(*lists), 0});
  for (const auto* list : {&equalities, &elements}) {
    for (const odata::EqualityConstraint& eq : *list)
      if (std::optional<std::vector<PostingList>> lists = vocabulary.listsFor(index, eq))
        constraints.push_back({std::move(*lists), 0});
  }
  for (Constraint& c : constraints)
    for (const PostingList& l : c.lists) c.estimate += l.estimate(lo, hi);
  return constraints;
}

// A top-level `or`: the union over its disjuncts of each one's smallest constraint, or nullopt
// when a disjunct has none.
std::optional<Constraint> unionOf(const PostingIndex& index, const IndexVocabulary& vocabulary,
                                  const std::vector<odata::FilterPlan::Disjunct>& disjuncts,
                                  uint32_t lo, uint32_t hi) {
  Constraint all;
  for (const odata::FilterPlan::Disjunct& d : disjuncts) {
    std::vector<Constraint> options =
        constraintsOf(index, vocabulary, d.equalities, d.elementEqualities, lo, hi);
    if (options.empty()) return std::nullopt;
    Constraint& best = *std::min_element(
        options.begin(), options.end(),
        [](const Constraint& a, const Constraint& b) { return a.estimate < b.estimate; });
    all.lists.insert(all.lists.end(), best.lists.begin(), best.lists.end());
    all.estimate += best.estimate;
  }
  return all;
}

}  // namespace

namespace {
uint8_t dim(AuditDimension d) { return static_cast<uint8_t>(d); }
}  // namespace

std::optional<std::vector<PostingList>> AuditIndexVocabulary::listsFor(
    const PostingIndex& index, const odata::EqualityConstraint& eq) const {
  const uint64_t key = auditIndexKey(eq.value);
  std::vector<PostingList> lists;
  switch (eq.field) {
    case Field::InitiatedByUserId:
    case Field::ActorUserId:
      lists.push_back(index.find(dim(AuditDimension::InitiatorUser), key));
      return lists;
    case Field::InitiatedByUserPrincipalName:
    case Field::ActorUserPrincipalName:
      for (uint64_t user :
           index.aliasTargets(static_cast<uint8_t>(AuditAlias::UserPrincipalName), key))
        lists.push_back(index.find(dim(AuditDimension::InitiatorUser), user));
      return lists;
    case Field::InitiatedByAppId:
    case Field::ActorApplicationId:
      lists.push_back(index.find(dim(AuditDimension::InitiatorApp), key));
      return lists;
    case Field::CorrelationId:
      lists.push_back(index.find(dim(AuditDimension::Correlation), key));
      return lists;
    case Field::TargetId:
    case Field::ResourceId:
      lists.push_back(index.find(dim(AuditDimension::Target), key));
      return lists;
    default:
      return std::nullopt;
  }
}

std::optional<std::vector<PostingList>> AuditIndexVocabulary::conjunctionLists(
    const PostingIndex& index, const std::vector<odata::EqualityConstraint>& equalities) const {
  const std::vector<uint8_t> allowed = activitiesSatisfying(equalities);
  if (allowed.empty()) return std::nullopt;
  // Only the activities the store has events of: of PIM's 196 catalog activities, a few dozen
  // (each list costs binary searches to estimate and to walk, and a place in the walk's heap).
  std::vector<PostingList> lists;
  for (size_t a = 0; a < allowed.size(); ++a) {
    if (!allowed[a]) continue;
    PostingList list = index.find(dim(AuditDimension::Activity), a);
    if (!list.empty()) lists.push_back(list);
  }
  return lists;
}

std::optional<IndexCandidates> indexCandidates(const PostingIndex& index,
                                               const odata::FilterPlan& plan,
                                               const IndexVocabulary& vocabulary, uint32_t lo,
                                               uint32_t hi) {
  std::vector<Constraint> constraints =
      constraintsOf(index, vocabulary, plan.equalities, plan.elementEqualities, lo, hi);
  for (const std::vector<odata::FilterPlan::Disjunct>& alternative : plan.alternatives)
    if (std::optional<Constraint> c = unionOf(index, vocabulary, alternative, lo, hi))
      constraints.push_back(std::move(*c));
  if (constraints.empty()) return std::nullopt;
  auto best = std::min_element(
      constraints.begin(), constraints.end(),
      [](const Constraint& a, const Constraint& b) { return a.estimate < b.estimate; });
  if (best->estimate > (hi - lo) / kScanFraction) return std::nullopt;

  IndexCandidates candidates;
  candidates.lists_ = std::move(best->lists);
  for (Constraint& other : constraints) {
    if (&other == &*best || other.lists.size() > kMaxNarrowingLists) continue;
    candidates.narrowing_.push_back(std::move(other.lists));
  }
  return candidates;
}

bool IndexCandidates::admitted(uint32_t position) const {
  for (const std::vector<PostingList>& lists : narrowing_) {
    bool in = false;
    for (const PostingList& list : lists) in = in || list.contains(position);
    if (!in) return false;
  }
  return true;
}

IndexCandidates::Walk IndexCandidates::walk(uint32_t from, uint32_t to, bool ascending) const {
  Walk w;
  w.owner_ = this;
  w.ascending_ = ascending;
  w.cursors_.reserve(lists_.size());
  w.heads_.reserve(lists_.size());
  for (const PostingList& list : lists_) {
    PostingList::Cursor cursor(list, from, to, ascending);
    uint32_t first = 0;
    if (!cursor.next(first)) continue;
    w.heads_.emplace_back(first, static_cast<uint32_t>(w.cursors_.size()));
    w.cursors_.push_back(cursor);
  }
  // A heap whose top is the next position in the walk's direction.
  auto later = [ascending](const auto& a, const auto& b) {
    return ascending ? a.first > b.first : a.first < b.first;
  };
  std::make_heap(w.heads_.begin(), w.heads_.end(), later);
  return w;
}

bool IndexCandidates::Walk::next(uint32_t& position) {
  auto later = [this](const std::pair<uint32_t, uint32_t>& a,
                      const std::pair<uint32_t, uint32_t>& b) {
    return ascending_ ? a.first > b.first : a.first < b.first;
  };
  while (!heads_.empty()) {
    const uint32_t p = heads_.front().first;
    if (heads_.size() == 1) {  // one list left: no heap to keep
      if (!cursors_[heads_.front().second].next(heads_.front().first)) heads_.clear();
    } else {
      std::pop_heap(heads_.begin(), heads_.end(), later);
      if (cursors_[heads_.back().second].next(heads_.back().first))
        std::push_heap(heads_.begin(), heads_.end(), later);
      else
        heads_.pop_back();
    }
    if (static_cast<int64_t>(p) == last_) continue;  // in two lists, or twice in one
    last_ = p;
    if (!owner_->admitted(p)) continue;
    position = p;
    return true;
  }
  return false;
}

}  // namespace tenantsim::mock
