#include "mockserver/server/connection_layer.h"

#include <sys/resource.h>

#include <future>

#include "mockserver/server/connection.h"
#include "mockserver/server/connection_layer_impl.h"

namespace tenantsim::mock {

using namespace connection_detail;

ConnectionLayer::Impl::Impl(const ServerOptions& o, ConnectionHandlers h)
    : options(o),
      handlers(std::move(h)),
      keepAliveTimeout(std::max(1, o.limits.keepAliveTimeoutSeconds)),
      readTimeout(std::max(1, o.readTimeoutSeconds)),
      writeTimeout(std::max(1, o.writeTimeoutSeconds)) {
  framing.maxTargetBytes = o.limits.maxTargetBytes;
  framing.maxHeaderBytes = o.limits.maxHeaderBytes;
  framing.maxHeaderCount = o.limits.maxHeaderCount;
  framing.maxBodyBytes = o.payloadMaxBytes;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  size_t loopCount = o.limits.eventLoops ? o.limits.eventLoops : cores;
  for (size_t i = 0; i < loopCount; ++i) loops.push_back(std::make_unique<Loop>());
}

void ConnectionLayer::Impl::add(Loop& loop, std::shared_ptr<ConnectionBase> connection) {
  open.fetch_add(1);
  std::lock_guard lock(loop.mutex);
  ConnectionBase* key = connection.get();
  loop.open.emplace(key, std::move(connection));
}

void ConnectionLayer::Impl::remove(Loop& loop, ConnectionBase* connection) {
  std::shared_ptr<ConnectionBase> last;  // destroyed after the lock is released
  {
    std::lock_guard lock(loop.mutex);
    auto it = loop.open.find(connection);
    if (it == loop.open.end()) return;
    last = std::move(it->second);
    loop.open.erase(it);
  }
  open.fetch_sub(1);
}

void ConnectionLayer::Impl::adopt(Listener& listener, Loop& loop, tcp::socket socket) {
  accepted.fetch_add(1, std::memory_order_relaxed);
  size_t now = open.load();
  bool overLimit = now >= maxConnections;
  if (now >= maxConnections + kRefusalAllowance) return;  // closed at once
  if (overLimit) refused.fetch_add(1, std::memory_order_relaxed);
  std::shared_ptr<ConnectionBase> connection;
  if (listener.tls) {
    connection = std::make_shared<Connection<ssl::stream<tcp::socket>>>(
        *this, loop, ssl::stream<tcp::socket>(std::move(socket), *listener.ssl), true, overLimit);
  } else {
    connection =
        std::make_shared<Connection<tcp::socket>>(*this, loop, std::move(socket), false, overLimit);
  }
  add(loop, connection);
  asio::post(loop.io, [connection] { connection->start(); });
}

void ConnectionLayer::Impl::accept(Listener& listener) {
  Loop& loop = *loops[nextLoop++ % loops.size()];
  listener.acceptor.async_accept(
      loop.io, [this, &listener, &loop](error_code ec, tcp::socket socket) {
        if (stopping.load() || ec == asio::error::operation_aborted) return;
        if (ec) {  // out of file descriptors, most likely: the kernel keeps the backlog meanwhile
          listener.retry.expires_after(std::chrono::milliseconds(50));
          listener.retry.async_wait([this, &listener](error_code e) {
            if (!e && !stopping.load()) accept(listener);
          });
          return;
        }
        adopt(listener, loop, std::move(socket));
        // Take every connection already waiting: one accept per turn of a busy loop would leave a
        // burst of new connections (a load tester starting) seconds in the backlog.
        for (int i = 0; i < 1024 && !stopping.load(); ++i) {
          Loop& next = *loops[nextLoop++ % loops.size()];
          tcp::socket more(next.io);
          listener.acceptor.accept(more, ec);  // the acceptor is non-blocking
          if (ec) break;
          adopt(listener, next, std::move(more));
        }
        accept(listener);
      });
}

ConnectionLayer::ConnectionLayer(const ServerOptions& options, ConnectionHandlers handlers)
    : impl_(std::make_unique<Impl>(options, std::move(handlers))) {}

ConnectionLayer::~ConnectionLayer() { stop(); }

Result<int> ConnectionLayer::listen(const std::string& host, int port, bool tls) {
  Impl& m = *impl_;
  auto listener = std::make_unique<Listener>(m.loops.front()->io);
  listener->tls = tls;
  std::string where = host + ":" + std::to_string(port) + (tls ? " (https)" : " (http)");
  if (tls) {
    listener->ssl = std::make_unique<ssl::context>(ssl::context::tls_server);
    error_code ec;
    listener->ssl->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                                   ssl::context::no_sslv3 | ssl::context::single_dh_use,
                               ec);
    listener->ssl->use_certificate_chain_file(m.options.tlsCertificate, ec);
    if (!ec) listener->ssl->use_private_key_file(m.options.tlsPrivateKey, ssl::context::pem, ec);
    if (ec)
      return plainError("cannot load TLS certificate " + m.options.tlsCertificate + " / key " +
                        m.options.tlsPrivateKey + ": " + ec.message());
  }
  error_code ec;
  asio::ip::address address = asio::ip::make_address(host, ec);
  if (ec) {  // a name: resolve it
    tcp::resolver resolver(m.loops.front()->io);
    auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec || results.empty()) return plainError("cannot resolve " + where);
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  tcp::acceptor& acceptor = listener->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(m.options.limits.listenBacklog, ec);
  if (!ec) acceptor.non_blocking(true, ec);
  if (ec) return plainError("cannot listen on " + where + ": " + ec.message());
  int bound = acceptor.local_endpoint(ec).port();
  m.listeners.push_back(std::move(listener));
  return bound;
}

void ConnectionLayer::start() {
  Impl& m = *impl_;
  std::lock_guard lock(m.lifecycle);
  if (m.started || m.stopped) return;
  m.started = true;
  size_t fileLimit = raiseOpenFileLimit();
  const ServerLimits& limits = m.options.limits;
  // Leave descriptors for the listeners, the scenario and state files, the proxy's tunnels.
  m.maxConnections = limits.maxConnections
                         ? limits.maxConnections
                         : (fileLimit > 2 * kRefusalAllowance ? fileLimit - kRefusalAllowance - 64
                                                              : std::max<size_t>(fileLimit / 2, 1));
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  size_t workers = m.options.threads ? m.options.threads : std::max(8u, 4 * cores);
  // A connection has at most one request in the server at a time (pipelined ones wait in its
  // input), so by default the queue is bounded by the connections and only --queue-wait-ms sheds.
  size_t maxQueued =
      limits.maxQueuedRequests ? limits.maxQueuedRequests : m.maxConnections + kRefusalAllowance;
  RequestWorkerOptions workerOptions;
  workerOptions.threads = workers;
  workerOptions.running = m.options.activeWorkers ? m.options.activeWorkers : cores;
  workerOptions.maxQueued = maxQueued;
  workerOptions.maxWait = limits.maxQueueWait;
  m.workers = std::make_unique<RequestWorkers>(workerOptions);
  for (auto& listener : m.listeners) m.accept(*listener);
  for (auto& loop : m.loops) loop->thread = std::thread([&io = loop->io] { io.run(); });
}

void ConnectionLayer::stop() {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.lifecycle);
    if (m.stopped) return;
    m.stopped = true;
    if (!m.started) return;
  }
  m.stopping.store(true);
  // Close the listeners (new connections are refused from here on) and the idle connections.
  std::promise<void> closed;
  asio::post(m.loops.front()->io, [&] {
    for (auto& listener : m.listeners) {
      error_code ec;
      listener->acceptor.close(ec);
      listener->retry.cancel();
    }
    closed.set_value();
  });
  closed.get_future().wait();
  auto forEachConnection = [&](void (ConnectionBase::*action)()) {
    for (auto& loop : m.loops)
      asio::post(loop->io, [&l = *loop, action] {
        std::vector<std::shared_ptr<ConnectionBase>> open;
        {
          std::lock_guard lock(l.mutex);
          for (auto& [key, connection] : l.open) open.push_back(connection);
        }
        for (auto& connection : open) ((*connection).*action)();
      });
  };
  forEachConnection(&ConnectionBase::closeIfIdle);
  // Requests that have started finish: reading (read timeout), serving, writing (write timeout).
  auto deadline = SteadyClock::now() + m.readTimeout + m.writeTimeout + kLingerTime +
                  std::chrono::seconds(m.options.scanDeadline.count() / 1000 + 1);
  while (m.open.load() > 0 && SteadyClock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  forEachConnection(&ConnectionBase::closeNow);
  m.workers->shutdown();  // runs what is queued; the answers go to closed connections
  for (auto& loop : m.loops) {
    loop->guard.reset();
    loop->io.stop();
  }
  for (auto& loop : m.loops)
    if (loop->thread.joinable()) loop->thread.join();
  for (auto& loop : m.loops) loop->open.clear();
}

ConnectionStats ConnectionLayer::stats() const {
  const Impl& m = *impl_;
  ConnectionStats s;
  s.open = m.open.load();
  s.accepted = m.accepted.load();
  s.refusedOverLimit = m.refused.load();
  s.requestsShed = m.shedRequests.load();
  s.maxConnections = m.maxConnections;
  s.workers = m.workers ? m.workers->threads() : 0;
  return s;
}

StageReport ConnectionLayer::stageReport(bool reset) {
  StageReport r = impl_->stageTimes.report(reset);
  r.bodyBufferMisses = impl_->bodyBuffers.misses();  // since start
  r.bodyBuffersKept = impl_->bodyBuffers.keptBuffers();
  return r;
}

size_t raiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? size_t{1} << 20 : static_cast<size_t>(limit.rlim_cur);
}

}  // namespace tenantsim::mock
