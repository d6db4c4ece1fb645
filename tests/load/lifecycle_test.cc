// Graceful lifecycle of the real CLI binary (TENANTSIM_BINARY): SIGTERM while requests are in
// flight answers every one of them, refuses new connections, and exits 0; SIGHUP reloads the
// scenario file over open connections, and a file that fails validation is refused.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/raw_http.h"
#include "tests/support/serve_process.h"

namespace tenantsim::mock::testing {
namespace {

TEST(Lifecycle, SigtermAnswersRequestsInFlightAndExitsZero) {
  tenantsim::testing::TempDir stateDir("tenantsim-lifecycle");
  Served served = startServe(stateDir.path());
  ASSERT_GT(served.port, 0) << "tenantsim serve did not start";

  // Six requests in flight: each connection has sent its request line and part of its headers.
  // A request that has started to arrive is read to its end and answered; idle connections are
  // closed at once.
  constexpr int kInFlight = 6;
  std::vector<int> sockets;
  for (int i = 0; i < kInFlight; ++i) {
    int fd = connectLoopback(served.port, 20);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(sendAll(fd, "GET /_tenantsim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    sockets.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // all accepted and being read
  ASSERT_EQ(::kill(served.pid, SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // the server is stopping now

  // New connections are refused once the listener is closed.
  int late = connectLoopback(served.port, 2);
  EXPECT_LT(late, 0) << "a connection after SIGTERM was accepted";
  if (late >= 0) ::close(late);

  // The requests in flight complete and are answered.
  int answered = 0;
  for (int fd : sockets) {
    EXPECT_TRUE(sendAll(fd, "Connection: close\r\n\r\n"));
    std::string data;
    char buffer[8192];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
      data.append(buffer, static_cast<size_t>(n));
    ::close(fd);
    RawAnswer a = parseRawResponse(data);
    EXPECT_EQ(a.status, 200) << data.substr(0, 300);
    answered += a.status == 200;
  }
  EXPECT_EQ(answered, kInFlight);

  int status = 0;
  pid_t done = 0;
  for (int i = 0; i < 300 && done == 0; ++i) {
    done = ::waitpid(served.pid, &status, WNOHANG);
    if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (done == 0) {
    ::kill(served.pid, SIGKILL);
    ::waitpid(served.pid, &status, 0);
    FAIL() << "tenantsim serve did not exit within 30 s of SIGTERM";
  }
  EXPECT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// Polls GET target until pred(answer) holds or 30 s pass.
template <typename Pred>
RawAnswer pollUntil(int port, const std::string& target, Pred pred) {
  RawAnswer a;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    a = rawExchange(port, rawRequest("GET", target));
    if (pred(a)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return a;
}

TEST(Lifecycle, SighupReloadsTheScenarioFileOverOpenConnections) {
  tenantsim::testing::TempDir dir("tenantsim-sighup");
  std::string scenarioPath = dir / "scenario.json";
  std::string original =
      tenantsim::testing::readFile(tenantsim::testing::sourcePath("tests/clients/scenario.json"));
  std::ofstream(scenarioPath) << original;
  Served served = startServe(dir.path() / "state", scenarioPath);
  ASSERT_GT(served.port, 0) << "tenantsim serve did not start";

  // A keep-alive connection opened before the reload.
  int fd = connectLoopback(served.port, 20);
  ASSERT_GE(fd, 0);

  std::string renamed = original;
  renamed.replace(renamed.find("\"name\": \"clients\""), 17, "\"name\": \"renamed\"");
  std::ofstream(scenarioPath, std::ios::trunc) << renamed;
  ASSERT_EQ(::kill(served.pid, SIGHUP), 0);
  RawAnswer health = pollUntil(served.port, "/_tenantsim/health", [](const RawAnswer& a) {
    return a.json.is_object() && a.json["scenario"]["generation"] == 2;
  });
  EXPECT_EQ(health.json["scenario"]["name"], "renamed") << health.body;

  // The connection opened before the reload is still served.
  ASSERT_TRUE(sendAll(
      fd, "GET /_tenantsim/scenario HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
  std::string data;
  char buffer[8192];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
    data.append(buffer, static_cast<size_t>(n));
  ::close(fd);
  EXPECT_EQ(parseRawResponse(data).json["name"], "renamed") << data.substr(0, 300);

  // A broken file is refused and the renamed scenario keeps serving.
  std::ofstream(scenarioPath, std::ios::trunc) << "{ \"name\": 42 }";
  ASSERT_EQ(::kill(served.pid, SIGHUP), 0);
  RawAnswer metrics = pollUntil(served.port, "/_tenantsim/metrics", [](const RawAnswer& a) {
    return a.body.find("tenantsim_scenario_reloads_total{result=\"failed\"} 1") !=
           std::string::npos;
  });
  EXPECT_NE(metrics.body.find("tenantsim_scenario_reloads_total{result=\"failed\"} 1"),
            std::string::npos);
  RawAnswer after = pollUntil(served.port, "/_tenantsim/health",
                              [](const RawAnswer& a) { return a.status == 200; });
  EXPECT_EQ(after.json["scenario"]["generation"], 2);
  EXPECT_EQ(after.json["scenario"]["name"], "renamed");

  ::kill(served.pid, SIGTERM);
  int status = 0;
  ::waitpid(served.pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST(Lifecycle, ServeFlagsSetTheLimitsAndTheAdminToken) {
  tenantsim::testing::TempDir stateDir("tenantsim-flags");
  Served served = startServe(stateDir.path(),
                             tenantsim::testing::sourcePath("tests/clients/scenario.json").string(),
                             {"--max-header-bytes", "2048", "--admin-token", "flag-token"});
  ASSERT_GT(served.port, 0) << "tenantsim serve did not start";
  auto get = [&](const std::string& extraHeaders) {
    return rawExchange(served.port, "GET /_tenantsim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                        extraHeaders + "Connection: close\r\n\r\n");
  };
  EXPECT_EQ(get("").status, 401);
  EXPECT_EQ(get("Authorization: Bearer flag-token\r\n").status, 200);
  std::string big;
  for (int i = 0; i < 4; ++i)
    big += "X-Filler-" + std::to_string(i) + ": " + std::string(700, 'a') + "\r\n";
  EXPECT_EQ(get("Authorization: Bearer flag-token\r\n" + big).status, 431);
  ::kill(served.pid, SIGTERM);
  int status = 0;
  ::waitpid(served.pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST(Lifecycle, ServeFlagsSetTheConnectionLimit) {
  tenantsim::testing::TempDir stateDir("tenantsim-max-connections");
  Served served = startServe(stateDir.path(),
                             tenantsim::testing::sourcePath("tests/clients/scenario.json").string(),
                             {"--max-connections", "2", "--max-queued-connections", "5"});
  ASSERT_GT(served.port, 0) << "tenantsim serve did not start";
  const std::string keepAlive = "GET /_tenantsim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  std::vector<int> open;
  for (int i = 0; i < 2; ++i) {
    open.push_back(connectLoopback(served.port, 20));
    ASSERT_TRUE(sendAll(open.back(), keepAlive));
    char buffer[4096];
    ssize_t n = ::recv(open.back(), buffer, sizeof buffer, 0);
    ASSERT_GT(n, 0);
    EXPECT_EQ(parseRawResponse(std::string(buffer, static_cast<size_t>(n))).status, 200);
  }
  RawAnswer third = rawExchange(served.port, rawRequest("GET", "/_tenantsim/health"));
  EXPECT_EQ(third.status, 503) << third.body;
  EXPECT_FALSE(third.header("retry-after").empty());
  for (int fd : open) ::close(fd);
  ::kill(served.pid, SIGTERM);
  int status = 0;
  ::waitpid(served.pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
}  // namespace tenantsim::mock::testing
