#include "mockserver/proxy/tcp_tunnel.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace tenantsim::mock {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr size_t kPumpBufferBytes = 64 * 1024;

void setNoDelay(int fd) {
  int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
}

// A sender with Nagle on (MSAL Python's requests through a tunnel) holds its next small write
// until this side acknowledges the last; the default delayed ACK makes that ~40 ms per request
// (the request head and body of a token POST are two writes). Quick ACK mode is not sticky on
// Linux, so it is set again after every read.
void acknowledgeNow(int fd) {
  int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &yes, sizeof yes);
}

bool isLoopback(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    return (ntohl(v4.sin_addr.s_addr) >> 24) == 127;
  }
  if (address.ss_family == AF_INET6) {
    const in6_addr& v6 = reinterpret_cast<const sockaddr_in6&>(address).sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

int remainingMillis(SteadyClock::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

struct AddressList {
  addrinfo* head = nullptr;
  ~AddressList() {
    if (head) ::freeaddrinfo(head);
  }
};

// Resolves host:port; the error names the host when it fails.
Status resolve(const std::string& host, int port, int flags, AddressList* out) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = flags | AI_NUMERICSERV;
  std::string service = std::to_string(port);
  int rc =
      ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &out->head);
  if (rc != 0 || !out->head)
    return plainError("cannot resolve " + host + ": " + ::gai_strerror(rc));
  return {};
}

UniqueFd connectOne(const addrinfo& address, std::chrono::milliseconds timeout, int stopFd,
                    int* err) {
  UniqueFd fd(::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                       address.ai_protocol));
  if (!fd) {
    *err = errno;
    return {};
  }
  if (::connect(fd.get(), address.ai_addr, address.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      *err = errno;
      return {};
    }
    WaitResult waited = waitFor(fd.get(), POLLOUT, timeout, stopFd);
    if (waited != WaitResult::Ready) {
      *err = waited == WaitResult::TimedOut ? ETIMEDOUT : ECANCELED;
      return {};
    }
    socklen_t length = sizeof *err;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, err, &length) != 0 || *err != 0) return {};
  }
  setNoDelay(fd.get());
  return fd;
}

// One direction of a tunnel: bytes read from `from` wait in the buffer until `to` takes them.
struct Flow {
  int from = -1, to = -1;
  std::vector<char> buffer;
  size_t begin = 0, end = 0;
  bool sourceEnded = false;  // `from` reached end of stream
  bool shutDown = false;     // and that was passed on to `to`
  uint64_t moved = 0;
  bool pending() const { return begin < end; }
};

// Reads what `from` has. false when the tunnel must end (an error other than "try again").
bool readInto(Flow& flow) {
  ssize_t n = ::recv(flow.from, flow.buffer.data(), flow.buffer.size(), 0);
  if (n > 0) {
    acknowledgeNow(flow.from);
    flow.begin = 0;
    flow.end = static_cast<size_t>(n);
  } else if (n == 0) {
    flow.sourceEnded = true;
  } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
    return false;
  }
  return true;
}

bool writeFrom(Flow& flow) {
  ssize_t n = ::send(flow.to, flow.buffer.data() + flow.begin, flow.end - flow.begin, MSG_NOSIGNAL);
  if (n > 0) {
    flow.begin += static_cast<size_t>(n);
    flow.moved += static_cast<uint64_t>(n);
  } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
    return false;
  }
  return true;
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

int UniqueFd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Result<UniqueFd> listenTcp(const std::string& host, int port) {
  AddressList addresses;
  if (Status resolved = resolve(host, port, AI_PASSIVE, &addresses); !resolved)
    return std::move(resolved).error();
  int lastError = 0;
  for (addrinfo* a = addresses.head; a; a = a->ai_next) {
    UniqueFd fd(
        ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
    if (!fd) continue;
    int yes = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd.get(), a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd.get(), SOMAXCONN) == 0)
      return fd;
    lastError = errno;
  }
  return plainError("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                    std::strerror(lastError));
}

int boundPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<sockaddr_in6&>(address).sin6_port);
  return -1;
}

UniqueFd acceptTcp(int listenFd, bool* loopback) {
  sockaddr_storage peer{};
  socklen_t length = sizeof peer;
  UniqueFd fd(::accept4(listenFd, reinterpret_cast<sockaddr*>(&peer), &length,
                        SOCK_NONBLOCK | SOCK_CLOEXEC));
  if (!fd) return {};
  setNoDelay(fd.get());
  *loopback = isLoopback(peer);
  return fd;
}

WaitResult waitFor(int fd, short events, std::chrono::milliseconds timeout, int stopFd) {
  SteadyClock::time_point deadline = SteadyClock::now() + timeout;
  for (;;) {
    pollfd fds[2] = {{fd, events, 0}, {stopFd, POLLIN, 0}};
    int n = ::poll(fds, stopFd >= 0 ? 2 : 1, remainingMillis(deadline));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return WaitResult::Failed;
    if (n == 0) return WaitResult::TimedOut;
    if (stopFd >= 0 && fds[1].revents) return WaitResult::Stopped;
    return WaitResult::Ready;  // including POLLHUP/POLLERR: the next call on fd tells which
  }
}

Result<UniqueFd> connectTcp(const std::string& host, int port, std::chrono::milliseconds timeout,
                            int stopFd) {
  AddressList addresses;
  if (Status resolved = resolve(host, port, 0, &addresses); !resolved)
    return std::move(resolved).error();
  int lastError = 0;
  for (addrinfo* a = addresses.head; a; a = a->ai_next) {
    if (UniqueFd fd = connectOne(*a, timeout, stopFd, &lastError)) return fd;
    if (lastError == ECANCELED) break;
  }
  return plainError("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                    std::strerror(lastError));
}

bool sendAll(int fd, std::string_view bytes, std::chrono::milliseconds timeout, int stopFd) {
  SteadyClock::time_point deadline = SteadyClock::now() + timeout;
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0 || waitFor(fd, POLLOUT, left, stopFd) != WaitResult::Ready) return false;
  }
  return true;
}

PumpResult pumpBothWays(int client, int upstream, std::string_view firstBytes,
                        std::chrono::milliseconds idleTimeout, int stopFd) {
  Flow flows[2];
  flows[0].from = client;
  flows[0].to = upstream;
  flows[0].buffer.assign(firstBytes.begin(), firstBytes.end());
  flows[0].buffer.resize(std::max(kPumpBufferBytes, firstBytes.size()));
  flows[0].end = firstBytes.size();
  flows[1].from = upstream;
  flows[1].to = client;
  flows[1].buffer.resize(kPumpBufferBytes);
  PumpResult result;
  auto finish = [&](PumpEnd end) {
    result.end = end;
    result.bytesToUpstream = flows[0].moved;
    result.bytesToClient = flows[1].moved;
    return result;
  };
  int timeoutMs = static_cast<int>(std::min<long long>(idleTimeout.count(), 1 << 30));
  while (!(flows[0].shutDown && flows[1].shutDown)) {
    pollfd fds[5];
    Flow* owner[5] = {};
    nfds_t count = 0;
    for (Flow& flow : flows) {
      if (flow.pending())
        fds[count] = {flow.to, POLLOUT, 0};
      else if (!flow.sourceEnded)
        fds[count] = {flow.from, POLLIN, 0};
      else
        continue;
      owner[count++] = &flow;
    }
    fds[count++] = {stopFd, POLLIN, 0};
    int ready = ::poll(fds, count, timeoutMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return finish(PumpEnd::Failed);
    if (ready == 0) return finish(PumpEnd::IdleTimeout);
    if (fds[count - 1].revents) return finish(PumpEnd::Stopped);
    for (nfds_t i = 0; i + 1 < count; ++i) {
      if (!fds[i].revents) continue;
      Flow& flow = *owner[i];
      bool ok = fds[i].events == POLLOUT ? writeFrom(flow) : readInto(flow);
      if (!ok) return finish(PumpEnd::Failed);
    }
    for (Flow& flow : flows) {
      if (flow.sourceEnded && !flow.pending() && !flow.shutDown) {
        ::shutdown(flow.to, SHUT_WR);
        flow.shutDown = true;
      }
    }
  }
  return finish(PumpEnd::Closed);
}

}  // namespace tenantsim::mock
