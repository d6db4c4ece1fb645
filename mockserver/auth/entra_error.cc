#include "mockserver/auth/entra_error.h"

#include <ctime>

#include "base/time.h"

namespace tenantsim::auth {

std::string formatEntraTimestamp(UnixSeconds time) {
  return formatUtcSeconds(static_cast<std::time_t>(time), "%Y-%m-%d %H:%M:%SZ");
}

nlohmann::json entraErrorBody(const EntraError& error, const EntraErrorContext& context) {
  std::string timestamp = formatEntraTimestamp(context.now);
  std::string code = std::to_string(error.aadstsCode);
  std::string description =
      "AADSTS" + code + ": " + error.message + "\r\nTrace ID: " + context.traceId +
      "\r\nCorrelation ID: " + context.correlationId + "\r\nTimestamp: " + timestamp;
  return {
      {"error", error.error},
      {"error_description", description},
      {"error_codes", nlohmann::json::array({error.aadstsCode})},
      {"timestamp", timestamp},
      {"trace_id", context.traceId},
      {"correlation_id", context.correlationId},
      {"error_uri", "https://login.microsoftonline.com/error?code=" + code},
  };
}

namespace entraErrors {
namespace {

EntraError make(int status, std::string_view error, int code, std::string message) {
  return EntraError{status, std::string(error), code, std::move(message)};
}

// Built by appending: GCC 12's -O3 -Wrestrict misfires on "'" + std::string(...).
std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

}  // namespace

EntraError missingParameter(std::string_view name) {
  return make(400, "invalid_request", 900144,
              "The request body must contain the following parameter: " + quoted(name) + ".");
}

EntraError malformedRequest() {
  return make(400, "invalid_request", 9002313, "Invalid request. Request is malformed or invalid.");
}

EntraError malformedRequest(std::string_view detail) {
  EntraError error = malformedRequest();
  error.message += " " + std::string(detail);
  return error;
}

EntraError tenantNotFound(std::string_view tenant) {
  return make(400, "invalid_tenant", 90002,
              "Tenant " + quoted(tenant) +
                  " not found. Check to make sure you have the correct tenant ID and are signing "
                  "into the correct cloud. Check with your subscription administrator, this may "
                  "happen if there are no active subscriptions for the tenant.");
}

EntraError invalidTenantIdentifier(std::string_view tenant) {
  return make(400, "invalid_request", 900023,
              "Specified tenant identifier " + quoted(tenant) +
                  " is neither a valid DNS name, nor a valid external domain.");
}

EntraError tenantRequiredForClientCredentials() {
  return make(400, "invalid_request", 50059,
              "No tenant-identifying information found in either the request or implied by any "
              "provided credentials.");
}

EntraError unsupportedGrantType(std::string_view grantType) {
  return make(400, "unsupported_grant_type", 70003,
              "The app requested an unsupported grant type " + quoted(grantType) + ".");
}

EntraError applicationNotFound(std::string_view clientId, std::string_view tenantName) {
  return make(400, "unauthorized_client", 700016,
              "Application with identifier " + quoted(clientId) +
                  " was not found in the directory " + quoted(tenantName) +
                  ". This can happen if the application has not been installed by the "
                  "administrator of the tenant or consented to by any user in the tenant. You may "
                  "have sent your authentication request to the wrong tenant.");
}

EntraError invalidClientSecret(std::string_view clientId) {
  return make(401, "invalid_client", 7000215,
              "Invalid client secret provided. Ensure the secret being sent in the request is the "
              "client secret value, not the client secret ID, for a secret added to app " +
                  quoted(clientId) + ".");
}

EntraError missingClientCredential() {
  return make(401, "invalid_client", 7000218,
              "The request body must contain the following parameter: 'client_assertion' or "
              "'client_secret'.");
}

EntraError invalidScope(std::string_view scope) {
  return make(400, "invalid_scope", 70011,
              "The provided value for the input parameter 'scope' is not valid. The scope " +
                  std::string(scope) + " is not valid.");
}

EntraError scopeWithoutDefaultSuffix(std::string_view scope) {
  return make(400, "invalid_scope", 1002012,
              "The provided value for scope " + std::string(scope) +
                  " is not valid. Client credential flows must have a scope value with /.default "
                  "suffixed to the resource identifier (application ID URI).");
}

EntraError malformedAssertion() {
  return make(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
}

EntraError certificateNotRegistered(std::string_view clientId) {
  return make(401, "invalid_client", 700027,
              "The certificate with identifier used to sign the client assertion is not "
              "registered on application. [Reason - The key was not found., Please visit the "
              "Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for "
              "app Id " +
                  quoted(clientId) + ".]");
}

EntraError assertionSignatureInvalid() {
  return make(401, "invalid_client", 700027, "Client assertion failed signature validation.");
}

EntraError assertionAudienceMismatch() {
  return make(401, "invalid_client", 700023,
              "Client assertion audience claim does not match Realm issuer. Review the "
              "documentation at "
              "https://docs.microsoft.com/azure/active-directory/develop/"
              "active-directory-certificate-credentials .");
}

EntraError assertionIssuerMismatch() {
  return make(401, "invalid_client", 700021,
              "Client assertion application identifier doesn't match 'client_id' parameter.");
}

EntraError assertionOutsideValidity() {
  return make(401, "invalid_client", 700024,
              "Client assertion is not within its valid time range.");
}

EntraError unknownInstance() {
  return make(400, "invalid_instance", 50049, "Unknown or invalid instance.");
}

}  // namespace entraErrors
}  // namespace tenantsim::auth
