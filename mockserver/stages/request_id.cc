// The first stage: gives each request its id, echoes the client's client-request-id, numbers the
// request, and sets the headers every Graph (or Entra) response carries.
#include <string>

#include "base/guid.h"
#include "mockserver/http/request_target.h"
#include "mockserver/stages/builder.h"

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
  explicit RequestIdStage(const ServerContext& context) : context_(context) {}
  std::string_view name() const override { return "requestIds"; }

  bool handle(RequestContext& ctx) override {
    ctx.sequence = context_.requestSequence.fetch_add(1, std::memory_order_relaxed);
    ctx.requestId = newRandomGuid();
    std::string clientId = ctx.request.get_header_value("client-request-id");
    ctx.clientRequestId = isEchoable(clientId) ? clientId : ctx.requestId;
    ctx.tenantId = context_.scenario.tenant.id;
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
  const ServerContext& context_;
};

}  // namespace

std::unique_ptr<Stage> makeRequestIdStage(const ServerContext& context) {
  return std::make_unique<RequestIdStage>(context);
}

}  // namespace tenantsim::mock
