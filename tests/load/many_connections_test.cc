// Connection scale of the real binary (issue #14): `tenantsim serve` holds thousands of
// concurrent keep-alive connections and answers a request on every one of them, twice (so each
// was kept alive), with no 503 and no error. Before the event-driven connection layer, the 129th
// connection waited for a worker thread and was shed with 503. Loopback only, bounded in time.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/raw_http.h"
#include "tests/support/serve_process.h"

namespace tenantsim::mock::testing {
namespace {

constexpr size_t kConnections = 2000;

// Raises this process's open-file limit to its hard limit; returns the limit in force.
size_t raiseFileLimit() {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  ::getrlimit(RLIMIT_NOFILE, &limit);
  return static_cast<size_t>(limit.rlim_cur);
}

TEST(ManyConnections, TwoThousandKeepAliveConnectionsAreEachAnsweredTwice) {
  size_t fileLimit = raiseFileLimit();
  if (fileLimit < kConnections + 200) GTEST_SKIP() << "open-file limit " << fileLimit;
  tenantsim::testing::TempDir stateDir("tenantsim-many-connections");
  Served served = startServe(stateDir.path(),
                             tenantsim::testing::sourcePath("tests/clients/scenario.json").string(),
                             {"--quiet", "--keep-alive-timeout", "60"});
  ASSERT_GT(served.port, 0) << "tenantsim serve did not start";

  auto started = std::chrono::steady_clock::now();
  std::vector<int> sockets;
  for (size_t i = 0; i < kConnections; ++i) {
    int fd = connectLoopback(served.port, 60);
    ASSERT_GE(fd, 0) << "connection " << i;
    sockets.push_back(fd);
  }
  const std::string request = "GET /_tenantsim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  size_t ok[2] = {0, 0};
  for (int round = 0; round < 2; ++round) {
    // Every connection is open (and idle) while each sends its request.
    for (int fd : sockets) ASSERT_TRUE(sendAll(fd, request));
    for (int fd : sockets) {
      RawAnswer a = readOneResponse(fd);
      EXPECT_EQ(a.status, 200) << a.body.substr(0, 200);
      ok[round] += a.status == 200;
      if (a.status != 200) break;
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%zu concurrent keep-alive connections: %zu then %zu answered 200, in %.1f s\n",
              kConnections, ok[0], ok[1], seconds);
  EXPECT_EQ(ok[0], kConnections);
  EXPECT_EQ(ok[1], kConnections);
  for (int fd : sockets) ::close(fd);

  ::kill(served.pid, SIGTERM);
  int status = 0;
  ::waitpid(served.pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
}  // namespace tenantsim::mock::testing
