// Base64 codecs used by JWTs (base64url, unpadded), HTTP Basic credentials and x5c (standard,
// padded). Decoders validate strictly and return nullopt on any invalid input.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tenantsim {

// RFC 4648 section 5 alphabet, without '=' padding (as JWS requires).
std::string base64UrlEncode(std::string_view bytes);

// Accepts base64url with or without trailing '=' padding; rejects '+', '/', whitespace and
// impossible lengths (length % 4 == 1).
std::optional<std::string> base64UrlDecode(std::string_view text);

// RFC 4648 section 4 alphabet with '=' padding.
std::string base64Encode(std::string_view bytes);

// Standard alphabet; padding optional; rejects anything else.
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace tenantsim
