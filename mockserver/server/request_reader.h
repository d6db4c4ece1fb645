// The requests of one connection's input, framed one after another (pipelined ones included) by
// the strict functions of request_framing.h. No I/O: the connection layer (connection.h) feeds it
// what it receives; the raw-request fuzz target (fuzz/targets/server.h) feeds it a whole input.
#pragma once

#include <httplib.h>

#include <string>

#include "mockserver/server/request_framing.h"

namespace tenantsim::mock {

class RequestReader {
 public:
  enum class State {
    NeedMore,  // the request is not complete: call read() again with more bytes
    HeadRead,  // the head is parsed (request and framing filled); call read() again for the body
    Complete,  // request.body holds the body; its bytes are gone from `in`
    Error,     // error() says why; the connection answers it and closes
  };

  explicit RequestReader(const FramingLimits& limits) : limits_(&limits), scanner_(limits) {}

  // Frames the current request from `in` (bytes received and not yet consumed; its start is where
  // the request begins) into request and framing, which stay the caller's until Complete.
  State read(std::string& in, httplib::Request& request, RequestFraming& framing);
  // After HeadRead: true when the head announced a body and none of its bytes are in yet.
  bool awaitsBody(const std::string& in, const RequestFraming& framing) const;
  const FramingError& error() const { return error_; }
  // Before the next request of the connection.
  void reset();

 private:
  State fail(const FramingError& error);

  const FramingLimits* limits_;
  RequestHeadScanner scanner_;
  ChunkedBodyDecoder chunks_;
  size_t bodyAt_ = 0;  // offset of the body in `in`
  bool headRead_ = false;
  FramingError error_;
};

// Empties a request for the next one on the same connection: afterwards it holds exactly what a
// default-constructed httplib::Request holds (no method, target, header, parameter or body of the
// request before), but its strings keep their memory, so reading the next request into it
// allocates less. A body larger than kKeptRequestBodyBytes is freed.
void recycleRequest(httplib::Request& request);
constexpr size_t kKeptRequestBodyBytes = 64 * 1024;

}  // namespace tenantsim::mock
