// The provisioning store: the ProvisioningLog's entries in an IndexedRecordStore (record_store.h)
// with a PostingIndex over what a selective provisioning $filter names: id, change id, cycle id,
// source and target identity ids (hashed, auditIndexKey: ASCII-lowercased, so the filter run on
// every candidate decides case), and the job (servicePrincipal/id and jobId name it), action and
// status (direct).
#pragma once

#include <memory>
#include <vector>

#include "simulator/simulation/provisioning_log.h"
#include "simulator/simulation/record_store.h"

namespace tenantsim {

enum class ProvisioningDimension : uint8_t {
  Id,
  Change,
  Cycle,
  Source,  // sourceIdentity/id
  Target,  // targetIdentity/id (when the target object exists)
  Job,     // direct: the job's index (servicePrincipal/id, jobId)
  Action,  // direct: ProvisioningAction, the rare ones (actionIsIndexed)
  Status,  // direct: ProvisioningResult, the rare ones (resultIsIndexed)
};
constexpr size_t kProvisioningDimensions = 8;

// The actions and statuses the index lists. Most entries are updates (72 % of the quick-start's)
// and skipped or successful (51 % and 47 %): lists that long are never the planner's choice (it
// scans past an eighth of the range) and cost 4 bytes per entry each, so a filter on them scans,
// which fills a page at once (docs/provisioning.md).
constexpr bool actionIsIndexed(ProvisioningAction a) { return a != ProvisioningAction::Update; }
constexpr bool resultIsIndexed(ProvisioningResult r) {
  return r == ProvisioningResult::Failure || r == ProvisioningResult::Warning;
}

class ProvisioningIndexer {
 public:
  explicit ProvisioningIndexer(const ProvisioningLog& log) : log_(&log) {}
  void collect(const ProvisioningEvent& e, uint32_t position, std::vector<Posting>& postings,
               std::vector<IndexAlias>& aliases);

 private:
  const ProvisioningLog* log_;
  ProvisioningDetails details_;
};

using ProvisioningStore = IndexedRecordStore<ProvisioningEvent, ProvisioningIndexer>;

// A store holding the log's entries of [from, to), indexed with `log` (which must outlive it),
// generated and indexed on `threads` threads (the same store whatever the count).
std::unique_ptr<ProvisioningStore> buildProvisioningStore(const ProvisioningLog& log, Ticks from,
                                                          Ticks to, unsigned threads = 1);

}  // namespace tenantsim
