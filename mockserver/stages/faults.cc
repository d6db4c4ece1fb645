#include "mockserver/stages/faults.h"

#include <algorithm>
#include <array>
#include <string>

#include "base/rng.h"
#include "mockserver/stages/throttling.h"

namespace tenantsim::mock {
namespace {

bool isGraphEndpoint(Endpoint e) {
  return e == Endpoint::DirectoryAudits || e == Endpoint::AuditEvents || e == Endpoint::SignIns ||
         e == Endpoint::RiskDetections || e == Endpoint::Alerts || e == Endpoint::Incidents ||
         e == Endpoint::Provisioning || e == Endpoint::Other;
}

// Graph's code and message per status. Graph documents these codes; the messages on the audit
// endpoints are unconfirmed (docs/fidelity.md#fault-status-codes): 500 and 503 use UnknownError,
// the code observed on audit endpoints, rather than the generic list's serviceNotAvailable.
struct FaultText {
  int status;
  const char* code;
  const char* message;
};
constexpr std::array<FaultText, 5> kFaultTexts = {{
    {500, "UnknownError", "An unknown error has occurred."},
    {502, "BadGateway", "The gateway received an invalid response."},
    {503, "UnknownError",
     "The service is temporarily unavailable. Retry the request after a delay."},
    {504, "GatewayTimeout", "The gateway did not receive a response in time."},
    {507, "InsufficientStorage", "The maximum storage quota has been reached."},
}};

class FaultStage final : public Stage {
 public:
  FaultStage(const FaultStageConfig& config, const StageDeps& deps)
      : seed_(deps.seed), metrics_(deps.metrics), configs_(config.endpoints) {}

  std::string_view name() const override { return "faults"; }

  bool handle(RequestContext& ctx) override {
    const std::optional<FaultConfig>& config = configs_[ctx.endpoint];
    if (!config) return true;
    int status = faultStatusFor(*config, seed_, ctx.endpoint, ctx.sequence);
    if (ctx.tracing()) {
      std::string rate = std::to_string(config->rate);
      ctx.note(name(), (status ? "injected " + std::to_string(status) : std::string("no fault")) +
                           " (draw for request #" + std::to_string(ctx.sequence) + ", rate " +
                           rate.substr(0, rate.find_last_not_of('0') + 1) + ")");
    }
    if (status == 0) return true;
    if (metrics_) metrics_->recordFault(ctx.endpoint, status);
    writeFault(ctx, status, config->retryAfterSeconds);
    return false;
  }

 private:
  uint64_t seed_;
  Metrics* metrics_;
  PerEndpoint<FaultConfig> configs_;
};

}  // namespace

std::optional<FaultConfig> faultConfigFor(const ServerConfig& config, Endpoint endpoint) {
  if (endpoint == Endpoint::Admin || endpoint == Endpoint::Discovery) return std::nullopt;
  std::optional<FaultConfig> chosen;
  if (isGraphEndpoint(endpoint)) chosen = config.faults;
  auto it = config.endpoints.find(std::string(endpointName(endpoint)));
  if (it != config.endpoints.end() && it->second.faults) chosen = it->second.faults;
  if (!chosen || chosen->rate <= 0 || chosen->statuses.empty()) return std::nullopt;
  return chosen;
}

int faultStatusFor(const FaultConfig& faults, uint64_t seed, Endpoint endpoint, uint64_t sequence) {
  if (faults.rate <= 0 || faults.statuses.empty()) return 0;
  Rng rng(seed, "fault", hashName(endpointName(endpoint)), sequence);
  if (!rng.chance(faults.rate)) return 0;
  return faults.statuses[rng.below(faults.statuses.size())];
}

void writeFault(RequestContext& ctx, int status, double retryAfterSeconds) {
  if (status == 429) {
    // Identity Protection's 429s carry no Retry-After (fact sheet §3.2).
    if (ctx.endpoint == Endpoint::RiskDetections)
      writeTooManyRequests(ctx, std::nullopt);
    else
      writeTooManyRequests(ctx, retryAfterSeconds);
    return;
  }
  auto text = std::find_if(kFaultTexts.begin(), kFaultTexts.end(),
                           [&](const FaultText& t) { return t.status == status; });
  if (text != kFaultTexts.end()) {
    writeGraphError(ctx, status, text->code, text->message);
  } else {
    writeGraphError(ctx, status, "UnknownError", "An unknown error has occurred.");
  }
  if (status == 503) ctx.response.set_header("Retry-After", formatRetryAfter(retryAfterSeconds));
}

std::unique_ptr<Stage> makeFaultStage(const FaultStageConfig& config, const StageDeps& deps) {
  if (!config.endpoints.any()) return nullptr;
  return std::make_unique<FaultStage>(config, deps);
}

}  // namespace tenantsim::mock
