#include "mockserver/routes/alert_query.h"

#include <algorithm>

namespace tenantsim::mock {
namespace {

using odata::Collection;
using odata::Field;

// Generated ahead of the clock in steps of this much simulated time.
constexpr Ticks kGenerationStep = kTicksPerDay;

// An alert as a $filter reads it, at the request's instant.
class AlertFields final : public odata::FieldSource {
 public:
  AlertFields(const AlertLog& log, Ticks now) : log_(log), now_(now) {}
  void reset(const Alert& a) {
    alert_ = &a;
    assignedToKnown_ = false;
  }

  std::optional<std::string_view> string(Field field) const override {
    const Alert& a = *alert_;
    const AlertStatus status = a.statusAt(now_);
    switch (field) {
      case Field::Status:
        return alertStatusName(status);
      case Field::Severity:
        return alertSeverityName(a.severity);
      case Field::Classification:
        return status == AlertStatus::Resolved ? alertClassificationName(a.verdict) : "unknown";
      case Field::Determination:
        return status == AlertStatus::Resolved ? alertDeterminationName(a.verdict) : "unknown";
      case Field::ServiceSource:
        return alertText(a).serviceSource;
      case Field::AssignedTo:
        if (status == AlertStatus::New) return std::nullopt;
        if (!assignedToKnown_) {
          assignedTo_ = log_.analystOf(a.incidentKey());
          assignedToKnown_ = true;
        }
        return assignedTo_;
      default:
        return std::nullopt;
    }
  }
  int64_t dateTime(Field field) const override {
    return field == Field::LastUpdateDateTime ? alert_->lastUpdateAt(now_) : alert_->time;
  }
  size_t count(Collection) const override { return 0; }
  std::optional<std::string_view> elementString(Collection, size_t, Field) const override {
    return std::nullopt;
  }

 private:
  const AlertLog& log_;
  Ticks now_;
  const Alert* alert_ = nullptr;
  mutable std::string assignedTo_;
  mutable bool assignedToKnown_ = false;
};

// An incident as a $filter reads it, at the request's instant.
class IncidentFields final : public odata::FieldSource {
 public:
  IncidentFields(const AlertLog& log, Ticks now) : log_(log), now_(now) {}
  void reset(const Incident& i) { log_.describeIncident(i, now_, details_); }
  const IncidentDetails& details() const { return details_; }

  std::optional<std::string_view> string(Field field) const override {
    const IncidentDetails& d = details_;
    switch (field) {
      case Field::Status:
        return incidentStatusName(d.status);
      case Field::Severity:
        return alertSeverityName(d.severity);
      case Field::Classification:
        return d.classified ? alertClassificationName(d.verdict) : "unknown";
      case Field::Determination:
        return d.classified ? alertDeterminationName(d.verdict) : "unknown";
      case Field::AssignedTo:
        if (d.assignedTo.empty()) return std::nullopt;
        return d.assignedTo;
      default:
        return std::nullopt;
    }
  }
  int64_t dateTime(Field field) const override {
    return field == Field::LastUpdateDateTime ? details_.lastUpdate : details_.incident->time;
  }
  size_t count(Collection) const override { return 0; }
  std::optional<std::string_view> elementString(Collection, size_t, Field) const override {
    return std::nullopt;
  }

 private:
  const AlertLog& log_;
  Ticks now_;
  IncidentDetails details_;
};

// Sorts matches by (the chosen time, key), in the asked direction, then applies $skip/$top.
template <typename T>
void order(std::vector<std::pair<Ticks, const T*>>& matches, const SecurityListQuery& q,
           SecurityPage<T>& page) {
  auto less = [](const std::pair<Ticks, const T*>& a, const std::pair<Ticks, const T*>& b) {
    return a.first != b.first ? a.first < b.first : a.second->key < b.second->key;
  };
  if (q.ascending)
    std::stable_sort(matches.begin(), matches.end(), less);
  else
    std::stable_sort(matches.begin(), matches.end(),
                     [&](const auto& a, const auto& b) { return less(b, a); });
  page.matched = matches.size();
  for (size_t i = q.skip; i < matches.size() && page.items.size() < q.top; ++i)
    page.items.push_back(matches[i].second);
}

}  // namespace

AlertQueryEngine::AlertQueryEngine(const SignInLog& signIns, Ticks now, unsigned threads)
    : log_(signIns), generatedUpTo_(log_.simulation().scenario().windowStart()) {
  current_.alerts = std::make_shared<const std::vector<Alert>>();
  current_.incidents = std::make_shared<const std::vector<Incident>>();
  snapshot(now, threads);
}

AlertQueryEngine::Snapshot AlertQueryEngine::snapshot(Ticks now, unsigned threads) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const Ticks windowEnd = log_.simulation().scenario().windowEnd;
  if (now >= generatedUpTo_ && generatedUpTo_ < windowEnd) {
    const Ticks target = std::min(windowEnd, std::max(now + 1, generatedUpTo_ + kGenerationStep));
    auto alerts = std::make_shared<std::vector<Alert>>(*current_.alerts);
    for (const Alert& a : log_.generate(generatedUpTo_, target, threads)) alerts->push_back(a);
    current_.incidents =
        std::make_shared<const std::vector<Incident>>(AlertLog::groupIncidents(*alerts));
    current_.alerts = std::move(alerts);
    generatedUpTo_ = target;
  }
  return current_;
}

SecurityPage<Alert> AlertQueryEngine::alerts(const SecurityListQuery& q) const {
  SecurityPage<Alert> page;
  page.snapshot = snapshot(q.now).alerts;
  AlertFields fields(log_, q.now);
  std::vector<std::pair<Ticks, const Alert*>> matches;
  for (const Alert& a : *page.snapshot) {
    if (a.time > q.now) break;
    fields.reset(a);
    if (q.filter && !q.filter->matches(fields)) continue;
    matches.emplace_back(q.byLastUpdate ? a.lastUpdateAt(q.now) : a.time, &a);
  }
  order(matches, q, page);
  return page;
}

SecurityPage<Incident> AlertQueryEngine::incidents(const SecurityListQuery& q) const {
  SecurityPage<Incident> page;
  Snapshot s = snapshot(q.now);
  page.snapshot = s.alerts;
  page.incidents = s.incidents;
  IncidentFields fields(log_, q.now);
  std::vector<std::pair<Ticks, const Incident*>> matches;
  for (const Incident& i : *s.incidents) {
    if (i.time > q.now) break;
    fields.reset(i);
    if (q.filter && !q.filter->matches(fields)) continue;
    matches.emplace_back(q.byLastUpdate ? fields.details().lastUpdate : i.time, &i);
  }
  order(matches, q, page);
  return page;
}

std::optional<Alert> AlertQueryEngine::findAlert(std::string_view id, Ticks now) const {
  std::shared_ptr<const std::vector<Alert>> alerts = snapshot(now).alerts;
  for (const Alert& a : *alerts) {
    if (a.time > now) break;
    if (AlertLog::alertId(a) == id) return a;
  }
  return std::nullopt;
}

std::optional<Incident> AlertQueryEngine::findIncident(std::string_view id, Ticks now) const {
  std::shared_ptr<const std::vector<Incident>> incidents = snapshot(now).incidents;
  for (const Incident& i : *incidents) {
    if (i.time > now) break;
    if (AlertLog::incidentId(i.key) == id) return i;
  }
  return std::nullopt;
}

}  // namespace tenantsim::mock
