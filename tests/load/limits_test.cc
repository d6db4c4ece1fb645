// Connection-level limits against a real in-process server: slow clients are disconnected by the
// read timeout, a saturated worker pool sheds new connections with a Graph-shaped 503 and
// Retry-After instead of queueing them without bound (mockserver/limits.h), oversized header
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
  // A listening socket as cpp-httplib 0.11 makes it (backlog 5) that nobody accepts from.
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
  // retransmit because the listen queue overflowed (cpp-httplib's own backlog is 5).
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
  // glibc's default would raise its mmap threshold to 8 MiB once this block is freed, and the
  // next store's arrays would then come from the arenas, whose fragments stay resident.
  void* freed = std::malloc(8 << 20);
  static_cast<volatile char*>(freed)[0] = 1;
  std::free(freed);
  size_t mappedBefore = ::mallinfo2().hblks;
  void* block = std::malloc(2 << 20);
  static_cast<volatile char*>(block)[0] = 1;
  EXPECT_EQ(::mallinfo2().hblks, mappedBefore + 1)
      << "a 2 MiB block is mmapped, so free() unmaps it";
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

TEST(Limits, SaturatedWorkerPoolSheds503WithRetryAfter) {
  ServerOptions options;
  options.limits.maxPendingConnections = 1;
  options.limits.retryAfterSeconds = 2;
  options.threads = 1;
  options.readTimeoutSeconds = 2;
  TestServer s(smallScenario(), options);
  std::string token = s.readerToken();  // before saturating

  // The one worker is held by a client that stalls mid-request; one more waits in the queue.
  int busy = connectLoopback(s.port(), 10);
  sendAll(busy, "GET /v1.0/auditLogs/directoryAudits HTTP/1.1\r\nHost: x\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  int queued = connectLoopback(s.port(), 10);
  sendAll(queued, getRequest("/v1.0/auditLogs/directoryAudits?$top=1", token));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  size_t shedBefore = BoundedTaskQueue::shedCount();
  auto start = Clock::now();
  RawAnswer shed =
      rawExchange(s.port(), getRequest("/v1.0/auditLogs/directoryAudits?$top=1", token), 5);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(shed.status, 503) << shed.body;
  EXPECT_EQ(shed.header("retry-after"), "2");
  ASSERT_TRUE(shed.json.is_object()) << shed.body;
  EXPECT_EQ(shed.json["error"].value("code", ""), "UnknownError");
  EXPECT_TRUE(shed.json["error"]["innerError"].is_object());
  EXPECT_LT(seconds, 1.0) << "the 503 must not wait for the busy worker";
  EXPECT_GT(BoundedTaskQueue::shedCount(), shedBefore);

  // Once the stalled client goes away, the queued request is served and the pool recovers.
  ::close(busy);
  RawAnswer served = [&] {
    std::string data;
    char buffer[16384];
    for (ssize_t n; (n = ::recv(queued, buffer, sizeof buffer, 0)) > 0;)
      data.append(buffer, static_cast<size_t>(n));
    return parseRawResponse(data);
  }();
  EXPECT_EQ(served.status, 200) << served.body.substr(0, 200);
  ::close(queued);
  EXPECT_EQ(s.get("/v1.0/auditLogs/directoryAudits?$top=1").status, 200);
}

TEST(Limits, ConnectionQueuedTooLongIsShed503) {
  ServerOptions options;
  options.limits.maxQueueWait = std::chrono::milliseconds(500);
  options.threads = 1;
  options.readTimeoutSeconds = 5;
  TestServer s(smallScenario(), options);
  std::string token = s.readerToken();

  // The one worker is pinned by a stalled client; the next connection waits in the queue.
  int busy = connectLoopback(s.port(), 10);
  sendAll(busy, "GET /v1.0/auditLogs/directoryAudits HTTP/1.1\r\nHost: x\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto start = Clock::now();
  RawAnswer a =
      rawExchange(s.port(), getRequest("/v1.0/auditLogs/directoryAudits?$top=1", token), 10);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(a.status, 503) << a.body;
  EXPECT_FALSE(a.header("retry-after").empty());
  EXPECT_GE(seconds, 0.4);
  EXPECT_LT(seconds, 2.5) << "shed after the queue wait, not after the stalled client's timeout";
  ::close(busy);
  EXPECT_EQ(s.get("/v1.0/auditLogs/directoryAudits?$top=1").status, 200);
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
  // cpp-httplib 0.11 refuses x-www-form-urlencoded bodies over 8 KiB itself (413, in Graph's
  // envelope through the error handler) before the token endpoint's own 64 KiB limit is reached.
  HttpAnswer form =
      s.send("POST", path, {}, "grant_type=client_credentials&x=" + std::string(9 * 1024, 'x'),
             "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 413) << form.body.substr(0, 200);
  EXPECT_TRUE(form.json.is_object() && form.json.contains("error")) << form.body.substr(0, 200);
  // Another content type reaches the endpoint: over 64 KiB is Entra's AADSTS error.
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
  // No activityDateTime bound and a value nothing has: the whole store is scanned.
  HttpAnswer a = s.get(
      "/v1.0/auditLogs/directoryAudits?$filter=activityDisplayName%20eq%20'no%20such%20activity'");
  expectGraphError(a, 503, "UnknownError");
  EXPECT_FALSE(a.header("Retry-After").empty());
  EXPECT_EQ(s.get("/_tenantsim/health").status, 200);
}

}  // namespace
}  // namespace tenantsim::mock::testing
