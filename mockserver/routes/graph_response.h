// What every Graph route writes the same way: the @odata.context base, a JSON 200, an Error in
// Graph's envelope, and the Prefer: include-unknown-enum-members rule.
#pragma once

#include <string>

#include "mockserver/odata/odata_error.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/routes/graph_routes.h"
#include "simulator/graph/evolvable_enum.h"

namespace tenantsim::mock {

// "<origin>/<version>/$metadata#"
std::string metadataBase(const GraphRequest& r);
// "(id,activityDateTime)" after a collection's context when $select names properties, else "".
std::string selectSuffix(const odata::QueryOptions& query);

// A 200 with Graph's Content-Type; the body is moved, not copied.
void sendJson(RequestContext& ctx, std::string body);

// The response's body, emptied, to build a page in and hand to sendJson: the connection layer
// gives each request a buffer an earlier answer was written from (mockserver/server/
// body_buffers.h), so a page reuses its capacity instead of allocating (and faulting in) its own.
std::string takeBodyBuffer(RequestContext& ctx);

void writeError(RequestContext& ctx, const Error& e);

// The request's Prefer header, as the renderers take it; sets Preference-Applied when it asked
// for the members after unknownFutureValue.
UnknownEnumMembers enumMembersFor(RequestContext& ctx);

}  // namespace tenantsim::mock
