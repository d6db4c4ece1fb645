// Internal to the connection layer (connection_layer.cc and connection.h): the event loops, the
// listeners and the layer's shared state. Includes Boost.Asio: include it nowhere else.
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "mockserver/server/body_buffers.h"
#include "mockserver/server/connection_layer.h"
#include "mockserver/server/request_framing.h"
#include "mockserver/server/request_workers.h"
#include "mockserver/server/stage_times.h"

namespace tenantsim::mock {
namespace connection_detail {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

// Over maxConnections, this many more connections are accepted to be told 503 + Retry-After;
// beyond them a new connection is closed at once.
constexpr size_t kRefusalAllowance = 1024;
// How long a closing connection keeps reading (and dropping) what the client still sends, so that
// the client reads our last answer instead of a reset (RFC 9112 §9.6).
constexpr auto kLingerTime = std::chrono::seconds(2);

struct Exchange;  // connection.h

class ConnectionBase : public std::enable_shared_from_this<ConnectionBase> {
 public:
  virtual ~ConnectionBase() = default;
  virtual void start() = 0;
  virtual void closeIfIdle() = 0;
  virtual void closeNow() = 0;
};

// One event loop: an io_context run by one thread, and the connections it serves.
struct Loop {
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> guard = asio::make_work_guard(io);
  std::mutex mutex;  // guards open (accepts register from the first loop)
  std::unordered_map<ConnectionBase*, std::shared_ptr<ConnectionBase>> open;
  // Exchanges whose answers are written, cleared for the next request of any of this loop's
  // connections (only this loop's thread touches them): an idle connection holds none.
  std::vector<std::unique_ptr<Exchange>> spareExchanges;
  std::thread thread;
  ~Loop();  // connection.h: Exchange is complete there
};

struct Listener {
  explicit Listener(asio::io_context& io) : acceptor(io), retry(io) {}
  tcp::acceptor acceptor;
  asio::steady_timer retry;  // accept() failed (out of file descriptors): try again soon
  bool tls = false;
  std::unique_ptr<ssl::context> ssl;
};

}  // namespace connection_detail

class ConnectionLayer::Impl {
 public:
  using Loop = connection_detail::Loop;
  using Listener = connection_detail::Listener;
  using ConnectionBase = connection_detail::ConnectionBase;
  using tcp = connection_detail::tcp;

  Impl(const ServerOptions& options, ConnectionHandlers handlers);

  void accept(Listener& listener);
  void adopt(Listener& listener, Loop& loop, tcp::socket socket);
  void add(Loop& loop, std::shared_ptr<ConnectionBase> connection);
  void remove(Loop& loop, ConnectionBase* connection);

  const ServerOptions& options;
  ConnectionHandlers handlers;
  FramingLimits framing;
  std::chrono::seconds keepAliveTimeout, readTimeout, writeTimeout;
  std::vector<std::unique_ptr<Loop>> loops;
  size_t nextLoop = 0;  // on the first loop's thread
  std::vector<std::unique_ptr<Listener>> listeners;
  std::unique_ptr<RequestWorkers> workers;
  // Response bodies kept between requests (body_buffers.h): 16 MiB in all, 4 MiB at most each
  // (a 1000-item page reserves about 2 MB).
  BodyBufferPool bodyBuffers{16u << 20, 4u << 20};
  StageTimes stageTimes;  // where requests' time goes (stage_times.h)
  size_t maxConnections = 0;
  std::atomic<size_t> open{0}, accepted{0}, refused{0}, shedRequests{0};
  std::atomic<bool> stopping{false};
  std::mutex lifecycle;
  bool started = false, stopped = false;
};

}  // namespace tenantsim::mock
