// Percent-coding: decoding of query components and form bodies as clients send them, the
// re-encoding Graph uses in @odata.nextLink, and RFC 3986 encoding for outgoing requests.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tenantsim {

// Decodes one query component (a name or a value already split on '&' and '='): '+' is a space
// and %XX (either hex case) a byte. nullopt for a '%' not followed by two hex digits.
std::optional<std::string> decodeQueryComponent(std::string_view raw);

// Decodes one application/x-www-form-urlencoded component leniently, as the token endpoint must:
// '+' is a space, %XX a byte, and a '%' not followed by two hex digits stays literally (Wazuh
// sends unencoded secrets). Never fails.
std::string decodeFormComponent(std::string_view raw);
// The same for a URL path segment, where '+' is itself.
std::string decodePathSegment(std::string_view raw);

// Encodes a decoded component the way Graph writes nextLinks: letters, digits and
// "-_.!*()" stay, a space becomes %20, every other byte %xx with lowercase hex
// (':' -> %3a, ',' -> %2c, '\'' -> %27, '/' -> %2f). In option names '$' also stays.
std::string encodeQueryValue(std::string_view decoded);
std::string encodeQueryName(std::string_view decoded);

// RFC 3986 encoding: unreserved characters (letters, digits, "-_.~") and those in `keep` stay,
// every other byte becomes %XX with uppercase hex (as Azure Storage signs request paths).
std::string percentEncode(std::string_view text, std::string_view keep = {});

}  // namespace tenantsim
