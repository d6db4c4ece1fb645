// `tenantsim serve` (the real CLI binary, TENANTSIM_BINARY) as a child process on a free loopback
// port, for the lifecycle and connection-scale tests.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace tenantsim::mock::testing {

struct Served {
  pid_t pid = -1;
  int port = -1;
};

// Starts `tenantsim serve` on a free port and waits (bounded) for its "listening on" line.
inline Served startServe(const std::filesystem::path& stateDir,
                         std::string scenario = std::string(TENANTSIM_SOURCE_DIR) +
                                                "/scenarios/quickstart.json",
                         std::vector<std::string> extra = {}) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, STDERR_FILENO);
    ::close(out[0]);
    std::vector<std::string> args = {
        TENANTSIM_BINARY, "serve",     "--scenario", scenario,      "--port",         "0",
        "--no-tls",       "--threads", "8",          "--state-dir", stateDir.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(TENANTSIM_BINARY, argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  Served served{pid, -1};
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (served.port < 0 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 500) <= 0) continue;
    char buffer[4096];
    ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
    size_t at = text.find("listening on http://127.0.0.1:");
    if (at != std::string::npos && text.find('\n', at) != std::string::npos)
      served.port = std::atoi(text.c_str() + at + std::strlen("listening on http://127.0.0.1:"));
  }
  // Keep draining stdout so the child never blocks on a full pipe.
  std::thread([fd = out[0]] {
    char buffer[4096];
    while (::read(fd, buffer, sizeof buffer) > 0) {
    }
    ::close(fd);
  }).detach();
  return served;
}

}  // namespace tenantsim::mock::testing
