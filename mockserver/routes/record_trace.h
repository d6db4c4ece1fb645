// The query plan of a record-store page (sign-ins, risk detections) as a request trace keeps it.
#pragma once

#include <cstdint>

#include "mockserver/http/trace.h"
#include "mockserver/odata/filter.h"
#include "mockserver/routes/record_pager.h"

namespace tenantsim::mock {

template <typename Record>
QueryPlanTrace recordPlanTrace(const odata::FilterPlan& plan, int64_t now, const PageWindow& w,
                               const RecordPage<Record>& result) {
  QueryPlanTrace t;
  t.present = true;
  t.timeLo = plan.timeLo;
  t.timeHi = plan.timeHi;
  t.visibleAt = now;
  t.retainedFrom = w.lo;
  t.equalities = static_cast<uint32_t>(plan.equalities.size() + plan.elementEqualities.size());
  t.ascending = w.direction == odata::SortDirection::Ascending;
  t.fromSkiptoken = w.start.has_value();
  t.nextPage = result.next.has_value();
  t.pageSize = w.pageSize;
  t.returned = result.events.size();
  t.usedIndex = result.usedIndex;
  t.examined = result.examined;
  return t;
}

}  // namespace tenantsim::mock
