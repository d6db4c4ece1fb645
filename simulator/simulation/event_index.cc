#include "simulator/simulation/event_index.h"

#include "base/rng.h"
#include "base/strings.h"
#include "simulator/simulation/simulation.h"

namespace tenantsim {
namespace {

void post(std::vector<Posting>& out, AuditDimension dimension, uint64_t key, uint32_t position) {
  out.push_back({key, position, static_cast<uint8_t>(dimension)});
}

}  // namespace

uint64_t auditIndexKey(std::string_view value) {
  // FNV-1a over the lowercased bytes, then a finalizer: the bucket uses the top bits.
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : value) h = (h ^ static_cast<uint8_t>(asciiLower(c))) * 0x100000001b3ULL;
  return mix64(h);
}

PostingIndex makeAuditIndex() {
  return PostingIndex(kAuditDimensions, {static_cast<uint8_t>(AuditDimension::Activity)});
}

void AuditIndexer::collect(const Event& e, uint32_t position, std::vector<Posting>& postings,
                           std::vector<AuditAliasEntry>& aliases) {
  EventDetails& d = details_;
  // A user's principal name is an alias of its id: recorded the first time the user is seen.
  const bool intune = Catalog::instance().at(e.activity).source == Source::Intune;
  const bool byUser = !(e.flags & kActorIsApp);
  const bool firstSeen = byUser && namedUsers_.insert((uint64_t{e.actor} << 1) | intune).second;
  simulation_.describeIndexed(e, d, firstSeen);
  post(postings, AuditDimension::Activity, e.activity, position);
  post(postings, AuditDimension::Correlation, auditIndexKey(d.correlationId), position);
  if (byUser) {
    const uint64_t user = auditIndexKey(d.userId);
    post(postings, AuditDimension::InitiatorUser, user, position);
    if (firstSeen) aliases.push_back({auditIndexKey(d.userPrincipalName), user});
  }
  if (!d.appId.empty())
    post(postings, AuditDimension::InitiatorApp, auditIndexKey(d.appId), position);
  // A record carries each key once: target ids may repeat within one event.
  const size_t first = postings.size();
  for (size_t i = 0; i < d.targetCount; ++i) {
    const uint64_t key = auditIndexKey(d.targets[i].id);
    bool seen = false;
    for (size_t j = first; j < postings.size() && !seen; ++j) seen = postings[j].key == key;
    if (!seen) post(postings, AuditDimension::Target, key, position);
  }
}

}  // namespace tenantsim
