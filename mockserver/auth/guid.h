// GUID strings in Entra's lower-case 8-4-4-4-12 form.
#pragma once

#include <string>
#include <string_view>

namespace tenantsim::auth {

// A random (version 4) GUID from the OpenSSL CSPRNG.
std::string newRandomGuid();

// A stable GUID derived from name (SHA-256 based, version 5 layout): the same name always gives
// the same GUID, e.g. an app's service principal object id.
std::string nameBasedGuid(std::string_view name);

// True for 8-4-4-4-12 hex digits, either case.
bool looksLikeGuid(std::string_view text);

}  // namespace tenantsim::auth
