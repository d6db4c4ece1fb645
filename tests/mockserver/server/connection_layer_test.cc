// The connection layer's HTTP/1.1 behaviour on a real socket
// (mockserver/server/connection_layer.h): pipelined requests answered in order on one connection,
// Expect: 100-continue, HEAD without a body, chunked request bodies, HTTP/1.0 closing by default,
// and a framing error answered 400 and closing the connection, so that nothing hidden after it is
// read as a request. Then who writes an answer (the worker that made it, the loop when the socket
// is full) and the per-stage times the layer reports (stage_times.h).
#include "mockserver/server/connection_layer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/json.h"
#include "tests/support/raw_http.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

// Everything the server writes until it closes the connection (or the socket's timeout).
std::string readAll(int fd) {
  std::string data;
  char buffer[16384];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
    data.append(buffer, static_cast<size_t>(n));
  return data;
}

size_t countOf(const std::string& haystack, const std::string& needle) {
  size_t count = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++count;
  return count;
}

// The answers in what the server wrote, one after another (each has a Content-Length).
std::vector<RawAnswer> splitAnswers(const std::string& data) {
  std::vector<RawAnswer> answers;
  for (size_t at = 0; at < data.size();) {
    size_t end = data.find("\r\n\r\n", at);
    if (end == std::string::npos) break;
    RawAnswer head = parseRawResponse(data.substr(at, end + 4 - at));
    size_t length = std::stoul(
        head.header("content-length").empty() ? std::string("0") : head.header("content-length"));
    answers.push_back(parseRawResponse(data.substr(at, end + 4 + length - at)));
    at = end + 4 + length;
  }
  return answers;
}

TEST(ConnectionLayer, PipelinedRequestsAreAnsweredInOrderOnOneConnection) {
  TestServer& s = sharedServer();
  int fd = connectLoopback(s.port(), 10);
  std::string get = "GET /_tenantsim/health HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_TRUE(sendAll(fd, get + get +
                              "GET /_tenantsim/nothing HTTP/1.1\r\nHost: x\r\n"
                              "Connection: close\r\n\r\n"));
  std::string data = readAll(fd);
  ::close(fd);
  EXPECT_EQ(countOf(data, "HTTP/1.1 200 OK\r\n"), 2u) << data.substr(0, 500);
  EXPECT_NE(data.find("HTTP/1.1 404 Not Found\r\n"), std::string::npos);
  EXPECT_GT(data.find("HTTP/1.1 404"), data.rfind("HTTP/1.1 200")) << "answered in order";
}

TEST(ConnectionLayer, ExpectContinueGetsAnInterimAnswerBeforeTheBody) {
  TestServer& s = sharedServer();
  int fd = connectLoopback(s.port(), 10);
  std::string body = "grant_type=client_credentials";
  ASSERT_TRUE(sendAll(fd, "POST /" + s.tenantId() +
                              "/oauth2/v2.0/token HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                              "Content-Type: application/x-www-form-urlencoded\r\n"
                              "Connection: close\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n"));
  char buffer[256];
  ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buffer, static_cast<size_t>(n)), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(sendAll(fd, body));
  RawAnswer a = parseRawResponse(readAll(fd));
  ::close(fd);
  EXPECT_EQ(a.status, 400) << a.body;  // no client: Entra's error, from the token endpoint
  EXPECT_TRUE(a.json.contains("error_codes")) << a.body;
}

TEST(ConnectionLayer, ChunkedRequestBodyReachesTheRoute) {
  TestServer& s = sharedServer();
  RawAnswer a =
      rawExchange(s.port(), "POST /" + s.tenantId() +
                                "/oauth2/v2.0/token HTTP/1.1\r\nHost: x\r\n"
                                "Content-Type: application/x-www-form-urlencoded\r\n"
                                "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                "a\r\ngrant_type\r\n13\r\n=client_credentials\r\n0\r\n\r\n");
  EXPECT_EQ(a.status, 400) << a.body;
  // The endpoint saw the grant type (the complaint is about the missing client, not the grant).
  EXPECT_EQ(a.body.find("grant_type"), std::string::npos) << a.body;
  EXPECT_TRUE(a.json.contains("error_codes")) << a.body;
}

TEST(ConnectionLayer, HeadAnswersTheLengthWithoutTheBody) {
  TestServer& s = sharedServer();
  int fd = connectLoopback(s.port(), 10);
  ASSERT_TRUE(
      sendAll(fd, "HEAD /_tenantsim/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string data = readAll(fd);
  ::close(fd);
  size_t end = data.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << data;
  EXPECT_EQ(data.size(), end + 4) << "no body after the head";
  EXPECT_NE(data.find("Content-Length: "), std::string::npos) << data;
}

TEST(ConnectionLayer, Http10ClosesUnlessAskedToKeepAlive) {
  TestServer& s = sharedServer();
  int fd = connectLoopback(s.port(), 10);
  ASSERT_TRUE(sendAll(fd, "GET /_tenantsim/health HTTP/1.0\r\n\r\n"));
  std::string data = readAll(fd);  // returns: the server closed
  ::close(fd);
  EXPECT_EQ(parseRawResponse(data).status, 200);
  EXPECT_NE(data.find("Connection: close\r\n"), std::string::npos) << data;
}

TEST(ConnectionLayer, FramingErrorAnswers400AndClosesTheConnection) {
  TestServer& s = sharedServer();
  int fd = connectLoopback(s.port(), 10);
  // A smuggling attempt: the second request hides in a body only one of two readers would see.
  ASSERT_TRUE(
      sendAll(fd,
              "POST /_tenantsim/health HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
              "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /_tenantsim/health HTTP/1.1\r\n"
              "Host: x\r\n\r\n"));
  std::string data = readAll(fd);
  ::close(fd);
  EXPECT_EQ(countOf(data, "HTTP/1.1 "), 1u) << data;
  RawAnswer a = parseRawResponse(data);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.header("connection"), "close");
  ASSERT_TRUE(a.json.is_object()) << a.body;
  EXPECT_TRUE(a.json["error"]["innerError"].is_object());
}

// The connection layer reuses a connection's request objects and response buffers between requests
// (recycleRequest, BodyBufferPool): nothing of one request may reach the next on the same
// connection, whether they arrive pipelined or one after another on a kept-alive connection.
struct CarryOverCase {
  std::string bytes;  // one request
  int status;
  std::string check;  // what the answer must (or must not) show
};

std::vector<CarryOverCase> carryOverSequence(TestServer& s) {
  const std::string list = "GET /v1.0/auditLogs/directoryAudits?$top=1 HTTP/1.1\r\nHost: x\r\n";
  const std::string token = "POST /" + s.tenantId() + "/oauth2/v2.0/token HTTP/1.1\r\nHost: x\r\n";
  const std::string body = "grant_type=client_credentials";
  return {
      // Authorized, with a client-request-id, a Prefer and a $select.
      {"GET /v1.0/auditLogs/directoryAudits?$top=2&$select=id HTTP/1.1\r\nHost: x\r\n"
       "Authorization: Bearer " +
           s.readerToken() +
           "\r\nclient-request-id: carried-over-id\r\n"
           "Prefer: include-unknown-enum-members\r\n\r\n",
       200, "first"},
      // No Authorization: 401, not the last request's reader.
      {list + "\r\n", 401, "unauthorized"},
      // Authorized again, none of the first request's options.
      {list + "Authorization: Bearer " + s.readerToken() + "\r\n\r\n", 200, "plain"},
      // A body, then a request without one.
      {token + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body,
       400, "with body"},
      {token + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n"
               "Connection: close\r\n\r\n",
       400, "without body"},
  };
}

void expectNoCarryOver(const std::vector<CarryOverCase>& cases, const std::vector<RawAnswer>& got) {
  ASSERT_EQ(got.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i)
    EXPECT_EQ(got[i].status, cases[i].status) << cases[i].check << ": " << got[i].body;
  EXPECT_EQ(got[0].header("client-request-id"), "carried-over-id");
  EXPECT_FALSE(got[0].header("preference-applied").empty());
  for (size_t i = 1; i < got.size(); ++i) {
    EXPECT_NE(got[i].header("client-request-id"), "carried-over-id") << cases[i].check;
    EXPECT_TRUE(got[i].header("preference-applied").empty()) << cases[i].check;
  }
  ASSERT_TRUE(got[2].json.is_object()) << got[2].body;
  ASSERT_EQ(got[2].json["value"].size(), 1u) << got[2].body;
  EXPECT_TRUE(got[2].json["value"][0].contains("activityDisplayName")) << "no $select carried";
  // The token endpoint saw the body the first time (its complaint is the missing client) and no
  // body the second time (its complaint is the missing grant type).
  EXPECT_EQ(got[3].body.find("grant_type"), std::string::npos) << got[3].body;
  EXPECT_NE(got[4].body.find("grant_type"), std::string::npos) << got[4].body;
}

TEST(ConnectionLayer, PipelinedRequestsCarryNothingOfTheOneBefore) {
  TestServer& s = sharedServer();
  std::vector<CarryOverCase> cases = carryOverSequence(s);
  std::string all;
  for (const CarryOverCase& c : cases) all += c.bytes;
  int fd = connectLoopback(s.port(), 10);
  ASSERT_TRUE(sendAll(fd, all));
  std::string data = readAll(fd);
  ::close(fd);
  expectNoCarryOver(cases, splitAnswers(data));
}

TEST(ConnectionLayer, KeptAliveRequestsCarryNothingOfTheOneBefore) {
  TestServer& s = sharedServer();
  std::vector<CarryOverCase> cases = carryOverSequence(s);
  int fd = connectLoopback(s.port(), 10);
  std::vector<RawAnswer> got;
  for (const CarryOverCase& c : cases) {
    ASSERT_TRUE(sendAll(fd, c.bytes));
    got.push_back(readOneResponse(fd));
  }
  ::close(fd);
  expectNoCarryOver(cases, got);
}

TEST(StageTimes, BucketsAreAQuarterOfAnOctaveAndPercentilesTheirUpperBounds) {
  for (uint64_t us : {0u, 1u, 3u, 4u, 5u, 7u, 8u, 100u, 1000u, 65535u, 1000000u}) {
    size_t b = stageBucket(us);
    EXPECT_LE(stageBucketFloor(b), us) << us;
    EXPECT_GT(stageBucketFloor(b + 1), us) << us;
    EXPECT_LE(stageBucketFloor(b + 1) - stageBucketFloor(b), std::max<uint64_t>(1, us / 4)) << us;
  }
  StageTimes times;
  for (int i = 0; i < 98; ++i) times.record(ServerStage::Write, std::chrono::microseconds(100));
  times.record(ServerStage::Write, std::chrono::milliseconds(50));
  times.record(ServerStage::Write, std::chrono::milliseconds(50));
  StageReport r = times.report(true);
  const StageHistogram& h = r[ServerStage::Write];
  EXPECT_EQ(h.count, 100u);
  EXPECT_EQ(h.sumMicros, 98u * 100 + 2 * 50000);
  EXPECT_EQ(h.percentile(0.5), 112u);  // the bucket [96, 112) µs holds 100 µs
  EXPECT_GE(h.percentile(0.99), 50000u);
  EXPECT_LE(h.percentile(0.99), 50000u * 5 / 4);
  EXPECT_EQ(times.report(false)[ServerStage::Write].count, 0u) << "the first report reset them";
}

// The layer's report once `done` holds it (the loop records an answer's stages just after the
// worker's write, so the client may have read the answer a moment before).
StageReport reportOnce(TestServer& s, const std::function<bool(const StageReport&)>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  StageReport r = s.server().stageReport(false);
  while (!done(r) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
    r = s.server().stageReport(false);
  }
  return r;
}

uint64_t countOf(const StageReport& r, ServerStage stage) { return r[stage].count; }

// One answer from a keep-alive connection, its body not parsed (readOneResponse parses what it
// has after each read: slow for a large body under the sanitizers, past the write timeout).
RawAnswer readOneUnparsed(int fd) {
  std::string data;
  char buffer[65536];
  size_t end = std::string::npos, length = 0;
  for (;;) {
    if (end == std::string::npos && (end = data.find("\r\n\r\n")) != std::string::npos)
      length = std::stoul(parseRawResponse(data.substr(0, end + 4)).header("content-length"));
    if (end != std::string::npos && data.size() >= end + 4 + length) break;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return {};
    data.append(buffer, static_cast<size_t>(n));
  }
  RawAnswer a = parseRawResponse(data.substr(0, end + 4));
  a.body = data.substr(end + 4, length);
  return a;
}

TEST(ConnectionLayer, TheWorkerWritesALargeAnswerItselfAndTheLoopASmallOne) {
  TestServer& s = sharedServer();
  const std::string& token = s.readerToken();  // a request of its own the first time
  // The sizes on either side of kWorkerWriteMinBytes (128 KiB).
  std::string large =
      "GET /v1.0/auditLogs/directoryAudits?$top=400 HTTP/1.1\r\nHost: x\r\n"
      "Authorization: Bearer " +
      token + "\r\n\r\n";
  std::string small = "GET /_tenantsim/health HTTP/1.1\r\nHost: x\r\n\r\n";
  int fd = connectLoopback(s.port(), 10);
  for (const std::string& request : {large, small}) {
    StageReport before = s.server().stageReport(false);
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(sendAll(fd, request));
      RawAnswer a = readOneUnparsed(fd);
      EXPECT_EQ(a.status, 200);
      if (request == large) {
        EXPECT_GT(a.body.size(), 160u << 10);
      }
    }
    StageReport after = reportOnce(s, [&](const StageReport& r) {
      return countOf(r, ServerStage::Total) >= countOf(before, ServerStage::Total) + 3;
    });
    uint64_t byWorker = after.workerWrites - before.workerWrites;
    uint64_t byLoop =
        countOf(after, ServerStage::Handback) - countOf(before, ServerStage::Handback);
    // (>=: an answer of an earlier test may be recorded a moment late)
    for (ServerStage stage :
         {ServerStage::Queue, ServerStage::Serve, ServerStage::Write, ServerStage::Total})
      EXPECT_GE(countOf(after, stage) - countOf(before, stage), 3u) << static_cast<int>(stage);
    if (request == large) {
      EXPECT_EQ(byWorker, 3u);
      EXPECT_EQ(byLoop, 0u) << "the loop was not woken to write";
    } else {
      EXPECT_EQ(byWorker, 0u);
      EXPECT_GE(byLoop, 3u);
    }
  }
  ::close(fd);
}

TEST(ConnectionLayer, TheLoopFinishesWhatAWorkerCouldNotWriteAndAnswersStayWhole) {
  // A client with a 4 KB receive buffer that reads only after sending five requests for 1 MB
  // pages (more than the 4 MB a loopback socket's send buffer grows to; tcp_wmem): a worker's write
  // stops when the socket is full, the loop waits for room and writes the rest, then the next
  // answer, in order and byte for byte.
  TestServer& s = sharedServer();
  const std::string& token = s.readerToken();  // a request of its own the first time
  StageReport before = s.server().stageReport(false);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  int small = 4096;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr = loopbackAddress(s.port());
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string get =
      "GET /v1.0/auditLogs/directoryAudits?$top=999 HTTP/1.1\r\nHost: x\r\n"
      "Authorization: Bearer " +
      token + "\r\n";
  std::string requests;
  for (int i = 0; i < 4; ++i) requests += get + "\r\n";
  ASSERT_TRUE(sendAll(fd, requests + get + "Connection: close\r\n\r\n"));
  // Read nothing until the socket is full and the loop waits for room.
  StageReport full =
      reportOnce(s, [&](const StageReport& r) { return r.writeWaits > before.writeWaits; });
  EXPECT_GT(full.writeWaits, before.writeWaits) << "the socket was full: the loop waited";
  std::string data = readAll(fd);
  ::close(fd);
  // The answers one after another by their Content-Length (only the first is parsed).
  std::vector<std::string> bodies;
  for (size_t at = 0; at < data.size();) {
    size_t end = data.find("\r\n\r\n", at);
    ASSERT_NE(end, std::string::npos) << "a cut answer at byte " << at;
    RawAnswer head = parseRawResponse(data.substr(at, end + 4 - at));
    EXPECT_EQ(head.status, 200);
    size_t length = std::stoul(head.header("content-length"));
    ASSERT_LE(end + 4 + length, data.size()) << "a cut body";
    bodies.push_back(data.substr(end + 4, length));
    at = end + 4 + length;
  }
  ASSERT_EQ(bodies.size(), 5u) << data.size();
  EXPECT_GT(bodies[0].size(), 900u << 10);
  for (size_t i = 1; i < bodies.size(); ++i) EXPECT_EQ(bodies[i], bodies[0]) << i;
  EXPECT_TRUE(parseJsonOrDiscarded(bodies[0]).is_object());
  StageReport after = reportOnce(s, [&](const StageReport& r) {
    return countOf(r, ServerStage::Total) >= countOf(before, ServerStage::Total) + 5;
  });
  EXPECT_GE(countOf(after, ServerStage::Handback) - countOf(before, ServerStage::Handback), 1u)
      << "the loop took over at least one answer";
  EXPECT_GE(countOf(after, ServerStage::Total) - countOf(before, ServerStage::Total), 5u);
}

}  // namespace
}  // namespace tenantsim::mock::testing
