#include "mockserver/proxy/proxy_request.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"
#include "mockserver/auth/directory.h"

namespace tenantsim::mock {
namespace {

bool isTokenChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), isTokenChar);
}

bool isVisible(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool parsePort(std::string_view digits, int* port) {
  if (digits.empty() || digits.size() > 5) return false;
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > 65535) return false;
  *port = value;
  return true;
}

bool isHostName(std::string_view host) {
  return !host.empty() && host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
  });
}

bool isIpv6Literal(std::string_view host) {
  return !host.empty() && host.size() <= 45 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
  });
}

// "host:port", "[v6]:port", or without the port when defaultPort > 0.
bool parseAuthority(std::string_view authority, int defaultPort, std::string* host, int* port) {
  std::string_view name, portText;
  bool hasPort = false;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    name = authority.substr(1, close - 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return false;
    hasPort = !rest.empty();
    if (hasPort) portText = rest.substr(1);
    if (!isIpv6Literal(name)) return false;
  } else {
    size_t colon = authority.find(':');
    name = authority.substr(0, colon);
    hasPort = colon != std::string_view::npos;
    if (hasPort) portText = authority.substr(colon + 1);
    if (!isHostName(name)) return false;
  }
  if (hasPort) {
    if (!parsePort(portText, port)) return false;
  } else {
    if (defaultPort <= 0) return false;
    *port = defaultPort;
  }
  *host = asciiLowercase(name);
  return true;
}

bool parseAbsoluteTarget(std::string_view target, ProxyRequestHead* head) {
  size_t schemeEnd = target.find("://");
  head->scheme = asciiLowercase(target.substr(0, schemeEnd));
  if (head->scheme != "http" && head->scheme != "https") return false;
  std::string_view rest = target.substr(schemeEnd + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) return false;
  return parseAuthority(authority, head->scheme == "https" ? 443 : 80, &head->host, &head->port);
}

bool parseHeaderLine(std::string_view line, ProxyRequestHead* head) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || !isToken(line.substr(0, colon))) return false;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  bool clean = std::all_of(value.begin(), value.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u >= 0x20 || c == '\t';
  });
  if (!clean) return false;
  head->headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return true;
}

// Splits off one line (without "\r\n" or "\n").
std::string_view takeLine(std::string_view* rest) {
  size_t newline = rest->find('\n');
  std::string_view line = rest->substr(0, newline);
  rest->remove_prefix(newline == std::string_view::npos ? rest->size() : newline + 1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

Status parseRequestLine(std::string_view line, ProxyRequestHead* head) {
  const Error notARequestLine = plainError("The request line is not 'METHOD target HTTP/1.1'.");
  size_t first = line.find(' ');
  size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
  if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos)
    return notARequestLine;
  head->method = std::string(line.substr(0, first));
  head->target = std::string(line.substr(first + 1, second - first - 1));
  head->version = std::string(line.substr(second + 1));
  if (!isToken(head->method) || !isVisible(head->target) || head->target.empty() ||
      (head->version != "HTTP/1.1" && head->version != "HTTP/1.0"))
    return notARequestLine;
  if (head->method == "CONNECT") {
    head->form = ProxyTargetForm::Authority;
    if (!parseAuthority(head->target, 0, &head->host, &head->port))
      return plainError("CONNECT needs a host:port target, e.g. CONNECT graph.microsoft.com:443.");
  } else if (head->target.starts_with('/') || head->target == "*") {
    head->form = ProxyTargetForm::Origin;
  } else {
    head->form = ProxyTargetForm::Absolute;
    if (head->target.find("://") == std::string::npos || !parseAbsoluteTarget(head->target, head))
      return plainError("The target is not an absolute http:// or https:// URL with a host.");
  }
  return {};
}

bool isHopByHop(std::string_view name) {
  for (std::string_view hop :
       {"Proxy-Connection", "Proxy-Authorization", "Connection", "Keep-Alive"}) {
    if (equalsIgnoreAsciiCase(name, hop)) return true;
  }
  return false;
}

}  // namespace

size_t findHeadEnd(std::string_view bytes) {
  size_t crlf = bytes.find("\r\n\r\n");
  size_t lf = bytes.find("\n\n");
  size_t end = std::min(crlf == std::string_view::npos ? crlf : crlf + 4,
                        lf == std::string_view::npos ? lf : lf + 2);
  return end;
}

bool couldBeRequestLine(std::string_view bytes) {
  std::string_view line = bytes.substr(0, bytes.find('\n'));
  if (line.empty()) return bytes.empty();
  if (!std::isalpha(static_cast<unsigned char>(line.front()))) return false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    bool lastCarriageReturn = c == '\r' && i + 1 == line.size();
    if ((c < 0x20 || c >= 0x7f) && !lastCarriageReturn) return false;
  }
  return true;
}

Result<ProxyRequestHead> parseProxyRequestHead(std::string_view head) {
  ProxyRequestHead parsed;
  std::string_view rest = head;
  if (Status line = parseRequestLine(takeLine(&rest), &parsed); !line)
    return std::move(line).error();
  while (!rest.empty()) {
    std::string_view line = takeLine(&rest);
    if (line.empty()) break;
    if (!parseHeaderLine(line, &parsed)) return plainError("A header line is malformed.");
  }
  return parsed;
}

std::string headForOrigin(const ProxyRequestHead& head) {
  std::string out = head.method + " " + head.target + " " + head.version + "\r\n";
  for (const auto& [name, value] : head.headers) {
    if (!isHopByHop(name)) out += name + ": " + value + "\r\n";
  }
  out += "Connection: close\r\n\r\n";
  return out;
}

std::string authorityText(std::string_view host, int port) {
  bool ipv6 = host.find(':') != std::string_view::npos;
  return (ipv6 ? "[" + std::string(host) + "]" : std::string(host)) + ":" + std::to_string(port);
}

}  // namespace tenantsim::mock
