#include "mockserver/proxy/proxy.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <optional>

#include "base/strings.h"
#include "mockserver/auth/directory.h"
#include "mockserver/auth/local_ca.h"

namespace tenantsim::mock {
namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr char kConnectEstablished[] =
    "HTTP/1.1 200 Connection Established\r\nProxy-Agent: tenantsim\r\n\r\n";

// An answer the proxy gives itself, as text the client can act on.
struct Refusal {
  int status = 0;
  std::string reason;
  std::string body;
};

// Where a request goes: a refusal, or an upstream to connect to.
struct Route {
  std::optional<Refusal> refusal;
  std::string host;
  int port = 0;
  std::string via;  // for the log: "tenantsim https", "passthrough"
};

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string replyText(const Refusal& refusal, std::string_view extraHeaders = "") {
  std::string body = "tenantsim proxy: " + refusal.body + "\n";
  return "HTTP/1.1 " + std::to_string(refusal.status) + " " + refusal.reason +
         "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\nProxy-Agent: tenantsim\r\n" +
         std::string(extraHeaders) + "\r\n" + body;
}

Route refuse(int status, std::string reason, std::string body) {
  return Route{Refusal{status, reason, body}, "", 0, ""};
}

Route upstream(std::string host, int port, std::string via) {
  return Route{std::nullopt, host, port, via};
}

bool isIntercepted(const ProxyOptions& options, std::string_view host) {
  return std::any_of(options.interceptedHosts.begin(), options.interceptedHosts.end(),
                     [host](const std::string& name) { return equalsIgnoreAsciiCase(name, host); });
}

Route routeIntercepted(const ProxyRequestHead& head, const ProxyOptions& options) {
  bool connect = head.form == ProxyTargetForm::Authority;
  if (connect && head.port == 443) {
    if (options.upstreamHttpsPort < 0) {
      return refuse(502, "Bad Gateway",
                    "tenantsim has no https listener to terminate TLS for " + head.host + ".");
    }
    return upstream(options.upstreamHost, options.upstreamHttpsPort, "tenantsim https");
  }
  if (head.port == 80) {
    if (options.upstreamHttpPort < 0) {
      return refuse(
          502, "Bad Gateway",
          "tenantsim's plain http listener is off (--port -1); use https through CONNECT.");
    }
    return upstream(options.upstreamHost, options.upstreamHttpPort, "tenantsim http");
  }
  return refuse(403, "Forbidden",
                head.host +
                    " is intercepted on port 443 (CONNECT, https) and port 80 (http) only, not " +
                    std::to_string(head.port) + ".");
}

Route routeRequest(const ProxyRequestHead& head, const ProxyOptions& options) {
  if (head.form == ProxyTargetForm::Origin) {
    return refuse(400, "Bad Request",
                  "this is tenantsim's proxy port. Send it CONNECT graph.microsoft.com:443 or "
                  "absolute-form requests (set HTTPS_PROXY=http://<this host:port>), or send "
                  "origin-form requests to tenantsim's own http/https ports.");
  }
  if (head.form == ProxyTargetForm::Absolute && head.scheme != "http") {
    return refuse(
        400, "Bad Request",
        "https:// targets go through CONNECT (HTTPS_PROXY), not as absolute-form requests.");
  }
  if (isIntercepted(options, head.host)) return routeIntercepted(head, options);
  if (!options.passthrough) {
    return refuse(403, "Forbidden",
                  head.host + " is not intercepted. This proxy answers for " +
                      joined(options.interceptedHosts) +
                      " only: list other hosts in NO_PROXY, or start tenantsim serve with "
                      "--proxy-passthrough to tunnel them to the real host.");
  }
  return upstream(head.host, head.port, "passthrough");
}

enum class HeadRead { Complete, Closed, Stopped, TimedOut, TooLarge, NotHttp };

// Reads until the head is complete; *bytes holds it and whatever followed, *headEnd its length.
HeadRead readHead(int fd, const ProxyOptions& options, int stopFd, std::string* bytes,
                  size_t* headEnd) {
  SteadyClock::time_point deadline = SteadyClock::now() + options.headTimeout;
  char chunk[4096];
  for (;;) {
    size_t end = findHeadEnd(*bytes);
    if (end != std::string::npos) {
      *headEnd = end;
      return end > options.maxHeadBytes ? HeadRead::TooLarge : HeadRead::Complete;
    }
    if (!couldBeRequestLine(*bytes)) return HeadRead::NotHttp;
    if (bytes->size() > options.maxHeadBytes) return HeadRead::TooLarge;
    auto left = std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) return HeadRead::TimedOut;
    WaitResult waited = waitFor(fd, POLLIN, left, stopFd);
    if (waited == WaitResult::Stopped) return HeadRead::Stopped;
    if (waited == WaitResult::TimedOut) return HeadRead::TimedOut;
    if (waited == WaitResult::Failed) return HeadRead::Closed;
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n == 0) return HeadRead::Closed;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return HeadRead::Closed;
    if (n > 0) bytes->append(chunk, static_cast<size_t>(n));
  }
}

std::optional<Refusal> refusalFor(HeadRead read, const ProxyOptions& options) {
  switch (read) {
    case HeadRead::TimedOut:
      return Refusal{408, "Request Timeout",
                     "no complete request head within " +
                         std::to_string(options.headTimeout.count() / 1000) + " s."};
    case HeadRead::TooLarge:
      return Refusal{
          431, "Request Header Fields Too Large",
          "the request head is larger than " + std::to_string(options.maxHeadBytes) + " bytes."};
    case HeadRead::NotHttp:
      return Refusal{400, "Bad Request",
                     "this is an HTTP proxy (http://, not https://); the request is not HTTP/1."};
    default:
      return std::nullopt;
  }
}

// Sends a refusal, then closes gracefully: stop writing and drain (briefly) what the client is
// still sending, so the close does not reset the connection before the client reads the answer.
void answerAndClose(int fd, const std::string& reply, int stopFd) {
  if (!sendAll(fd, reply, milliseconds(2000), stopFd)) return;
  ::shutdown(fd, SHUT_WR);
  SteadyClock::time_point deadline = SteadyClock::now() + milliseconds(500);
  char sink[4096];
  for (size_t drained = 0; drained < 256 * 1024;) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0 || waitFor(fd, POLLIN, left, stopFd) != WaitResult::Ready) return;
    ssize_t n = ::recv(fd, sink, sizeof sink, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return;
    if (n > 0) drained += static_cast<size_t>(n);
  }
}

const char* pumpEndName(PumpEnd end) {
  switch (end) {
    case PumpEnd::Closed:
      return "closed";
    case PumpEnd::IdleTimeout:
      return "idle timeout";
    case PumpEnd::Stopped:
      return "stopped";
    case PumpEnd::Failed:
      return "reset";
  }
  return "?";
}

// What a connection's log line says.
struct ConnectionOutcome {
  std::string method = "-", target = "-";
  int status = 0;  // 0 for a forwarded request: the origin's status is in the bytes relayed
  std::string detail;
};

ConnectionOutcome refuseWith(int fd, const Refusal& refusal, int stopFd,
                             ConnectionOutcome outcome = {}) {
  answerAndClose(fd, replyText(refusal), stopFd);
  outcome.status = refusal.status;
  outcome.detail = refusal.reason;
  return outcome;
}

// Connects to the route's upstream, answers CONNECT (or forwards the rewritten head), then
// moves bytes until either side is done. rest: what the client sent after its head.
ConnectionOutcome relay(int fd, const ProxyRequestHead& head, const Route& route,
                        std::string_view rest, const ProxyOptions& options, int stopFd) {
  ConnectionOutcome outcome{head.method, head.target, 0, ""};
  Result<UniqueFd> connected = connectTcp(route.host, route.port, options.connectTimeout, stopFd);
  if (!connected)
    return refuseWith(fd, {502, "Bad Gateway", connected.error().message + "."}, stopFd, outcome);
  UniqueFd upstreamFd = std::move(*connected);
  std::string first;
  if (head.form == ProxyTargetForm::Authority) {
    if (!sendAll(fd, kConnectEstablished, options.connectTimeout, stopFd)) return outcome;
    outcome.status = 200;
    first = std::string(rest);
  } else {
    first = headForOrigin(head) + std::string(rest);
  }
  PumpResult pumped = pumpBothWays(fd, upstreamFd.get(), first, options.idleTimeout, stopFd);
  outcome.detail = "-> " + route.via + " " + authorityText(route.host, route.port) + ", " +
                   std::to_string(pumped.bytesToUpstream) + " bytes up, " +
                   std::to_string(pumped.bytesToClient) + " down, " + pumpEndName(pumped.end);
  return outcome;
}

// The whole life of one client connection; nullopt when it ended before sending a request.
std::optional<ConnectionOutcome> serveConnection(int fd, bool loopback, const ProxyOptions& options,
                                                 int stopFd) {
  if (!loopback && !options.allowRemoteClients) {
    Refusal remote{403, "Forbidden",
                   "this proxy serves loopback clients only: tenantsim sees proxied requests as "
                   "local, its admin surface included. Start tenantsim serve with "
                   "--proxy-allow-remote to serve other clients."};
    return refuseWith(fd, remote, stopFd);
  }
  std::string bytes;
  size_t headEnd = 0;
  HeadRead read = readHead(fd, options, stopFd, &bytes, &headEnd);
  if (std::optional<Refusal> refusal = refusalFor(read, options)) {
    return refuseWith(fd, *refusal, stopFd);
  }
  if (read != HeadRead::Complete) return std::nullopt;
  Result<ProxyRequestHead> head = parseProxyRequestHead(std::string_view(bytes).substr(0, headEnd));
  if (!head) return refuseWith(fd, {400, "Bad Request", head.error().message}, stopFd);
  Route route = routeRequest(*head, options);
  if (route.refusal) {
    return refuseWith(fd, *route.refusal, stopFd, {head->method, head->target, 0, ""});
  }
  return relay(fd, *head, route, std::string_view(bytes).substr(headEnd), options, stopFd);
}

}  // namespace

const std::vector<std::string>& defaultInterceptedHosts() {
  return auth::impersonatedMicrosoftHosts();
}

ProxyListener::ProxyListener(ProxyOptions options) : options_(std::move(options)) {
  for (std::string& host : options_.interceptedHosts) host = asciiLowercase(host);
}

ProxyListener::~ProxyListener() { stop(); }

Status ProxyListener::start() {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC | O_NONBLOCK) != 0) return plainError("proxy: cannot create a pipe");
  stopRead_.reset(ends[0]);
  stopWrite_.reset(ends[1]);
  Result<UniqueFd> listening = listenTcp(options_.host, options_.port);
  if (!listening) return plainError("proxy: " + listening.error().message);
  listener_ = std::move(*listening);
  port_ = boundPort(listener_.get());
  acceptThread_ = std::thread([this] { acceptLoop(); });
  return {};
}

void ProxyListener::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  if (stopWrite_) {
    char byte = 1;
    [[maybe_unused]] ssize_t written =
        ::write(stopWrite_.get(), &byte, 1);  // never read: stays readable
  }
  if (acceptThread_.joinable()) acceptThread_.join();
  listener_.reset();
  reapFinished(/*all=*/true);
}

void ProxyListener::acceptLoop() {
  for (;;) {
    WaitResult waited = waitFor(listener_.get(), POLLIN, milliseconds(1000), stopRead_.get());
    if (waited == WaitResult::Stopped) return;
    reapFinished(/*all=*/false);
    if (waited != WaitResult::Ready) continue;
    bool loopback = false;
    UniqueFd client = acceptTcp(listener_.get(), &loopback);
    if (!client) {
      // Out of descriptors (or a connection reset before accept): do not spin on it.
      if (errno != EAGAIN && errno != EWOULDBLOCK &&
          waitFor(stopRead_.get(), POLLIN, milliseconds(50), -1) == WaitResult::Ready) {
        return;
      }
      continue;
    }
    admit(std::move(client), loopback);
  }
}

void ProxyListener::admit(UniqueFd client, bool loopback) {
  if (active_.load() >= options_.maxConnections) {
    Refusal busy{
        503, "Service Unavailable",
        "too many connections (" + std::to_string(options_.maxConnections) + "); retry shortly."};
    sendAll(client.get(), replyText(busy, "Retry-After: 1\r\n"), milliseconds(100),
            stopRead_.get());
    if (options_.log)
      std::fprintf(stderr, "proxy - - 503 over %u connections\n", options_.maxConnections);
    return;
  }
  auto connection = std::make_unique<Connection>();
  connection->client = std::move(client);
  Connection& c = *connection;
  ++active_;
  std::lock_guard<std::mutex> lock(mutex_);
  connections_.push_back(std::move(connection));
  c.thread = std::thread([this, &c, loopback] {
    serve(c, loopback);
    c.client.reset();
    --active_;
    c.finished = true;
  });
}

void ProxyListener::reapFinished(bool all) {
  std::list<std::unique_ptr<Connection>> done;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      auto next = std::next(it);
      if (all || (*it)->finished) done.splice(done.end(), connections_, it);
      it = next;
    }
  }
  for (auto& connection : done) {
    if (connection->thread.joinable()) connection->thread.join();
  }
}

void ProxyListener::serve(Connection& connection, bool loopback) {
  std::optional<ConnectionOutcome> outcome =
      serveConnection(connection.client.get(), loopback, options_, stopRead_.get());
  if (!outcome || !options_.log) return;
  // One line per connection: "proxy CONNECT graph.microsoft.com:443 200 -> tenantsim https …".
  std::string code = outcome->status > 0 ? std::to_string(outcome->status) : "-";
  std::fprintf(stderr, "proxy %s %s %s %s\n", outcome->method.c_str(),
               outcome->target.substr(0, 300).c_str(), code.c_str(), outcome->detail.c_str());
}

}  // namespace tenantsim::mock
