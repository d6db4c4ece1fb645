// One page of a sorted record log (audit events, sign-ins, ...): the time range by binary
// search, the page position of a skiptoken, optional index candidates, the residual filter per
// record, the sort direction, $skip, $count, the scan deadline, and where the next page starts.
// Records need `time`, `key` and are sorted by (time, key). Shared by every list endpoint's
// engine (QueryEngine for audits, SignInQueryEngine for sign-ins).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "mockserver/odata/filter.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/odata/skiptoken.h"

namespace tenantsim::mock {

// What a page asks for, beyond its filter (which the engine turns into `matches`).
struct PageWindow {
  int64_t lo = 0, hi = 0;  // time range, both inclusive (retention, filter bounds, the clock)
  odata::SortDirection direction = odata::SortDirection::Descending;
  std::optional<odata::PagePosition> start;  // first record of this page (from the skiptoken)
  size_t pageSize = 1000;
  size_t skip = 0;          // matches passed over before the page ($skip; first page only)
  bool countTotal = false;  // also count every match ($count=true)
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

template <typename Record>
struct RecordPage {
  std::vector<Record> events;               // in listing order
  std::optional<odata::PagePosition> next;  // first record of the next page, if any
  std::optional<uint64_t> totalCount;       // with countTotal
  bool timedOut = false;                    // the deadline passed; the page is unusable
  bool usedIndex = false;                   // candidates came from an index, not the range
  uint64_t examined = 0;                    // records the filter was evaluated on
};

// Pages `records` (sorted by (time, key)). matches(record) decides a record (visibility
// included); candidates(from, to) returns the index's candidates in [from, to) (an optional of a
// type with walk(from, to, ascending), whose next(position) gives them one at a time in that
// order: IndexCandidates), or nullopt to walk the range.
template <typename Record, typename Matches, typename Candidates>
void pageRecords(std::span<const Record> records, const PageWindow& w, Matches&& matches,
                 Candidates&& candidates, RecordPage<Record>& result) {
  using odata::SortDirection;
  constexpr size_t kDeadlineCheckInterval = 1024;
  auto before = [](const Record& r, int64_t time, uint64_t key) {
    return r.time != time ? r.time < time : r.key < key;
  };
  auto byTime = [](const Record& r, int64_t t) { return r.time < t; };
  const size_t first = static_cast<size_t>(
      std::lower_bound(records.begin(), records.end(), w.lo, byTime) - records.begin());
  const size_t last =
      static_cast<size_t>(std::upper_bound(records.begin() + first, records.end(), w.hi,
                                           [](int64_t t, const Record& r) { return t < r.time; }) -
                          records.begin());
  size_t begin = first, end = last;
  if (w.start) {
    const odata::PagePosition& p = *w.start;
    const size_t at =
        static_cast<size_t>(std::lower_bound(records.begin() + first, records.begin() + last, p,
                                             [&](const Record& r, const odata::PagePosition& pos) {
                                               return before(r, pos.activityTicks, pos.eventKey);
                                             }) -
                            records.begin());
    // Ascending: the page starts at the position; descending: it ends there (inclusive).
    if (w.direction == SortDirection::Ascending)
      begin = at;
    else
      end = (at != last && records[at].time == p.activityTicks && records[at].key == p.eventKey)
                ? at + 1
                : at;
  }
  const auto index = w.countTotal
                         ? candidates(static_cast<uint32_t>(first), static_cast<uint32_t>(last))
                         : candidates(static_cast<uint32_t>(begin), static_cast<uint32_t>(end));
  result.usedIndex = index.has_value();
  size_t examined = 0;
  auto expired = [&] {
    return ++examined % kDeadlineCheckInterval == 0 &&
           std::chrono::steady_clock::now() > w.deadline;
  };
  // Calls f on the records of [from, to) that may match, in the query's order, until f returns
  // false; false when the deadline passed.
  auto walk = [&](size_t from, size_t to, bool ascending, auto&& f) {
    if (index) {
      auto candidates =
          index->walk(static_cast<uint32_t>(from), static_cast<uint32_t>(to), ascending);
      for (uint32_t position = 0; candidates.next(position);) {
        if (expired()) return false;
        if (!f(records[position])) break;
      }
      return true;
    }
    if (ascending) {
      for (size_t i = from; i != to; ++i) {
        if (expired()) return false;
        if (!f(records[i])) break;
      }
    } else {
      for (size_t i = to; i != from;) {
        if (expired()) return false;
        if (!f(records[--i])) break;
      }
    }
    return true;
  };
  if (w.countTotal) {
    uint64_t total = 0;
    if (!walk(first, last, true, [&](const Record& r) {
          total += matches(r);
          return true;
        })) {
      result.timedOut = true;
      return;
    }
    result.totalCount = total;
  }
  size_t skipped = 0;
  auto take = [&](const Record& r) -> bool {  // false once the page and one more are found
    if (!matches(r)) return true;
    if (skipped < w.skip) {
      ++skipped;
      return true;
    }
    if (result.events.size() == w.pageSize) {
      result.next = odata::PagePosition{r.time, r.key, w.direction};
      return false;
    }
    result.events.push_back(r);
    return true;
  };
  if (!walk(begin, end, w.direction == SortDirection::Ascending, take)) result.timedOut = true;
  result.examined = examined;
}

}  // namespace tenantsim::mock
