#include "mockserver/routes/risk_query.h"

#include <algorithm>
#include <limits>

#include "simulator/simulation/event_index.h"
#include "simulator/simulation/risk_detection_cache.h"
#include "simulator/simulation/simulation.h"

namespace tenantsim::mock {
namespace {

using odata::Field;

uint8_t dim(RiskDimension d) { return static_cast<uint8_t>(d); }

}  // namespace

void RiskFieldSource::reset(const RiskDetection& r) {
  detection_ = &r;
  described_ = false;
}

const RiskDetectionDetails& RiskFieldSource::details() const {
  if (!described_) {
    log_.describe(*detection_, details_);
    if (states_) applyDetectionState(states_->of(*detection_), details_);
    described_ = true;
  }
  return details_;
}

std::optional<std::string_view> RiskFieldSource::string(Field field) const {
  const RiskDetectionDetails& d = details();
  // As risk_render.cc writes them.
  switch (field) {
    case Field::Id:
      return d.id;
    case Field::RequestId:
      return d.signIn.id;
    case Field::CorrelationId:
      return d.signIn.correlationId;
    case Field::RiskEventType:
      return d.riskEventType;
    case Field::RiskLevel:
      return d.riskLevel;
    case Field::RiskState:
      return d.riskState;
    case Field::RiskDetail:
      return d.riskDetail;
    case Field::DetectionTimingType:
      return d.timing;
    case Field::Activity:
      return d.activity;
    case Field::RiskSource:
      return d.source;
    case Field::SignInAppId:
      return d.signIn.appId;
    case Field::ServicePrincipalId:
      return d.signIn.servicePrincipalId;
    case Field::ServicePrincipalDisplayName:
      return d.signIn.servicePrincipalName;
    case Field::TokenIssuerType:
      return "AzureAD";
    case Field::UserId:
      return d.signIn.userId;
    case Field::UserDisplayName:
      return d.signIn.userDisplayName;
    case Field::UserPrincipalName:
      return d.signIn.userPrincipalName;
    case Field::IpAddress:
      return d.signIn.ipAddress;
    case Field::LocationCity:
      return d.signIn.city;
    case Field::LocationState:
      return d.signIn.state;
    case Field::LocationCountryOrRegion:
      return d.signIn.countryOrRegion;
    default:
      return std::nullopt;
  }
}

int64_t RiskFieldSource::dateTime(Field field) const {
  switch (field) {
    case Field::RiskActivityDateTime:
      return detection_->signIn.time;
    case Field::LastUpdatedDateTime:
      return states_ ? states_->of(*detection_).lastUpdated : detection_->updated;
    default:
      return detection_->time;
  }
}

std::optional<std::vector<PostingList>> RiskIndexVocabulary::listsFor(
    const PostingIndex& index, const odata::EqualityConstraint& eq) const {
  auto one = [&](RiskDimension d) {
    return std::vector<PostingList>{index.find(dim(d), auditIndexKey(eq.value))};
  };
  switch (eq.field) {
    case Field::Id:
      return one(RiskDimension::Id);
    case Field::UserId:
      return one(RiskDimension::User);
    case Field::UserPrincipalName:
      return one(RiskDimension::UserPrincipalName);
    case Field::RequestId:
      return one(RiskDimension::Request);
    case Field::CorrelationId:
      return one(RiskDimension::Correlation);
    case Field::IpAddress:
      return one(RiskDimension::IpAddress);
    case Field::RiskEventType:
      return one(RiskDimension::EventType);
    case Field::RiskLevel:
      return one(RiskDimension::Level);
    case Field::DetectionTimingType:
      return one(RiskDimension::Timing);
    default:
      return std::nullopt;
  }
}

RecordPage<RiskDetection> RiskQueryEngine::page(const RiskPageQuery& query) const {
  RecordPage<RiskDetection> result;
  const odata::FilterPlan& plan = query.filter->plan();
  PageWindow window = query.window;
  if (plan.timeLo) window.lo = std::max<int64_t>(window.lo, *plan.timeLo);
  if (plan.timeHi) window.hi = std::min<int64_t>(window.hi, *plan.timeHi);
  if (window.lo > window.hi || plan.provablyEmpty()) return result;
  RiskFieldSource fields(log_, query.states);
  auto matches = [&](const RiskDetection& r) {
    if (r.visibleAt() > query.now) return false;
    if (query.filter->matchesEverything()) return true;
    fields.reset(r);
    return query.filter->matches(fields);
  };
  const RiskIndexVocabulary vocabulary;
  store_.read([&](std::span<const RiskDetection> detections, const PostingIndex* index) {
    auto candidates = [&](uint32_t from, uint32_t to) -> std::optional<IndexCandidates> {
      if (!query.useIndexes) return std::nullopt;
      return indexCandidates(*index, plan, vocabulary, from, to);
    };
    pageRecords(detections, window, matches, candidates, result);
  });
  return result;
}

std::optional<RiskDetection> RiskQueryEngine::findById(std::string_view id, int64_t now) const {
  return store_.read([&](std::span<const RiskDetection> detections,
                         const PostingIndex* index) -> std::optional<RiskDetection> {
    std::vector<uint32_t> candidates;
    index->find(dim(RiskDimension::Id), auditIndexKey(id))
        .collect(0, static_cast<uint32_t>(detections.size()), candidates);
    RiskDetectionDetails d;
    for (uint32_t position : candidates) {
      const RiskDetection& r = detections[position];
      if (r.visibleAt() > now) continue;
      log_.describe(r, d);
      if (d.id == id) return r;
    }
    return std::nullopt;
  });
}

std::vector<RiskDetection> RiskQueryEngine::visibleServicePrincipals(int64_t now) const {
  std::vector<RiskDetection> out = log_.simulation().riskDetections().generateServicePrincipals(
      std::numeric_limits<Ticks>::min(), now + 1);
  std::erase_if(out, [&](const RiskDetection& r) { return r.visibleAt() > now; });
  return out;
}

DetectionStates RiskQueryEngine::statesAt(int64_t now, RiskSubject subject) const {
  return DetectionStates(visible(now), now, log_.scenario(), subject);
}

std::vector<RiskDetection> RiskQueryEngine::visible(int64_t now) const {
  return store_.read([&](std::span<const RiskDetection> detections, const PostingIndex*) {
    std::vector<RiskDetection> out;
    for (const RiskDetection& r : detections)
      if (r.visibleAt() <= now) out.push_back(r);
    return out;
  });
}

}  // namespace tenantsim::mock
