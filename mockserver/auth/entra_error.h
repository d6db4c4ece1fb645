// Entra ID (login.microsoftonline.com) OAuth error responses, in the exact shape Entra sends:
//   {"error":"invalid_client","error_description":"AADSTS7000215: <text>\r\nTrace ID: <guid>\r\n
//    Correlation ID: <guid>\r\nTimestamp: 2024-05-01 10:00:00Z","error_codes":[7000215],
//    "timestamp":"2024-05-01 10:00:00Z","trace_id":"<guid>","correlation_id":"<guid>",
//    "error_uri":"https://login.microsoftonline.com/error?code=7000215"}
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "mockserver/auth/directory.h"

namespace tenantsim::auth {

struct EntraError {
  int httpStatus = 400;
  std::string error;    // OAuth error code, e.g. "invalid_client"
  int aadstsCode = 0;   // e.g. 7000215
  std::string message;  // text after "AADSTSnnn: "
};

struct EntraErrorContext {
  UnixSeconds now = 0;
  std::string traceId;        // fresh per response
  std::string correlationId;  // the client's client-request-id when it sent one
};

nlohmann::json entraErrorBody(const EntraError& error, const EntraErrorContext& context);

// "YYYY-MM-DD HH:MM:SSZ" (UTC), Entra's error timestamp format.
std::string formatEntraTimestamp(UnixSeconds time);

// The catalogue of errors the mock produces. Texts are Entra's where known (see
// docs/fidelity.md for the ones chosen by the mock).
namespace entraErrors {
EntraError missingParameter(std::string_view name);  // 400 invalid_request 900144
EntraError malformedRequest();                       // 400 invalid_request 9002313
// The same, with tenantsim's precise reason after Entra's text (bytes that are not text, ...).
EntraError malformedRequest(std::string_view detail);
EntraError tenantNotFound(std::string_view tenant);           // 400 invalid_tenant 90002
EntraError invalidTenantIdentifier(std::string_view tenant);  // 400 invalid_request 900023
EntraError tenantRequiredForClientCredentials();              // 400 invalid_request 50059
EntraError unsupportedGrantType(std::string_view grantType);  // 400 unsupported_grant_type 70003
EntraError applicationNotFound(std::string_view clientId, std::string_view tenantName);
// 400 unauthorized_client 700016
EntraError invalidClientSecret(std::string_view clientId);       // 401 invalid_client 7000215
EntraError missingClientCredential();                            // 401 invalid_client 7000218
EntraError invalidScope(std::string_view scope);                 // 400 invalid_scope 70011
EntraError scopeWithoutDefaultSuffix(std::string_view scope);    // 400 invalid_scope 1002012
EntraError malformedAssertion();                                 // 400 invalid_request 50027
EntraError certificateNotRegistered(std::string_view clientId);  // 401 invalid_client 700027
EntraError assertionSignatureInvalid();                          // 401 invalid_client 700027
EntraError assertionAudienceMismatch();                          // 401 invalid_client 700023
EntraError assertionIssuerMismatch();                            // 401 invalid_client 700021
EntraError assertionOutsideValidity();                           // 401 invalid_client 700024
EntraError unknownInstance();                                    // 400 invalid_instance 50049
}  // namespace entraErrors

}  // namespace tenantsim::auth
