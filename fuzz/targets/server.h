// Fuzz entry point for the whole server stack (issue #15): raw request bytes written to a real
// GraphServer on loopback (framing, routing, the pipeline, the routes), one connection per input.
// Invariants besides "no crash, leak or UB": whatever the server sends back starts with a valid
// HTTP/1.1 status line, and every 64 inputs a well-formed request still gets its 200. One server
// per process (a small tenant, auth off so inputs reach the routes), started on first use.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "mockserver/server/graph_server.h"
#include "simulator/scenario/scenario.h"
#include "simulator/simulation/world/world.h"

namespace tenantsim::fuzz {

inline constexpr char kFuzzServerScenario[] = R"({
  "name": "fuzz", "seed": 7,
  "tenant": { "name": "Contoso", "domain": "contoso.onmicrosoft.com", "users": 50 },
  "window": { "end": "2026-11-01T00:00:00Z", "days": 1 },
  "server": { "auth": "off", "throttling": false, "ingestDelay": "none", "faults": { "rate": 0 } }
})";

inline void serverCheck(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

// The port of the process's server (started on first call).
inline int fuzzServerPort() {
  static std::unique_ptr<mock::GraphServer> server = [] {
    ScenarioLoad scenario = loadScenarioText(kFuzzServerScenario);
    serverCheck(scenario.ok(), "the fuzz scenario loads");
    mock::ServerOptions options;
    options.port = 0;
    options.tlsPort = -1;
    options.accessLog = false;
    options.readTimeoutSeconds = 1;  // inputs that announce more body than they send
    options.threads = 64;
    options.stateDir = std::filesystem::temp_directory_path() / "tenantsim-fuzz-server";
    auto created =
        mock::GraphServer::create(buildScenarioWorld(std::move(*scenario), nullptr, 1), options);
    serverCheck(created.ok(), "the fuzz server is created");
    serverCheck((*created)->start().ok(), "the fuzz server starts");
    return std::move(*created);
  }();
  return server->port();
}

// Sends `bytes` on a fresh connection and returns what came back within `waitMs` (at most 4 KB).
inline std::string exchange(std::string_view bytes, int waitMs) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  serverCheck(fd >= 0, "socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(fuzzServerPort()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  serverCheck(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0, "connect");
  timeval timeout{0, waitMs * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  for (size_t sent = 0; sent < bytes.size();) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close on a bad head before reading the rest
    sent += static_cast<size_t>(n);
  }
  std::string answer;
  char buffer[4096];
  while (answer.size() < sizeof buffer) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer;
}

inline bool validStatusLine(std::string_view answer) {
  if (answer.size() < 12 || !(answer.starts_with("HTTP/1.1 ") || answer.starts_with("HTTP/1.0 ")))
    return false;
  return answer[9] >= '1' && answer[9] <= '5' && answer[10] >= '0' && answer[10] <= '9' &&
         answer[11] >= '0' && answer[11] <= '9';
}

inline int fuzzRawRequest(const uint8_t* data, size_t size) {
  static uint64_t inputs = 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string answer = exchange(bytes, 50);
  serverCheck(answer.empty() || validStatusLine(answer), "an answer starts with a status line");
  if (++inputs % 64 == 0) {
    std::string alive = exchange(
        "GET /v1.0/auditLogs/directoryAudits?$top=1 HTTP/1.1\r\nHost: fuzz\r\n"
        "Connection: close\r\n\r\n",
        5000);
    serverCheck(alive.starts_with("HTTP/1.1 200"), "a well-formed request still gets 200");
  }
  return 0;
}

}  // namespace tenantsim::fuzz
