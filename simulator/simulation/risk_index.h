// The risk-detection store (identityProtection/riskDetections): the RiskLog's detections in an
// IndexedRecordStore (record_store.h), with a PostingIndex over what a selective riskDetection
// $filter names: id, user id, user principal name, request id, correlation id, IP address (hashed
// with auditIndexKey, ASCII-lowercased: the filter, run on every candidate, decides case) and the
// rendered riskEventType, riskLevel and detectionTimingType (hashed the same way, so a
// P1 tenant's `generic` / `hidden` are what is indexed). Detections are few (a fraction of a
// percent of sign-ins), so the bytes per record matter little here.
#pragma once

#include <cstdint>
#include <memory>

#include "simulator/simulation/record_store.h"
#include "simulator/simulation/risk_log.h"

namespace tenantsim {

enum class RiskDimension : uint8_t {
  Id,
  User,               // userId
  UserPrincipalName,  // userPrincipalName (lower-cased key)
  Request,            // requestId
  Correlation,        // correlationId
  IpAddress,
  EventType,  // riskEventType as rendered
  Level,      // riskLevel as rendered
  State,      // unused: riskState follows the clock (remediation), so filters on it scan
  Timing,     // detectionTimingType
};
constexpr size_t kRiskDimensions = 10;

class RiskIndexer {
 public:
  explicit RiskIndexer(const RiskLog& log) : log_(&log) {}
  void collect(const RiskDetection& r, uint32_t position, std::vector<Posting>& postings,
               std::vector<IndexAlias>& aliases);

 private:
  const RiskLog* log_;
  RiskDetectionDetails details_;
};

using RiskStore = IndexedRecordStore<RiskDetection, RiskIndexer>;

// An empty store indexing with `log`, which must outlive it.
std::unique_ptr<RiskStore> makeRiskStore(const RiskLog& log);

// A store holding the log's detections detected in [from, to).
std::unique_ptr<RiskStore> buildRiskStore(const RiskLog& log, Ticks from, Ticks to);
// A store holding `detections` (sorted), indexed with `log`.
std::unique_ptr<RiskStore> buildRiskStore(const RiskLog& log,
                                          const std::vector<RiskDetection>& detections);

}  // namespace tenantsim
