#include "mockserver/routes/event_fields.h"

namespace tenantsim::mock {
namespace {

using odata::Field;
using Optional = std::optional<std::string_view>;

Optional valueOrNull(const std::string& value, bool isNull) {
  if (isNull) return std::nullopt;
  return std::string_view(value);
}

}  // namespace

std::optional<std::string_view> activityField(const Activity& a, Field field) {
  switch (field) {
    case Field::ActivityDisplayName:
    case Field::DisplayName:
    case Field::Activity:
    case Field::ActivityType:
      return std::string_view(a.name);
    case Field::Category:
      return std::string_view(a.category);
    case Field::LoggedByService:
      return std::string_view(a.service);
    case Field::OperationType:
    case Field::ActivityOperationType:
      return std::string_view(a.operationType);
    case Field::ComponentName:
      return std::string_view(a.componentName);
    default:
      return std::nullopt;
  }
}

std::vector<uint8_t> activitiesSatisfying(const odata::FilterPlan& plan) {
  std::vector<uint8_t> allowed;
  std::span<const Activity> all = Catalog::instance().all();
  for (const odata::EqualityConstraint& eq : plan.equalities) {
    if (!activityField(all.front(), eq.field)) continue;  // not decided by the activity
    if (allowed.empty()) allowed.assign(all.size(), 1);
    for (size_t i = 0; i < all.size(); ++i) {
      std::string_view value = *activityField(all[i], eq.field);
      if (!(eq.ignoreCase ? equalsIgnoreAsciiCase(value, eq.value) : value == eq.value))
        allowed[i] = 0;
    }
  }
  return allowed;
}

void EventFieldSource::reset(const Event& e) {
  event_ = &e;
  activity_ = &Catalog::instance().at(e.activity);
  described_ = false;
  keyParts_ = 0;
}

const EventDetails& EventFieldSource::details() const {
  if (!described_) {
    simulation_.describe(*event_, details_);
    described_ = true;
  }
  return details_;
}

const EventDetails& EventFieldSource::keys(unsigned parts) const {
  if (described_) return details_;
  if ((keyParts_ & parts) != parts) {
    if (keyParts_ == 0) keys_.reset(*event_, *activity_);
    simulation_.describeIndexedParts(*event_, keys_, parts & ~keyParts_);
    keyParts_ |= Simulation::indexedPartsWith(parts);
  }
  return keys_;
}

std::string_view EventFieldSource::principalName() const {
  if (described_) return details_.userPrincipalName;
  // A user's principal name depends on the actor alone: a user's events share it.
  if (namedActor_ != event_->actor) {
    principalName_ = keys(Simulation::kIndexedPrincipalName).userPrincipalName;
    namedActor_ = event_->actor;
  }
  return principalName_;
}

std::optional<std::string_view> EventFieldSource::string(Field field) const {
  const Activity& a = *activity_;
  if (std::optional<std::string_view> value = activityField(a, field)) return value;
  bool intune = a.source == Source::Intune;
  bool byApp = event_->flags & kActorIsApp;
  switch (field) {
    case Field::Result:
    case Field::ActivityResult:
      if (intune) return event_->result == OperationResult::Success ? "Success" : "Failure";
      return operationResultName(event_->result);
    case Field::ActivityDateTime:
      return std::nullopt;
    default:
      break;
  }
  // The same values describe() gives (tests/simulator/simulation/event_index_test.cc).
  switch (field) {
    case Field::CorrelationId:
      return std::string_view(keys(Simulation::kIndexedCorrelation).correlationId);
    case Field::InitiatedByUserId:
    case Field::ActorUserId:
      if (byApp) return std::nullopt;
      return std::string_view(keys(Simulation::kIndexedInitiator).userId);
    case Field::InitiatedByUserPrincipalName:
    case Field::ActorUserPrincipalName:
      if (byApp) return std::nullopt;
      return principalName();
    case Field::InitiatedByAppId:
    case Field::ActorApplicationId: {
      if (field == Field::InitiatedByAppId && !byApp) return std::nullopt;
      const std::string& appId = keys(Simulation::kIndexedInitiator).appId;
      return valueOrNull(appId, appId.empty());
    }
    default:
      break;
  }
  const EventDetails& d = details();
  switch (field) {
    case Field::Id:
      return std::string_view(d.id);
    case Field::ResultReason:
      return valueOrNull(d.resultReason, d.resultReasonNull);
    case Field::InitiatedByUserDisplayName:
      return valueOrNull(d.userDisplayName, byApp || d.userDisplayNameNull);
    case Field::InitiatedByAppDisplayName:
      return valueOrNull(d.appDisplayName, !byApp);
    case Field::InitiatedByAppServicePrincipalId:
      return valueOrNull(d.servicePrincipalId, !byApp);
    case Field::ActorApplicationDisplayName:
      return valueOrNull(d.appDisplayName, d.appDisplayName.empty());
    case Field::ActorType:
      return std::string_view(d.actorType);
    case Field::ActorIpAddress:
      return std::nullopt;  // rendered as null on auditEvents
    default:
      return std::nullopt;
  }
}

int64_t EventFieldSource::dateTime(Field) const { return event_->time; }

// The target ids (and so their count) are describeIndexedParts' (the same, in the same order, as
// describe's: tests/simulator/simulation/event_index_test.cc); their other fields describe.
size_t EventFieldSource::count(odata::Collection) const {
  return keys(Simulation::kIndexedTargets).targetCount;
}

std::optional<std::string_view> EventFieldSource::elementString(odata::Collection, size_t index,
                                                                Field field) const {
  if (field == Field::TargetId || field == Field::ResourceId) {
    const EventDetails& ids = keys(Simulation::kIndexedTargets);
    if (index >= ids.targetCount) return std::nullopt;
    return std::string_view(ids.targets[index].id);
  }
  const EventDetails& d = details();
  if (index >= d.targetCount) return std::nullopt;
  const TargetResource& t = d.targets[index];
  switch (field) {
    case Field::TargetDisplayName:
      return valueOrNull(t.displayName, t.displayNameNull);
    case Field::ResourceDisplayName:
      return std::string_view(t.displayName);
    case Field::TargetType:
    case Field::ResourceType:
      return std::string_view(t.type);
    case Field::TargetUserPrincipalName:
      return valueOrNull(t.userPrincipalName, t.upnNull);
    default:
      return std::nullopt;
  }
}

}  // namespace tenantsim::mock
