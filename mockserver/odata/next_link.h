// Builds @odata.nextLink the way Graph does: absolute, on the base URL the client used, every
// original query parameter repeated in order (any earlier $skiptoken or skiptoken dropped),
// re-encoded as Graph encodes (space %20, ':' %3a, ',' %2c, '\'' %27), then $skiptoken=<token>
// last.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mockserver/odata/query_options.h"

namespace tenantsim::odata {

// `baseUrl` is scheme://host[:port]/path as the client addressed it, without a query
// (e.g. "https://127.0.0.1:8443/v1.0/auditLogs/directoryAudits"). `parameters` are
// QueryOptions::parameters. `skiptoken` must be URL-safe (SkiptokenCodec's tokens are hex).
std::string buildNextLink(std::string_view baseUrl, const std::vector<QueryParameter>& parameters,
                          std::string_view skiptoken);

}  // namespace tenantsim::odata
