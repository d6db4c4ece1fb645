#include "mockserver/routes/provisioning_query.h"

#include <algorithm>

#include "simulator/simulation/event_index.h"

namespace tenantsim::mock {
namespace {

using odata::Field;

uint8_t dim(ProvisioningDimension d) { return static_cast<uint8_t>(d); }

constexpr ProvisioningAction kActions[] = {
    ProvisioningAction::Other,   ProvisioningAction::Create, ProvisioningAction::Delete,
    ProvisioningAction::Disable, ProvisioningAction::Update, ProvisioningAction::StagedDelete};
constexpr ProvisioningResult kResults[] = {ProvisioningResult::Success, ProvisioningResult::Failure,
                                           ProvisioningResult::Skipped,
                                           ProvisioningResult::Warning};

}  // namespace

void ProvisioningFieldSource::reset(const ProvisioningEvent& e) {
  event_ = &e;
  described_ = false;
}

const ProvisioningDetails& ProvisioningFieldSource::details() const {
  if (!described_) {
    log_.describe(*event_, details_, /*withContent=*/false);
    described_ = true;
  }
  return details_;
}

std::optional<std::string_view> ProvisioningFieldSource::string(Field field) const {
  const ProvisioningEvent& e = *event_;
  const ProvisioningJob& job = log_.jobs()[e.job];
  // As provisioning_render.cc writes them.
  switch (field) {
    case Field::Id:
      return details().id;
    case Field::ChangeId:
      return details().changeId;
    case Field::CycleId:
      return details().cycleId;
    case Field::JobId:
      return job.jobId;
    case Field::TenantId:
      return log_.simulation().scenario().tenant.id;
    case Field::ProvisioningAction:
      return provisioningActionName(e.action);
    case Field::ProvisioningStatus:
      return provisioningResultName(e.result);
    case Field::ServicePrincipalId:
      return job.servicePrincipalId;
    case Field::ServicePrincipalDisplayName:
    case Field::TargetSystemDisplayName:
      return job.app;
    case Field::SourceIdentityId:
      return details().sourceId;
    case Field::SourceIdentityDisplayName:
      return details().sourceName;
    case Field::SourceIdentityType:
      return "User";
    case Field::TargetIdentityId:
      return details().targetId;
    case Field::TargetIdentityDisplayName:
      return "";
    case Field::TargetIdentityType:
      return job.targetIdentityType;
    case Field::SourceSystemDisplayName:
      return kProvisioningSourceSystemName;
    case Field::InitiatedByDisplayName:
      return kProvisioningInitiator;
    default:
      return std::nullopt;
  }
}

int64_t ProvisioningFieldSource::dateTime(Field) const { return event_->time; }

std::optional<std::vector<PostingList>> ProvisioningIndexVocabulary::listsFor(
    const PostingIndex& index, const odata::EqualityConstraint& eq) const {
  std::vector<PostingList> lists;
  auto hashed = [&](ProvisioningDimension d) {
    lists.push_back(index.find(dim(d), auditIndexKey(eq.value)));
    return lists;
  };
  // Direct dimensions: every value the text names, in any case (a superset is enough: the
  // filter decides case on each candidate).
  switch (eq.field) {
    case Field::Id:
      return hashed(ProvisioningDimension::Id);
    case Field::ChangeId:
      return hashed(ProvisioningDimension::Change);
    case Field::CycleId:
      return hashed(ProvisioningDimension::Cycle);
    case Field::SourceIdentityId:
      return hashed(ProvisioningDimension::Source);
    case Field::TargetIdentityId:
      if (eq.value.empty()) return std::nullopt;  // skipped entries have no target
      return hashed(ProvisioningDimension::Target);
    case Field::ServicePrincipalId:
    case Field::JobId: {
      const std::vector<ProvisioningJob>& jobs = log_.jobs();
      for (size_t j = 0; j < jobs.size(); ++j) {
        const std::string& value =
            eq.field == Field::JobId ? jobs[j].jobId : jobs[j].servicePrincipalId;
        if (equalsIgnoreAsciiCase(value, eq.value))
          lists.push_back(index.find(dim(ProvisioningDimension::Job), j));
      }
      return lists;  // empty: no job has it
    }
    case Field::ProvisioningAction:
      for (ProvisioningAction a : kActions) {
        if (!equalsIgnoreAsciiCase(provisioningActionName(a), eq.value)) continue;
        if (!actionIsIndexed(a)) return std::nullopt;  // not listed: the scan decides
        lists.push_back(index.find(dim(ProvisioningDimension::Action), static_cast<uint64_t>(a)));
      }
      return lists;
    case Field::ProvisioningStatus:
      for (ProvisioningResult r : kResults) {
        if (!equalsIgnoreAsciiCase(provisioningResultName(r), eq.value)) continue;
        if (!resultIsIndexed(r)) return std::nullopt;  // not listed: the scan decides
        lists.push_back(index.find(dim(ProvisioningDimension::Status), static_cast<uint64_t>(r)));
      }
      return lists;
    default:
      return std::nullopt;
  }
}

RecordPage<ProvisioningEvent> ProvisioningQueryEngine::page(
    const ProvisioningPageQuery& query) const {
  RecordPage<ProvisioningEvent> result;
  const odata::FilterPlan& plan = query.filter->plan();
  PageWindow window = query.window;
  if (plan.timeLo) window.lo = std::max<int64_t>(window.lo, *plan.timeLo);
  if (plan.timeHi) window.hi = std::min<int64_t>(window.hi, *plan.timeHi);
  if (window.lo > window.hi || plan.provablyEmpty()) return result;
  ProvisioningFieldSource fields(log_);
  auto matches = [&](const ProvisioningEvent& e) {
    if (e.visibleAt() > query.now) return false;
    if (query.filter->matchesEverything()) return true;
    fields.reset(e);
    return query.filter->matches(fields);
  };
  const ProvisioningIndexVocabulary vocabulary(log_);
  store_.read([&](std::span<const ProvisioningEvent> events, const PostingIndex* index) {
    auto candidates = [&](uint32_t from, uint32_t to) -> std::optional<IndexCandidates> {
      if (!query.useIndexes) return std::nullopt;
      return indexCandidates(*index, plan, vocabulary, from, to);
    };
    pageRecords(events, window, matches, candidates, result);
  });
  return result;
}

std::optional<ProvisioningEvent> ProvisioningQueryEngine::findById(std::string_view id, int64_t now,
                                                                   int64_t floor) const {
  return store_.read([&](std::span<const ProvisioningEvent> events,
                         const PostingIndex* index) -> std::optional<ProvisioningEvent> {
    std::vector<uint32_t> candidates;
    index->find(dim(ProvisioningDimension::Id), auditIndexKey(id))
        .collect(0, static_cast<uint32_t>(events.size()), candidates);
    ProvisioningDetails d;
    for (uint32_t position : candidates) {
      const ProvisioningEvent& e = events[position];
      if (e.visibleAt() > now || e.time < floor) continue;
      log_.describe(e, d, /*withContent=*/false);
      if (d.id == id) return e;
    }
    return std::nullopt;
  });
}

}  // namespace tenantsim::mock
