// What the event store indexes about each audit event, so a selective $filter costs about
// O(matches + log n): the catalog activity, the initiating user and app, the correlation id and
// the target (resource) ids. The values are those the event renders (Simulation::describe), keyed
// by a hash of their ASCII-lowercased text: one key serves Graph's case-sensitive and
// case-insensitive comparisons alike, and the filter, run on every candidate, decides.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "simulator/simulation/event.h"
#include "simulator/simulation/posting_index.h"

namespace tenantsim {

class Simulation;

// The dimensions of an audit endpoint's PostingIndex.
enum class AuditDimension : uint8_t {
  Activity,       // key: the catalog ActivityId (a direct dimension)
  InitiatorUser,  // initiatedBy/user/id, Intune actor/userId (user-initiated events)
  InitiatorApp,   // initiatedBy/app/appId, Intune actor/applicationId (when not empty)
  Correlation,    // correlationId
  Target,         // targetResources/any(t: t/id), Intune resources/any(r: r/resourceId)
};
constexpr size_t kAuditDimensions = 5;

// Alias kinds: a user principal name names InitiatorUser keys (the user ids it was seen with).
enum class AuditAlias : uint8_t { UserPrincipalName };

// The key of a rendered value (a hash of its ASCII-lowercased bytes).
uint64_t auditIndexKey(std::string_view value);

// An empty index with the audit dimensions.
PostingIndex makeAuditIndex();

struct AuditAliasEntry {
  uint64_t alias = 0, key = 0;
  bool operator==(const AuditAliasEntry&) const = default;
  bool operator<(const AuditAliasEntry& o) const {
    return alias != o.alias ? alias < o.alias : key < o.key;
  }
};

// Collects the postings (and user principal name aliases) of events, describing what the index
// needs of each (Simulation::describeIndexed). One per thread.
class AuditIndexer {
 public:
  explicit AuditIndexer(const Simulation& simulation) : simulation_(simulation) {}

  // Appends the postings of e, stored at `position` of its endpoint's list.
  void collect(const Event& e, uint32_t position, std::vector<Posting>& postings,
               std::vector<AuditAliasEntry>& aliases);

 private:
  const Simulation& simulation_;
  EventDetails details_;
  std::unordered_set<uint64_t> namedUsers_;  // (actor, endpoint) whose alias was collected
};

}  // namespace tenantsim
