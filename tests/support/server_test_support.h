// Shared fixtures for the server tests: the quick-start scenario shrunk (300 users, 3 days,
// ingest delay kept, no throttling or faults), served in-process on 127.0.0.1 port 0, with a
// token from the real token endpoint and small HTTP helpers.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mockserver/server/graph_server.h"
#include "simulator/simulation/simulation.h"
#include "tests/support/json.h"
#include "tests/support/scenarios.h"

namespace tenantsim::mock::testing {

inline constexpr char kReaderClientId[] = "11111111-2222-3333-4444-555555555555";
inline constexpr char kReaderSecret[] = "tenantsim-demo-secret";
inline constexpr char kNoRolesClientId[] = "66666666-7777-8888-9999-000000000000";
inline constexpr char kNoRolesSecret[] = "no-permissions-secret";

inline Scenario smallScenario() {
  Scenario s = tenantsim::testing::smallScenario(300, 3);
  if (s.workloads.background) s.workloads.background->bursts.clear();
  s.server.throttling = false;
  s.server.faults.rate = 0;
  s.server.endpoints.clear();
  return s;
}

// Where servers under test keep their state (the signing key), shared by every test binary.
inline std::filesystem::path testStateDir() {
  return std::filesystem::temp_directory_path() / "tenantsim-server-tests";
}

// options for a server under test: an ephemeral port, no access log, testStateDir().
inline ServerOptions testServerOptions(ServerOptions options = {}) {
  options.port = 0;
  options.accessLog = false;
  options.stateDir = testStateDir();
  return options;
}

// The form body of a client-credentials token request for Microsoft Graph.
inline std::string clientCredentialsBody(const std::string& clientId, const std::string& secret) {
  return "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret +
         "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default";
}

struct HttpAnswer {
  int status = 0;
  std::string body;
  nlohmann::json json;  // null when the body is not JSON
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// One simulation + store + GraphServer on an ephemeral port.
// The server create() made, started; nullptr, with a test failure saying why, otherwise.
inline std::unique_ptr<GraphServer> startServer(Result<std::unique_ptr<GraphServer>> created) {
  Status started = created ? (*created)->start() : Status(created.error());
  EXPECT_TRUE(started.ok()) << (started ? std::string() : started.error().message);
  return started ? std::move(*created) : nullptr;
}

class TestServer {
 public:
  explicit TestServer(Scenario scenario = smallScenario(), ServerOptions options = {}) {
    simulation_ = std::make_unique<Simulation>(std::move(scenario));
    events_ = simulation_->generateWindow(2);
    store_ = std::make_unique<EventStore>(events_, *simulation_);
    server_ = startServer(GraphServer::create(
        *simulation_, *store_, ServerClock::history(simulation_->scenario().windowEnd),
        testServerOptions(std::move(options))));
  }

  const Simulation& simulation() const { return *simulation_; }
  const std::vector<Event>& events() const { return events_; }
  GraphServer& server() { return *server_; }
  int port() const { return server_->port(); }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port()); }
  const std::string& tenantId() const { return simulation_->scenario().tenant.id; }

  HttpAnswer send(const std::string& method, const std::string& target,
                  const httplib::Headers& headers = {}, const std::string& body = "",
                  const std::string& contentType = "") const {
    httplib::Client client("127.0.0.1", port());
    client.set_url_encode(false);
    client.set_read_timeout(30, 0);
    httplib::Result r =
        method == "GET"      ? client.Get(target.c_str(), headers)
        : method == "POST"   ? client.Post(target.c_str(), headers, body, contentType.c_str())
        : method == "DELETE" ? client.Delete(target.c_str(), headers)
                             : client.Put(target.c_str(), headers, body, contentType.c_str());
    HttpAnswer answer;
    if (!r) {
      ADD_FAILURE() << method << " " << target.substr(0, 200) << ": "
                    << httplib::to_string(r.error());
      return answer;
    }
    answer.status = r->status;
    answer.body = r->body;
    answer.headers = r->headers;
    answer.json = parseJsonOrDiscarded(r->body);
    if (answer.json.is_discarded()) answer.json = nullptr;
    return answer;
  }

  std::string tokenFor(const std::string& clientId, const std::string& secret) const {
    HttpAnswer a =
        send("POST", "/" + tenantId() + "/oauth2/v2.0/token", {},
             clientCredentialsBody(clientId, secret), "application/x-www-form-urlencoded");
    EXPECT_EQ(a.status, 200) << a.body;
    return a.json.is_object() && a.json.contains("access_token")
               ? a.json["access_token"].get<std::string>()
               : "";
  }
  const std::string& readerToken() {
    if (readerToken_.empty()) readerToken_ = tokenFor(kReaderClientId, kReaderSecret);
    return readerToken_;
  }
  // GET with the reader app's token.
  HttpAnswer get(const std::string& target, httplib::Headers headers = {}) {
    headers.emplace("Authorization", "Bearer " + readerToken());
    return send("GET", target, headers);
  }
  // A nextLink made relative to this server (fails the test if it points elsewhere).
  std::string relative(const std::string& link) const {
    EXPECT_TRUE(link.starts_with(origin() + "/")) << link;
    return link.substr(origin().size());
  }

 private:
  std::unique_ptr<Simulation> simulation_;
  std::vector<Event> events_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<GraphServer> server_;
  std::string readerToken_;
};

// One server per test binary.
inline TestServer& sharedServer() {
  static TestServer* server = new TestServer();
  return *server;
}

// Graph's error envelope with the given status and code.
inline void expectGraphError(const HttpAnswer& a, int status, const std::string& code) {
  EXPECT_EQ(a.status, status) << a.body;
  ASSERT_TRUE(a.json.is_object()) << a.body;
  ASSERT_TRUE(a.json.contains("error")) << a.body;
  EXPECT_EQ(a.json["error"].value("code", ""), code) << a.body;
  EXPECT_TRUE(a.json["error"]["message"].is_string()) << a.body;
  const auto& inner = a.json["error"]["innerError"];
  ASSERT_TRUE(inner.is_object()) << a.body;
  EXPECT_EQ(inner.value("date", "").size(), 19u)
      << a.body;  // 2024-01-01T00:00:00: no fraction, no Z
  EXPECT_FALSE(inner.value("request-id", "").empty()) << a.body;
  EXPECT_FALSE(inner.value("client-request-id", "").empty()) << a.body;
}

}  // namespace tenantsim::mock::testing
