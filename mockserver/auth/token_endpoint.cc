#include "mockserver/auth/token_endpoint.h"

#include <openssl/crypto.h>

#include <optional>
#include <variant>

#include "base/base64.h"
#include "base/guid.h"
#include "base/url_encoding.h"
#include "base/utf8.h"
#include "mockserver/auth/access_token.h"
#include "mockserver/auth/client_assertion.h"
#include "mockserver/auth/entra_error.h"
#include "mockserver/auth/form_body.h"

namespace tenantsim::auth {
namespace {

namespace errors = entraErrors;

struct ClientCredentials {
  std::string clientId;
  std::optional<std::string> secret;
};

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         equalsIgnoreAsciiCase(text.substr(0, prefix.size()), prefix);
}

bool isFormContentType(std::string_view contentType) {
  return contentType.empty() ||
         startsWithIgnoreCase(contentType, "application/x-www-form-urlencoded");
}

// Merges client_id/client_secret from the body with HTTP Basic credentials, if any.
std::variant<ClientCredentials, EntraError> clientCredentialsOf(const FormBody& form,
                                                                std::string_view authorization) {
  ClientCredentials credentials{std::string(form.get("client_id")), std::nullopt};
  if (const std::string* secret = form.find("client_secret")) credentials.secret = *secret;
  if (!startsWithIgnoreCase(authorization, "Basic ")) return credentials;

  std::optional<std::string> decoded = base64Decode(authorization.substr(6));
  size_t colon = decoded ? decoded->find(':') : std::string::npos;
  if (colon == std::string::npos) return errors::malformedRequest();
  std::string basicId = decodeFormComponent(std::string_view(*decoded).substr(0, colon));
  std::string basicSecret = decodeFormComponent(std::string_view(*decoded).substr(colon + 1));
  if (credentials.clientId.empty()) credentials.clientId = basicId;
  if (!equalsIgnoreAsciiCase(credentials.clientId, basicId)) return errors::malformedRequest();
  if (!credentials.secret) credentials.secret = basicSecret;
  return credentials;
}

std::optional<EntraError> checkScope(std::string_view scope) {
  std::vector<std::string_view> resourceScopes;
  size_t start = 0;
  while (start < scope.size()) {
    size_t end = scope.find(' ', start);
    if (end == std::string_view::npos) end = scope.size();
    std::string_view item = scope.substr(start, end - start);
    bool oidc =
        item == "openid" || item == "profile" || item == "offline_access" || item == "email";
    if (!item.empty() && !oidc) resourceScopes.push_back(item);
    start = end + 1;
  }
  if (resourceScopes.size() != 1) {
    return resourceScopes.empty() ? errors::scopeWithoutDefaultSuffix(scope)
                                  : errors::invalidScope(scope);
  }
  std::string_view only = resourceScopes.front();
  static constexpr std::string_view kSuffix = "/.default";
  if (only.size() < kSuffix.size() || only.substr(only.size() - kSuffix.size()) != kSuffix) {
    return errors::scopeWithoutDefaultSuffix(only);
  }
  std::string_view resource = only.substr(0, only.size() - kSuffix.size());
  if (!resource.empty() && resource.back() == '/') resource.remove_suffix(1);
  // Graph's app id, or its resource URI in the global or a US Government cloud (proxy mode
  // answers for those hosts too); the token is Graph's either way.
  for (std::string_view graph : {std::string_view(kGraphResource), kGraphAppId,
                                 std::string_view("https://graph.microsoft.us"),
                                 std::string_view("https://dod-graph.microsoft.us")}) {
    if (equalsIgnoreAsciiCase(resource, graph)) return std::nullopt;
  }
  return errors::invalidScope(only);
}

// "scheme://authority" of an absolute URL, or "" when it has none.
std::string originOf(std::string_view url) {
  size_t schemeEnd = url.find("://");
  if (schemeEnd == std::string_view::npos) return {};
  size_t pathStart = url.find('/', schemeEnd + 3);
  return std::string(url.substr(0, pathStart));
}

std::vector<std::string> acceptedAssertionAudiences(const TenantDirectory& directory,
                                                    const TokenRequest& request) {
  std::vector<std::string> origins = {"https://login.microsoftonline.com"};
  if (std::string origin = originOf(request.tokenEndpointUrl); !origin.empty()) {
    origins.push_back(origin);
  }
  std::vector<std::string> tenants = directory.domains;
  tenants.push_back(directory.tenantId);
  tenants.push_back(request.tenantSegment);
  std::vector<std::string> audiences;
  if (!request.tokenEndpointUrl.empty()) audiences.push_back(request.tokenEndpointUrl);
  for (const std::string& origin : origins) {
    for (const std::string& tenant : tenants) {
      audiences.push_back(origin + "/" + tenant + "/oauth2/v2.0/token");
      audiences.push_back(origin + "/" + tenant + "/oauth2/token");
      audiences.push_back(origin + "/" + tenant + "/v2.0");
    }
  }
  return audiences;
}

std::optional<EntraError> assertionError(AssertionRejection rejection, const App& app) {
  switch (rejection) {
    case AssertionRejection::Accepted:
      return std::nullopt;
    case AssertionRejection::Malformed:
      return errors::malformedAssertion();
    case AssertionRejection::NoCertificate:
      return errors::certificateNotRegistered(app.clientId);
    case AssertionRejection::InvalidSignature:
      return errors::assertionSignatureInvalid();
    case AssertionRejection::WrongAudience:
      return errors::assertionAudienceMismatch();
    case AssertionRejection::WrongIssuerOrSubject:
      return errors::assertionIssuerMismatch();
    case AssertionRejection::OutsideValidity:
      return errors::assertionOutsideValidity();
  }
  return errors::assertionSignatureInvalid();
}

bool secretsEqual(std::string_view presented, std::string_view expected) {
  return !expected.empty() && presented.size() == expected.size() &&
         CRYPTO_memcmp(presented.data(), expected.data(), expected.size()) == 0;
}

std::vector<HttpHeader> tokenHeaders(const EntraErrorContext& context) {
  return {{"Content-Type", "application/json; charset=utf-8"},
          {"Cache-Control", "no-store, no-cache"},
          {"Pragma", "no-cache"},
          {"x-ms-request-id", context.traceId},
          {"client-request-id", context.correlationId},
          {"x-ms-ests-server", "2.1.tenantsim"}};
}

}  // namespace

TokenEndpoint::TokenEndpoint(TenantDirectory directory, SigningKey key,
                             TokenEndpointOptions options)
    : directory_(std::move(directory)), key_(std::move(key)), options_(options) {}

TokenResult TokenEndpoint::handleTokenRequest(const TokenRequest& request) const {
  EntraErrorContext context{request.now, newRandomGuid(), newRandomGuid()};
  TokenResult result;
  auto fail = [&](const EntraError& error) {
    result.aadstsCode = error.aadstsCode;
    result.response.status = error.httpStatus;
    result.response.headers = tokenHeaders(context);
    result.response.body = jsonText(entraErrorBody(error, context));
    return result;
  };

  std::optional<FormBody> parsed = FormBody::parse(
      isFormContentType(request.contentType) ? std::string_view(request.body) : std::string_view(),
      options_.maxBodyBytes);
  std::string clientRequestId = parsed && parsed->find("client-request-id")
                                    ? std::string(parsed->get("client-request-id"))
                                    : request.clientRequestId;
  if (looksLikeGuid(clientRequestId)) context.correlationId = clientRequestId;
  if (!parsed) return fail(errors::malformedRequest());
  const FormBody& form = *parsed;
  // Every field must be text before any is read or echoed in an error.
  for (const FormBody::Field& field : form.fields()) {
    if (std::optional<TextProblem> problem = findTextProblem(field.name))
      return fail(errors::malformedRequest(
          "A form field name is not valid text: " + describe(*problem) + "."));
    if (std::optional<TextProblem> problem = findTextProblem(field.value)) {
      std::string name = findTextProblem(field.name) || field.name.size() > 64
                             ? "a form field"
                             : "'" + field.name + "'";
      return fail(errors::malformedRequest("The value of " + name +
                                           " is not valid text: " + describe(*problem) + "."));
    }
  }

  bool multiTenantAlias = isMultiTenantAlias(request.tenantSegment);
  if (!multiTenantAlias && !directory_.matchesTenant(request.tenantSegment)) {
    bool plausible = looksLikeGuid(request.tenantSegment) ||
                     request.tenantSegment.find('.') != std::string::npos;
    return fail(plausible ? errors::tenantNotFound(request.tenantSegment)
                          : errors::invalidTenantIdentifier(request.tenantSegment));
  }
  const std::string* grantType = form.find("grant_type");
  if (!grantType || grantType->empty()) return fail(errors::missingParameter("grant_type"));
  if (*grantType != "client_credentials") return fail(errors::unsupportedGrantType(*grantType));
  if (multiTenantAlias) return fail(errors::tenantRequiredForClientCredentials());

  auto credentialsOrError = clientCredentialsOf(form, request.authorizationHeader);
  if (auto* error = std::get_if<EntraError>(&credentialsOrError)) return fail(*error);
  const ClientCredentials& credentials = std::get<ClientCredentials>(credentialsOrError);
  result.clientId = credentials.clientId;
  if (credentials.clientId.empty()) return fail(errors::missingParameter("client_id"));
  // v1 clients (POST /{tenant}/oauth2/token) name the resource instead of a scope.
  std::string scope(form.get("scope"));
  if (scope.empty() && !form.get("resource").empty())
    scope = std::string(form.get("resource")) + "/.default";
  if (scope.empty()) return fail(errors::missingParameter("scope"));

  const App* app = directory_.findApp(credentials.clientId);
  if (!app) {
    std::string tenantName =
        directory_.displayName.empty() ? directory_.tenantId : directory_.displayName;
    return fail(errors::applicationNotFound(credentials.clientId, tenantName));
  }

  ClientAuthMethod method = ClientAuthMethod::Secret;
  if (const std::string* assertionType = form.find("client_assertion_type")) {
    const std::string* assertion = form.find("client_assertion");
    if (*assertionType != kJwtBearerAssertionType) return fail(errors::missingClientCredential());
    if (!assertion || assertion->empty()) return fail(errors::missingParameter("client_assertion"));
    ClientAssertionPolicy policy{app->clientId, acceptedAssertionAudiences(directory_, request),
                                 request.now, options_.assertionClockSkewSeconds};
    AssertionRejection rejection = verifyClientAssertion(*assertion, app->certificatePem, policy);
    if (auto error = assertionError(rejection, *app)) return fail(*error);
    method = ClientAuthMethod::Certificate;
  } else if (credentials.secret) {
    if (!secretsEqual(*credentials.secret, app->secret)) {
      return fail(errors::invalidClientSecret(app->clientId));
    }
  } else {
    return fail(errors::missingClientCredential());
  }
  if (auto error = checkScope(scope)) return fail(*error);

  AccessTokenGrant grant{directory_.tenantId, app, method, request.now,
                         options_.accessTokenLifetimeSeconds};
  std::string accessToken = mintAccessToken(key_, grant);
  if (accessToken.empty()) return fail(errors::malformedRequest());  // signing failed

  nlohmann::ordered_json body = {{"token_type", "Bearer"},
                                 {"expires_in", options_.accessTokenLifetimeSeconds},
                                 {"ext_expires_in", options_.accessTokenLifetimeSeconds},
                                 {"access_token", accessToken}};
  result.issued = true;
  result.clientId = app->clientId;
  result.response.status = 200;
  result.response.headers = tokenHeaders(context);
  result.response.body = jsonText(body);
  return result;
}

}  // namespace tenantsim::auth
