#include "mockserver/auth/discovery.h"

#include <algorithm>

#include "base/guid.h"
#include "base/strings.h"
#include "mockserver/auth/entra_error.h"

namespace tenantsim::auth {
namespace {

using Json = nlohmann::ordered_json;

const std::vector<std::string> kPublicCloudAliases = {
    "login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"};

std::vector<HttpHeader> metadataHeaders() {
  return {{"Content-Type", "application/json; charset=utf-8"},
          {"Cache-Control", "max-age=86400, private"},
          {"Access-Control-Allow-Origin", "*"},
          {"x-ms-request-id", newRandomGuid()},
          {"x-ms-ests-server", "2.1.tenantsim"}};
}

AuthResponse jsonResponse(int status, const Json& body) {
  return AuthResponse{status, metadataHeaders(), jsonText(body)};
}

AuthResponse entraFailure(const EntraError& error, UnixSeconds now) {
  EntraErrorContext context{now, newRandomGuid(), newRandomGuid()};
  return AuthResponse{error.httpStatus, metadataHeaders(),
                      jsonText(entraErrorBody(error, context))};
}

std::string trimTrailingSlash(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

// True for an origin in the US Government clouds ("https://login.microsoftonline.us[:port]").
bool isUsGovernmentOrigin(std::string_view base) {
  std::string_view host = base.substr(std::min(base.size(), base.find("://") + 3));
  host = host.substr(0, host.find(':'));
  return host.size() > 3 && equalsIgnoreAsciiCase(host.substr(host.size() - 3), ".us");
}

// The Graph host of the cloud a client signs in to: graph.microsoft.us for the US Government
// login host, else graph.microsoft.com.
std::string_view graphHostFor(std::string_view base) {
  return isUsGovernmentOrigin(base) ? "graph.microsoft.us" : "graph.microsoft.com";
}

// Keys both document versions carry, with the values of the cloud the client used.
Json cloudKeys(std::string_view base) {
  return {{"tenant_region_scope", "WW"},
          {"cloud_instance_name",
           isUsGovernmentOrigin(base) ? "microsoftonline.us" : "microsoftonline.com"},
          {"cloud_graph_host_name", "graph.windows.net"},
          {"msgraph_host", graphHostFor(base)},
          {"rbac_url", "https://pas.windows.net"}};
}

Json v2Document(const std::string& base, const std::string& tenant,
                const std::string& issuerTenant) {
  std::string root = base + "/" + tenant;
  Json doc = {
      {"token_endpoint", root + "/oauth2/v2.0/token"},
      {"token_endpoint_auth_methods_supported",
       {"client_secret_post", "private_key_jwt", "client_secret_basic"}},
      {"jwks_uri", root + "/discovery/v2.0/keys"},
      {"response_modes_supported", {"query", "fragment", "form_post"}},
      {"subject_types_supported", {"pairwise"}},
      {"id_token_signing_alg_values_supported", {"RS256"}},
      {"response_types_supported", {"code", "id_token", "code id_token", "id_token token"}},
      {"scopes_supported", {"openid", "profile", "email", "offline_access"}},
      {"issuer", base + "/" + issuerTenant + "/v2.0"},
      {"request_uri_parameter_supported", false},
      {"userinfo_endpoint", "https://" + std::string(graphHostFor(base)) + "/oidc/userinfo"},
      {"authorization_endpoint", root + "/oauth2/v2.0/authorize"},
      {"device_authorization_endpoint", root + "/oauth2/v2.0/devicecode"},
      {"http_logout_supported", true},
      {"frontchannel_logout_supported", true},
      {"end_session_endpoint", root + "/oauth2/v2.0/logout"},
      {"claims_supported",
       {"sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name",
        "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username",
        "name", "tid", "ver", "at_hash", "c_hash", "email"}},
      {"kerberos_endpoint", root + "/kerberos"},
  };
  return doc;
}

Json v1Document(const std::string& base, const std::string& tenant,
                const std::string& issuerTenant) {
  std::string root = base + "/" + tenant;
  return {
      {"token_endpoint", root + "/oauth2/token"},
      {"token_endpoint_auth_methods_supported",
       {"client_secret_post", "private_key_jwt", "client_secret_basic"}},
      {"jwks_uri", root + "/discovery/keys"},
      {"response_modes_supported", {"query", "fragment", "form_post"}},
      {"subject_types_supported", {"pairwise"}},
      {"id_token_signing_alg_values_supported", {"RS256"}},
      {"response_types_supported",
       {"code", "id_token", "code id_token", "token id_token", "token"}},
      {"scopes_supported", {"openid"}},
      {"issuer", "https://sts.windows.net/" + issuerTenant + "/"},
      {"microsoft_multi_refresh_token", true},
      {"authorization_endpoint", root + "/oauth2/authorize"},
      {"device_authorization_endpoint", root + "/oauth2/devicecode"},
      {"http_logout_supported", true},
      {"frontchannel_logout_supported", true},
      {"end_session_endpoint", root + "/oauth2/logout"},
      {"claims_supported",
       {"sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name",
        "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "amr", "nonce", "email",
        "given_name", "family_name", "nickname"}},
      {"check_session_iframe", root + "/oauth2/checksession"},
      {"userinfo_endpoint", root + "/openid/userinfo"},
      {"kerberos_endpoint", root + "/kerberos"},
  };
}

// Splits "scheme://authority/first/..." into authority (host[:port]) and first path segment.
bool splitAuthorizationEndpoint(std::string_view url, std::string* authority, std::string* tenant) {
  size_t schemeEnd = url.find("://");
  if (schemeEnd == std::string_view::npos) return false;
  std::string_view rest = url.substr(schemeEnd + 3);
  size_t slash = rest.find('/');
  *authority = std::string(rest.substr(0, slash));
  if (slash == std::string_view::npos) return !authority->empty();
  std::string_view path = rest.substr(slash + 1);
  *tenant = std::string(path.substr(0, path.find('/')));
  return !authority->empty();
}

std::string hostOf(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    return std::string(authority.substr(0, authority.find(']') + 1));
  }
  return std::string(authority.substr(0, authority.find(':')));
}

bool containsIgnoreCase(const std::vector<std::string>& list, std::string_view value) {
  return std::any_of(list.begin(), list.end(), [value](const std::string& item) {
    return equalsIgnoreAsciiCase(item, value);
  });
}

Json cloudEntry(std::string_view network, std::string_view cache,
                const std::vector<std::string>& aliases) {
  return {{"preferred_network", network}, {"preferred_cache", cache}, {"aliases", aliases}};
}

}  // namespace

AuthResponse openIdConfiguration(const TenantDirectory& directory, std::string_view baseUrl,
                                 std::string_view tenantSegment, OidcVersion version,
                                 UnixSeconds now) {
  std::string tenant, issuerTenant;
  if (isMultiTenantAlias(tenantSegment)) {
    tenant = std::string(tenantSegment);
    issuerTenant = "{tenantid}";
  } else if (directory.matchesTenant(tenantSegment)) {
    tenant = issuerTenant = directory.tenantId;
  } else {
    return entraFailure(entraErrors::tenantNotFound(tenantSegment), now);
  }
  std::string base = trimTrailingSlash(baseUrl);
  Json doc = version == OidcVersion::V2 ? v2Document(base, tenant, issuerTenant)
                                        : v1Document(base, tenant, issuerTenant);
  doc.update(cloudKeys(base));
  return jsonResponse(200, doc);
}

AuthResponse jwksDocument(const SigningKey& key) {
  return AuthResponse{200, metadataHeaders(), jsonText(key.jwks())};
}

AuthResponse instanceDiscovery(std::string_view baseUrl, std::string_view authorizationEndpoint,
                               std::string_view apiVersion, UnixSeconds now) {
  std::string base = trimTrailingSlash(baseUrl);
  std::string mockAuthority, unusedTenant;
  splitAuthorizationEndpoint(base + "/", &mockAuthority, &unusedTenant);

  std::string endpoint = authorizationEndpoint.empty() ? base + "/common/oauth2/authorize"
                                                       : std::string(authorizationEndpoint);
  std::string askedAuthority, tenant;
  if (!splitAuthorizationEndpoint(endpoint, &askedAuthority, &tenant)) {
    return entraFailure(entraErrors::unknownInstance(), now);
  }
  if (tenant.empty()) tenant = "common";

  std::vector<std::string> mockAliases = {mockAuthority};
  if (hostOf(mockAuthority) != mockAuthority) mockAliases.push_back(hostOf(mockAuthority));
  bool known = containsIgnoreCase(mockAliases, askedAuthority) ||
               containsIgnoreCase(mockAliases, hostOf(askedAuthority)) ||
               containsIgnoreCase(kPublicCloudAliases, askedAuthority);
  if (!known) return entraFailure(entraErrors::unknownInstance(), now);

  Json metadata = Json::array();
  if (!containsIgnoreCase(kPublicCloudAliases, mockAuthority)) {
    metadata.push_back(cloudEntry(mockAuthority, mockAuthority, mockAliases));
  }
  metadata.push_back(
      cloudEntry("login.microsoftonline.com", "login.windows.net", kPublicCloudAliases));
  metadata.push_back(cloudEntry("login.partner.microsoftonline.cn",
                                "login.partner.microsoftonline.cn",
                                {"login.partner.microsoftonline.cn", "login.chinacloudapi.cn"}));
  metadata.push_back(cloudEntry("login.microsoftonline.us", "login.microsoftonline.us",
                                {"login.microsoftonline.us", "login.usgovcloudapi.net"}));
  Json body = {
      {"tenant_discovery_endpoint", base + "/" + tenant + "/v2.0/.well-known/openid-configuration"},
      {"api-version", apiVersion.empty() ? std::string("1.1") : std::string(apiVersion)},
      {"metadata", metadata}};
  return jsonResponse(200, body);
}

}  // namespace tenantsim::auth
