// The Graph model's vocabulary, one enum per concept: which API version a request or an export
// speaks, and which endpoint it addresses. Header-only, so the OData layer can use it without
// linking the simulation (scripts/check-layers.py allows mockserver/odata this one header).
#pragma once

#include <cstdint>
#include <string_view>

namespace tenantsim {

enum class ApiVersion : uint8_t { V1, Beta };

// "v1.0" | "beta", as in Graph's URLs.
constexpr std::string_view apiName(ApiVersion v) { return v == ApiVersion::Beta ? "beta" : "v1.0"; }

// The endpoints the server tells apart (capability tables, budgets, faults and metrics are per
// endpoint). The Graph collections come first; kGraphCollections counts them.
enum class Endpoint : uint8_t {
  DirectoryAudits,
  AuditEvents,
  SignIns,
  RiskDetections,  // identityProtection/riskDetections and riskyUsers
  Alerts,          // security/alerts_v2
  Incidents,       // security/incidents
  Provisioning,
  Token,
  Discovery,
  Admin,
  Other
};
constexpr size_t kEndpointCount = 11;
constexpr Endpoint kGraphCollections[] = {Endpoint::DirectoryAudits, Endpoint::AuditEvents,
                                          Endpoint::SignIns,         Endpoint::RiskDetections,
                                          Endpoint::Alerts,          Endpoint::Incidents,
                                          Endpoint::Provisioning};
constexpr Endpoint kAllEndpoints[] = {
    Endpoint::DirectoryAudits, Endpoint::AuditEvents, Endpoint::SignIns,
    Endpoint::RiskDetections,  Endpoint::Alerts,      Endpoint::Incidents,
    Endpoint::Provisioning,    Endpoint::Token,       Endpoint::Discovery,
    Endpoint::Admin,           Endpoint::Other};

// "directoryAudits", "auditEvents", "signIns", "riskDetections", "alerts_v2", "incidents",
// "provisioning", "token", "discovery", "admin",
// "other".
constexpr std::string_view endpointName(Endpoint e) {
  switch (e) {
    case Endpoint::DirectoryAudits:
      return "directoryAudits";
    case Endpoint::AuditEvents:
      return "auditEvents";
    case Endpoint::SignIns:
      return "signIns";
    case Endpoint::RiskDetections:
      return "riskDetections";
    case Endpoint::Alerts:
      return "alerts_v2";
    case Endpoint::Incidents:
      return "incidents";
    case Endpoint::Provisioning:
      return "provisioning";
    case Endpoint::Token:
      return "token";
    case Endpoint::Discovery:
      return "discovery";
    case Endpoint::Admin:
      return "admin";
    case Endpoint::Other:
      return "other";
  }
  return "other";
}

// A Graph collection's path after the version ("auditLogs/directoryAudits"); empty for the
// endpoints that are not Graph collections.
constexpr std::string_view graphPath(Endpoint e) {
  switch (e) {
    case Endpoint::DirectoryAudits:
      return "auditLogs/directoryAudits";
    case Endpoint::AuditEvents:
      return "deviceManagement/auditEvents";
    case Endpoint::SignIns:
      return "auditLogs/signIns";
    case Endpoint::RiskDetections:
      return "identityProtection/riskDetections";
    case Endpoint::Alerts:
      return "security/alerts_v2";
    case Endpoint::Incidents:
      return "security/incidents";
    case Endpoint::Provisioning:
      return "auditLogs/provisioning";
    default:
      return {};
  }
}

}  // namespace tenantsim
