#include "simulator/simulation/simulation.h"

#include <algorithm>
#include <cstring>
#include <thread>

#include "simulator/simulation/parallel_range.h"
#include "simulator/simulation/risk_detection_cache.h"

namespace tenantsim {

Simulation::Simulation(Scenario scenario)
    : scenario_(std::move(scenario)),
      catalog_(Catalog::instance()),
      tenant_(scenario_),
      ctx_{scenario_, tenant_, catalog_, scenario_.server.ingestDelay != "none"},
      riskDetections_(std::make_unique<RiskDetectionCache>(*this)) {
  const WorkloadsConfig& w = scenario_.workloads;
  if (w.background) workloads_.push_back(makeBackgroundWorkload(ctx_));
  if (w.pim && !tenant_.eligibilities().empty()) workloads_.push_back(makePimWorkload(ctx_));
  if (w.conditionalAccess) workloads_.push_back(makeConditionalAccessWorkload(ctx_));
  if (w.cloudPki) workloads_.push_back(makeCloudPkiWorkload(ctx_));
  if (w.catalogTour) workloads_.push_back(makeCatalogTourWorkload(ctx_));
  for (const StorylineConfig& st : scenario_.storylines) {
    if (st.kind != "compromisedServicePrincipal") continue;
    workloads_.push_back(makeAppCredentialsWorkload(ctx_));
    break;
  }
  if (w.signIns) workloads_.push_back(makeRiskRemediationWorkload(ctx_, *this));
}

Simulation::~Simulation() = default;

std::vector<Event> Simulation::generate(Ticks from, Ticks to, unsigned threads) const {
  from = std::max(from, scenario_.windowStart());
  to = std::min(to, scenario_.windowEnd);
  if (from >= to) return {};
  return generateInParallel<Event>(from, to, threads, [&](Ticks a, Ticks b, auto& out) {
    for (const auto& w : workloads_) w->generate(a, b, out);
  });
}

const Workload* Simulation::workloadFor(WorkloadKind kind) const {
  for (const auto& w : workloads_)
    if (w->kind() == kind) return w.get();
  return nullptr;
}

void Simulation::generateWorkload(WorkloadKind kind, Ticks from, Ticks to,
                                  std::vector<Event>& out) const {
  from = std::max(from, scenario_.windowStart());
  to = std::min(to, scenario_.windowEnd);
  if (from >= to) return;
  if (const Workload* w = workloadFor(kind)) w->generate(from, to, out);
}

const ConditionalAccessHistory* Simulation::conditionalAccess() const {
  return dynamic_cast<const ConditionalAccessHistory*>(
      workloadFor(WorkloadKind::ConditionalAccess));
}

namespace {
constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
}

void Simulation::describe(const Event& e, EventDetails& d) const {
  const Activity& a = catalog_.at(e.activity);
  d.reset(e, a);
  const uint64_t seed = scenario_.seed;
  // Steps of one process share its correlation id.
  char guid[36];
  guidFrom(seed, "correlation", e.key >> 8, guid);
  d.correlationId.assign(guid, 36);
  Rng r(seed, "eventId", e.key);
  if (a.source == Source::Intune) {
    guidFrom(seed, "intuneEventId", e.key, guid);
    d.id.assign(guid, 36);
  } else {
    // <prefix>_<correlation>_<5 alnum>_<8 digits>: the part after the prefix is put together in
    // a buffer and appended once.
    char tail[1 + 36 + 1 + 5 + 1 + 8];
    char* p = tail;
    *p++ = '_';
    std::memcpy(p, guid, 36);
    p += 36;
    *p++ = '_';
    for (int i = 0; i < 5; ++i) *p++ = kAlnum[r.below(36)];
    *p++ = '_';
    uint64_t number = 10'000'000 + r.below(90'000'000);
    for (int i = 7; i >= 0; --i, number /= 10) p[i] = static_cast<char>('0' + number % 10);
    d.id = a.idPrefix;
    d.id.append(tail, sizeof tail);
  }
  if (e.flags & kActorIsApp) {
    const auto& apps = tenant_.applications();
    const Application& app = apps[e.actor % apps.size()];
    d.appId = app.appId;
    d.appDisplayName = app.displayName;
    d.servicePrincipalId.assign(view(app.servicePrincipalId));
    d.servicePrincipalName.clear();
    d.actorType = "Application";
  } else {
    thread_local User u;
    tenant_.fillUser(e.actor, u);
    d.userId.assign(view(u.id));
    d.userPrincipalName = u.userPrincipalName;
    d.userDisplayName = u.displayName;
    d.userDisplayNameNull = a.service != "PIM";  // Core Directory rows leave it null
    d.ipAddress = u.ipAddress;
    d.ipAddressNull = a.service == "Conditional Access";
    d.actorType = "ItPro";
    if (a.source == Source::Intune) {
      const Application& portal = tenant_.intunePortal();
      d.appId = portal.appId;
      d.appDisplayName = portal.displayName;
    }
  }
  d.userPermissions = "[\"*\"]";
  static constexpr const char* kAgents[] = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
      "Version/17.5 Safari/605.1.15",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/131.0.0.0 Safari/537.36"};
  if (!(e.flags & kActorIsApp)) d.userAgent = kAgents[r.below(std::size(kAgents))];
  if (e.result == OperationResult::Failure && d.resultReason.empty())
    d.resultReason = "An error occurred while processing the request.";
  if (const Workload* w = workloadFor(e.workload())) w->describe(e, d);
}

void Simulation::describeIndexed(const Event& e, EventDetails& d, bool withPrincipalName) const {
  d.reset(e, catalog_.at(e.activity));
  describeIndexedParts(e, d,
                       kIndexedCorrelation | kIndexedInitiator | kIndexedTargets |
                           (withPrincipalName ? kIndexedPrincipalName : 0u));
}

unsigned Simulation::describeIndexedParts(const Event& e, EventDetails& d, unsigned parts) const {
  const Workload* w = parts & kIndexedTargets ? workloadFor(e.workload()) : nullptr;
  if (w && !w->targetIdsStandAlone()) parts |= kIndexedCorrelation | kIndexedInitiator;
  if (parts & kIndexedCorrelation) {
    char guid[36];
    guidFrom(scenario_.seed, "correlation", e.key >> 8, guid);
    d.correlationId.assign(guid, 36);
  }
  const bool byApp = e.flags & kActorIsApp;
  if (parts & kIndexedInitiator) {
    if (byApp) {
      const auto& apps = tenant_.applications();
      d.appId = apps[e.actor % apps.size()].appId;
    } else {
      Guid id;
      tenant_.userId(e.actor, id);
      d.userId.assign(view(id));
      if (d.activity->source == Source::Intune) d.appId = tenant_.intunePortal().appId;
    }
  }
  if ((parts & kIndexedPrincipalName) && !byApp) {
    thread_local User u;
    tenant_.fillUser(e.actor, u);
    d.userPrincipalName = u.userPrincipalName;
  }
  if (w) w->describeTargetIds(e, d);
  return parts;
}

std::pair<Ticks, Ticks> shardRange(const Scenario& s, int shard, int shards) {
  Ticks start = s.windowStart(), end = s.windowEnd;
  Ticks hours = (end - start + kTicksPerHour - 1) / kTicksPerHour;
  auto edge = [&](int i) { return std::min(end, start + hours * i / shards * kTicksPerHour); };
  return {edge(shard), shard + 1 == shards ? end : edge(shard + 1)};
}

}  // namespace tenantsim
