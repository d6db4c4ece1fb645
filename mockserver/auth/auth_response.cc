#include "mockserver/auth/auth_response.h"

#include "mockserver/auth/directory.h"

namespace tenantsim::auth {

std::string_view AuthResponse::header(std::string_view name) const {
  for (const HttpHeader& entry : headers) {
    if (equalsIgnoreAsciiCase(entry.name, name)) return entry.value;
  }
  return {};
}

}  // namespace tenantsim::auth
