// The metadata documents MSAL and azure-identity fetch before asking for a token:
//   GET /{tenant}/v2.0/.well-known/openid-configuration   (openIdConfiguration, V2)
//   GET /{tenant}/.well-known/openid-configuration        (openIdConfiguration, V1)
//   GET /{tenant}/discovery/v2.0/keys, /{tenant}/discovery/keys, /common/discovery/keys (jwks)
//   GET /common/discovery/instance?api-version=1.1&authorization_endpoint=...
// Every URL in them is built from base_url, the "scheme://host[:port]" the client used (from the
// Host header and listener scheme), so issuer and endpoints share the authority's origin as
// MSAL-JS requires. In proxy mode base_url is simply https://login.microsoftonline.com.
#pragma once

#include <string_view>

#include "mockserver/auth/auth_response.h"
#include "mockserver/auth/directory.h"
#include "mockserver/auth/signing_key.h"

namespace tenantsim::auth {

enum class OidcVersion { V1, V2 };

// 200 with the document; the tenant segment may be the tenant id, a domain (endpoints then name
// the tenant id, as Entra does), or common/organizations/consumers (endpoints keep the alias and
// the issuer holds the literal "{tenantid}"). Unknown tenants get Entra's 400 AADSTS90002.
AuthResponse openIdConfiguration(const TenantDirectory& directory, std::string_view baseUrl,
                                 std::string_view tenantSegment, OidcVersion version,
                                 UnixSeconds now);

// 200 {"keys":[...]} for the signing key.
AuthResponse jwksDocument(const SigningKey& key);

// Instance discovery. authorization_endpoint (decoded query value; may be empty, meaning
// "<base_url>/common/oauth2/authorize") must name the mock's own host or a Microsoft public-cloud
// login host; otherwise 400 invalid_instance (AADSTS50049). The answer points
// tenant_discovery_endpoint at base_url and lists metadata aliases for the mock host and the
// Microsoft clouds.
AuthResponse instanceDiscovery(std::string_view baseUrl, std::string_view authorizationEndpoint,
                               std::string_view apiVersion, UnixSeconds now);

}  // namespace tenantsim::auth
