// The admin routes the dashboard reads (under /_tenantsim/, same access rules as admin.h):
//
//   GET /_tenantsim/requests       trace records, newest first (docs/tracing.md); query: status
//                                  (200, or 4 / 5 for a class), app, path (substring), since
//                                  (ISO time), limit (default 100)
//   GET /_tenantsim/requests/{id}  one record; 404 once the ring has dropped it
//   GET /_tenantsim/stats          counters per endpoint and status, 429s, faults, events in the
//                                  store, the clock, p50/p99 over the newest traces
//   GET /_tenantsim/capabilities   per endpoint and version: what $filter, $orderby and $select
//                                  accept (odata/capabilities.h) and the collection's Graph path
#pragma once

#include <httplib.h>

#include <string_view>

#include "mockserver/routes/admin.h"

namespace tenantsim::mock {

// Answers `route` (the path after /_tenantsim/) when it is one of the above and returns true;
// returns false for any other route. The caller has already checked access.
bool serveInspectionRoute(const AdminContext& admin, std::string_view route,
                          const httplib::Request& request, httplib::Response& response);

}  // namespace tenantsim::mock
