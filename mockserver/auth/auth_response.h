// A finished HTTP response the server writes as is: status, headers and body.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tenantsim::auth {

struct HttpHeader {
  std::string name;
  std::string value;
};

struct AuthResponse {
  int status = 200;
  std::vector<HttpHeader> headers;  // includes Content-Type
  std::string body;

  // The first header named name (case-insensitive), or "" when absent.
  std::string_view header(std::string_view name) const;
};

// Compact JSON text; invalid UTF-8 (echoed client input) becomes U+FFFD instead of throwing.
template <typename Json>
std::string jsonText(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace tenantsim::auth
