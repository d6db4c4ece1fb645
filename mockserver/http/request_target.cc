#include "mockserver/http/request_target.h"

#include "base/url_encoding.h"
#include "mockserver/auth/directory.h"
#include "mockserver/auth/form_body.h"

namespace tenantsim::mock {
namespace {

// A Host-like value we are willing to echo into URLs: no spaces, slashes, quotes or controls.
bool isSafeAuthority(std::string_view s) {
  if (s.empty() || s.size() > 255) return false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '/' || c == '\\' || c == '"' || c == '?' || c == '#' ||
        c == '@')
      return false;
  }
  return true;
}

std::string firstListValue(std::string_view value) {
  size_t comma = value.find(',');
  std::string_view first = value.substr(0, comma);
  while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
  while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
  return std::string(first);
}

// "host:80" for http and "host:443" for https name the scheme's default port: drop it, as URL
// normalisation does, so absolute-form targets through a proxy ("http://graph.microsoft.com:80/")
// give the same links as the Host header would.
std::string withoutDefaultPort(std::string_view scheme, std::string_view authority) {
  std::string_view port = scheme == "https" ? ":443" : ":80";
  if (authority.size() > port.size() && authority.ends_with(port))
    authority.remove_suffix(port.size());
  return std::string(authority);
}

}  // namespace

RequestTarget parseRequestTarget(std::string_view target) {
  RequestTarget out;
  size_t fragment = target.find('#');
  if (fragment != std::string_view::npos) target = target.substr(0, fragment);
  size_t schemeEnd = target.find("://");
  if (schemeEnd != std::string_view::npos &&
      target.substr(0, schemeEnd).find('/') == std::string_view::npos &&
      target.substr(0, schemeEnd).find('?') == std::string_view::npos) {
    out.scheme = std::string(target.substr(0, schemeEnd));
    target.remove_prefix(schemeEnd + 3);
    size_t pathStart = target.find_first_of("/?");
    out.authority = std::string(target.substr(0, pathStart));
    target = pathStart == std::string_view::npos ? std::string_view("/") : target.substr(pathStart);
  }
  size_t question = target.find('?');
  out.rawPath = std::string(target.substr(0, question));
  if (question != std::string_view::npos) out.rawQuery = std::string(target.substr(question + 1));
  std::string_view path = out.rawPath;
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    if (!segment.empty()) out.segments.push_back(decodePathSegment(segment));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool isTls(const httplib::Request& request) { return request.ssl != nullptr; }

std::string clientOrigin(const httplib::Request& request, const RequestTarget& target,
                         std::string_view publicUrl, std::string_view listenerScheme,
                         std::string_view listenerAuthority) {
  if (!publicUrl.empty()) {
    std::string origin(publicUrl);
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
    return origin;
  }
  std::string scheme(listenerScheme);
  std::string forwardedProto = firstListValue(request.get_header_value("X-Forwarded-Proto"));
  if (equalsIgnoreAsciiCase(forwardedProto, "https") ||
      equalsIgnoreAsciiCase(forwardedProto, "http")) {
    scheme = forwardedProto == "https" || equalsIgnoreAsciiCase(forwardedProto, "https") ? "https"
                                                                                         : "http";
  }
  std::string authority;
  std::string forwardedHost = firstListValue(request.get_header_value("X-Forwarded-Host"));
  if (isSafeAuthority(forwardedHost))
    authority = forwardedHost;
  else if (isSafeAuthority(target.authority))
    authority = target.authority;
  else if (std::string host = request.get_header_value("Host"); isSafeAuthority(host))
    authority = host;
  else
    authority = std::string(listenerAuthority);
  return scheme + "://" + withoutDefaultPort(scheme, authority);
}

}  // namespace tenantsim::mock
