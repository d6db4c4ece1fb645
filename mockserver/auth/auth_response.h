// A finished HTTP response the server writes as is: status, headers and body.
#pragma once

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

}  // namespace tenantsim::auth
