// The alerts and incidents a request can see, and their $filter/$orderby/$skip/$top listing.
//
// A tenant raises tens to a few thousand alerts a month, so the engine keeps them in one sorted
// vector and every query scans it (no posting indexes: docs/security-alerts.md#serving). Alerts
// are generated up to the server clock, and further as a live clock moves on; each request reads
// an immutable snapshot. An alert's state (status, lastUpdateDateTime, ...) is the one it has at
// the request's instant, so filters and ordering on it see what the rendered item says.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mockserver/odata/filter.h"
#include "mockserver/odata/query_options.h"
#include "simulator/simulation/alert_log.h"

namespace tenantsim::mock {

struct SecurityListQuery {
  const odata::CompiledFilter* filter = nullptr;
  Ticks now = 0;
  bool byLastUpdate = false;  // $orderby=lastUpdateDateTime, else createdDateTime
  bool ascending = false;     // Graph's default: newest first
  size_t skip = 0;
  size_t top = 0;
};

template <typename T>
struct SecurityPage {
  std::vector<const T*> items;                         // into the snapshot the page was read from
  size_t matched = 0;                                  // every match ($count), before $skip/$top
  std::shared_ptr<const std::vector<Alert>> snapshot;  // keeps the alerts alive
  std::shared_ptr<const std::vector<Incident>> incidents;
};

class AlertQueryEngine {
 public:
  // signIns (and its simulation) must outlive the engine. Generates the alerts up to `now` on
  // `threads` threads.
  AlertQueryEngine(const SignInLog& signIns, Ticks now, unsigned threads = 1);

  const AlertLog& log() const { return log_; }

  SecurityPage<Alert> alerts(const SecurityListQuery& q) const;
  SecurityPage<Incident> incidents(const SecurityListQuery& q) const;
  // By id, among those created by `now`; nullopt when none.
  std::optional<Alert> findAlert(std::string_view id, Ticks now) const;
  std::optional<Incident> findIncident(std::string_view id, Ticks now) const;

 private:
  struct Snapshot {
    std::shared_ptr<const std::vector<Alert>> alerts;  // created before generatedUpTo
    std::shared_ptr<const std::vector<Incident>> incidents;
  };
  // The alerts (and incidents) created at or before now.
  Snapshot snapshot(Ticks now, unsigned threads = 1) const;

  AlertLog log_;
  mutable std::mutex mutex_;
  mutable Snapshot current_;
  mutable Ticks generatedUpTo_ = 0;
};

}  // namespace tenantsim::mock
