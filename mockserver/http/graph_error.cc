// Graph's error envelope (docs/fidelity.md#graph-error-envelope): innerError with capital E, a
// date without fraction or 'Z', and request ids that mirror the response headers.
#include <ctime>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "mockserver/auth/auth_response.h"
#include "mockserver/http/pipeline.h"

namespace tenantsim::mock {

std::string graphErrorDate() { return formatUtcSeconds(std::time(nullptr), "%Y-%m-%dT%H:%M:%S"); }

void writeGraphError(RequestContext& ctx, int status, std::string_view code,
                     std::string_view message, std::string_view detail) {
  nlohmann::ordered_json inner = {{"date", graphErrorDate()},
                                  {"request-id", ctx.requestId},
                                  {"client-request-id", ctx.clientRequestId}};
  if (!detail.empty()) inner["detail"] = std::string(detail);
  nlohmann::ordered_json body = {
      {"error",
       {{"code", std::string(code)}, {"message", std::string(message)}, {"innerError", inner}}}};
  ctx.response.status = status;
  replaceHeader(ctx.response, "request-id", ctx.requestId);
  replaceHeader(ctx.response, "client-request-id", ctx.clientRequestId);
  ctx.response.set_content(auth::jsonText(body), kGraphContentType);
}

}  // namespace tenantsim::mock
