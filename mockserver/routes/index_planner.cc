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

bool admits(const Constraint& c, uint32_t position) {
  for (const PostingList& list : c.lists)
    if (list.contains(position)) return true;
  return false;
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
  odata::FilterPlan own;
  own.equalities = equalities;
  const std::vector<uint8_t> allowed = activitiesSatisfying(own);
  if (allowed.empty()) return std::nullopt;
  std::vector<PostingList> lists;
  for (size_t a = 0; a < allowed.size(); ++a)
    if (allowed[a]) lists.push_back(index.find(dim(AuditDimension::Activity), a));
  return lists;
}

std::optional<std::vector<uint32_t>> indexCandidates(const PostingIndex& index,
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

  std::vector<uint32_t> candidates;
  candidates.reserve(best->estimate);
  for (const PostingList& list : best->lists) list.collect(lo, hi, candidates);
  if (best->lists.size() > 1) {
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  for (const Constraint& other : constraints) {
    if (&other == &*best || other.lists.size() > kMaxNarrowingLists) continue;
    std::erase_if(candidates, [&](uint32_t p) { return !admits(other, p); });
  }
  return candidates;
}

}  // namespace tenantsim::mock
