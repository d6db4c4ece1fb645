#include "mockserver/server/response_head.h"

#include <utility>

#include "base/strings.h"

namespace tenantsim::mock {

std::string_view reasonPhrase(int status) {
  static constexpr std::pair<int, std::string_view> kPhrases[] = {
      {100, "Continue"},
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {204, "No Content"},
      {301, "Moved Permanently"},
      {302, "Found"},
      {304, "Not Modified"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {406, "Not Acceptable"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {411, "Length Required"},
      {412, "Precondition Failed"},
      {413, "Payload Too Large"},
      {414, "URI Too Long"},
      {415, "Unsupported Media Type"},
      {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
  };
  for (const auto& [code, phrase] : kPhrases)
    if (code == status) return phrase;
  return "Unknown";
}

bool appendResponseHead(std::string& head, const httplib::Request& request,
                        const httplib::Response& response, bool close) {
  head.reserve(head.size() + 256);
  head.append("HTTP/1.1 ").append(std::to_string(response.status)).append(" ");
  head.append(reasonPhrase(response.status)).append("\r\n");
  for (const auto& [name, value] : response.headers) {
    if (equalsIgnoreAsciiCase(name, "Connection")) {
      close = close || equalsIgnoreAsciiCase(value, "close");
      continue;
    }
    if (equalsIgnoreAsciiCase(name, "Content-Length") ||
        equalsIgnoreAsciiCase(name, "Transfer-Encoding"))
      continue;
    head.append(name).append(": ").append(value).append("\r\n");
  }
  head.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n");
  if (close)
    head.append("Connection: close\r\n");
  else if (request.version == "HTTP/1.0")
    head.append("Connection: keep-alive\r\n");
  head.append("\r\n");
  return close;
}

}  // namespace tenantsim::mock
