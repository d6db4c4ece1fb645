// POST /{tenant}/oauth2/v2.0/token (and the v1 /{tenant}/oauth2/token): the OAuth 2.0 client
// credentials grant as Entra ID implements it, answering with Entra's JSON and error shapes.
//
// Accepted client authentication: client_secret in the form body (client_secret_post), HTTP Basic
// "base64(urlencode(id):urlencode(secret))" (client_secret_basic), or a jwt-bearer
// client_assertion signed with the key of the app's certificate (private_key_jwt; RS256 or
// PS256). Unknown form fields (client_info, x-client-*, claims, client-request-id, ...) are
// ignored. Only the Microsoft Graph ".default" scope is issued.
#pragma once

#include <cstddef>
#include <string>

#include "mockserver/auth/auth_response.h"
#include "mockserver/auth/directory.h"
#include "mockserver/auth/signing_key.h"

namespace tenantsim::auth {

struct TokenRequest {
  std::string tenantSegment;        // the {tenant} path segment: GUID, domain, common, ...
  std::string body;                 // raw application/x-www-form-urlencoded body
  std::string contentType;          // "" = assume form; anything else non-form = empty form
  std::string authorizationHeader;  // "" or "Basic ..."
  std::string clientRequestId;      // client-request-id header or query value, optional
  std::string tokenEndpointUrl;     // absolute URL the client posted to (accepted as assertion aud)
  UnixSeconds now = 0;
};

struct TokenResult {
  AuthResponse response;  // 200 with the token, or 400/401 with Entra's error JSON
  bool issued = false;
  std::string clientId;  // the client id the request named ("" if none), for logs/throttling
  int aadstsCode = 0;    // 0 when issued
};

struct TokenEndpointOptions {
  int64_t accessTokenLifetimeSeconds = 3599;  // expires_in; clients renew 300 s before expiry
  size_t maxBodyBytes = 64 * 1024;            // larger bodies get AADSTS9002313
  int64_t assertionClockSkewSeconds = 300;
};

class TokenEndpoint {
 public:
  TokenEndpoint(TenantDirectory directory, SigningKey key, TokenEndpointOptions options = {});

  // Never throws; every outcome is a complete response.
  TokenResult handleTokenRequest(const TokenRequest& request) const;

  const TenantDirectory& directory() const { return directory_; }

 private:
  TenantDirectory directory_;
  SigningKey key_;
  TokenEndpointOptions options_;
};

}  // namespace tenantsim::auth
