// Fuzz entry point for the whole server stack (issue #15), in process: one input is the bytes a
// client sends on one connection. The connection layer's RequestReader (request_reader.h, strict
// RFC 9112) frames them into requests, a real GraphServer's connection handlers answer each
// (routing, the pipeline, the routes; or the refusal of a framing error) and appendResponseHead
// writes each answer's head: what a connection does, minus the socket and the event loop. Pipelined
// requests are answered in order until one fails to frame (answered, then the connection closes),
// one asks to close, or the bytes end (a real connection would wait, then answer 408).
// Invariants besides "no crash, leak or UB": a framing error is answered 4xx/5xx in Graph's
// envelope; every answer's head is a valid HTTP/1.1 status line, header fields and an empty line;
// every 64 inputs a well-formed request still gets 200. One server per process (a small tenant,
// auth off so inputs reach the routes, short pages, no trace ring), created on first use and never
// started: no listener.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "mockserver/server/graph_server.h"
#include "mockserver/server/request_reader.h"
#include "mockserver/server/response_head.h"
#include "simulator/scenario/scenario.h"
#include "simulator/simulation/world/world.h"

namespace tenantsim::fuzz {

inline constexpr char kFuzzServerScenario[] = R"({
  "name": "fuzz", "seed": 7,
  "tenant": { "name": "Contoso", "domain": "contoso.onmicrosoft.com", "users": 50 },
  "window": { "end": "2026-11-01T00:00:00Z", "days": 1 },
  "server": { "auth": "off", "throttling": false, "ingestDelay": "none", "faults": { "rate": 0 },
              "pageSize": { "default": 5, "max": 20 } }
})";

inline void serverCheck(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

struct FuzzServer {
  std::unique_ptr<mock::GraphServer> server;
  mock::ConnectionHandlers handlers;
  mock::FramingLimits limits;  // the connection layer's defaults
};

inline FuzzServer& fuzzServer() {
  static FuzzServer fuzz = [] {
    ScenarioLoad scenario = loadScenarioText(kFuzzServerScenario);
    serverCheck(scenario.ok(), "the fuzz scenario loads");
    mock::ServerOptions options;
    options.port = -1;
    options.accessLog = false;
    // No trace ring: it keeps each request's trace on purpose, which libFuzzer's per-input leak
    // check reads as a leak on every input and answers with a full heap scan (about 280
    // executions/s instead of 1,800). trace_test covers the ring.
    options.traceBuffer = 0;
    options.stateDir = std::filesystem::temp_directory_path() / "tenantsim-fuzz-server";
    auto created =
        mock::GraphServer::create(buildScenarioWorld(std::move(*scenario), nullptr, 1), options);
    serverCheck(created.ok(), "the fuzz server is created");
    FuzzServer made{std::move(*created), {}, {}};
    made.handlers = made.server->connectionHandlers();
    return made;
  }();
  return fuzz;
}

// A head appendResponseHead wrote: "HTTP/1.1 NNN ...\r\n", fields, "\r\n" at the end only.
inline bool validResponseHead(std::string_view head, int status) {
  if (status < 100 || status > 599 || !head.starts_with("HTTP/1.1 ")) return false;
  if (head.substr(9, 3) != std::to_string(status)) return false;
  return head.ends_with("\r\n\r\n") && head.find("\r\n\r\n") == head.size() - 4;
}

// Answers the requests of one connection's bytes; returns the statuses' count.
inline int answerConnection(std::string in, int* lastStatus = nullptr) {
  FuzzServer& fuzz = fuzzServer();
  mock::RequestReader reader(fuzz.limits);
  int answered = 0;
  while (!in.empty()) {
    httplib::Request request;
    httplib::Response response;
    mock::RequestFraming framing;
    request.remote_addr = "127.0.0.1";  // as a loopback client: the admin routes answer it
    mock::RequestReader::State state;
    while ((state = reader.read(in, request, framing)) == mock::RequestReader::State::HeadRead) {
    }
    if (state == mock::RequestReader::State::NeedMore) break;
    bool close = !framing.keepAlive;
    if (state == mock::RequestReader::State::Error) {
      fuzz.handlers.refuse(request, response, reader.error().status, reader.error().detail);
      response.status = reader.error().status;
      serverCheck(response.status >= 400 && response.status <= 599, "a framing error is 4xx/5xx");
      serverCheck(response.body.starts_with("{\"error\":{"), "a refusal is Graph's envelope");
      close = true;
    } else {
      fuzz.handlers.serve(request, response, false);
      if (response.status <= 0) response.status = 200;
    }
    std::string head;
    close = mock::appendResponseHead(head, request, response, close);
    serverCheck(validResponseHead(head, response.status), "an answer's head is valid");
    ++answered;
    if (lastStatus) *lastStatus = response.status;
    if (close) break;
    reader.reset();
  }
  return answered;
}

inline int fuzzRawRequest(const uint8_t* data, size_t size) {
  static uint64_t inputs = 0;
  answerConnection(std::string(reinterpret_cast<const char*>(data), size));
  if (++inputs % 64 == 0) {
    int status = 0;
    answerConnection(
        "GET /v1.0/auditLogs/directoryAudits?$top=1 HTTP/1.1\r\nHost: fuzz\r\n"
        "Connection: close\r\n\r\n",
        &status);
    serverCheck(status == 200, "a well-formed request still gets 200");
  }
  return 0;
}

}  // namespace tenantsim::fuzz
