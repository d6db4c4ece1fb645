// Specification of the proxy's request-head parsing (mockserver/proxy_request.h).
#include "mockserver/proxy/proxy_request.h"

#include <gtest/gtest.h>

namespace tenantsim::mock {
namespace {

ProxyRequestHead parsed(std::string_view head) {
  Result<ProxyRequestHead> out = parseProxyRequestHead(head);
  EXPECT_TRUE(out.ok()) << out.error().message;
  return out.value_or(ProxyRequestHead{});
}

std::string errorOf(std::string_view head) {
  Result<ProxyRequestHead> out = parseProxyRequestHead(head);
  EXPECT_FALSE(out.ok());
  return out ? std::string() : out.error().message;
}

TEST(ProxyRequest, ConnectTargetGivesLowerCasedHostAndPort) {
  ProxyRequestHead h =
      parsed("CONNECT Graph.Microsoft.COM:443 HTTP/1.1\r\nHost: graph.microsoft.com:443\r\n\r\n");
  EXPECT_EQ(h.form, ProxyTargetForm::Authority);
  EXPECT_EQ(h.host, "graph.microsoft.com");
  EXPECT_EQ(h.port, 443);
  ASSERT_EQ(h.headers.size(), 1u);
  EXPECT_EQ(h.headers[0].first, "Host");
}

TEST(ProxyRequest, ConnectToAnIpv6LiteralDropsTheBrackets) {
  ProxyRequestHead h = parsed("CONNECT [::1]:8443 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(h.host, "::1");
  EXPECT_EQ(h.port, 8443);
  EXPECT_EQ(authorityText(h.host, h.port), "[::1]:8443");
}

TEST(ProxyRequest, ConnectNeedsAPortInRange) {
  EXPECT_NE(errorOf("CONNECT graph.microsoft.com HTTP/1.1\r\n\r\n").find("host:port"),
            std::string::npos);
  errorOf("CONNECT graph.microsoft.com:0 HTTP/1.1\r\n\r\n");
  errorOf("CONNECT graph.microsoft.com:65536 HTTP/1.1\r\n\r\n");
  errorOf("CONNECT graph/microsoft.com:443 HTTP/1.1\r\n\r\n");
}

TEST(ProxyRequest, AbsoluteFormDefaultsToTheSchemesPort) {
  ProxyRequestHead h = parsed(
      "GET http://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$top=1 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(h.form, ProxyTargetForm::Absolute);
  EXPECT_EQ(h.scheme, "http");
  EXPECT_EQ(h.host, "graph.microsoft.com");
  EXPECT_EQ(h.port, 80);
  EXPECT_EQ(parsed("GET HTTPS://login.microsoftonline.com HTTP/1.1\r\n\r\n").port, 443);
  EXPECT_EQ(parsed("GET http://127.0.0.1:8080?x HTTP/1.1\r\n\r\n").port, 8080);
}

TEST(ProxyRequest, AbsoluteFormWithUserInfoOrAnotherSchemeIsAnError) {
  errorOf("GET http://user@graph.microsoft.com/ HTTP/1.1\r\n\r\n");
  errorOf("GET ftp://graph.microsoft.com/ HTTP/1.1\r\n\r\n");
  errorOf("GET graph.microsoft.com/v1.0 HTTP/1.1\r\n\r\n");
}

TEST(ProxyRequest, OriginFormIsRecognised) {
  EXPECT_EQ(parsed("GET /v1.0/auditLogs HTTP/1.1\r\n\r\n").form, ProxyTargetForm::Origin);
}

TEST(ProxyRequest, MalformedRequestLinesAndHeadersAreErrors) {
  errorOf("GET  /v1.0 HTTP/1.1\r\n\r\n");
  errorOf("GET /v1.0 HTTP/2\r\n\r\n");
  errorOf("G(T /v1.0 HTTP/1.1\r\n\r\n");
  errorOf("GET /v1.0 HTTP/1.1 extra\r\n\r\n");
  EXPECT_EQ(errorOf("CONNECT a.b:443 HTTP/1.1\r\nno colon here\r\n\r\n"),
            "A header line is malformed.");
  errorOf("CONNECT a.b:443 HTTP/1.1\r\nX: a\x01z\r\n\r\n");
}

TEST(ProxyRequest, HeadEndsAtTheFirstBlankLine) {
  EXPECT_EQ(findHeadEnd("CONNECT a:1 HTTP/1.1\r\n\r\nrest"), 24u);
  EXPECT_EQ(findHeadEnd("CONNECT a:1 HTTP/1.1\n\nrest"), 22u);
  EXPECT_EQ(findHeadEnd("CONNECT a:1 HTTP/1.1\r\nHost: a\r\n"), std::string::npos);
}

TEST(ProxyRequest, BinaryOrTlsIsNotARequestLine) {
  EXPECT_TRUE(couldBeRequestLine(""));
  EXPECT_TRUE(couldBeRequestLine("CONN"));
  EXPECT_TRUE(couldBeRequestLine("CONNECT a:1 HTTP/1.1\r"));
  EXPECT_TRUE(
      couldBeRequestLine("CONNECT a:1 HTTP/1.1\r\nHost: \x01"));  // headers are parsed later
  EXPECT_FALSE(couldBeRequestLine("\x16\x03\x01\x02\x00"));
  EXPECT_FALSE(couldBeRequestLine(std::string_view("GET /\0", 6)));
  EXPECT_FALSE(couldBeRequestLine("\r\nGET / HTTP/1.1"));
}

TEST(ProxyRequest, HeadForOriginDropsProxyHeadersAndClosesAfterOneRequest) {
  ProxyRequestHead h = parsed(
      "POST http://graph.microsoft.com/x HTTP/1.1\r\nHost: "
      "graph.microsoft.com\r\nProxy-Connection: keep-alive\r\n"
      "proxy-authorization: Basic eA==\r\nConnection: keep-alive\r\nKeep-Alive: "
      "5\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(headForOrigin(h),
            "POST http://graph.microsoft.com/x HTTP/1.1\r\nHost: "
            "graph.microsoft.com\r\nContent-Length: 2\r\n"
            "Connection: close\r\n\r\n");
}

}  // namespace
}  // namespace tenantsim::mock
