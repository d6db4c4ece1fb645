// An event seen through the names a $filter uses: answers odata::FieldSource for one stored event.
// Properties that come from the record or its catalog activity (time, category, activity name,
// service, operation type, result) are answered directly; the correlation id, the initiator's ids
// and principal name and the target ids from Simulation::describeIndexedParts, each part on first
// need (the index's keys, a fraction of a whole description: what a filter on one user, app,
// correlation id or target reads of every candidate; a principal name is the actor's, so it is
// kept for the next event of the same actor); anything else describes the event once, on first
// need, reusing the same buffers for the next event (no rendering, no allocation once warm).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "mockserver/odata/field_source.h"
#include "mockserver/odata/filter.h"
#include "simulator/simulation/simulation.h"

namespace tenantsim::mock {

// The value of `field` when the catalog activity alone decides it (activity name, category,
// service, operation type, component), else nullopt.
std::optional<std::string_view> activityField(const Activity& activity, odata::Field field);

// For a filter's top-level equalities on activity-level fields: one flag per catalog activity,
// set when the activity satisfies all of them (no event of an unset activity can match). Empty
// when the filter has no such equality.
std::vector<uint8_t> activitiesSatisfying(std::span<const odata::EqualityConstraint> equalities);
inline std::vector<uint8_t> activitiesSatisfying(const odata::FilterPlan& plan) {
  return activitiesSatisfying(plan.equalities);
}

class EventFieldSource : public odata::FieldSource {
 public:
  explicit EventFieldSource(const Simulation& simulation) : simulation_(simulation) {}

  // Points the source at e; e must outlive the calls made until the next reset.
  void reset(const Event& e);

  std::optional<std::string_view> string(odata::Field field) const override;
  int64_t dateTime(odata::Field field) const override;
  size_t count(odata::Collection collection) const override;
  std::optional<std::string_view> elementString(odata::Collection collection, size_t index,
                                                odata::Field field) const override;

 private:
  const EventDetails& details() const;
  // The describeIndexedParts fields `parts` asks for (details() when described).
  const EventDetails& keys(unsigned parts) const;
  std::string_view principalName() const;  // of a user initiator

  const Simulation& simulation_;
  const Event* event_ = nullptr;
  const Activity* activity_ = nullptr;
  mutable EventDetails details_;
  mutable bool described_ = false;
  mutable EventDetails keys_;
  mutable unsigned keyParts_ = 0;  // Simulation::IndexedPart flags filled in keys_
  static constexpr uint64_t kNoActor = ~uint64_t{0};
  mutable uint64_t namedActor_ = kNoActor;  // the user whose principal name principalName_ is
  mutable std::string principalName_;
};

}  // namespace tenantsim::mock
