#include "mockserver/server/graph_server.h"

#include <httplib.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdio>

#include "base/guid.h"
#include "mockserver/http/limits.h"
#include "mockserver/http/router.h"
#include "mockserver/routes/admin.h"
#include "mockserver/routes/graph_routes.h"
#include "mockserver/routes/identity_routes.h"
#include "mockserver/routes/query_engine.h"
#include "mockserver/stages/builder.h"

namespace tenantsim::mock {
namespace {

using SteadyClock = std::chrono::steady_clock;

// When the current request started (set before routing, read by the access log on the same thread).
thread_local SteadyClock::time_point requestStart{};

unsigned workerCount(unsigned configured) {
  if (configured) return configured;
  // cpp-httplib pins a worker to each keep-alive connection, busy or idle (up to the 5 s idle
  // timeout), so a load tester's `wrk -c64` needs 64 workers. Mostly blocked threads cost little
  // (measurements: docs/performance.md#worker-count).
  return std::max(128u, 16 * std::thread::hardware_concurrency());
}

std::string authorityOf(const std::string& host, int port) {
  bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string statusText(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "The request could not be processed.";
  }
}

// Methods cpp-httplib reads a body for, when the request declares none.
bool hasDeclaredBody(const httplib::Request& req) {
  bool readsBody = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                   req.method == "DELETE";
  return !readsBody || req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
}

}  // namespace

Result<std::unique_ptr<GraphServer>> GraphServer::create(ScenarioWorld world,
                                                         ServerOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(options.stateDir, ec);
  if (ec)
    return plainError("cannot create state directory " + options.stateDir.string() + ": " +
                      ec.message());
  Result<auth::SigningKey> key =
      auth::SigningKey::loadOrCreate(options.stateDir / "signing-key.pem");
  if (!key) return plainError("signing key: " + key.error().message);
  return std::unique_ptr<GraphServer>(
      new GraphServer(std::move(world), std::move(options), std::move(*key)));
}

Result<std::unique_ptr<GraphServer>> GraphServer::create(const Simulation& simulation,
                                                         EventStore& store, ServerClock clock,
                                                         ServerOptions options) {
  return create(borrowScenarioWorld(simulation, store, std::move(clock)), std::move(options));
}

GraphServer::GraphServer(ScenarioWorld world, ServerOptions options, auth::SigningKey key)
    : options_(std::move(options)),
      signingKey_(std::move(key)),
      metrics_(makeMetrics()),
      traces_(options_.traceBuffer ? std::make_unique<TraceRing>(options_.traceBuffer) : nullptr),
      shared_{options_, signingKey_, sequence_, *metrics_},
      state_(std::make_shared<ServingState>(std::move(world), shared_, 1)) {}

std::shared_ptr<ServingState> GraphServer::current() const {
  std::lock_guard lock(stateMutex_);
  return state_;
}

GraphServer::~GraphServer() { stop(); }

void GraphServer::configure(httplib::Server& server, bool tls) {
  unsigned workers = workerCount(options_.threads);
  const ServerLimits& limits =
      options_.limits;  // bounded queue: 503 when saturated (mockserver/limits.h)
  server.new_task_queue = [workers, limits] { return new BoundedTaskQueue(workers, limits); };
  server.set_read_timeout(options_.readTimeoutSeconds, 0);
  server.set_write_timeout(options_.writeTimeoutSeconds, 0);
  server.set_payload_max_length(options_.payloadMaxBytes);
  server.set_keep_alive_max_count(10000);
  // An idle keep-alive connection holds a worker until this timeout: keep it short.
  server.set_keep_alive_timeout(5);
  // Without TCP_NODELAY a keep-alive client waits out the peer's delayed ACK (~40 ms) per response.
  std::atomic<int>* listenFd = tls ? &httpsListenFd_ : &httpListenFd_;
  server.set_socket_options([listenFd](socket_t sock) {
    listenFd->store(sock);
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  server.set_pre_routing_handler([this, limits, tls](const httplib::Request& req,
                                                     httplib::Response& res) {
    requestStart = SteadyClock::now();
    bool shed = BoundedTaskQueue::shedding(), tooLarge = !shed && headersTooLarge(req, limits);
    if (!shed && !tooLarge) {
      // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3), but
      // cpp-httplib would wait for one until the read timeout (`curl -X POST` sends neither).
      if (!hasDeclaredBody(req)) {
        handle(req, res, tls);
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    }
    RequestContext ctx{req, res, Endpoint::Other, {}, {}, {}, {}, 0};
    ctx.requestId = ctx.clientRequestId = newRandomGuid();
    if (shed) res.set_header("Retry-After", std::to_string(limits.retryAfterSeconds));
    res.set_header("Connection", "close");
    writeGraphError(ctx, shed ? 503 : 431, shed ? "UnknownError" : "BadRequest",
                    shed
                        ? "The service is temporarily unavailable. Retry the request after a delay."
                        : statusText(431));
    return httplib::Server::HandlerResponse::Handled;
  });
  auto handler = [this, tls](const httplib::Request& req, httplib::Response& res) {
    handle(req, res, tls);
  };
  for (const char* pattern : {".*"}) {
    server.Get(pattern, handler);
    server.Post(pattern, handler);
    server.Put(pattern, handler);
    server.Patch(pattern, handler);
    server.Delete(pattern, handler);
    server.Options(pattern, handler);
  }
  // Errors cpp-httplib answers itself (malformed request line, URI too long, payload too large).
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    RequestContext ctx{req, res, Endpoint::Other, {}, {}, {}, {}, 0};
    ctx.requestId = newRandomGuid();
    ctx.clientRequestId = ctx.requestId;
    std::string code = res.status == 404 ? "NotFound" : "BadRequest";
    writeGraphError(ctx, res.status, code, statusText(res.status));
  });
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        RequestContext ctx{req, res, Endpoint::Other, {}, {}, {}, {}, 0};
        ctx.requestId = newRandomGuid();
        ctx.clientRequestId = ctx.requestId;
        writeGraphError(ctx, 500, "UnknownError", "An internal server error occurred.");
      });
  if (options_.accessLog) {
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      double ms = requestStart == SteadyClock::time_point{}
                      ? 0.0
                      : std::chrono::duration<double, std::milli>(SteadyClock::now() - requestStart)
                            .count();
      requestStart = {};
      std::string id = res.get_header_value("request-id");
      if (id.empty()) id = res.get_header_value("x-ms-request-id");
      std::string path = req.target.substr(0, std::min<size_t>(req.target.size(), 300));
      std::fprintf(stderr, "%s %s %d %zu %.1fms %s\n", req.method.c_str(), path.c_str(), res.status,
                   res.body.size(), ms, id.empty() ? "-" : id.c_str());
    });
  }
}

void GraphServer::handle(const httplib::Request& request, httplib::Response& response, bool tls) {
  // The request keeps this state alive until it is answered, even if a reload swaps it out.
  std::shared_ptr<ServingState> state = current();
  RequestTarget target = parseRequestTarget(request.target);
  Route route = matchRoute(request.method, target.segments);
  RequestContext ctx{request, response, Endpoint::Other, {}, {}, {}, {}, 0};
  ctx.endpoint = route.endpoint;
  auto started = std::chrono::steady_clock::now();
  std::optional<RequestTrace> trace;  // every request but the admin surface's own
  if (traces_ && route.kind != RouteKind::Admin) {
    trace.emplace(beginTrace(request, endpointName(route.endpoint)));
    ctx.trace = &*trace;
  }
  try {
    bool passed = true;
    for (const std::unique_ptr<Stage>& stage : state->stages())
      if (!(passed = stage->handle(ctx))) break;
    if (passed) dispatch(*state, ctx, target, route, tls);
  } catch (const std::exception& e) {
    writeGraphError(ctx, 500, "UnknownError", "An internal server error occurred.", e.what());
  }
  metrics_->recordResponse(
      ctx.endpoint, response.status, ctx.itemsServed,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (trace) recordTrace(std::move(*trace), ctx, started);
}

void GraphServer::recordTrace(RequestTrace trace, RequestContext& ctx,
                              std::chrono::steady_clock::time_point started) {
  // The request is answered: its ids move into the record.
  if (trace.appId.empty()) trace.appId = std::move(ctx.appId);
  trace.tenantId = std::move(ctx.tenantId);
  trace.requestId = std::move(ctx.requestId);
  finishTrace(trace, ctx.response, started);
  uint64_t id = traces_->push(std::move(trace));
  if (ctx.request.get_header_value(kTraceRequestHeader) == "1")
    ctx.response.set_header(kTraceIdHeader, std::to_string(id));
}

void GraphServer::dispatch(ServingState& state, RequestContext& ctx, const RequestTarget& target,
                           const Route& route, bool tls) {
  int listenerPort = tls ? httpsPort_ : httpPort_;
  std::string origin = clientOrigin(ctx.request, target, options_.publicUrl, tls ? "https" : "http",
                                    authorityOf(options_.host, listenerPort));
  switch (route.kind) {
    case RouteKind::Token:
    case RouteKind::OpenIdConfiguration:
    case RouteKind::Keys:
    case RouteKind::InstanceDiscovery:
      return serveIdentityRoute(IdentityRequest{state.context(), route, target, origin}, ctx);
    case RouteKind::Admin: {
      AdminContext admin{state.scenario(),    state.clock(),      state.store(), *metrics_,
                         options_.adminToken, state.generation(), nullptr};
      admin.traces = traces_.get();
      if (!options_.scenarioPath.empty()) admin.reload = [this] { return reload(); };
      if (!handleAdminRequest(admin, ctx.request, ctx.response))
        writeGraphError(ctx, 404, "NotFound", "Resource not found.", "unknown admin path");
      return;
    }
    default:
      return serveGraphRoute(GraphRequest{state.context(), route, target, origin}, ctx);
  }
}

Status GraphServer::start() {
  if (options_.port >= 0) {
    http_ = std::make_unique<httplib::Server>();
    configure(*http_, false);
    httpPort_ =
        options_.port == 0
            ? http_->bind_to_any_port(options_.host.c_str())
            : (http_->bind_to_port(options_.host.c_str(), options_.port) ? options_.port : -1);
    if (httpPort_ < 0) {
      return plainError("cannot listen on " + authorityOf(options_.host, options_.port) +
                        " (http)");
    }
  }
  if (options_.tlsPort >= 0) {
    auto tls = std::make_unique<httplib::SSLServer>(options_.tlsCertificate.c_str(),
                                                    options_.tlsPrivateKey.c_str());
    if (!tls->is_valid()) {
      return plainError("cannot load TLS certificate " + options_.tlsCertificate + " / key " +
                        options_.tlsPrivateKey);
    }
    https_ = std::move(tls);
    configure(*https_, true);
    httpsPort_ =
        options_.tlsPort == 0
            ? https_->bind_to_any_port(options_.host.c_str())
            : (https_->bind_to_port(options_.host.c_str(), options_.tlsPort) ? options_.tlsPort
                                                                             : -1);
    if (httpsPort_ < 0) {
      return plainError("cannot listen on " + authorityOf(options_.host, options_.tlsPort) +
                        " (https)");
    }
  }
  // cpp-httplib listens with a backlog of 5; a burst of connections would lose SYNs (limits.h).
  for (auto [server, fd] :
       {std::pair{http_.get(), &httpListenFd_}, std::pair{https_.get(), &httpsListenFd_}})
    if (server && !raiseListenBacklog(fd->load(), options_.limits.listenBacklog)) {
      return plainError("cannot set the listen backlog to " +
                        std::to_string(options_.limits.listenBacklog));
    }
  for (httplib::Server* server : {http_.get(), https_.get()})
    if (server) listeners_.emplace_back([server] { server->listen_after_bind(); });
  // stop() only reaches a server that is running: wait until both are.
  for (httplib::Server* server : {http_.get(), https_.get()})
    while (server && !server->is_running())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  current()->startFeeder();
  return {};
}

void GraphServer::stop() {
  std::lock_guard lock(stopMutex_);
  for (httplib::Server* server : {http_.get(), https_.get()})
    if (server) server->stop();
  for (std::thread& t : listeners_)
    if (t.joinable()) t.join();
  listeners_.clear();
  {
    std::lock_guard reloadLock(reloadMutex_);  // waits for a reload in progress
    stopped_ = true;
    for (std::thread& reaper : reapers_)
      if (reaper.joinable()) reaper.join();
    reapers_.clear();
  }
  current()->stopFeeder();
}

ReloadOutcome GraphServer::reload() {
  ReloadOutcome outcome;
  std::unique_lock lock(reloadMutex_, std::try_to_lock);
  if (!lock.owns_lock()) {
    outcome.status = ReloadOutcome::Status::Busy;
    outcome.message = "A reload is already in progress.";
    return outcome;
  }
  std::shared_ptr<ServingState> old = current();
  outcome.generation = old->generation();
  if (stopped_) {
    outcome.message = "The server is stopping.";
    return outcome;  // Unavailable
  }
  if (options_.scenarioPath.empty()) {
    outcome.message = "This server was not started from a scenario file; nothing to reload.";
    return outcome;
  }
  auto loaded = loadScenarioFile(options_.scenarioPath);
  if (!loaded) {
    outcome.status = ReloadOutcome::Status::Invalid;
    outcome.errors = std::move(loaded).error();
    outcome.message =
        options_.scenarioPath + " failed validation (" + std::to_string(outcome.errors.size()) +
        " error" + (outcome.errors.size() == 1 ? "" : "s") + "); still serving '" +
        old->scenario().name + "' (generation " + std::to_string(old->generation()) + ").";
    metrics_->recordReload(false);
    return outcome;
  }
  // Build the next world beside the serving one (which keeps answering meanwhile).
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  auto next =
      std::make_shared<ServingState>(buildScenarioWorld(std::move(*loaded), &old->clock(), threads),
                                     shared_, old->generation() + 1);
  // Hand over: the old feeder stops first, so only one appends at a time; the new one catches up
  // from where its history ends.
  old->stopFeeder();
  {
    std::lock_guard stateLock(stateMutex_);
    state_ = next;
  }
  next->startFeeder();
  metrics_->recordReload(true);
  outcome.status = ReloadOutcome::Status::Reloaded;
  outcome.generation = next->generation();
  outcome.directoryAudits = next->store().size(Source::Entra);
  outcome.auditEvents = next->store().size(Source::Intune);
  outcome.seconds = next->generationSeconds();
  outcome.message = "now serving '" + next->scenario().name + "' (generation " +
                    std::to_string(next->generation()) + ", seed " +
                    std::to_string(next->scenario().seed) + ")";
  releaseReplacedState(std::move(old));
  return outcome;
}

void GraphServer::releaseReplacedState(std::shared_ptr<ServingState> old) {
  // Requests still using the old state (the admin request that asked for this reload among them)
  // finish within the scan deadline. A reaper thread waits for them, frees the state and hands
  // the memory back to the system: its many small allocations otherwise stay in malloc's arenas.
  reapers_.emplace_back([old = std::move(old)]() mutable {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (old.use_count() > 1 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    old.reset();  // the last owner frees it (here, unless a request still holds it)
    ::malloc_trim(0);
  });
}

}  // namespace tenantsim::mock
