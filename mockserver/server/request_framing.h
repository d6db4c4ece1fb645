// Strict HTTP/1.1 request framing (RFC 9112) for the connection layer (connection_layer.h): where a
// request head ends, what it says, and how long its body is. Everything that could let a proxy in
// front of us and this server disagree on where one request ends (request smuggling, issue #15)
// is refused with 400: bare CR or LF, obsolete line folding, whitespace before a header's colon,
// Host missing or repeated on HTTP/1.1, a Content-Length that is not one non-negative decimal,
// Transfer-Encoding with Content-Length, any transfer coding but a single "chunked", malformed
// chunks. Size limits answer 414 (request-target), 431 (header block) and 413 (body).
//
// No I/O here: the functions take the bytes received so far.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tenantsim::mock {

struct FramingLimits {
  size_t maxTargetBytes = 8192;       // longer request-target: 414
  size_t maxHeaderBytes = 32 * 1024;  // names + values (+4 per field) of the whole block: 431
  size_t maxHeaderCount = 200;        // 431
  size_t maxHeaderLineBytes = 8192;   // one field line: 431
  uint64_t maxBodyBytes = 1u << 20;   // declared or chunked body: 413
};

// Why a request is refused: the status to answer and tenantsim's precise reason.
struct FramingError {
  int status = 0;  // 0: no error
  std::string detail;
  explicit operator bool() const { return status != 0; }
};

// Finds the end of a request head in bytes that arrive piece by piece. Rejects bare CR/LF and
// oversized heads as soon as the bytes show them, without waiting for the rest.
class RequestHeadScanner {
 public:
  enum class State { NeedMore, Complete, Error };

  // Scans what was added to `received` since the last call (received keeps growing; its start is
  // where the head begins). Complete: headEnd() is the offset just past the empty line.
  State scan(std::string_view received);
  size_t headEnd() const { return headEnd_; }
  // Bytes before the request line that were empty lines (RFC 9112 §2.2 lets a server skip them).
  size_t leadingEmptyLines() const { return leading_; }
  const FramingError& error() const { return error_; }
  bool started() const { return scanned_ > 0; }
  void reset(const FramingLimits& limits) { *this = RequestHeadScanner(limits); }

  explicit RequestHeadScanner(const FramingLimits& limits) : limits_(&limits) {}

 private:
  State fail(int status, std::string detail);

  const FramingLimits* limits_;
  size_t scanned_ = 0, lineStart_ = 0, leading_ = 0, headEnd_ = 0;
  size_t lines_ = 0, headerBytes_ = 0;
  FramingError error_;
};

// What parseRequestHead learnt about the body and the connection.
struct RequestFraming {
  bool chunked = false;
  uint64_t contentLength = 0;  // when not chunked
  bool keepAlive = true;       // HTTP/1.1 unless "Connection: close"; 1.0 only with keep-alive
  bool expectContinue = false;
};

// Parses a complete head (from RequestHeadScanner: every line ends in CRLF, the last one empty)
// into request.method, target, version, path (percent-decoded, no query) and headers.
FramingError parseRequestHead(std::string_view head, const FramingLimits& limits,
                              httplib::Request& request, RequestFraming& framing);

// Decodes a chunked body (RFC 9112 §7.1) as its bytes arrive; chunk extensions and trailer fields
// are read and dropped.
class ChunkedBodyDecoder {
 public:
  enum class State { NeedMore, Done, Error };
  // Decodes from input[consumed()...], appending data to body.
  State feed(std::string_view input, std::string& body, uint64_t maxBodyBytes);
  size_t consumed() const { return pos_; }  // bytes of input used so far
  const FramingError& error() const { return error_; }

 private:
  enum class Phase { Size, Data, DataEnd, Trailer };
  State fail(int status, std::string detail);

  Phase phase_ = Phase::Size;
  size_t pos_ = 0;
  uint64_t remaining_ = 0;
  FramingError error_;
};

}  // namespace tenantsim::mock
