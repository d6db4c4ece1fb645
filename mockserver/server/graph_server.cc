#include "mockserver/server/graph_server.h"

#include <httplib.h>
#include <malloc.h>

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
#include "mockserver/stages/latency.h"

namespace tenantsim::mock {
namespace {

std::string authorityOf(const std::string& host, int port) {
  bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// The Graph error code and message of an answer the connection layer gives itself.
std::pair<std::string_view, std::string_view> refusalText(int status) {
  switch (status) {
    case 404:
      return {"NotFound", "Not Found"};
    case 408:
      return {"BadRequest", "Request Timeout"};
    case 413:
      return {"BadRequest", "Payload Too Large"};
    case 414:
      return {"BadRequest", "URI Too Long"};
    case 431:
      return {"BadRequest", "Request Header Fields Too Large"};
    case 500:
      return {"UnknownError", "An internal server error occurred."};
    case 503:
      return {"UnknownError",
              "The service is temporarily unavailable. Retry the request after a delay."};
    default:
      return {"BadRequest", "Bad Request"};
  }
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

ConnectionHandlers GraphServer::connectionHandlers() {
  ConnectionHandlers handlers;
  handlers.serve = [this](const httplib::Request& req, httplib::Response& res, bool tls) {
    if (!options_.limits.deferLatency) {
      handle(req, res, tls);
      return std::chrono::microseconds{0};
    }
    LatencyDeferral deferral;  // the latency stage records its delay here instead of sleeping
    handle(req, res, tls);
    return deferral.delay();
  };
  // Framing errors, timeouts and overload answered by the connection layer: Graph's envelope.
  handlers.refuse = [](const httplib::Request& req, httplib::Response& res, int status,
                       std::string_view detail) {
    RequestContext ctx{req, res, Endpoint::Other, {}, {}, {}, {}, 0};
    ctx.requestId = newRandomGuid();
    ctx.clientRequestId = ctx.requestId;
    auto [code, message] = refusalText(status);
    writeGraphError(ctx, status, code, message, detail);
  };
  if (options_.accessLog) {
    handlers.log = [](const httplib::Request& req, const httplib::Response& res, double ms) {
      std::string id = res.get_header_value("request-id");
      if (id.empty()) id = res.get_header_value("x-ms-request-id");
      std::string_view path(req.target);
      path = path.substr(0, std::min<size_t>(path.size(), 300));
      std::fprintf(stderr, "%s %.*s %d %zu %.1fms %s\n",
                   req.method.empty() ? "-" : req.method.c_str(), static_cast<int>(path.size()),
                   path.data(), res.status, res.body.size(), ms, id.empty() ? "-" : id.c_str());
    };
  }
  return handlers;
}

ConnectionStats GraphServer::connectionStats() const {
  return connections_ ? connections_->stats() : ConnectionStats{};
}

StageReport GraphServer::stageReport(bool reset) {
  return connections_ ? connections_->stageReport(reset) : StageReport{};
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
      admin.renderCache = state.context().renderCache;
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
  connections_ = std::make_unique<ConnectionLayer>(options_, connectionHandlers());
  if (options_.port >= 0) {
    Result<int> bound = connections_->listen(options_.host, options_.port, false);
    if (!bound) return plainError(bound.error().message);
    httpPort_ = *bound;
  }
  if (options_.tlsPort >= 0) {
    Result<int> bound = connections_->listen(options_.host, options_.tlsPort, true);
    if (!bound) return plainError(bound.error().message);
    httpsPort_ = *bound;
  }
  connections_->start();
  current()->startFeeder();
  return {};
}

void GraphServer::stop() {
  std::lock_guard lock(stopMutex_);
  if (connections_) connections_->stop();
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
  if (options_.liveEpoch && loaded->live) loaded->live->epoch = options_.liveEpoch;
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
