#include "mockserver/http/pipeline.h"

namespace tenantsim::mock {

std::string_view endpointName(Endpoint e) {
  switch (e) {
    case Endpoint::DirectoryAudits:
      return "directoryAudits";
    case Endpoint::AuditEvents:
      return "auditEvents";
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

}  // namespace tenantsim::mock
