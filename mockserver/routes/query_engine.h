// Runs one parsed audit-list query against the event store: visibility at the server clock,
// retention, the filter plan's time range by binary search, the residual filter per event, the
// sort direction, the page position of a skiptoken, and one page of results plus where the next
// page starts. Also finds single items by id.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "mockserver/odata/filter.h"
#include "mockserver/odata/skiptoken.h"
#include "mockserver/routes/record_pager.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/store.h"

namespace tenantsim::mock {

struct PageQuery {
  Source source = Source::Entra;
  const odata::CompiledFilter* filter = nullptr;  // required
  odata::SortDirection direction = odata::SortDirection::Descending;
  std::optional<odata::PagePosition> start;  // first event of this page (from the skiptoken)
  size_t pageSize = 1000;
  size_t skip = 0;           // matches passed over before the page ($skip; first page only)
  bool countTotal = false;   // also count every match ($count=true)
  Ticks now = 0;             // server clock: events listed once visibleAt() <= now
  Ticks retentionFloor = 0;  // events older than this are never listed
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // Whether the planner may answer from the store's indexes (tests turn it off to compare with
  // the scan, which must give the same result).
  bool useIndexes = true;
};

using PageResult = RecordPage<Event>;

class QueryEngine {
 public:
  QueryEngine(const Simulation& simulation, const EventStore& store)
      : simulation_(simulation), store_(store) {}

  PageResult page(const PageQuery& query) const;

  // The visible, retained event whose Graph id is id (exact match), if any.
  std::optional<Event> findById(Source source, std::string_view id, Ticks now,
                                Ticks retentionFloor) const;

 private:
  // id hash -> store position, built on first lookup and extended as the store grows.
  struct IdIndex {
    std::mutex mutex;
    size_t indexed = 0;
    std::vector<std::pair<uint64_t, uint32_t>> entries;  // sorted by hash
  };
  void extendIndex(Source source, IdIndex& index) const;

  const Simulation& simulation_;
  const EventStore& store_;
  mutable IdIndex entraIds_, intuneIds_;
};

// The oldest activity time an endpoint still lists at `now`: Entra 7 days (Free) or 30 days
// (P1, P2), Intune server.intuneRetentionDays.
Ticks retentionFloor(const Scenario& scenario, Source source, Ticks now);

}  // namespace tenantsim::mock
