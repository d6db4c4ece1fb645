#include "simulator/simulation/store.h"

#include <algorithm>
#include <thread>

#include "simulator/simulation/event_index.h"
#include "simulator/simulation/parallel_range.h"
#include "simulator/simulation/simulation.h"

namespace tenantsim {
namespace {

constexpr size_t kMinPart = size_t{1} << 20;  // events indexed per step of a large append
constexpr size_t kEventsPerThread = 4096;     // below this, one thread indexes a part

struct PartIndex {
  std::vector<Posting> entra, intune;
  std::vector<AuditAliasEntry> entraAliases, intuneAliases;
};

void addAliases(PostingIndex& index, std::vector<AuditAliasEntry>& aliases) {
  std::sort(aliases.begin(), aliases.end());
  aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
  for (const AuditAliasEntry& a : aliases)
    index.addAlias(static_cast<uint8_t>(AuditAlias::UserPrincipalName), a.alias, a.key);
}

}  // namespace

EventStore::EventStore(const std::vector<Event>& events, const Simulation& simulation,
                       unsigned threads)
    : indexer_(&simulation),
      entraIndex_(std::make_unique<PostingIndex>(makeAuditIndex())),
      intuneIndex_(std::make_unique<PostingIndex>(makeAuditIndex())) {
  const Catalog& catalog = Catalog::instance();
  size_t intune = 0;
  for (const Event& e : events) intune += catalog.at(e.activity).source == Source::Intune;
  entra_.reserve(events.size() - intune);
  intune_.reserve(intune);
  entraIndex_->expect(events.size() - intune);
  intuneIndex_->expect(intune);
  append(events, threads);
}

void EventStore::append(const std::vector<Event>& events, unsigned threads) {
  std::lock_guard serial(appendMutex_);
  // Only appenders change the lists, and they hold appendMutex_: their sizes are stable here.
  size_t done = 0;
  while (done < events.size()) {
    const size_t stored = entra_.size() + intune_.size();
    const size_t part =
        indexer_ ? std::min(events.size() - done, std::max(kMinPart, stored / 4)) : events.size();
    appendPart(std::span<const Event>(events).subspan(done, part), threads);
    done += part;
  }
}

// Indexes events (positions follow the lists' current ends), then appends events and postings
// under the exclusive lock.
void EventStore::appendPart(std::span<const Event> events, unsigned threads) {
  const Catalog& catalog = Catalog::instance();
  PartIndex all;
  if (indexer_) {
    std::vector<uint32_t> position(events.size());
    size_t entra = entra_.size(), intune = intune_.size();
    for (size_t i = 0; i < events.size(); ++i) {
      size_t& next = catalog.at(events[i].activity).source == Source::Intune ? intune : entra;
      position[i] = static_cast<uint32_t>(next++);
    }
    threads = static_cast<unsigned>(
        std::clamp<size_t>(events.size() / kEventsPerThread, 1, std::max(1u, threads)));
    std::vector<PartIndex> parts(threads);
    auto run = [&](unsigned t) {
      AuditIndexer indexer(*indexer_);
      PartIndex& out = parts[t];
      const size_t from = events.size() * t / threads, to = events.size() * (t + 1) / threads;
      for (size_t i = from; i < to; ++i) {
        const bool intune = catalog.at(events[i].activity).source == Source::Intune;
        indexer.collect(events[i], position[i], intune ? out.intune : out.entra,
                        intune ? out.intuneAliases : out.entraAliases);
      }
    };
    runOnThreads(threads, run);
    for (PartIndex& p : parts) {
      all.entra.insert(all.entra.end(), p.entra.begin(), p.entra.end());
      all.intune.insert(all.intune.end(), p.intune.begin(), p.intune.end());
      all.entraAliases.insert(all.entraAliases.end(), p.entraAliases.begin(), p.entraAliases.end());
      all.intuneAliases.insert(all.intuneAliases.end(), p.intuneAliases.begin(),
                               p.intuneAliases.end());
      p = {};
    }
  }
  std::unique_lock lock(mutex_);
  size_t intune = 0;
  for (const Event& e : events) intune += catalog.at(e.activity).source == Source::Intune;
  if (entra_.capacity() < entra_.size() + events.size() - intune)
    entra_.reserve(entra_.size() + events.size() - intune);
  if (intune_.capacity() < intune_.size() + intune) intune_.reserve(intune_.size() + intune);
  for (const Event& e : events) list(catalog.at(e.activity).source).push_back(e);
  if (indexer_) {
    entraIndex_->add(all.entra);
    intuneIndex_->add(all.intune);
    addAliases(*entraIndex_, all.entraAliases);
    addAliases(*intuneIndex_, all.intuneAliases);
  }
}

size_t EventStore::memoryBytes() const {
  std::shared_lock lock(mutex_);
  size_t n = (entra_.capacity() + intune_.capacity()) * sizeof(Event);
  if (entraIndex_) n += entraIndex_->memoryBytes() + intuneIndex_->memoryBytes();
  return n;
}

size_t EventStore::indexBytes() const {
  std::shared_lock lock(mutex_);
  return entraIndex_ ? entraIndex_->memoryBytes() + intuneIndex_->memoryBytes() : 0;
}

}  // namespace tenantsim
