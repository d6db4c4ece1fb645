// One connection of the connection layer (connection_layer.h): reads and frames its requests on its
// event loop, hands each to a worker, writes the answers back, and closes on a limit, a timeout, a
// framing error or stop(). A template over the stream (plain TCP socket or TLS stream).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <type_traits>

#include "mockserver/server/connection_layer_impl.h"
#include "mockserver/server/request_reader.h"
#include "mockserver/server/response_head.h"

namespace tenantsim::mock::connection_detail {

struct Exchange {
  httplib::Request request;
  httplib::Response response;
  RequestFraming framing;
  SteadyClock::time_point started = SteadyClock::now();
  // The stages' edges (stage_times.h): handed to the workers, the worker done, writing started,
  // the last byte written.
  SteadyClock::time_point dispatched, served, writing, done;
  std::string head;    // the response head being written
  size_t written = 0;  // bytes of head + body given to the kernel so far

  // For the next request: as a new Exchange, but keeping the request's and the head's memory
  // (recycleRequest). The response body has gone back to the layer's BodyBufferPool.
  void clear() {
    recycleRequest(request);
    response = httplib::Response();
    framing = RequestFraming();
    head.clear();
    written = 0;
  }
};

// From this body size a worker writes its answer itself (plain TCP; docs/performance.md#p99):
// CPU per request at 64 connections, loop against worker, 97 KB 87-90 against 98-103 µs,
// 243 KB 146-150 against 132-134 µs, 975 KB 597-628 against 497-507 µs.
constexpr size_t kWorkerWriteMinBytes = 128 * 1024;

// Cleared exchanges a loop keeps for reuse; beyond this many, a finished one is freed.
constexpr size_t kSpareExchanges = 256;

inline Loop::~Loop() = default;

template <typename Stream>
class Connection final : public ConnectionBase {
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

 public:
  Connection(ConnectionLayer::Impl& layer, Loop& loop, Stream stream, bool tls, bool overLimit)
      : layer_(layer),
        loop_(loop),
        stream_(std::move(stream)),
        timer_(loop.io),
        reader_(layer.framing),
        tls_(tls),
        overLimit_(overLimit) {}

  void start() override {
    error_code ec;
    auto& socket = rawSocket();
    if (auto remote = socket.remote_endpoint(ec); !ec) {
      remoteAddress_ = remote.address().to_string();
      remotePort_ = remote.port();
    }
    socket.set_option(tcp::no_delay(true), ec);
    if constexpr (kTls) {
      phase_ = Phase::Handshake;
      armTimer(layer_.readTimeout);
      stream_.async_handshake(ssl::stream_base::server, [self = self(), this](error_code e) {
        if (phase_ != Phase::Handshake) return;
        if (e) return closeNow();
        awaitRequest();
      });
    } else {
      socket.non_blocking(true, ec);
      awaitRequest();
    }
  }

  void closeIfIdle() override {
    if (phase_ == Phase::Idle || phase_ == Phase::Handshake) closeNow();
  }

  void closeNow() override {
    if (phase_ == Phase::Closed) return;
    auto keep = self();
    bool handling = phase_ == Phase::Handling;  // a worker may be using the exchange
    phase_ = Phase::Closed;
    cancelTimer();
    error_code ec;
    // A worker may be writing the answer on the socket (plain TCP): shut it down (the write
    // fails) and leave the descriptor to be closed with the connection, once the worker is done.
    if (handling)
      rawSocket().shutdown(tcp::socket::shutdown_both, ec);
    else
      rawSocket().close(ec);
    if (!handling) exchange_.reset();
    layer_.remove(loop_, this);
  }

 private:
  enum class Phase { Handshake, Idle, Reading, Handling, Writing, Lingering, Closed };

  tcp::socket& rawSocket() {
    if constexpr (kTls)
      return stream_.next_layer();
    else
      return stream_;
  }

  std::shared_ptr<Connection> self() {
    return std::static_pointer_cast<Connection>(shared_from_this());
  }

  // A cleared exchange of this loop's, or a new one (on the loop).
  std::unique_ptr<Exchange> newExchange() {
    auto& spare = loop_.spareExchanges;
    if (spare.empty()) return std::make_unique<Exchange>();
    std::unique_ptr<Exchange> x = std::move(spare.back());
    spare.pop_back();
    x->started = SteadyClock::now();
    return x;
  }

  // The answer is written (on the loop): its body buffer goes back to the layer's pool and the
  // exchange, cleared, to the loop's spares.
  void recycleExchange() {
    layer_.bodyBuffers.give(std::move(exchange_->response.body));
    if (loop_.spareExchanges.size() < kSpareExchanges) {
      exchange_->clear();
      loop_.spareExchanges.push_back(std::move(exchange_));
    }
    exchange_.reset();
  }

  void armTimer(std::chrono::seconds timeout) {
    timer_.expires_after(timeout);
    timer_.async_wait([self = self(), this, generation = ++timerGeneration_](error_code ec) {
      if (ec || generation != timerGeneration_ || phase_ == Phase::Closed) return;
      onTimeout();
    });
  }

  void cancelTimer() {
    ++timerGeneration_;
    timer_.cancel();
  }

  void onTimeout() {
    if (phase_ == Phase::Reading) {
      error_code ec;
      rawSocket().cancel(ec);  // the pending read
      return refuse(408, "the request was not received within the read timeout");
    }
    if (phase_ != Phase::Handling) closeNow();
  }

  // Between requests: serve what is already buffered (pipelining), else wait for the next one.
  void awaitRequest() {
    if (layer_.stopping.load()) return closeNow();
    exchange_.reset();
    reader_.reset();
    if (in_.empty() && in_.capacity() > 16 * 1024) std::string().swap(in_);
    if (!in_.empty()) {
      phase_ = Phase::Reading;
      exchange_ = newExchange();
      armTimer(layer_.readTimeout);
      return processInput();
    }
    phase_ = Phase::Idle;
    armTimer(layer_.keepAliveTimeout);
    readMore();
  }

  void readMore() {
    if constexpr (kTls) {
      size_t old = in_.size();
      in_.resize(old + 16 * 1024);
      stream_.async_read_some(asio::buffer(in_.data() + old, 16 * 1024),
                              [self = self(), this, old](error_code ec, size_t n) {
                                in_.resize(old + n);
                                onReadable(ec, false);
                              });
    } else {
      // Wait for readability, then read into a per-thread buffer: an idle connection holds no
      // receive buffer of its own.
      stream_.async_wait(tcp::socket::wait_read,
                         [self = self(), this](error_code ec) { onReadable(ec, true); });
    }
  }

  void onReadable(error_code ec, bool readNow) {
    if (phase_ != Phase::Idle && phase_ != Phase::Reading) return;  // timed out meanwhile
    if (ec) return closeNow();
    if (readNow) {
      thread_local std::array<char, 64 * 1024> scratch;
      size_t n = stream_.read_some(asio::buffer(scratch), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) return readMore();
      if (ec) return closeNow();
      in_.append(scratch.data(), n);
    }
    if (phase_ == Phase::Idle) {
      phase_ = Phase::Reading;
      exchange_ = newExchange();
      armTimer(layer_.readTimeout);
    }
    processInput();
  }

  void processInput() {
    Exchange& x = *exchange_;
    switch (reader_.read(in_, x.request, x.framing)) {
      case RequestReader::State::Error:
        return refuse(reader_.error().status, reader_.error().detail);
      case RequestReader::State::NeedMore:
        return readMore();
      case RequestReader::State::Complete:
        return dispatch();
      case RequestReader::State::HeadRead:
        break;
    }
    if (overLimit_)
      return refuse(503, "the server holds as many connections as it allows (--max-connections)");
    if (x.framing.expectContinue && reader_.awaitsBody(in_, x.framing)) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                               [self = self(), this](error_code ec, size_t) {
                                 if (phase_ != Phase::Reading) return;
                                 if (ec) return closeNow();
                                 readMore();
                               });
    }
    processInput();  // the body, as far as it has arrived
  }

  void fillRequestAddresses(httplib::Request& request) {
    request.remote_addr = remoteAddress_;
    request.remote_port = remotePort_;
  }

  // Hands the request to a worker; its answer comes back to this loop to be written.
  void dispatch() {
    phase_ = Phase::Handling;
    cancelTimer();
    fillRequestAddresses(exchange_->request);
    keepAlive_ = exchange_->framing.keepAlive;
    exchange_->dispatched = SteadyClock::now();
    bool queued = layer_.workers->tryPost([self = self(), this](bool expired) {
      Exchange& x = *exchange_;
      auto started = SteadyClock::now();
      layer_.stageTimes.record(ServerStage::Queue, started - x.dispatched);
      std::chrono::microseconds delay{0};
      if (expired) {
        layer_.shedRequests.fetch_add(1, std::memory_order_relaxed);
        refusal(x, 503, "the request waited for a worker longer than --queue-wait-ms");
        keepAlive_ = false;
      } else {
        try {
          x.response.body = layer_.bodyBuffers.take();  // routes build their pages in it
          delay = layer_.handlers.serve(x.request, x.response, tls_);
          if (x.response.status <= 0) x.response.status = 200;
        } catch (const std::exception& e) {
          x.response = httplib::Response();
          refusal(x, 500, e.what());
        }
      }
      log(x);
      x.served = SteadyClock::now();
      layer_.stageTimes.record(ServerStage::Serve, x.served - started);
      // The head is written here, by the thread that set the response's headers, and the headers
      // are freed here: freed on the loop, each went back to this thread's malloc arena the
      // slow way (docs/performance.md#fixed-costs). A delayed answer's head waits for its timer.
      const bool prepared = delay.count() <= 0;
      if (prepared) {
        prepareAnswer(x);
        x.response.headers.clear();
      }
      // A large answer on plain TCP with no added latency: this worker writes it itself, as far
      // as the socket takes it, instead of waking the loop to do it: on a saturated machine the
      // loop's thread waited behind the busy workers for the CPU while the answer held its
      // buffer (docs/performance.md#p99). The loop only resumes the connection (or finishes a
      // write the socket had no room for). Smaller answers cost less CPU written by the loop.
      WorkerWrite wrote = WorkerWrite::None;
      if constexpr (!kTls) {
        if (prepared && x.response.body.size() >= kWorkerWriteMinBytes) {
          if (writeSome(x)) {
            wrote = WorkerWrite::Part;
          } else {
            wrote = WorkerWrite::All;
            x.done = SteadyClock::now();
            layer_.stageTimes.countWorkerWrite();
            layer_.bodyBuffers.give(std::move(x.response.body));  // for the next worker at once
          }
        }
      }
      asio::post(loop_.io, [self, this, delay, wrote, prepared] {
        if (phase_ != Phase::Handling) return;
        Exchange& x = *exchange_;
        if (wrote == WorkerWrite::All) return answerWritten();
        layer_.stageTimes.record(ServerStage::Handback, SteadyClock::now() - x.served);
        if (wrote == WorkerWrite::Part) return startWriting();
        if (prepared) {
          x.writing = SteadyClock::now();  // the write stage starts now, on the loop
          return startWriting();
        }
        writeAnswerAfter(delay);
      });
    });
    if (!queued) {
      layer_.shedRequests.fetch_add(1, std::memory_order_relaxed);
      refuse(503, "every worker is busy and --max-queued-requests requests are waiting");
    }
  }

  void refusal(Exchange& x, int status, std::string_view detail) {
    x.response = httplib::Response();
    layer_.handlers.refuse(x.request, x.response, status, detail);
    x.response.status = status;
    if (status == 503)
      x.response.set_header("Retry-After", std::to_string(layer_.options.limits.retryAfterSeconds));
  }

  void log(const Exchange& x) {
    if (!layer_.handlers.log) return;
    double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - x.started).count();
    layer_.handlers.log(x.request, x.response, ms);
  }

  // An answer the layer gives itself, on the loop; the connection closes after it.
  void refuse(int status, std::string_view detail) {
    if (!exchange_) exchange_ = newExchange();
    fillRequestAddresses(exchange_->request);
    refusal(*exchange_, status, detail);
    keepAlive_ = false;
    log(*exchange_);
    writeAnswer();
  }

  // The latency stage's delay, on this loop's timer instead of a worker.
  void writeAnswerAfter(std::chrono::microseconds delay) {
    if (delay.count() <= 0) return writeAnswer();
    timer_.expires_after(delay);
    timer_.async_wait([self = self(), this, generation = ++timerGeneration_](error_code ec) {
      if (ec || generation != timerGeneration_ || phase_ != Phase::Handling) return;
      writeAnswer();
    });
  }

  enum class WorkerWrite { None, Part, All };

  // The head, and where the write starts. On the loop, or on the worker before it writes.
  void prepareAnswer(Exchange& x) {
    keepAlive_ =
        !appendResponseHead(x.head, x.request, x.response, !keepAlive_ || layer_.stopping.load());
    withBody_ = x.request.method != "HEAD" && !x.response.body.empty();
    x.written = 0;
    x.writing = SteadyClock::now();
  }

  void writeAnswer() {
    prepareAnswer(*exchange_);
    startWriting();
  }

  // Writes what is left of the answer, on the loop.
  void startWriting() {
    phase_ = Phase::Writing;
    armTimer(layer_.writeTimeout);
    if constexpr (kTls) {
      // One gathered write: the head and the body as the route rendered it, not copied together.
      asio::async_write(stream_, unwritten(*exchange_),
                        [self = self(), this](error_code ec, size_t) {
                          if (phase_ != Phase::Writing) return;
                          if (ec) return closeNow();
                          exchange_->done = SteadyClock::now();
                          answerWritten();
                        });
    } else {
      writeMore();
    }
  }

  // What is left of the head and the body (the body as the route rendered it, not copied).
  std::array<asio::const_buffer, 2> unwritten(const Exchange& x) const {
    size_t headLeft = x.written < x.head.size() ? x.head.size() - x.written : 0;
    size_t bodyDone = x.written - (x.head.size() - headLeft);
    std::array<asio::const_buffer, 2> buffers{
        asio::buffer(x.head.data() + (x.head.size() - headLeft), headLeft),
        withBody_
            ? asio::buffer(x.response.body.data() + bodyDone, x.response.body.size() - bodyDone)
            : asio::const_buffer()};
    return buffers;
  }

  // Plain TCP: gathered non-blocking writes of what is left until all is written (no error) or
  // the socket refuses (would_block when its buffer is full, or the connection's error).
  error_code writeSome(Exchange& x) {
    for (;;) {
      auto buffers = unwritten(x);
      if (buffers[0].size() + buffers[1].size() == 0) return {};
      error_code ec;
      size_t n = stream_.write_some(buffers, ec);
      layer_.stageTimes.countWrite();
      if (ec) return ec;
      x.written += n;
    }
  }

  // On the loop: writes, waiting for room when the socket's buffer is full.
  void writeMore() {
    error_code ec = writeSome(*exchange_);
    if (!ec) {
      exchange_->done = SteadyClock::now();
      return answerWritten();
    }
    if (ec != asio::error::would_block && ec != asio::error::try_again) return closeNow();
    layer_.stageTimes.countWait();
    stream_.async_wait(tcp::socket::wait_write, [self = self(), this](error_code e) {
      if (phase_ != Phase::Writing) return;
      if (e) return closeNow();
      writeMore();
    });
  }

  // The answer is in the kernel (since exchange_->done): the next request, or the end.
  void answerWritten() {
    const Exchange& x = *exchange_;
    layer_.stageTimes.record(ServerStage::Write, x.done - x.writing);
    layer_.stageTimes.record(ServerStage::Total, x.done - x.started);
    recycleExchange();
    if (keepAlive_) return awaitRequest();
    linger();
  }

  // Stops sending and drops what the client still sends until it closes (or kLingerTime).
  void linger() {
    phase_ = Phase::Lingering;
    in_.clear();
    error_code ec;
    auto& socket = rawSocket();
    socket.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return closeNow();
    socket.non_blocking(true, ec);
    timer_.expires_after(kLingerTime);
    timer_.async_wait([self = self(), this, generation = ++timerGeneration_](error_code e) {
      if (e || generation != timerGeneration_) return;
      closeNow();
    });
    drain();
  }

  void drain() {
    rawSocket().async_wait(tcp::socket::wait_read, [self = self(), this](error_code ec) {
      if (phase_ != Phase::Lingering) return;
      if (ec) return closeNow();
      thread_local std::array<char, 16 * 1024> sink;
      size_t n = rawSocket().read_some(asio::buffer(sink), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) return drain();
      if (ec || n == 0) return closeNow();
      drain();
    });
  }

  ConnectionLayer::Impl& layer_;
  Loop& loop_;
  Stream stream_;
  asio::steady_timer timer_;
  uint64_t timerGeneration_ = 0;
  RequestReader reader_;
  std::string in_;  // received, not yet consumed
  std::unique_ptr<Exchange> exchange_;
  std::string remoteAddress_;
  int remotePort_ = -1;
  Phase phase_ = Phase::Idle;
  bool tls_, overLimit_, keepAlive_ = true, withBody_ = false;
};

}  // namespace tenantsim::mock::connection_detail
