// RequestReader (mockserver/server/request_reader.h): one connection's bytes framed into requests
// one after another, as the connection layer and the raw-request fuzz target use it.
#include "mockserver/server/request_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace tenantsim::mock {
namespace {

using State = RequestReader::State;

struct Read {
  State state;
  httplib::Request request;
  RequestFraming framing;
};

// Reads one request from `in`, past its head.
Read readOne(RequestReader& reader, std::string& in) {
  Read r{State::NeedMore, {}, {}};
  while ((r.state = reader.read(in, r.request, r.framing)) == State::HeadRead) {
  }
  return r;
}

TEST(RequestReader, PipelinedRequestsComeOutInOrderAndLeaveNothingBehind) {
  FramingLimits limits;
  RequestReader reader(limits);
  std::string in =
      "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
      "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"
      "GET /c HTTP/1.1\r\nHost: h\r\n\r\n";
  for (auto [target, body] : {std::pair{"/a", ""}, {"/b", "xyz"}, {"/c", ""}}) {
    Read r = readOne(reader, in);
    ASSERT_EQ(r.state, State::Complete) << target;
    EXPECT_EQ(r.request.target, target);
    EXPECT_EQ(r.request.body, body);
    reader.reset();
  }
  EXPECT_TRUE(in.empty());
}

TEST(RequestReader, AChunkedBodyArrivingInPiecesNeedsMoreUntilTheLastChunk) {
  FramingLimits limits;
  RequestReader reader(limits);
  httplib::Request request;
  RequestFraming framing;
  std::string in = "POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(reader.read(in, request, framing), State::HeadRead);
  EXPECT_TRUE(reader.awaitsBody(in, framing));
  EXPECT_EQ(reader.read(in, request, framing), State::NeedMore);
  in += "3\r\nabc\r\n";
  EXPECT_FALSE(reader.awaitsBody(in, framing));
  EXPECT_EQ(reader.read(in, request, framing), State::NeedMore);
  in += "0\r\n\r\nGET";
  EXPECT_EQ(reader.read(in, request, framing), State::Complete);
  EXPECT_EQ(request.body, "abc");
  EXPECT_EQ(in, "GET");  // the next request's first bytes stay
}

TEST(RequestReader, ABodyShorterThanItsContentLengthNeedsMore) {
  FramingLimits limits;
  RequestReader reader(limits);
  std::string in = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n12345";
  EXPECT_EQ(readOne(reader, in).state, State::NeedMore);
}

TEST(RequestReader, FramingErrorsAreErrorsWithTheirStatus) {
  FramingLimits limits;
  for (std::string in : {std::string("GET / HTTP/1.1\r\n\r\n"),  // no Host
                         std::string("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n"),
                         std::string("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked"
                                     "\r\n\r\nzz\r\n")}) {
    RequestReader reader(limits);
    Read r = readOne(reader, in);
    EXPECT_EQ(r.state, State::Error) << in;
    EXPECT_EQ(reader.error().status, 400) << in;
    EXPECT_FALSE(reader.error().detail.empty());
  }
}

TEST(RequestReader, ResetForgetsTheLastError) {
  FramingLimits limits;
  RequestReader reader(limits);
  std::string bad = "GET / HTTP/1.1\r\n\r\n";
  ASSERT_EQ(readOne(reader, bad).state, State::Error);
  reader.reset();
  std::string good = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
  EXPECT_EQ(readOne(reader, good).state, State::Complete);
  EXPECT_FALSE(reader.error());
}

TEST(RequestReader, ARecycledRequestHoldsNothingOfTheOneBefore) {
  FramingLimits limits;
  RequestReader reader(limits);
  std::string in =
      "POST /a?x=1&y=2 HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer abc\r\nX-One: 1\r\n"
      "Content-Length: 3\r\n\r\nxyz"
      "GET /b HTTP/1.0\r\n\r\n";
  Read r = readOne(reader, in);
  ASSERT_EQ(r.state, State::Complete);
  ASSERT_EQ(r.request.target, "/a?x=1&y=2");
  // The routes read the raw query; the reader does not decode it into params.
  EXPECT_TRUE(r.request.params.empty());
  r.request.remote_addr = "127.0.0.1";
  r.request.remote_port = 4242;
  r.request.matches = {};
  recycleRequest(r.request);
  const httplib::Request fresh;
  EXPECT_TRUE(r.request.method.empty());
  EXPECT_TRUE(r.request.path.empty());
  EXPECT_TRUE(r.request.target.empty());
  EXPECT_TRUE(r.request.version.empty());
  EXPECT_TRUE(r.request.body.empty());
  EXPECT_TRUE(r.request.remote_addr.empty());
  EXPECT_EQ(r.request.remote_port, fresh.remote_port);
  EXPECT_TRUE(r.request.headers.empty());
  EXPECT_TRUE(r.request.params.empty());

  // The next pipelined request, read into the recycled object, has only its own fields.
  reader.reset();
  RequestFraming framing;
  while (reader.read(in, r.request, framing) == State::HeadRead) {
  }
  EXPECT_EQ(r.request.method, "GET");
  EXPECT_EQ(r.request.target, "/b");
  EXPECT_EQ(r.request.version, "HTTP/1.0");
  EXPECT_TRUE(r.request.body.empty());
  EXPECT_TRUE(r.request.headers.empty());
  EXPECT_FALSE(r.request.has_param("x"));
  EXPECT_FALSE(framing.keepAlive);
  EXPECT_TRUE(in.empty());
}

TEST(RequestReader, ARecycledRequestFreesALargeBody) {
  httplib::Request request;
  request.body.assign(kKeptRequestBodyBytes + 1, 'x');
  recycleRequest(request);
  EXPECT_TRUE(request.body.empty());
  EXPECT_LE(request.body.capacity(), kKeptRequestBodyBytes);
}

}  // namespace
}  // namespace tenantsim::mock
