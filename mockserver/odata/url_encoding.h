// Percent-decoding of query components as clients send them, and the re-encoding Graph uses in
// @odata.nextLink.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tenantsim::odata {

// Decodes one query component (a name or a value already split on '&' and '='): '+' is a space
// and %XX (either hex case) a byte. nullopt for a '%' not followed by two hex digits.
std::optional<std::string> decodeQueryComponent(std::string_view raw);

// Encodes a decoded component the way Graph writes nextLinks: letters, digits and
// "-_.!*()" stay, a space becomes %20, every other byte %xx with lowercase hex
// (':' -> %3a, ',' -> %2c, '\'' -> %27, '/' -> %2f). In option names '$' also stays.
std::string encodeQueryValue(std::string_view decoded);
std::string encodeQueryName(std::string_view decoded);

}  // namespace tenantsim::odata
