#include "mockserver/routes/graph_response.h"

#include "mockserver/http/prefer.h"

namespace tenantsim::mock {

std::string metadataBase(const GraphRequest& r) {
  return r.origin + "/" + std::string(apiName(r.route.api)) + "/$metadata#";
}

std::string selectSuffix(const odata::QueryOptions& query) {
  if (query.select.empty()) return "";
  std::string out = "(";
  for (size_t i = 0; i < query.select.size(); ++i) {
    if (i) out += ',';
    out += query.select[i];
  }
  return out + ")";
}

void writeError(RequestContext& ctx, const Error& e) {
  writeGraphError(ctx, e.status, e.code, e.message, e.detail);
}

void sendJson(RequestContext& ctx, std::string body) {
  ctx.response.status = 200;
  // Moved, not copied: cpp-httplib 0.11's set_content takes a const reference, and a copy of a
  // 1 MB page cost a tenth of the server's time at $top=1000 (docs/performance.md#connections).
  ctx.response.body = std::move(body);
  replaceHeader(ctx.response, "Content-Type", kGraphContentType);
}

std::string takeBodyBuffer(RequestContext& ctx) {
  std::string body = std::move(ctx.response.body);
  body.clear();
  return body;
}

UnknownEnumMembers enumMembersFor(RequestContext& ctx) {
  const Preferences preferences = parsePreferences(ctx.request);
  if (!preferences.includeUnknownEnumMembers) return UnknownEnumMembers::AsSentinel;
  replaceHeader(ctx.response, "Preference-Applied", preferenceApplied(preferences));
  return UnknownEnumMembers::Included;
}

}  // namespace tenantsim::mock
