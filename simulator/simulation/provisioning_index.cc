#include "simulator/simulation/provisioning_index.h"

#include "simulator/simulation/event_index.h"
#include "simulator/simulation/parallel_range.h"

namespace tenantsim {
namespace {

void post(std::vector<Posting>& out, ProvisioningDimension dimension, uint64_t key,
          uint32_t position) {
  out.push_back({key, position, static_cast<uint8_t>(dimension)});
}

}  // namespace

void ProvisioningIndexer::collect(const ProvisioningEvent& e, uint32_t position,
                                  std::vector<Posting>& postings, std::vector<IndexAlias>&) {
  ProvisioningDetails& d = details_;
  log_->describe(e, d, /*withContent=*/false);
  post(postings, ProvisioningDimension::Id, auditIndexKey(d.id), position);
  post(postings, ProvisioningDimension::Change, auditIndexKey(d.changeId), position);
  post(postings, ProvisioningDimension::Cycle, auditIndexKey(d.cycleId), position);
  post(postings, ProvisioningDimension::Source, auditIndexKey(d.sourceId), position);
  if (!d.targetId.empty())
    post(postings, ProvisioningDimension::Target, auditIndexKey(d.targetId), position);
  post(postings, ProvisioningDimension::Job, e.job, position);
  if (actionIsIndexed(e.action))
    post(postings, ProvisioningDimension::Action, static_cast<uint64_t>(e.action), position);
  if (resultIsIndexed(e.result))
    post(postings, ProvisioningDimension::Status, static_cast<uint64_t>(e.result), position);
}

std::unique_ptr<ProvisioningStore> buildProvisioningStore(const ProvisioningLog& log, Ticks from,
                                                          Ticks to, unsigned threads) {
  auto store = std::make_unique<ProvisioningStore>(
      PostingIndex(kProvisioningDimensions, {static_cast<uint8_t>(ProvisioningDimension::Job),
                                             static_cast<uint8_t>(ProvisioningDimension::Action),
                                             static_cast<uint8_t>(ProvisioningDimension::Status)}),
      [&log] { return ProvisioningIndexer(log); });
  if (!log.enabled()) return store;
  // A day at a time, each day's hours cut among the threads (generating [a, c) gives [a, b) then
  // [b, c)), as the sign-in store is built.
  auto generateDay = [&](Ticks a, Ticks b) {
    return generateInParallel<ProvisioningEvent>(
        a, b, threads, [&](Ticks x, Ticks y, auto& out) { out = log.generate(x, y); });
  };
  store->build(timeSlices(from, to, kTicksPerDay, generateDay), threads);
  return store;
}

}  // namespace tenantsim
