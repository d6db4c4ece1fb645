// Connection-level limits against a real in-process server (mockserver/http/limits.h, enforced by
// mockserver/server/connection_layer.h): slow clients are disconnected by the read timeout, idle
// keep-alive connections by the keep-alive timeout; a full or slow worker queue and connections
// over --max-connections are answered with a Graph-shaped 503 and Retry-After; oversized header
// blocks get 431, long URLs 414, and an expensive scan past the per-request deadline 503.
#include "mockserver/http/limits.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "tests/support/raw_http.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string getRequest(const std::string& target, const std::string& token,
                       const std::string& extra = "") {
  return rawRequest("GET", target, "Authorization: Bearer " + token + "\r\n" + extra);
}

// Seconds until the server gives up on a connection on which only part of a request was sent:
// it answers 400 (or closes) once the read timeout passes. *status: the status it answered, or 0.
double secondsUntilAnswered(int port, const std::string& partial, int giveUpSeconds, int* status) {
  int fd = connectLoopback(port, giveUpSeconds);
  EXPECT_GE(fd, 0);
  auto start = Clock::now();
  sendAll(fd, partial);
  char buffer[4096];
  ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  *status = n > 0 ? parseRawResponse(std::string(buffer, static_cast<size_t>(n))).status : 0;
  ::close(fd);
  return seconds;
}

// Opens `count` connections to a loopback port at once (non-blocking connects) and returns how
// many of them the kernel establishes within `wait`, whether or not anyone accepts them. A SYN
// dropped because the listen queue was full is retransmitted only after a second.
size_t connectionsEstablishedWithin(int port, size_t count, std::chrono::milliseconds wait) {
  std::vector<int> fds;
  for (size_t i = 0; i < count; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in addr = loopbackAddress(port);
    ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // EINPROGRESS, or done at once
    fds.push_back(fd);
  }
  std::vector<bool> established(count, false);
  size_t done = 0;
  auto deadline = Clock::now() + wait;
  while (done < count && Clock::now() < deadline) {
    std::vector<pollfd> pending;
    std::vector<size_t> index;
    for (size_t i = 0; i < count; ++i)
      if (!established[i]) pending.push_back({fds[i], POLLOUT, 0}), index.push_back(i);
    ::poll(pending.data(), pending.size(), 20);
    for (size_t k = 0; k < pending.size(); ++k) {
      int error = 0;
      socklen_t size = sizeof error;
      if ((pending[k].revents & POLLOUT) &&
          ::getsockopt(pending[k].fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0)
        established[index[k]] = true, ++done;
    }
  }
  for (int fd : fds) ::close(fd);
  return done;
}

TEST(Limits, RaisedListenBacklogHoldsABurstOfConnections) {
  // A listening socket with a backlog of 5 (cpp-httplib 0.11's) that nobody accepts from.
  auto listener = [] {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = loopbackAddress();
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd, 5), 0);
    socklen_t size = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
    return std::pair{fd, static_cast<int>(ntohs(addr.sin_port))};
  };
  auto [small, smallPort] = listener();
  size_t heldBySmall = connectionsEstablishedWithin(smallPort, 64, std::chrono::milliseconds(300));
  auto [raised, raisedPort] = listener();
  ASSERT_TRUE(raiseListenBacklog(raised, 256));
  size_t heldByRaised =
      connectionsEstablishedWithin(raisedPort, 64, std::chrono::milliseconds(300));
  std::printf(
      "64 connections at once, none accepted: %zu established with backlog 5, %zu with 256\n",
      heldBySmall, heldByRaised);
  EXPECT_LT(heldBySmall, 16u);  // the method tells the two apart
  EXPECT_EQ(heldByRaised, 64u);
  EXPECT_FALSE(raiseListenBacklog(-1, 256));
  int plain = ::socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_FALSE(raiseListenBacklog(plain, 256)) << "not a listening socket";
  for (int fd : {small, raised, plain}) ::close(fd);
}

TEST(Limits, ServerEstablishesABurstOfNewConnectionsAtOnce) {
  // Load testers and reconnecting clients open many connections together: none waits out a SYN
  // retransmit because the listen queue overflowed.
  TestServer s(smallScenario());
  size_t established = connectionsEstablishedWithin(s.port(), 400, std::chrono::milliseconds(800));
  EXPECT_EQ(established, 400u);
  EXPECT_EQ(s.get("/v1.0/auditLogs/directoryAudits?$top=1").status, 200);
}

TEST(Limits, ServingAllocatorReturnsLargeBlocksAfterLargerOnesWereFreed) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizers replace malloc";
#else
  if (std::getenv("GLIBC_TUNABLES")) GTEST_SKIP() << "GLIBC_TUNABLES set: the tuning steps aside";
  tuneAllocatorForServing();
  // glibc's default would raise its mmap threshold to 16 MiB once this block is freed, and the
  // next store's arrays would then come from the arenas, whose fragments stay resident. The
  // threshold stays at 4 MiB (docs/performance.md#allocator-settings).
  void* freed = std::malloc(16 << 20);
  static_cast<volatile char*>(freed)[0] = 1;
  std::free(freed);
  size_t mappedBefore = ::mallinfo2().hblks;
  void* block = std::malloc(6 << 20);
  static_cast<volatile char*>(block)[0] = 1;
  EXPECT_EQ(::mallinfo2().hblks, mappedBefore + 1)
      << "a 6 MiB block is mmapped, so free() unmaps it";
  std::free(block);
  EXPECT_EQ(::mallinfo2().hblks, mappedBefore);
#endif
}

TEST(Limits, SlowClientIsDisconnectedWithinTheReadTimeout) {
  ServerOptions options;
  options.readTimeoutSeconds = 1;
  TestServer s(smallScenario(), options);
  // Half a request line, then silence; half a header block; half a body.
  int status[3];
  double seconds[3] = {
      secondsUntilAnswered(s.port(), "GET /v1.0/auditLogs/direct", 10, &status[0]),
      secondsUntilAnswered(s.port(),
                           "GET /v1.0/auditLogs/directoryAudits HTTP/1.1\r\nHost: x\r\nAuth", 10,
                           &status[1]),
      secondsUntilAnswered(
          s.port(),
          "POST /" + s.tenantId() +
              "/oauth2/v2.0/token HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\ngrant",
          10, &status[2])};
  std::printf(
      "slow clients cut off after %.2f s (request line, status %d), %.2f s (headers, %d), %.2f s "
      "(body, %d)\n",
      seconds[0], status[0], seconds[1], status[1], seconds[2], status[2]);
  for (int i = 0; i < 3; ++i) {
    EXPECT_GE(seconds[i], 0.5) << i;
    EXPECT_LT(seconds[i], 4.0) << i;
    EXPECT_TRUE(status[i] == 0 || (status[i] >= 400 && status[i] < 500)) << i << ": " << status[i];
  }
  EXPECT_EQ(s.get("/v1.0/auditLogs/directoryAudits?$top=1").status, 200);
}

// A scenario whose every request spends `ms` in the latency stage; with
// options.limits.deferLatency off, the worker sleeps through it.
Scenario slowScenario(double ms) {
  Scenario scenario = smallScenario();
  scenario.server.latency.distribution = "fixed";
  scenario.server.latency.ms = ms;
  return scenario;
}

std::string keepAliveGet(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

TEST(Limits, FullWorkerQueueSheds503WithRetryAfter) {
  ServerOptions options;
  options.limits.maxQueuedRequests = 1;
  options.limits.retryAfterSeconds = 2;
  options.limits.deferLatency = false;
  options.threads = 1;
  TestServer s(slowScenario(1500), options);
  std::string token = s.readerToken();  // before saturating

  // The one worker serves a slow request; one more request waits in the queue.
  std::string request = getRequest("/v1.0/auditLogs/directoryAudits?$top=1", token);
  int busy = connectLoopback(s.port(), 10);
  sendAll(busy, request);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  int queued = connectLoopback(s.port(), 10);
  sendAll(queued, request);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  size_t shedBefore = s.server().connectionStats().requestsShed;
  auto start = Clock::now();
  RawAnswer shed = rawExchange(s.port(), request, 5);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(shed.status, 503) << shed.body;
  EXPECT_EQ(shed.header("retry-after"), "2");
  ASSERT_TRUE(shed.json.is_object()) << shed.body;
  EXPECT_EQ(shed.json["error"].value("code", ""), "UnknownError");
  EXPECT_TRUE(shed.json["error"]["innerError"].is_object());
  EXPECT_LT(seconds, 1.0) << "the 503 must not wait for the busy worker";
  EXPECT_GT(s.server().connectionStats().requestsShed, shedBefore);

  // The request being served and the queued one are both answered.
  EXPECT_EQ(readOneResponse(busy).status, 200);
  EXPECT_EQ(readOneResponse(queued).status, 200);
  ::close(busy);
  ::close(queued);
}

TEST(Limits, RequestQueuedTooLongIsShed503) {
  ServerOptions options;
  options.limits.maxQueueWait = std::chrono::milliseconds(300);
  options.limits.deferLatency = false;
  options.threads = 1;
  TestServer s(slowScenario(1000), options);
  std::string token = s.readerToken();
  std::string request = getRequest("/v1.0/auditLogs/directoryAudits?$top=1", token);

  // The one worker serves a slow request; the next one waits longer than the queue wait.
  int busy = connectLoopback(s.port(), 10);
  sendAll(busy, request);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  RawAnswer a = rawExchange(s.port(), request, 10);
  EXPECT_EQ(a.status, 503) << a.body;
  EXPECT_FALSE(a.header("retry-after").empty());
  EXPECT_EQ(readOneResponse(busy).status, 200);
  ::close(busy);
}

TEST(Limits, ConnectionsOverTheMaximumAre503AndTheOpenOnesKeepBeingServed) {
  ServerOptions options;
  options.limits.maxConnections = 4;
  options.limits.retryAfterSeconds = 3;
  TestServer s(smallScenario(), options);
  std::vector<int> open;
  for (int i = 0; i < 4; ++i) {
    open.push_back(connectLoopback(s.port(), 10));
    sendAll(open.back(), keepAliveGet("/_tenantsim/health"));
    EXPECT_EQ(readOneResponse(open.back()).status, 200) << i;
  }
  RawAnswer refused = rawExchange(s.port(), rawRequest("GET", "/_tenantsim/health"));
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.header("retry-after"), "3");
  ASSERT_TRUE(refused.json.is_object()) << refused.body;
  EXPECT_TRUE(refused.json["error"]["innerError"].is_object());
  EXPECT_GE(s.server().connectionStats().refusedOverLimit, 1u);
  for (int fd : open) {  // still served, on the same connections
    sendAll(fd, keepAliveGet("/_tenantsim/health"));
    EXPECT_EQ(readOneResponse(fd).status, 200);
  }
  // Once one closes, a new connection is served.
  ::close(open.back());
  open.pop_back();
  auto deadline = Clock::now() + std::chrono::seconds(5);
  while (s.server().connectionStats().open >= 4 && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(rawExchange(s.port(), rawRequest("GET", "/_tenantsim/health")).status, 200);
  for (int fd : open) ::close(fd);
}

TEST(Limits, IdleKeepAliveConnectionIsClosedAfterTheKeepAliveTimeout) {
  ServerOptions options;
  options.limits.keepAliveTimeoutSeconds = 1;
  TestServer s(smallScenario(), options);
  int fd = connectLoopback(s.port(), 10);
  sendAll(fd, keepAliveGet("/_tenantsim/health"));
  EXPECT_EQ(readOneResponse(fd).status, 200);
  auto start = Clock::now();
  char byte;
  EXPECT_EQ(::recv(fd, &byte, 1, 0), 0) << "closed by the server";
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_GE(seconds, 0.5);
  EXPECT_LT(seconds, 4.0);
  ::close(fd);
}

TEST(Limits, DelayedAnswersDoNotHoldWorkers) {
  // One worker, a 1 s latency on every request: eight requests at once are all answered after
  // about one delay, not eight (the event loop's timer waits, not the worker).
  ServerOptions options;
  options.threads = 1;
  TestServer s(slowScenario(1000), options);
  std::string token = s.readerToken();
  std::string request = getRequest("/v1.0/auditLogs/directoryAudits?$top=1", token);
  std::vector<int> sockets;
  auto start = Clock::now();
  for (int i = 0; i < 8; ++i) {
    sockets.push_back(connectLoopback(s.port(), 10));
    sendAll(sockets.back(), request);
  }
  for (int fd : sockets) {
    EXPECT_EQ(readOneResponse(fd).status, 200);
    ::close(fd);
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_GE(seconds, 0.9);
  EXPECT_LT(seconds, 4.0) << "eight 1 s delays were waited one after another";
}

TEST(Limits, IdleConnectionsDoNotHoldWorkers) {
  // More idle keep-alive connections than workers: a new request is still served at once.
  ServerOptions options;
  options.threads = 2;
  TestServer s(smallScenario(), options);
  std::vector<int> idle;
  for (int i = 0; i < 50; ++i) {
    idle.push_back(connectLoopback(s.port(), 10));
    sendAll(idle.back(), "GET /_tenantsim/health HTTP/1.1\r\n");  // and then nothing
  }
  EXPECT_EQ(s.get("/v1.0/auditLogs/directoryAudits?$top=1").status, 200);
  for (int fd : idle) ::close(fd);
}

TEST(Limits, OversizedHeaderBlockIs431AndLongUrlIs414InGraphsEnvelope) {
  TestServer& s = sharedServer();
  std::string many;
  for (int i = 0; i < 250; ++i)
    many += "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'f') + "\r\n";
  RawAnswer headers =
      rawExchange(s.port(), getRequest("/v1.0/auditLogs/directoryAudits", s.readerToken(), many));
  EXPECT_EQ(headers.status, 431) << headers.body;
  ASSERT_TRUE(headers.json.is_object()) << headers.body;
  EXPECT_TRUE(headers.json["error"]["innerError"].is_object());

  RawAnswer url = rawExchange(
      s.port(), getRequest("/v1.0/auditLogs/directoryAudits?$filter=" + std::string(10000, 'a'),
                           s.readerToken()));
  EXPECT_EQ(url.status, 414) << url.body;
  ASSERT_TRUE(url.json.is_object()) << url.body;
  EXPECT_TRUE(url.json["error"]["innerError"].is_object());

  // Just under the limits is fine.
  std::string few;
  for (int i = 0; i < 20; ++i)
    few += "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'f') + "\r\n";
  EXPECT_EQ(rawExchange(s.port(),
                        getRequest("/v1.0/auditLogs/directoryAudits?$top=1", s.readerToken(), few))
                .status,
            200);
}

TEST(Limits, TokenEndpointBodyLimits) {
  TestServer& s = sharedServer();
  std::string path = "/" + s.tenantId() + "/oauth2/v2.0/token";
  // A form body under the server's limit reaches the token endpoint (cpp-httplib's server refused
  // form bodies over 8 KiB with 413 itself): a client_credentials grant without a client is
  // Entra's error, and so is a body over the endpoint's own 64 KiB limit.
  HttpAnswer form =
      s.send("POST", path, {}, "grant_type=client_credentials&x=" + std::string(9 * 1024, 'x'),
             "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 400) << form.body.substr(0, 200);
  EXPECT_TRUE(form.json.is_object() && form.json.contains("error_codes"))
      << form.body.substr(0, 200);
  HttpAnswer big = s.send("POST", path, {}, std::string(70 * 1024, 'x'), "text/plain");
  EXPECT_EQ(big.status, 400) << big.body.substr(0, 200);
  EXPECT_TRUE(big.json.is_object() && big.json.contains("error_codes")) << big.body.substr(0, 200);
  // Over the server's 1 MiB payload limit: 413.
  HttpAnswer huge = s.send("POST", path, {}, std::string(2 * 1024 * 1024, 'x'), "text/plain");
  EXPECT_EQ(huge.status, 413) << huge.body.substr(0, 200);
  EXPECT_TRUE(huge.json.is_object() && huge.json.contains("error")) << huge.body.substr(0, 200);
}

TEST(Limits, ScanPastTheDeadlineIs503) {
  ServerOptions options;
  options.scanDeadline = std::chrono::milliseconds(0);
  Scenario scenario = smallScenario();
  scenario.tenant.users = 2000;  // enough events for the engine to look at the clock
  TestServer s(scenario, options);
  // No activityDateTime bound and a condition no index answers (startswith): the whole store is
  // scanned.
  HttpAnswer a = s.get(
      "/v1.0/auditLogs/directoryAudits?$filter=startswith(activityDisplayName,%20'no%20such')");
  expectGraphError(a, 503, "UnknownError");
  EXPECT_FALSE(a.header("Retry-After").empty());
  EXPECT_EQ(s.get("/_tenantsim/health").status, 200);
}

}  // namespace
}  // namespace tenantsim::mock::testing
