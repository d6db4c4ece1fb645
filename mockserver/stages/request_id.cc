#include "mockserver/stages/request_id.h"

#include <string>

#include "base/guid.h"
#include "mockserver/http/request_target.h"

namespace tenantsim::mock {
namespace {

constexpr const char* kAgsDiagnostic =
    R"({"ServerInfo":{"DataCenter":"North Europe","Slice":"E","Ring":"4","ScaleUnit":"000","RoleInstance":"TENANTSIM"}})";

// A client-request-id we echo: printable ASCII, bounded (a header must not smuggle CR/LF).
bool isEchoable(std::string_view value) {
  if (value.empty() || value.size() > 200) return false;
  for (char c : value)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
  return true;
}

class RequestIdStage : public Stage {
 public:
  RequestIdStage(const RequestIdStageConfig& config, std::atomic<uint64_t>& sequence)
      : config_(config), sequence_(sequence) {}
  std::string_view name() const override { return "requestIds"; }

  bool handle(RequestContext& ctx) override {
    ctx.sequence = sequence_.fetch_add(1, std::memory_order_relaxed);
    ctx.requestId = newRandomGuid();
    std::string clientId = ctx.request.get_header_value("client-request-id");
    ctx.clientRequestId = isEchoable(clientId) ? clientId : ctx.requestId;
    ctx.tenantId = config_.tenantId;
    httplib::Response& response = ctx.response;
    bool identity = ctx.endpoint == Endpoint::Token || ctx.endpoint == Endpoint::Discovery;
    if (identity) {
      response.set_header("x-ms-request-id", ctx.requestId);
    } else {
      response.set_header("request-id", ctx.requestId);
      response.set_header("x-ms-ags-diagnostic", kAgsDiagnostic);
      response.set_header("OData-Version", "4.0");
    }
    response.set_header("client-request-id", ctx.clientRequestId);
    if (isTls(ctx.request)) response.set_header("Strict-Transport-Security", "max-age=31536000");
    return true;
  }

 private:
  RequestIdStageConfig config_;
  std::atomic<uint64_t>& sequence_;
};

}  // namespace

std::unique_ptr<Stage> makeRequestIdStage(const RequestIdStageConfig& config,
                                          const StageDeps& deps) {
  return std::make_unique<RequestIdStage>(config, *deps.requestSequence);
}

}  // namespace tenantsim::mock
