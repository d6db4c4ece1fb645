// The request head a client sends a forward proxy (HTTPS_PROXY, curl --proxy), parsed just far
// enough to route the connection:
//   CONNECT graph.microsoft.com:443 HTTP/1.1     authority-form: a tunnel, usually for TLS
//   GET http://graph.microsoft.com/v1.0/… HTTP/1.1  absolute-form: plain http through the proxy
//   GET /v1.0/… HTTP/1.1                         origin-form: a request not meant for a proxy
// Pure functions over bytes; the sockets are in proxy.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace tenantsim::mock {

enum class ProxyTargetForm { Authority, Absolute, Origin };

struct ProxyRequestHead {
  ProxyTargetForm form = ProxyTargetForm::Origin;
  std::string method;   // as sent
  std::string target;   // as sent
  std::string version;  // "HTTP/1.1"
  std::string scheme;   // absolute-form only, lower-cased ("http")
  std::string host;     // authority- and absolute-form: lower-cased, IPv6 without brackets
  int port = 0;         // explicit, or the scheme's default (absolute-form)
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
};

// Offset just past the blank line ending the head ("\r\n\r\n", or "\n\n" from sloppy clients);
// std::string::npos while the head is incomplete.
size_t findHeadEnd(std::string_view bytes);

// False as soon as the bytes cannot begin an HTTP/1 request line (binary, a TLS ClientHello
// sent to the proxy port, controls): the caller can answer 400 without waiting for more.
bool couldBeRequestLine(std::string_view bytes);

// Parses a complete head (as delimited by findHeadEnd). nullopt with *error (a sentence for
// the client) when the request line or a header line is malformed, the CONNECT target is not
// host:port, or an absolute-form target is not http(s)://host[:port]/… (no user info).
Result<ProxyRequestHead> parseProxyRequestHead(std::string_view head);

// The head to send the origin for an absolute-form request: the request line as sent, the
// headers without the proxy's hop-by-hop ones (Proxy-Connection, Proxy-Authorization,
// Connection, Keep-Alive), and "Connection: close", so every request on the client's connection
// to the proxy is routed on its own.
std::string headForOrigin(const ProxyRequestHead& head);

// "host:port" for messages, with brackets around an IPv6 literal.
std::string authorityText(std::string_view host, int port);

}  // namespace tenantsim::mock
