// TCP plumbing for the proxy (proxy.h): a descriptor owner, a listener, accept, connect and send
// bounded by a timeout, and the two-way byte pump behind a CONNECT tunnel. Every socket is
// non-blocking and every wait also watches a stop descriptor: once that is readable (the
// proxy's stop()), each call here returns promptly.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tenantsim::mock {

// Owns a file descriptor; closes it when destroyed.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release();
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

// A listening socket on host:port (a numeric address or a name; port 0: the kernel picks one).
// An error when it cannot be bound.
Result<UniqueFd> listenTcp(const std::string& host, int port);

// The local port a socket is bound to, or -1.
int boundPort(int fd);

// One pending connection (non-blocking, TCP_NODELAY), or an invalid UniqueFd when none is
// waiting. *loopback tells whether the peer is 127.0.0.0/8, ::1 or IPv4-mapped loopback.
UniqueFd acceptTcp(int listenFd, bool* loopback);

enum class WaitResult { Ready, TimedOut, Stopped, Failed };

// Waits until fd has one of `events` (POLLIN, POLLOUT), the timeout passes, or stopFd is readable.
WaitResult waitFor(int fd, short events, std::chrono::milliseconds timeout, int stopFd);

// Connects to host:port (any address it resolves to, in order), each attempt bounded by timeout.
// Name resolution itself is the system resolver's and is not interruptible.
Result<UniqueFd> connectTcp(const std::string& host, int port, std::chrono::milliseconds timeout,
                            int stopFd);

// Sends all of bytes unless the peer stalls past timeout, fails, or stop is signalled.
bool sendAll(int fd, std::string_view bytes, std::chrono::milliseconds timeout, int stopFd);

enum class PumpEnd { Closed, IdleTimeout, Stopped, Failed };

struct PumpResult {
  PumpEnd end = PumpEnd::Closed;
  uint64_t bytesToUpstream = 0;  // including firstBytes
  uint64_t bytesToClient = 0;
};

// Copies bytes both ways until both sides have closed (a side's end of stream is passed on as a
// write shutdown), either side fails, nothing moves for idleTimeout, or stop is signalled.
// firstBytes go to upstream before anything else (what the client sent after the head).
PumpResult pumpBothWays(int client, int upstream, std::string_view firstBytes,
                        std::chrono::milliseconds idleTimeout, int stopFd);

}  // namespace tenantsim::mock
