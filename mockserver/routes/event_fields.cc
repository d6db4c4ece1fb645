#include "mockserver/routes/event_fields.h"

#include <span>
#include <unordered_map>

#include "base/strings.h"

namespace tenantsim::mock {
namespace {

using odata::Field;
using Optional = std::optional<std::string_view>;

Optional valueOrNull(const std::string& value, bool isNull) {
  if (isNull) return std::nullopt;
  return std::string_view(value);
}

}  // namespace

namespace {

// The catalog columns an activity-level field reads.
enum class Column : uint8_t { None, Name, Category, Service, OperationType, Component };
constexpr size_t kColumns = 6;

Column columnOf(Field field) {
  switch (field) {
    case Field::ActivityDisplayName:
    case Field::DisplayName:
    case Field::Activity:
    case Field::ActivityType:
      return Column::Name;
    case Field::Category:
      return Column::Category;
    case Field::LoggedByService:
      return Column::Service;
    case Field::OperationType:
    case Field::ActivityOperationType:
      return Column::OperationType;
    case Field::ComponentName:
      return Column::Component;
    default:
      return Column::None;
  }
}

std::string_view columnValue(const Activity& a, Column column) {
  switch (column) {
    case Column::Name:
      return a.name;
    case Column::Category:
      return a.category;
    case Column::Service:
      return a.service;
    case Column::OperationType:
      return a.operationType;
    case Column::Component:
      return a.componentName;
    case Column::None:
      break;
  }
  return {};
}

// Per column, the catalog activities by ASCII-lowercased value, built once: an equality finds
// its activities in one lookup instead of comparing against all ~1,300 of them (twice a request:
// the engine's flags and the planner's activity lists).
class ActivitiesByValue {
 public:
  static const ActivitiesByValue& instance() {
    static const ActivitiesByValue built;
    return built;
  }
  // The activities whose column value equals value ignoring ASCII case (empty when none).
  std::span<const ActivityId> find(Column column, std::string_view value) const {
    const auto& byValue = columns_[static_cast<size_t>(column)];
    auto it = byValue.find(asciiLowercase(value));
    if (it == byValue.end()) return {};
    return it->second;
  }

 private:
  ActivitiesByValue() {
    for (const Activity& a : Catalog::instance().all())
      for (size_t c = 1; c < kColumns; ++c)
        columns_[c][asciiLowercase(columnValue(a, static_cast<Column>(c)))].push_back(a.id);
  }
  std::unordered_map<std::string, std::vector<ActivityId>> columns_[kColumns];
};

}  // namespace

std::optional<std::string_view> activityField(const Activity& a, Field field) {
  const Column column = columnOf(field);
  if (column == Column::None) return std::nullopt;
  return columnValue(a, column);
}

std::vector<uint8_t> activitiesSatisfying(std::span<const odata::EqualityConstraint> equalities) {
  // Each activity counts the equalities it satisfies; it is allowed when it satisfies them all.
  std::vector<uint8_t> allowed;
  uint8_t satisfied = 0;  // the equalities seen so far
  for (const odata::EqualityConstraint& eq : equalities) {
    const Column column = columnOf(eq.field);
    if (column == Column::None) continue;  // not decided by the activity
    if (allowed.empty()) allowed.assign(Catalog::instance().all().size(), 0);
    if (satisfied == 0xff) break;  // past 255 conjuncts a superset: the filter still decides
    for (ActivityId id : ActivitiesByValue::instance().find(column, eq.value)) {
      if (allowed[id] != satisfied) continue;  // refused by an earlier equality
      if (eq.ignoreCase || columnValue(Catalog::instance().at(id), column) == eq.value)
        allowed[id] = static_cast<uint8_t>(satisfied + 1);
    }
    ++satisfied;
  }
  for (uint8_t& flag : allowed) flag = flag == satisfied;
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
    keyParts_ |= simulation_.describeIndexedParts(*event_, keys_, parts & ~keyParts_);
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
