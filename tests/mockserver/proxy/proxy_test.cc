// Specification of proxy mode (mockserver/proxy.h): a real GraphServer with http and https
// listeners (local-CA certificate) behind a ProxyListener; clients speak to the proxy with the
// real Microsoft host names, as with HTTPS_PROXY.
#include "mockserver/proxy/proxy.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <thread>

#include "mockserver/auth/local_ca.h"
#include "tests/support/json.h"
#include "tests/support/raw_http.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock {
namespace {

using testing::HttpAnswer;
using testing::rawExchange;

std::filesystem::path certificateDir() {
  // Shared across runs: ensureLocalCertificates reuses valid files and serialises writers.
  return std::filesystem::temp_directory_path() / "tenantsim-proxy-tests";
}

// The shared server: plain http and https, its certificate from the local CA in certificateDir().
testing::TestServer& tlsServer() {
  static testing::TestServer* server = [] {
    Result<auth::LocalCertificateFiles> certs =
        auth::ensureLocalCertificates(certificateDir(), wallClockSeconds());
    EXPECT_TRUE(certs.ok()) << certs.error().message;
    ServerOptions options;
    options.tlsPort = 0;
    options.tlsCertificate = certs->serverCertificate.string();
    options.tlsPrivateKey = certs->serverPrivateKey.string();
    return new testing::TestServer(testing::smallScenario(), options);
  }();
  return *server;
}

std::string caPath() { return (certificateDir() / "ca.pem").string(); }

// Reads from fd until the end of a response head; "" when the peer closes first.
std::string readHead(int fd) {
  std::string data;
  char c;
  while (data.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) data += c;
  return data.find("\r\n\r\n") == std::string::npos ? "" : data;
}

// Reads until the peer closes (or the socket's receive timeout); what arrived.
std::string readToEnd(int fd) {
  std::string data;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
    data.append(buffer, static_cast<size_t>(n));
  return data;
}

// True when the peer closed the connection: end of stream, or a reset when it closed with our
// bytes unread. False on data or a receive timeout.
bool closedByPeer(int fd) {
  char c;
  ssize_t n = ::recv(fd, &c, 1, 0);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

// A loopback listener that echoes what each connection sends, for passthrough.
class EchoServer {
 public:
  EchoServer() {
    EXPECT_EQ(::pipe(stop_), 0);
    Result<UniqueFd> listening = listenTcp("127.0.0.1", 0);
    EXPECT_TRUE(listening.ok()) << listening.error().message;
    if (listening) listener_ = std::move(*listening);
    port_ = boundPort(listener_.get());
    thread_ = std::thread([this] {
      for (;;) {
        if (waitFor(listener_.get(), POLLIN, std::chrono::hours(1), stop_[0]) != WaitResult::Ready)
          return;
        bool loopback = false;
        UniqueFd fd = acceptTcp(listener_.get(), &loopback);
        for (char buffer[1024]; fd && waitFor(fd.get(), POLLIN, std::chrono::hours(1), stop_[0]) ==
                                          WaitResult::Ready;) {
          ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
          if (n <= 0 || !sendAll(fd.get(), std::string_view(buffer, static_cast<size_t>(n)),
                                 std::chrono::seconds(5), -1))
            break;
        }
      }
    });
  }
  ~EchoServer() {
    [[maybe_unused]] ssize_t w = ::write(stop_[1], "x", 1);
    thread_.join();
    ::close(stop_[0]);
    ::close(stop_[1]);
  }
  int port() const { return port_; }

 private:
  int stop_[2] = {-1, -1};
  UniqueFd listener_;
  int port_ = -1;
  std::thread thread_;
};

class ProxyTest : public ::testing::Test {
 protected:
  ProxyOptions defaults() {
    ProxyOptions options;
    options.port = 0;
    options.upstreamHttpsPort = tlsServer().server().tlsPort();
    options.upstreamHttpPort = tlsServer().server().port();
    return options;
  }
  ProxyListener& start(ProxyOptions options) {
    proxy_ = std::make_unique<ProxyListener>(std::move(options));
    Status started = proxy_->start();
    EXPECT_TRUE(started.ok()) << started.error().message;
    return *proxy_;
  }
  ProxyListener& start() { return start(defaults()); }
  int port() const { return proxy_->port(); }

  // A socket to the proxy that has sent CONNECT target and read the answer's head.
  int connectThrough(const std::string& target, std::string* head, const std::string& extra = "") {
    int fd = testing::connectLoopback(port(), 10);
    EXPECT_GE(fd, 0);
    testing::sendAll(fd, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n" + extra);
    *head = readHead(fd);
    return fd;
  }

  // True when CONNECT host:443 answers 200. httplib 0.11's SSLClient deadlocks on a proxy's
  // non-200 answer: the tests below check this first, so a broken proxy fails them instead.
  bool tunnelOpens(const std::string& host) {
    std::string head;
    int fd = connectThrough(host + ":443", &head);
    ::close(fd);
    return head.starts_with("HTTP/1.1 200 ");
  }

  // An https client for host:443 through the proxy, verifying the certificate against the local CA.
  std::unique_ptr<httplib::SSLClient> httpsClient(const std::string& host) {
    auto client = std::make_unique<httplib::SSLClient>(host, 443);
    client->set_proxy("127.0.0.1", port());
    client->set_ca_cert_path(caPath().c_str());
    client->enable_server_certificate_verification(true);
    client->set_read_timeout(30, 0);
    return client;
  }

  std::string tokenThroughProxy() {
    auto login = httpsClient("login.microsoftonline.com");
    httplib::Result r =
        login->Post(("/" + tlsServer().tenantId() + "/oauth2/v2.0/token").c_str(),
                    std::string("grant_type=client_credentials&client_id=") +
                        testing::kReaderClientId + "&client_secret=" + testing::kReaderSecret +
                        "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
                    "application/x-www-form-urlencoded");
    EXPECT_TRUE(r) << (r ? "" : httplib::to_string(r.error()));
    if (!r) return "";
    EXPECT_EQ(r->status, 200) << r->body;
    return parseJson(r->body).value("access_token", "");
  }

  std::unique_ptr<ProxyListener> proxy_;
};

TEST_F(ProxyTest, ConnectToGraphIsEstablished) {
  start();
  std::string head;
  int fd = connectThrough("graph.microsoft.com:443", &head);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 Connection Established\r\n")) << head;
  ::close(fd);
}

TEST_F(ProxyTest, HttpsThroughConnectVerifiesAsGraphAndNextLinksPointAtGraph) {
  start();
  ASSERT_TRUE(tunnelOpens("login.microsoftonline.com") && tunnelOpens("graph.microsoft.com"));
  std::string token = tokenThroughProxy();
  ASSERT_FALSE(token.empty());
  auto graph = httpsClient("graph.microsoft.com");
  httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  httplib::Result r = graph->Get("/v1.0/auditLogs/directoryAudits?$top=3", auth);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  nlohmann::json page = parseJson(r->body);
  EXPECT_EQ(page["value"].size(), 3u);
  std::string next = page.value("@odata.nextLink", "");
  ASSERT_TRUE(next.starts_with("https://graph.microsoft.com/v1.0/")) << next;
  // The nextLink, followed verbatim through the proxy, is the next page.
  r = graph->Get(next.substr(std::string("https://graph.microsoft.com").size()).c_str(), auth);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_NE(parseJson(r->body)["value"][0]["id"], page["value"][0]["id"]);
}

TEST_F(ProxyTest, DiscoveryThroughConnectNamesLoginMicrosoftonline) {
  start();
  ASSERT_TRUE(tunnelOpens("login.microsoftonline.com"));
  auto login = httpsClient("login.microsoftonline.com");
  httplib::Result r =
      login->Get(("/" + tlsServer().tenantId() + "/v2.0/.well-known/openid-configuration").c_str());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(parseJson(r->body).value("token_endpoint", ""),
            "https://login.microsoftonline.com/" + tlsServer().tenantId() + "/oauth2/v2.0/token");
  // MSAL's own instance-discovery request, with its default authority.
  r = login->Get(
      "/common/discovery/instance?api-version=1.1&authorization_endpoint=https://"
      "login.microsoftonline.com/common/"
      "oauth2/authorize");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(parseJson(r->body).value("tenant_discovery_endpoint", ""),
            "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration");
}

TEST_F(ProxyTest, EveryInterceptedNameVerifiesAgainstTheLocalCa) {
  start();
  for (const std::string& host : defaultInterceptedHosts()) {
    ASSERT_TRUE(tunnelOpens(host)) << host;
    httplib::Result r = httpsClient(host)->Get("/common/discovery/keys");
    ASSERT_TRUE(r) << host << ": " << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 200) << host;
  }
}

TEST_F(ProxyTest, UsGovernmentHostsAreInterceptedByDefault) {
  const std::vector<std::string>& hosts = defaultInterceptedHosts();
  for (const char* host :
       {"graph.microsoft.us", "dod-graph.microsoft.us", "login.microsoftonline.us"})
    EXPECT_NE(std::find(hosts.begin(), hosts.end(), host), hosts.end()) << host;
  start();
  std::string head;
  int fd = connectThrough("dod-graph.microsoft.us:443", &head);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 Connection Established\r\n")) << head;
  ::close(fd);
}

// A client switched to the US Government cloud (Wazuh, Splunk, Goose): its token from
// login.microsoftonline.us for graph.microsoft.us, then pages whose nextLinks name the Graph host
// it used.
TEST_F(ProxyTest, UsGovernmentClientGetsTokenAndNextLinksOnItsOwnHosts) {
  start();
  ASSERT_TRUE(tunnelOpens("login.microsoftonline.us") && tunnelOpens("graph.microsoft.us") &&
              tunnelOpens("dod-graph.microsoft.us"));
  httplib::Result r =
      httpsClient("login.microsoftonline.us")
          ->Post(("/" + tlsServer().tenantId() + "/oauth2/v2.0/token").c_str(),
                 std::string("grant_type=client_credentials&client_id=") +
                     testing::kReaderClientId + "&client_secret=" + testing::kReaderSecret +
                     "&scope=https%3A%2F%2Fgraph.microsoft.us%2F.default",
                 "application/x-www-form-urlencoded");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  httplib::Headers auth = {
      {"Authorization", "Bearer " + parseJson(r->body).value("access_token", "")}};
  for (std::string host : {"graph.microsoft.us", "dod-graph.microsoft.us"}) {
    r = httpsClient(host)->Get("/beta/deviceManagement/auditEvents?$top=2", auth);
    ASSERT_TRUE(r) << host << ": " << httplib::to_string(r.error());
    ASSERT_EQ(r->status, 200) << r->body;
    nlohmann::json page = parseJson(r->body);
    EXPECT_TRUE(page.value("@odata.nextLink", "").starts_with("https://" + host + "/beta/"))
        << page.value("@odata.nextLink", "");
    EXPECT_TRUE(
        page.value("@odata.context", "").starts_with("https://" + host + "/beta/$metadata"));
  }
}

TEST_F(ProxyTest, DiscoveryThroughLoginMicrosoftonlineUsNamesTheUsGovernmentCloud) {
  start();
  ASSERT_TRUE(tunnelOpens("login.microsoftonline.us"));
  httplib::Result r =
      httpsClient("login.microsoftonline.us")
          ->Get(("/" + tlsServer().tenantId() + "/v2.0/.well-known/openid-configuration").c_str());
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  nlohmann::json doc = parseJson(r->body);
  EXPECT_EQ(doc.value("token_endpoint", ""),
            "https://login.microsoftonline.us/" + tlsServer().tenantId() + "/oauth2/v2.0/token");
  EXPECT_EQ(doc.value("cloud_instance_name", ""), "microsoftonline.us");
  EXPECT_EQ(doc.value("msgraph_host", ""), "graph.microsoft.us");
}

TEST_F(ProxyTest, AbsoluteFormHttpReachesThePlainListener) {
  start();
  httplib::Client client("graph.microsoft.com", 80);
  client.set_proxy("127.0.0.1", port());
  client.set_read_timeout(30, 0);
  httplib::Result r = client.Get("/v1.0/auditLogs/directoryAudits?$top=3",
                                 {{"Authorization", "Bearer " + tlsServer().readerToken()}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  std::string next = parseJson(r->body).value("@odata.nextLink", "");
  EXPECT_TRUE(next.starts_with("http://graph.microsoft.com/v1.0/")) << next;
}

// One request per proxied connection (the next may be for another host): the proxy's own
// hop-by-hop headers go, and the origin is asked to close after answering.
TEST_F(ProxyTest, AbsoluteFormIsOneRequestPerConnection) {
  start();
  auto a = rawExchange(
      port(),
      "GET http://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$top=1 HTTP/1.1\r\n"
      "Host: graph.microsoft.com\r\nProxy-Connection: keep-alive\r\n"
      "Connection: keep-alive\r\nAuthorization: Bearer " +
          tlsServer().readerToken() + "\r\n\r\n");
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.header("connection"), "close");
}

TEST_F(ProxyTest, AbsoluteFormWithThePlainListenerOffIs502) {
  ProxyOptions options = defaults();
  options.upstreamHttpPort = -1;
  start(options);
  auto a = rawExchange(port(),
                       "GET http://graph.microsoft.com/v1.0/auditLogs/directoryAudits HTTP/1.1\r\n"
                       "Host: graph.microsoft.com\r\n\r\n");
  EXPECT_EQ(a.status, 502);
  EXPECT_NE(a.body.find("plain http listener is off"), std::string::npos) << a.body;
}

TEST_F(ProxyTest, ConnectToAnotherHostIs403NamingTheInterceptedHosts) {
  start();
  auto a = rawExchange(port(), "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
  EXPECT_EQ(a.status, 403);
  EXPECT_NE(a.body.find("example.com is not intercepted"), std::string::npos) << a.body;
  EXPECT_NE(a.body.find("graph.microsoft.com, login.microsoftonline.com"), std::string::npos)
      << a.body;
  EXPECT_NE(a.body.find("NO_PROXY"), std::string::npos) << a.body;
}

TEST_F(ProxyTest, InterceptedHostOnAnotherPortIs403) {
  start();
  auto a = rawExchange(port(), "CONNECT graph.microsoft.com:8443 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(a.status, 403);
}

TEST_F(ProxyTest, PassthroughTunnelsOtherHostsIncludingBytesSentWithTheHead) {
  EchoServer echo;
  ProxyOptions options = defaults();
  options.passthrough = true;
  start(options);
  std::string head;
  int fd = connectThrough("127.0.0.1:" + std::to_string(echo.port()), &head, "early ");
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 ")) << head;
  testing::sendAll(fd, "late");
  ::shutdown(fd, SHUT_WR);
  EXPECT_EQ(readToEnd(fd), "early late");
  ::close(fd);
}

TEST_F(ProxyTest, PassthroughToAClosedPortIs502) {
  int closedPort;
  {
    Result<UniqueFd> probe = listenTcp("127.0.0.1", 0);
    ASSERT_TRUE(probe.ok());
    closedPort = boundPort(probe->get());
  }
  ProxyOptions options = defaults();
  options.passthrough = true;
  start(options);
  auto a =
      rawExchange(port(), "CONNECT 127.0.0.1:" + std::to_string(closedPort) + " HTTP/1.1\r\n\r\n");
  EXPECT_EQ(a.status, 502);
  EXPECT_NE(a.body.find("cannot connect"), std::string::npos) << a.body;
}

TEST_F(ProxyTest, OriginFormRequestIs400ExplainingTheProxyPort) {
  start();
  auto a = rawExchange(port(),
                       "GET /v1.0/auditLogs/directoryAudits HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(a.status, 400);
  EXPECT_NE(a.body.find("proxy port"), std::string::npos) << a.body;
}

TEST_F(ProxyTest, GarbageIs400AndTheListenerKeepsServing) {
  start();
  // A TLS ClientHello sent straight to the proxy port (https:// proxy URL by mistake).
  auto a = rawExchange(port(), std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
  EXPECT_EQ(a.status, 400);
  a = rawExchange(port(), "CONNECT graph.microsoft.com HTTP/1.1\r\n\r\n");  // no port
  EXPECT_EQ(a.status, 400);
  std::string head;
  int fd = connectThrough("graph.microsoft.com:443", &head);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 ")) << head;
  ::close(fd);
}

TEST_F(ProxyTest, OversizedHeadIs431) {
  start();
  auto a = rawExchange(port(), "CONNECT graph.microsoft.com:443 HTTP/1.1\r\nX-Pad: " +
                                   std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(a.status, 431);
  // Without an end in sight: answered once past the limit, not after the head timeout.
  ProxyOptions options = defaults();
  options.headTimeout = std::chrono::hours(1);
  start(options);
  a = rawExchange(port(),
                  "CONNECT graph.microsoft.com:443 HTTP/1.1\r\nX-Pad: " + std::string(20000, 'a'));
  EXPECT_EQ(a.status, 431);
}

TEST_F(ProxyTest, SilentClientGets408) {
  ProxyOptions options = defaults();
  options.headTimeout = std::chrono::milliseconds(50);
  start(options);
  auto a = rawExchange(port(), "CONNECT graph.microsoft.com:4");
  EXPECT_EQ(a.status, 408);
}

TEST_F(ProxyTest, IdleTunnelIsClosed) {
  EchoServer echo;  // never closes on its own
  ProxyOptions options = defaults();
  options.passthrough = true;
  options.idleTimeout = std::chrono::milliseconds(50);
  start(options);
  std::string head;
  int fd = connectThrough("127.0.0.1:" + std::to_string(echo.port()), &head);
  ASSERT_TRUE(head.starts_with("HTTP/1.1 200 ")) << head;
  EXPECT_TRUE(closedByPeer(fd));  // by the proxy, not the 10 s receive timeout
  ::close(fd);
}

TEST_F(ProxyTest, OverTheConnectionLimitIs503) {
  ProxyOptions options = defaults();
  options.maxConnections = 1;
  start(options);
  std::string head;
  int open = connectThrough("graph.microsoft.com:443", &head);
  ASSERT_TRUE(head.starts_with("HTTP/1.1 200 ")) << head;
  auto a = rawExchange(port(), "CONNECT graph.microsoft.com:443 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(a.status, 503);
  EXPECT_EQ(a.header("retry-after"), "1");
  ::close(open);
}

TEST_F(ProxyTest, StopClosesOpenTunnelsAndWaitingClients) {
  ProxyOptions options = defaults();
  options.idleTimeout = options.headTimeout = std::chrono::hours(1);  // only stop() can end them
  ProxyListener& proxy = start(options);
  std::vector<int> fds;
  for (int i = 0; i < 3; ++i) {
    std::string head;
    fds.push_back(connectThrough("graph.microsoft.com:443", &head));
    ASSERT_TRUE(head.starts_with("HTTP/1.1 200 ")) << head;
  }
  int silent = testing::connectLoopback(port(), 10);
  testing::sendAll(silent, "CONNECT graph");
  fds.push_back(silent);
  while (proxy.activeConnections() < fds.size()) std::this_thread::yield();
  proxy.stop();
  EXPECT_EQ(proxy.activeConnections(), 0u);
  for (int fd : fds) {
    EXPECT_TRUE(closedByPeer(fd));
    ::close(fd);
  }
  proxy.stop();  // idempotent
  EXPECT_LT(testing::connectLoopback(port(), 1), 0) << "the listener is closed";
}

// The server sees every proxied request as local, so clients off loopback are refused.
TEST_F(ProxyTest, ClientOffLoopbackIs403UnlessAllowed) {
  std::string address;
  ifaddrs* interfaces = nullptr;
  if (::getifaddrs(&interfaces) == 0) {
    for (ifaddrs* i = interfaces; i && address.empty(); i = i->ifa_next) {
      if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
      in_addr ip = reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr;
      if ((ntohl(ip.s_addr) >> 24) != 127) address = inet_ntoa(ip);
    }
    ::freeifaddrs(interfaces);
  }
  if (address.empty()) GTEST_SKIP() << "no non-loopback IPv4 address on this machine";
  for (bool allowed : {false, true}) {
    ProxyOptions options = defaults();
    options.host = "0.0.0.0";
    options.allowRemoteClients = allowed;
    start(options);
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<uint16_t>(port()));
    ::inet_pton(AF_INET, address.c_str(), &to.sin_addr);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to), 0) << address;
    testing::sendAll(fd, "CONNECT graph.microsoft.com:443 HTTP/1.1\r\n\r\n");
    std::string head = readHead(fd);
    EXPECT_TRUE(head.starts_with(allowed ? "HTTP/1.1 200 " : "HTTP/1.1 403 "))
        << allowed << " " << head;
    ::close(fd);
    proxy_.reset();
  }
}

}  // namespace
}  // namespace tenantsim::mock
