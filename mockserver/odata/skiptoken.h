// Stateless paging tokens. A token carries where the next page starts (activity time, event key,
// sort direction), the page number, and a fingerprint of the normalized query it belongs to; it
// is hex-encoded (URL-safe, opaque) and authenticated with HMAC-SHA256 under a caller key, so
// every replica that derives the key from the same scenario seed accepts the others' tokens.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/odata_error.h"
#include "mockserver/odata/query_options.h"

namespace tenantsim::odata {

// The first event of the next page, in the listing's sort order.
struct PagePosition {
  int64_t activityTicks = 0;  // activityDateTime, 100 ns ticks since the Unix epoch
  uint64_t eventKey = 0;      // the store's tie-breaker among equal times
  SortDirection direction = SortDirection::Descending;

  bool operator==(const PagePosition&) const = default;
};

struct PageCursor {
  PagePosition position;
  uint32_t pageNumber = 0;  // of the page the token leads to (the first page is 0)

  bool operator==(const PageCursor&) const = default;
};

// A digest of everything that shapes the listing: endpoint, API version, $filter, $orderby,
// $select, $top and $count. A token only resumes the query it was minted for.
using QueryFingerprint = std::array<uint8_t, 8>;
QueryFingerprint fingerprintQuery(const QueryOptions& query, Endpoint endpoint,
                                  ApiVersion apiVersion);

class SkiptokenCodec {
 public:
  // `key` may be any length; keyFromSeed gives a 32-byte key every replica agrees on.
  explicit SkiptokenCodec(std::string key);
  static std::string keyFromSeed(uint64_t scenarioSeed);

  std::string encode(const PageCursor& cursor, const QueryFingerprint& query) const;

  // 400 BadRequest "Invalid $skiptoken" (reason in detail) for garbage, truncated, forged or
  // other-query tokens. Never throws.
  Result<PageCursor> decode(std::string_view token, const QueryFingerprint& query) const;

 private:
  std::string key_;
};

}  // namespace tenantsim::odata
