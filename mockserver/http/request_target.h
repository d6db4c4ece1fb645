// Where a request points: its path segments (percent-decoded, '+' kept) and raw query, from the
// request target as sent, origin-form ("/v1.0/...") or absolute-form ("http://host/v1.0/...",
// as proxies and some clients send), and the scheme://host[:port] the client used.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

namespace tenantsim::mock {

struct RequestTarget {
  std::string rawPath;                // as sent, without the query ("/v1.0/auditLogs/...")
  std::string rawQuery;               // as sent, without the '?'
  std::vector<std::string> segments;  // decoded, empty segments dropped
  std::string authority;              // host[:port] of an absolute-form target, else ""
  std::string scheme;                 // scheme of an absolute-form target, else ""
};

// Never fails: an unparsable target gives no segments.
RequestTarget parseRequestTarget(std::string_view target);

// The origin the client used, "scheme://host[:port]", for absolute URLs we write (nextLink,
// @odata.context, OIDC endpoints). publicUrl, when set, wins; else X-Forwarded-Proto/-Host,
// the absolute-form authority, the Host header, and last the listener's own address. The
// scheme's default port (:80, :443) is left out.
std::string clientOrigin(const httplib::Request& request, const RequestTarget& target,
                         std::string_view publicUrl, std::string_view listenerScheme,
                         std::string_view listenerAuthority);

// True when the request arrived over TLS.
bool isTls(const httplib::Request& request);

}  // namespace tenantsim::mock
