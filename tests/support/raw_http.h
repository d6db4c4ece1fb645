// A raw HTTP/1.1 exchange over a loopback socket, for requests httplib::Client will not send
// (NUL bytes, broken request lines, weird methods, oversized headers). Bounded by a receive
// timeout; the request asks for Connection: close where it has headers at all.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/json.h"

namespace tenantsim::mock::testing {

struct RawAnswer {
  int status = 0;                              // 0 = no response (connection closed, or timed out)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  nlohmann::json json;  // null when the body is not JSON
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// 127.0.0.1:port (port 0: any free port, for bind).
inline sockaddr_in loopbackAddress(int port = 0) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// A socket connected to 127.0.0.1:port with send and receive timeouts, or -1.
inline int connectLoopback(int port, int timeoutSeconds) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval tv{timeoutSeconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr = loopbackAddress(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool sendAll(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// "METHOD target HTTP/1.1" with Host: 127.0.0.1, Connection: close, then extraHeaders (each
// ending in \r\n), a Content-Length when there is a body or the method is POST or PUT, and body.
inline std::string rawRequest(const std::string& method, const std::string& target,
                              const std::string& extraHeaders = "", const std::string& body = "") {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                  extraHeaders;
  if (!body.empty() || method == "POST" || method == "PUT")
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return r + "\r\n" + body;
}

// Parses one response from what the server wrote before closing.
inline RawAnswer parseRawResponse(const std::string& data) {
  RawAnswer answer;
  size_t end = data.find("\r\n\r\n");
  if (data.rfind("HTTP/1.", 0) != 0 || end == std::string::npos) return answer;
  answer.status = std::atoi(data.c_str() + 9);
  size_t pos = data.find("\r\n") + 2;
  while (pos < end) {
    size_t eol = data.find("\r\n", pos);
    std::string line = data.substr(pos, eol - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      answer.headers[name] = line.substr(v);
    }
    pos = eol + 2;
  }
  answer.body = data.substr(end + 4);
  if (auto length = answer.header("content-length"); !length.empty())
    answer.body = answer.body.substr(0, std::stoul(length));
  answer.json = parseJsonOrDiscarded(answer.body);
  if (answer.json.is_discarded()) answer.json = nullptr;
  return answer;
}

// Reads exactly one response (head and Content-Length body) from a keep-alive connection.
inline RawAnswer readOneResponse(int fd) {
  std::string data;
  char buffer[16384];
  for (;;) {
    size_t end = data.find("\r\n\r\n");
    if (end != std::string::npos) {
      RawAnswer head = parseRawResponse(data);
      std::string length = head.header("content-length");
      if (length.empty() || data.size() >= end + 4 + std::stoul(length)) return head;
    }
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return parseRawResponse(data);
    data.append(buffer, static_cast<size_t>(n));
  }
}

// Sends bytes, reads until the server closes (or timeoutSeconds of silence). halfClose: shut down
// our sending side after the bytes (the server then sees end-of-stream instead of waiting).
inline RawAnswer rawExchange(int port, const std::string& bytes, int timeoutSeconds = 10,
                             bool halfClose = false) {
  int fd = connectLoopback(port, timeoutSeconds);
  if (fd < 0) return {};
  sendAll(fd, bytes);  // the server may close early on oversized input: read what it said anyway
  if (halfClose) ::shutdown(fd, SHUT_WR);
  std::string data;
  char buffer[16384];
  for (int i = 0; i < 100000; ++i) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
    // One response is all we asked for: stop once its body is complete.
    size_t end = data.find("\r\n\r\n");
    if (end != std::string::npos) {
      RawAnswer partial = parseRawResponse(data);
      auto length = partial.header("content-length");
      if (!length.empty() && data.size() >= end + 4 + std::stoul(length)) break;
    }
  }
  ::close(fd);
  return parseRawResponse(data);
}

}  // namespace tenantsim::mock::testing
