#include "mockserver/routes/identity_routes.h"

#include "base/guid.h"
#include "mockserver/auth/discovery.h"
#include "mockserver/auth/entra_error.h"
#include "mockserver/auth/form_body.h"
#include "mockserver/http/query_text.h"

namespace tenantsim::mock {
namespace {

void writeAuthResponse(const auth::AuthResponse& answer, RequestContext& ctx) {
  ctx.response.status = answer.status;
  std::string contentType = "application/json; charset=utf-8";
  for (const auth::HttpHeader& h : answer.headers) {
    if (equalsIgnoreAsciiCase(h.name, "Content-Type"))
      contentType = h.value;
    else
      replaceHeader(ctx.response, h.name, h.value);  // the pipeline set request ids already
  }
  ctx.response.set_content(answer.body, contentType);
}

// The value of one query parameter (decoded), or "".
std::string queryValue(std::string_view rawQuery, std::string_view name) {
  auto form = auth::FormBody::parse(rawQuery, 1 << 20);
  if (!form) return "";
  return std::string(form->get(name));
}

void writeEntraError(const auth::EntraError& error, RequestContext& ctx) {
  auth::EntraErrorContext errorContext{wallClockSeconds(), ctx.requestId, ctx.clientRequestId};
  ctx.response.status = error.httpStatus;
  ctx.response.set_content(auth::jsonText(auth::entraErrorBody(error, errorContext)),
                           "application/json; charset=utf-8");
}

void writeWrongMethod(const IdentityRequest& r, RequestContext& ctx) {
  auth::EntraError error{400, "invalid_request", 900561,
                         "The endpoint only accepts " + r.route.allow + " requests. Received a " +
                             ctx.request.method + " request."};
  auth::EntraErrorContext errorContext{wallClockSeconds(), ctx.requestId, ctx.clientRequestId};
  ctx.response.status = error.httpStatus;
  ctx.response.set_header("Allow", r.route.allow);
  ctx.response.set_content(auth::jsonText(auth::entraErrorBody(error, errorContext)),
                           "application/json; charset=utf-8");
}

}  // namespace

void serveIdentityRoute(const IdentityRequest& r, RequestContext& ctx) {
  if (!r.route.methodAllowed) return writeWrongMethod(r, ctx);
  if (std::string problem = queryTextProblem(r.target.rawQuery); !problem.empty())
    return writeEntraError(auth::entraErrors::malformedRequest(problem + "."), ctx);
  const auth::TenantDirectory& directory = r.context.tokenEndpoint.directory();
  switch (r.route.kind) {
    case RouteKind::Token: {
      auth::TokenRequest request;
      request.tenantSegment = r.route.tenant;
      request.body = ctx.request.body;
      request.contentType = ctx.request.get_header_value("Content-Type");
      request.authorizationHeader = ctx.request.get_header_value("Authorization");
      request.clientRequestId = ctx.request.get_header_value("client-request-id");
      if (request.clientRequestId.empty())
        request.clientRequestId = queryValue(r.target.rawQuery, "client-request-id");
      request.tokenEndpointUrl = r.origin + r.target.rawPath;
      request.now = wallClockSeconds();
      auth::TokenResult result = r.context.tokenEndpoint.handleTokenRequest(request);
      if (!result.clientId.empty()) ctx.appId = result.clientId;
      return writeAuthResponse(result.response, ctx);
    }
    case RouteKind::OpenIdConfiguration:
      return writeAuthResponse(
          auth::openIdConfiguration(directory, r.origin, r.route.tenant,
                                    r.route.oidcV2 ? auth::OidcVersion::V2 : auth::OidcVersion::V1,
                                    wallClockSeconds()),
          ctx);
    case RouteKind::Keys:
      return writeAuthResponse(auth::jwksDocument(r.context.signingKey), ctx);
    case RouteKind::InstanceDiscovery:
      return writeAuthResponse(
          auth::instanceDiscovery(r.origin, queryValue(r.target.rawQuery, "authorization_endpoint"),
                                  queryValue(r.target.rawQuery, "api-version"), wallClockSeconds()),
          ctx);
    default:
      return;
  }
}

auth::TenantDirectory directoryFor(const Scenario& scenario) {
  auth::TenantDirectory directory;
  directory.tenantId = scenario.tenant.id;
  directory.displayName = scenario.tenant.name;
  directory.domains = {scenario.tenant.domain};
  for (const AppRegistration& app : scenario.apps)
    directory.apps.push_back(
        {app.displayName, app.clientId, app.secret, app.permissions, app.certificatePem});
  return directory;
}

}  // namespace tenantsim::mock
