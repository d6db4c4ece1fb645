// GUIDs in Entra's lower-case 8-4-4-4-12 form: deterministic ones from rng draws or names, and
// random ones from the OpenSSL CSPRNG.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tenantsim {

// Writes the 128 bits hi:lo as a GUID with the given version nibble and the RFC 4122 variant
// (version and variant bits overwrite the ones in hi and lo).
void formatGuid(uint64_t hi, uint64_t lo, char out[36], unsigned version = 4);
std::string guidText(uint64_t hi, uint64_t lo, unsigned version = 4);

// A random (version 4) GUID.
std::string newRandomGuid();

// A stable GUID derived from name (SHA-256 based, version 5 layout): the same name always gives
// the same GUID, e.g. an app's service principal object id.
std::string nameBasedGuid(std::string_view name);

// True for 8-4-4-4-12 hex digits, either case.
bool looksLikeGuid(std::string_view text);

}  // namespace tenantsim
