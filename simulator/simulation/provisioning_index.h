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
  Action,  // direct: ProvisioningAction
  Status,  // direct: ProvisioningResult
};
constexpr size_t kProvisioningDimensions = 8;

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

// A store holding the log's entries of [from, to), indexed with `log` (which must outlive it).
std::unique_ptr<ProvisioningStore> buildProvisioningStore(const ProvisioningLog& log, Ticks from,
                                                          Ticks to);

}  // namespace tenantsim
