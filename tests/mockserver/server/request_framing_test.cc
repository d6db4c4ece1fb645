// Strict HTTP/1.1 request framing (mockserver/server/request_framing.h): where a head ends, what
// it says, and every framing RFC 9112 forbids refused with 400 (issue #15), the size limits with
// 414/431/413, and chunked bodies decoded as they arrive.
#include "mockserver/server/request_framing.h"

#include <gtest/gtest.h>

#include <string>

namespace tenantsim::mock {
namespace {

struct Parsed {
  int status = 0;  // 0: accepted
  std::string detail;
  httplib::Request request;
  RequestFraming framing;
};

// Scans and parses a whole head at once.
Parsed parse(const std::string& head, const FramingLimits& limits = {}) {
  Parsed p;
  RequestHeadScanner scanner(limits);
  RequestHeadScanner::State state = scanner.scan(head);
  if (state == RequestHeadScanner::State::Error) {
    p.status = scanner.error().status;
    p.detail = scanner.error().detail;
    return p;
  }
  EXPECT_EQ(state, RequestHeadScanner::State::Complete) << head;
  size_t leading = scanner.leadingEmptyLines();
  FramingError e =
      parseRequestHead(std::string_view(head).substr(leading, scanner.headEnd() - leading), limits,
                       p.request, p.framing);
  p.status = e.status;
  p.detail = e.detail;
  return p;
}

int statusOf(const std::string& head) { return parse(head).status; }

TEST(RequestFraming, ParsesAGetWithItsHeadersAndPath) {
  Parsed p = parse(
      "GET /v1.0/auditLogs/directoryAudits?$top=5 HTTP/1.1\r\nHost: x\r\nAccept:  a/b \r\n\r\n");
  ASSERT_EQ(p.status, 0) << p.detail;
  EXPECT_EQ(p.request.method, "GET");
  EXPECT_EQ(p.request.target, "/v1.0/auditLogs/directoryAudits?$top=5");
  EXPECT_EQ(p.request.path, "/v1.0/auditLogs/directoryAudits");
  EXPECT_EQ(p.request.version, "HTTP/1.1");
  EXPECT_EQ(p.request.get_header_value("accept"), "a/b");
  EXPECT_TRUE(p.framing.keepAlive);
  EXPECT_FALSE(p.framing.chunked);
  EXPECT_EQ(p.framing.contentLength, 0u);
}

TEST(RequestFraming, ScannerFindsTheEndAcrossPiecesAndSkipsLeadingEmptyLines) {
  FramingLimits limits;
  RequestHeadScanner scanner(limits);
  std::string received = "\r\nGET / HTTP/1.1\r";
  EXPECT_EQ(scanner.scan(received), RequestHeadScanner::State::NeedMore);
  received += "\nHost: x\r\n\r";
  EXPECT_EQ(scanner.scan(received), RequestHeadScanner::State::NeedMore);
  received += "\nbody";
  EXPECT_EQ(scanner.scan(received), RequestHeadScanner::State::Complete);
  EXPECT_EQ(scanner.leadingEmptyLines(), 2u);
  EXPECT_EQ(received.substr(scanner.headEnd()), "body");
}

TEST(RequestFraming, ConnectionCloseAndHttp10DecideKeepAlive) {
  EXPECT_FALSE(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").framing.keepAlive);
  EXPECT_FALSE(parse("GET / HTTP/1.0\r\n\r\n").framing.keepAlive);
  EXPECT_TRUE(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").framing.keepAlive);
}

TEST(RequestFraming, HostMustAppearExactlyOnceOnHttp11) {
  EXPECT_EQ(statusOf("GET / HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(statusOf("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
  EXPECT_EQ(statusOf("GET / HTTP/1.0\r\n\r\n"), 0);  // HTTP/1.0 may omit it
}

TEST(RequestFraming, HostMustBeHostAndOptionalPort) {
  for (const char* host :
       {"localhost", "127.0.0.1:8080", "[::1]:8443", "graph.microsoft.com", "a-b.example_x~:1"})
    EXPECT_EQ(statusOf(std::string("GET / HTTP/1.1\r\nHost: ") + host + "\r\n\r\n"), 0) << host;
  for (const char* host : {"a b", "a/b", "user@host", "host:80x", "[::1", "[::1]x", "a?b"})
    EXPECT_EQ(statusOf(std::string("GET / HTTP/1.1\r\nHost: ") + host + "\r\n\r\n"), 400) << host;
}

TEST(RequestFraming, ContentLengthMustBeOneNonNegativeDecimal) {
  std::string head = "POST / HTTP/1.1\r\nHost: x\r\n";
  EXPECT_EQ(parse(head + "Content-Length: 12\r\n\r\n").framing.contentLength, 12u);
  for (std::string bad : {"-1", "+5", "1 2", "0x10", "", "99999999999999999999", "5, 5"})
    EXPECT_EQ(statusOf(head + "Content-Length: " + bad + "\r\n\r\n"), 400) << bad;
  EXPECT_EQ(statusOf(head + "Content-Length: 5\r\nContent-Length: 5\r\n\r\n"), 400);
}

TEST(RequestFraming, BodyOverTheLimitIs413) {
  FramingLimits limits;
  limits.maxBodyBytes = 100;
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n", limits).status, 413);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n", limits).status, 0);
}

TEST(RequestFraming, OnlyASingleChunkedTransferCodingWithoutContentLength) {
  std::string head = "POST / HTTP/1.1\r\nHost: x\r\n";
  EXPECT_TRUE(parse(head + "Transfer-Encoding: Chunked\r\n\r\n").framing.chunked);
  EXPECT_EQ(statusOf(head + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"), 400);
  EXPECT_EQ(statusOf(head + "Transfer-Encoding: gzip\r\n\r\n"), 400);
  EXPECT_EQ(statusOf(head + "Transfer-Encoding: gzip, chunked\r\n\r\n"), 400);
  EXPECT_EQ(statusOf(head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"),
            400);
  EXPECT_EQ(statusOf("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
}

TEST(RequestFraming, ObsoleteFoldingAndWhitespaceBeforeColonAre400) {
  EXPECT_EQ(statusOf("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"), 400);
  EXPECT_EQ(statusOf("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tb\r\n\r\n"), 400);
  EXPECT_EQ(statusOf("GET / HTTP/1.1\r\nHost : x\r\n\r\n"), 400);
  EXPECT_EQ(statusOf("GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n"), 400);
  EXPECT_EQ(statusOf("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01z\r\n\r\n"), 400);
}

TEST(RequestFraming, BareCrOrLfInTheHeadIs400) {
  EXPECT_EQ(statusOf("GET / HTTP/1.1\nHost: x\r\n\r\n"), 400);
  EXPECT_EQ(statusOf("GET / HTTP/1.1\r\nHost: x\n\n"), 400);
  EXPECT_EQ(statusOf("GET / HTTP/1.1\r\nHost: x\ry\r\n\r\n"), 400);
}

TEST(RequestFraming, MalformedRequestLinesAre400) {
  for (std::string line : {"GET /", "GET  / HTTP/1.1", "GET / HTTP/1.1 ", "GET / HTTP/2.0",
                           "GET / http/1.1", "G(T / HTTP/1.1", "GET /a\x7f HTTP/1.1",
                           "GET x HTTP/1.1", "TRACE / HTTP/1.1", "BREW / HTTP/1.1"})
    EXPECT_EQ(statusOf(line + "\r\nHost: x\r\n\r\n"), 400) << line;
  EXPECT_EQ(statusOf("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
}

TEST(RequestFraming, SizeLimitsAre414And431) {
  FramingLimits limits;
  limits.maxTargetBytes = 100;
  limits.maxHeaderBytes = 200;
  limits.maxHeaderCount = 3;
  EXPECT_EQ(parse("GET /" + std::string(100, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", limits).status,
            414);
  EXPECT_EQ(parse("GET /" + std::string(98, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", limits).status,
            0);
  // The scanner refuses before the line is complete.
  RequestHeadScanner scanner(limits);
  EXPECT_EQ(scanner.scan("GET /" + std::string(1000, 'a')), RequestHeadScanner::State::Error);
  EXPECT_EQ(scanner.error().status, 414);
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: x\r\nX-A: " + std::string(200, 'a') + "\r\n\r\n", limits)
                .status,
            431);
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits).status, 431);
}

TEST(RequestFraming, ChunkedBodyIsDecodedAsItArrives) {
  ChunkedBodyDecoder decoder;
  std::string input = "4\r\nWiki\r\n5;ext=1\r\npedia\r\n";
  std::string body;
  EXPECT_EQ(decoder.feed(input, body, 1000), ChunkedBodyDecoder::State::NeedMore);
  input += "0\r\nTrailer: x\r\n\r\nNEXT";
  EXPECT_EQ(decoder.feed(input, body, 1000), ChunkedBodyDecoder::State::Done);
  EXPECT_EQ(body, "Wikipedia");
  EXPECT_EQ(input.substr(decoder.consumed()), "NEXT");
}

TEST(RequestFraming, MalformedChunksAre400AndOversizedOnes413) {
  auto status = [](const std::string& input, uint64_t max = 1000) {
    ChunkedBodyDecoder decoder;
    std::string body;
    return decoder.feed(input, body, max) == ChunkedBodyDecoder::State::Error
               ? decoder.error().status
               : 0;
  };
  EXPECT_EQ(status("z\r\n"), 400);
  EXPECT_EQ(status("4\r\nWikiXX"), 400);  // data not followed by CRLF
  EXPECT_EQ(status("4\nWiki\r\n"), 400);  // bare LF
  EXPECT_EQ(status("-1\r\n"), 400);
  EXPECT_EQ(status("ffffffffffffffffff\r\n"), 400);
  EXPECT_EQ(status("3e9\r\n"), 413);
}

}  // namespace
}  // namespace tenantsim::mock
