// The indexed EventStore: every event can be found through each value it renders (activity,
// initiating user by id and by principal name, initiating app, correlation id, every target id),
// whether it arrived in the first build or in later live appends, within 64 bytes per event.
#include "simulator/simulation/event_index.h"

#include <gtest/gtest.h>

#include <map>

#include "simulator/simulation/simulation.h"
#include "simulator/simulation/store.h"
#include "tests/support/scenarios.h"

namespace tenantsim {
namespace {

using testing::smallScenario;

uint8_t dim(AuditDimension d) { return static_cast<uint8_t>(d); }

// Fails the test unless every event of the store is found under each of its rendered values.
void expectEveryEventFindable(const Simulation& simulation, const EventStore& store) {
  for (Source source : {Source::Entra, Source::Intune}) {
    store.readIndexed(source, [&](std::span<const Event> events, const PostingIndex* index) {
      ASSERT_NE(index, nullptr);
      ASSERT_FALSE(events.empty());
      EventDetails d;
      for (uint32_t p = 0; p < events.size(); ++p) {
        simulation.describe(events[p], d);
        auto found = [&](AuditDimension dimension, uint64_t key) {
          return index->find(dim(dimension), key).contains(p);
        };
        ASSERT_TRUE(found(AuditDimension::Activity, events[p].activity));
        ASSERT_TRUE(found(AuditDimension::Correlation, auditIndexKey(d.correlationId)));
        if (!d.byApp()) {
          ASSERT_TRUE(found(AuditDimension::InitiatorUser, auditIndexKey(d.userId)));
          bool byName = false;
          for (uint64_t user :
               index->aliasTargets(static_cast<uint8_t>(AuditAlias::UserPrincipalName),
                                   auditIndexKey(d.userPrincipalName)))
            byName = byName || index->find(dim(AuditDimension::InitiatorUser), user).contains(p);
          ASSERT_TRUE(byName) << d.userPrincipalName;
        }
        if (!d.appId.empty()) {
          ASSERT_TRUE(found(AuditDimension::InitiatorApp, auditIndexKey(d.appId)));
        }
        for (size_t t = 0; t < d.targetCount; ++t) {
          ASSERT_TRUE(found(AuditDimension::Target, auditIndexKey(d.targets[t].id)));
        }
      }
    });
  }
}

TEST(EventIndex, KeysIgnoreAsciiCase) {
  EXPECT_EQ(auditIndexKey("Admin@Contoso.com"), auditIndexKey("admin@contoso.COM"));
  EXPECT_NE(auditIndexKey("admin@contoso.com"), auditIndexKey("admin@contoso.co"));
}

TEST(EventIndex, EveryEventIsFoundUnderEachValueItRenders) {
  Simulation simulation(smallScenario(300, 4));
  EventStore store(simulation.generateWindow(2), simulation, 2);
  expectEveryEventFindable(simulation, store);
}

// Every catalog activity once, with the quick-start's storylines: each workload's and each target
// type's ids as the index computes them (Simulation::describeIndexed) are the rendered ones.
TEST(EventIndex, EveryActivityAndStorylineIsFoundUnderItsRenderedValues) {
  Scenario s = smallScenario(300, 4);
  s.workloads.catalogTour = true;
  s.storylines = testing::shippedScenario("quickstart.json").storylines;
  s.windowDays = 30;
  s.tenant.users = 100;
  Simulation simulation(s);
  EventStore store(simulation.generateWindow(2), simulation, 2);
  expectEveryEventFindable(simulation, store);
}

// What a filter reads of a candidate without describing it (mockserver's EventFieldSource):
// describeIndexedParts, part by part in any order, gives describe()'s values, the target ids
// complete and in order (so count() and t/id agree with the other target fields), and a user's
// principal name depends on the actor alone. Target ids asked for alone are describe()'s too,
// whether or not the workload's target ids stand alone (most candidates of a one-target filter
// compute only them: one GUID, not the correlation id and initiator besides), and the parts
// reported filled are filled.
TEST(EventIndex, IndexedPartsAreTheDescribedValues) {
  Scenario s = smallScenario(300, 4);
  s.workloads.catalogTour = true;
  s.storylines = testing::shippedScenario("quickstart.json").storylines;
  s.windowDays = 30;
  s.tenant.users = 100;
  Simulation simulation(s);
  const std::vector<Event> events = simulation.generateWindow(2);
  EventDetails d, parts, alone;
  std::map<uint64_t, std::string> principalNames;
  size_t targetsAlone = 0;
  const unsigned orders[][4] = {{Simulation::kIndexedCorrelation, Simulation::kIndexedInitiator,
                                 Simulation::kIndexedPrincipalName, Simulation::kIndexedTargets},
                                {Simulation::kIndexedTargets, Simulation::kIndexedPrincipalName,
                                 Simulation::kIndexedInitiator, Simulation::kIndexedCorrelation},
                                {Simulation::kIndexedPrincipalName, Simulation::kIndexedTargets,
                                 Simulation::kIndexedCorrelation, Simulation::kIndexedInitiator}};
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    // Every event of the tour and the storylines; a quarter of the (many, alike) background ones.
    if (e.workload() == WorkloadKind::Background && i % 4 != 0) continue;
    simulation.describe(e, d);
    parts.reset(e, Catalog::instance().at(e.activity));
    for (unsigned part : orders[i % 3]) simulation.describeIndexedParts(e, parts, part);
    ASSERT_EQ(parts.correlationId, d.correlationId);
    ASSERT_EQ(parts.appId, d.appId);
    ASSERT_EQ(parts.targetCount, d.targetCount) << Catalog::instance().at(e.activity).name;
    for (size_t t = 0; t < d.targetCount; ++t) ASSERT_EQ(parts.targets[t].id, d.targets[t].id);
    alone.reset(e, Catalog::instance().at(e.activity));
    const unsigned filled = simulation.describeIndexedParts(e, alone, Simulation::kIndexedTargets);
    ASSERT_EQ(alone.targetCount, d.targetCount) << Catalog::instance().at(e.activity).name;
    for (size_t t = 0; t < d.targetCount; ++t) ASSERT_EQ(alone.targets[t].id, d.targets[t].id);
    if (filled & Simulation::kIndexedCorrelation) {
      ASSERT_EQ(alone.correlationId, d.correlationId);
    } else {
      ASSERT_TRUE(alone.correlationId.empty());
    }
    if (filled & Simulation::kIndexedInitiator) {
      ASSERT_EQ(alone.appId, d.appId);
    }
    targetsAlone += filled == Simulation::kIndexedTargets;
    if (d.byApp()) continue;
    ASSERT_EQ(parts.userId, d.userId);
    ASSERT_EQ(parts.userPrincipalName, d.userPrincipalName);
    auto [it, added] = principalNames.emplace(e.actor, d.userPrincipalName);
    ASSERT_EQ(it->second, d.userPrincipalName) << "actor " << e.actor;
  }
  EXPECT_GT(targetsAlone, events.size() / 8);  // the background's, at least
}

TEST(EventIndex, LiveAppendsKeepTheIndexComplete) {
  Simulation simulation(smallScenario(300, 4));
  const Scenario& s = simulation.scenario();
  const Ticks middle = s.windowStart() + (s.windowEnd - s.windowStart()) / 2;
  EventStore store(simulation.generate(s.windowStart(), middle), simulation);
  for (Ticks t = middle; t < s.windowEnd; t += kTicksPerHour / 4)
    store.append(simulation.generate(t, std::min(s.windowEnd, t + kTicksPerHour / 4)));
  EXPECT_EQ(store.size(Source::Entra) + store.size(Source::Intune),
            simulation.generateWindow().size());
  expectEveryEventFindable(simulation, store);
}

TEST(EventIndex, UnindexedStoreHasNoIndex) {
  Simulation simulation(smallScenario(50, 1));
  EventStore store(simulation.generateWindow());
  EXPECT_FALSE(store.indexed());
  EXPECT_EQ(store.indexBytes(), 0u);
  store.readIndexed(Source::Entra, [](std::span<const Event>, const PostingIndex* index) {
    EXPECT_EQ(index, nullptr);
  });
}

TEST(EventIndex, StoreWithIndexesFitsSixtyFourBytesPerEvent) {
  Simulation simulation(smallScenario(2000, 7));
  std::vector<Event> events = simulation.generateWindow(2);
  EventStore store(events, simulation, 2);
  const double perEvent = static_cast<double>(store.memoryBytes()) / events.size();
  std::printf("%zu events, %.1f bytes per event (index %.1f)\n", events.size(), perEvent,
              static_cast<double>(store.indexBytes()) / events.size());
  EXPECT_LE(perEvent, 64.0);
}

}  // namespace
}  // namespace tenantsim
