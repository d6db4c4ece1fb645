#include "mockserver/server/serving_state.h"

#include <malloc.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "mockserver/routes/alert_query.h"
#include "mockserver/routes/identity_routes.h"
#include "mockserver/routes/item_cache.h"
#include "mockserver/routes/provisioning_query.h"
#include "mockserver/routes/query_engine.h"
#include "mockserver/routes/risk_query.h"
#include "mockserver/routes/signin_query.h"
#include "mockserver/stages/builder.h"

namespace tenantsim::mock {

void tuneAllocatorForServing() {
#ifdef __GLIBC__
  if (std::getenv("GLIBC_TUNABLES")) return;
  ::mallopt(M_MMAP_THRESHOLD, 4 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 4 << 20);
#endif
}

namespace {

std::atomic<uint64_t> liveStates{0};

auth::AuthMode authModeOf(const Scenario& scenario) {
  return auth::parseAuthMode(scenario.server.auth).value_or(auth::AuthMode::Strict);
}

}  // namespace

ServingState::ServingState(ScenarioWorld world, const ServerShared& shared, uint64_t generation)
    : world_(std::move(world)),
      generation_(generation),
      metrics_(shared.metrics),
      authorizer_(authModeOf(scenario()), scenario().tenant.id, &shared.signingKey),
      tokenEndpoint_(directoryFor(scenario()), shared.signingKey),
      skiptokens_(odata::SkiptokenCodec::keyFromSeed(scenario().seed)),
      queryEngine_(std::make_unique<QueryEngine>(*world_.simulation, *world_.store)) {
  // A borrowed world (tests, benchmarks) gets the sign-ins up to its clock (a live scenario's
  // window runs years past it; the caller's own feeder, if any, appends audit events only).
  attachSignIns(world_, std::min(scenario().windowEnd, world_.clock.now()),
                std::max(2u, std::thread::hardware_concurrency()));
  signInEngine_ = std::make_unique<SignInQueryEngine>(*world_.signInLog, *world_.signIns);
  riskEngine_ = std::make_unique<RiskQueryEngine>(*world_.riskLog, *world_.risks);
  alertEngine_ = std::make_unique<AlertQueryEngine>(
      *world_.signInLog, world_.clock.now(), std::max(2u, std::thread::hardware_concurrency()));
  provisioningLog_ = std::make_unique<ProvisioningLog>(*world_.simulation);
  provisioningStore_ = buildProvisioningStore(*provisioningLog_, scenario().windowStart(),
                                              std::min(scenario().windowEnd, world_.clock.now()),
                                              std::max(2u, std::thread::hardware_concurrency()));
  provisioningEngine_ =
      std::make_unique<ProvisioningQueryEngine>(*provisioningLog_, *provisioningStore_);
  renderCache_ = std::make_unique<RenderedItemCache>(
      static_cast<size_t>(std::max<int64_t>(0, scenario().server.renderCacheMegabytes)) << 20);
  context_ = std::make_unique<ServerContext>(
      ServerContext{*world_.simulation, scenario(), *world_.store, world_.clock, shared.options,
                    authorizer_, tokenEndpoint_, shared.signingKey, skiptokens_, *queryEngine_,
                    shared.requestSequence, shared.metrics, *signInEngine_, *riskEngine_,
                    *alertEngine_, *provisioningEngine_, renderCache_.get()});
  stages_ = buildPipeline(*context_);
  if (world_.feedFrom) {
    feeder_ = std::make_unique<LiveFeeder>(*world_.simulation, *world_.store, world_.clock,
                                           *world_.feedFrom);
    feeder_->feedSignIns(*world_.signInLog, *world_.signIns);
    feeder_->feedRisks(*world_.risks);
    feeder_->feedProvisioning(*provisioningLog_, *provisioningStore_);
  }
  liveStates.fetch_add(1, std::memory_order_relaxed);
  metrics_.servingStateCreated();
}

uint64_t ServingState::liveCount() { return liveStates.load(std::memory_order_relaxed); }

ServingState::~ServingState() {
  stopFeeder();
  liveStates.fetch_sub(1, std::memory_order_relaxed);
  metrics_.servingStateDestroyed();
}

void ServingState::startFeeder() {
  if (feeder_) feeder_->start();
}

void ServingState::stopFeeder() {
  if (feeder_) feeder_->stop();
}

namespace {

// "VmRSS" or "VmHWM" of /proc/self/status, in MB (0 where there is none).
double procStatusMegabytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.starts_with(field + ":"))
      return std::strtod(line.c_str() + field.size() + 1, nullptr) / 1024;
  return 0;
}

}  // namespace

std::string ServingState::memoryReport() const {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  constexpr double kMB = 1 << 20;
  auto log = [&](const char* name, size_t records, size_t bytes, size_t indexBytes) {
    out << name << " " << records << ": " << bytes / kMB << " MB (indexes " << indexBytes / kMB
        << ")";
  };
  const EventStore& events = *world_.store;
  log("audit events", events.size(Source::Entra) + events.size(Source::Intune),
      events.memoryBytes(), events.indexBytes());
  out << ", ";
  log("sign-ins", world_.signIns->size(), world_.signIns->memoryBytes(),
      world_.signIns->indexBytes());
  out << ", ";
  log("risk detections", world_.risks->size(), world_.risks->memoryBytes(),
      world_.risks->indexBytes());
  out << ", ";
  log("provisioning", provisioningStore_->size(), provisioningStore_->memoryBytes(),
      provisioningStore_->indexBytes());
  out << "; resident " << procStatusMegabytes("VmRSS") << " MB, peak "
      << procStatusMegabytes("VmHWM") << " MB";
  return out.str();
}

}  // namespace tenantsim::mock
