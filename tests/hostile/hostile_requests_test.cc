// The hostile-request corpus: several hundred malformed or adversarial requests, generated from
// tables, sent over real HTTP (raw sockets, so nothing is cleaned up on the way) to an in-process
// server. Each must be answered with a Graph-shaped 4xx (Entra-shaped for the token endpoint), and
// the server must still be healthy afterwards.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "base/base64.h"
#include "fuzz/targets/auth.h"
#include "mockserver/auth/access_token.h"
#include "mockserver/auth/signing_key.h"
#include "tests/support/raw_http.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

using namespace std::string_view_literals;

// Admin: the /_tenantsim/ surface answers {"error":{"code","message"}} (no innerError).
// Closed: a declared body that never comes (negative or huge Content-Length). cpp-httplib 0.11
// waits for it (bounded by the read timeout, see tests/load/limits_test.cc); sent with our side
// shut down, the case passes when the server answers a 4xx or closes promptly.
enum class Shape { Graph, Entra, Admin, Closed };

struct HostileCase {
  std::string label;
  std::string request;  // the raw bytes sent
  Shape shape = Shape::Graph;
  int status = 0;  // 0 = any 4xx
};

const std::vector<std::string> kListPaths = {
    "/v1.0/auditLogs/directoryAudits", "/beta/auditLogs/directoryAudits",
    "/v1.0/deviceManagement/auditEvents", "/beta/deviceManagement/auditEvents"};

std::string request(const std::string& method, const std::string& target,
                    const std::string& extraHeaders, const std::string& body = "") {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                  extraHeaders;
  if (!body.empty() || method == "POST")
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return r + "\r\n" + body;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// $filter values as they appear in the URL (already percent-encoded where needed).
std::vector<std::pair<std::string, std::string>> hostileFilters() {
  std::vector<std::pair<std::string, std::string>> f = {
      {"percent alone", "%"},
      {"percent one digit", "%2"},
      {"percent non-hex", "%G1category%20eq%20'x'"},
      {"percent at end", "category%20eq%20'x'%"},
      {"percent ZZ", "activityDateTime%20ge%ZZ"},
      {"unterminated string", "category%20eq%20'abc"},
      {"empty string operand", "eq%20''"},
      {"only operator", "eq"},
      {"only and", "and"},
      {"dangling and", "category%20eq%20'x'%20and"},
      {"dangling or", "category%20eq%20'x'%20or%20"},
      {"unbalanced open", "(category%20eq%20'x'"},
      {"unbalanced close", "category%20eq%20'x')"},
      {"empty parens", "()"},
      {"deep parens 100", repeat("(", 100) + "category%20eq%20'x'" + repeat(")", 100)},
      {"deep parens 1000", repeat("(", 1000) + "category%20eq%20'x'" + repeat(")", 1000)},
      {"deep not 200", repeat("not%20", 200) + "(category%20eq%20'x')"},
      {"deep open only", repeat("(", 3000)},
      {"huge string literal", "category%20eq%20'" + std::string(5000, 'a') + "'"},
      {"huge number literal", "activityDateTime%20ge%20" + std::string(3000, '9')},
      {"huge identifier", std::string(4000, 'x') + "%20eq%20'x'"},
      {"NUL in literal start", "%00category%20eq%20'x'"},
      {"NUL alone", "%00"},
      {"NUL after filter", "category%20eq%20'x'%00%20or%20true"},
      {"unknown function", "contains(category,'x')"},
      {"unknown function endswith", "endswith(activityDisplayName,'x')"},
      {"unknown function foo", "foo(bar)"},
      {"tolower", "tolower(category)%20eq%20'x'"},
      {"length", "length(category)%20eq%203"},
      {"invalid utf8 bare", "%FF%FE"},
      {"invalid utf8 in property", "categ%C3%28ory%20eq%20'x'"},
      {"overlong utf8 property", "%C0%AFcategory%20eq%20'x'"},
      {"unknown property", "nosuchproperty%20eq%20'x'"},
      {"property vs property", "category%20eq%20category"},
      {"bad datetime", "activityDateTime%20ge%202024-13-45T99:99:99Z"},
      {"datetime year 0", "activityDateTime%20ge%200000-01-01T00:00:00Z"},
      {"datetime huge year", "activityDateTime%20ge%2099999-01-01T00:00:00Z"},
      {"unknown operator", "category%20like%20'x'"},
      {"has operator", "category%20has%20'x'"},
      {"in operator", "category%20in%20('a','b')"},
      {"lambda bad var", "targetResources/any(:%20eq%20'x')"},
      {"lambda unclosed", "targetResources/any(t:%20t/id%20eq%20'x'"},
      {"lambda unknown collection", "nothing/any(t:%20t/id%20eq%20'x')"},
      {"all lambda", "targetResources/all(t:%20t/id%20eq%20'x')"},
      {"nested lambda deep",
       repeat("targetResources/any(t:%20", 80) + "t/id%20eq%20'x'" + repeat(")", 80)},
      {"comma soup", ",,,,,,"},
      {"quote soup", "''''''''"},
      {"semicolons", "category%20eq%20'x';DROP%20TABLE"},
      {"json instead", "%7B%22category%22:%22x%22%7D"},
      {"boolean literal alone", "true"},
      {"null comparison ordering", "category%20gt%20null"},
      {"number vs string", "category%20eq%2042"},
  };
  return f;
}

std::vector<std::pair<std::string, std::string>> hostileQueries() {
  return {
      {"top negative", "$top=-1"},
      {"top alpha", "$top=abc"},
      {"top float", "$top=1.5"},
      {"top exponent", "$top=1e3"},
      {"top hex", "$top=0x10"},
      {"top overflow", "$top=99999999999999999999999999"},
      {"top plus", "$top=%2B%2B5"},
      {"top NUL", "$top=5%00"},
      {"top twice", "$top=1&$top=2"},
      {"filter twice", "$filter=category%20eq%20'a'&$filter=category%20eq%20'b'"},
      {"orderby twice", "$orderby=activityDateTime&$orderby=activityDateTime%20desc"},
      {"orderby unknown", "$orderby=category"},
      {"orderby bad direction", "$orderby=activityDateTime%20sideways"},
      {"select unknown", "$select=nosuchproperty"},
      {"select empty items", "$select=,,,"},
      {"expand", "$expand=targetResources"},
      {"search", "$search=%22x%22"},
      {"skip", "$skip=10"},
      {"apply", "$apply=groupby((category))"},
      {"count garbage", "$count=maybe"},
      {"skiptoken garbage", "$skiptoken=garbage"},
      {"skiptoken percent", "$skiptoken=%%%%"},
      {"skiptoken huge", "$skiptoken=" + std::string(6000, 'A')},
      {"skiptoken NUL", "$skiptoken=%00%00%00"},
      {"skiptoken utf8", "$skiptoken=%FF%FE%FD"},
      {"skiptoken base64 like", "$skiptoken=eyJwIjoxfQ"},
      {"skiptoken twice", "$skiptoken=a&$skiptoken=b"},
  };
}

struct Tokens {
  std::string otherTenant, expired, notYetValid, wrongAudience, wrongKey, algNone, tampered,
      noRoles;
};

Tokens hostileTokens(TestServer& s) {
  Result<auth::SigningKey> key = auth::SigningKey::loadOrCreate(
      std::filesystem::temp_directory_path() / "tenantsim-server-tests" / "signing-key.pem");
  EXPECT_TRUE(key.ok()) << key.error().message;
  Tokens t;
  int64_t now = wallClockSeconds();
  auth::App app{"Reader", kReaderClientId, kReaderSecret, {"AuditLog.Read.All"}, ""};
  auto mint = [&](const std::string& tenant, int64_t at) {
    return auth::mintAccessToken(
        *key, auth::AccessTokenGrant{tenant, &app, auth::ClientAuthMethod::Secret, at, 3599});
  };
  t.otherTenant = mint("00000000-1111-2222-3333-444444444444", now);
  t.expired = mint(s.tenantId(), now - 3 * 3600);
  t.notYetValid = mint(s.tenantId(), now + 3 * 3600);
  nlohmann::json claims = auth::accessTokenClaims(
      auth::AccessTokenGrant{s.tenantId(), &app, auth::ClientAuthMethod::Secret, now, 3599});
  claims["aud"] = "https://management.azure.com";
  t.wrongAudience =
      fuzz::fuzzSign(key->publicKey(), R"({"typ":"JWT","alg":"RS256"})", claims.dump());
  claims["aud"] = "https://graph.microsoft.com";
  t.wrongKey = fuzz::fuzzSign(fuzz::fuzzSigningKey().publicKey(), R"({"typ":"JWT","alg":"RS256"})",
                              claims.dump());
  t.algNone =
      base64UrlEncode(R"({"typ":"JWT","alg":"none"})") + "." + base64UrlEncode(claims.dump()) + ".";
  std::string good = s.readerToken();
  size_t dot = good.find('.');
  t.tampered = good;
  t.tampered[dot + 5] = t.tampered[dot + 5] == 'A' ? 'B' : 'A';
  t.noRoles = s.tokenFor(kNoRolesClientId, kNoRolesSecret);
  return t;
}

std::vector<HostileCase> buildCorpus(TestServer& s) {
  std::vector<HostileCase> corpus;
  const std::string auth = "Authorization: Bearer " + s.readerToken() + "\r\n";

  // 1. $filter values on every list endpoint and version.
  for (const auto& path : kListPaths)
    for (const auto& [label, filter] : hostileFilters())
      corpus.push_back(
          {"filter " + label + " " + path, request("GET", path + "?$filter=" + filter, auth)});

  // 2. Other query options on every list endpoint.
  for (const auto& path : kListPaths)
    for (const auto& [label, query] : hostileQueries())
      corpus.push_back({"query " + label + " " + path, request("GET", path + "?" + query, auth)});

  // 3. Paths and methods.
  const std::vector<std::pair<std::string, std::string>> targets = {
      {"unknown version", "/v2.0/auditLogs/directoryAudits"},
      {"unknown collection", "/v1.0/auditLogs/unknownThings"},
      {"unknown root", "/v1.0/nothing/here"},
      {"bad item id", "/v1.0/auditLogs/directoryAudits/not-an-id"},
      {"bad item id utf8", "/v1.0/auditLogs/directoryAudits/%FF%FE"},
      {"bad item id NUL", "/v1.0/auditLogs/directoryAudits/%00"},
      {"intune bad id", "/v1.0/deviceManagement/auditEvents/'quoted'"},
      {"dot dot", "/v1.0/../../etc/passwd"},
      {"encoded dot dot", "/v1.0/%2e%2e/%2e%2e/etc/passwd"},
      {"root", "/"},
      {"admin unknown", "/_tenantsim/nothing"},
      {"admin traversal", "/_tenantsim/../../etc/passwd"},
      {"deep path", repeat("/a", 2000)},
      {"percent path", "/v1.0/%"},
      {"encoded slash", "/v1.0/auditLogs%2FdirectoryAudits"},
  };
  for (const auto& [label, target] : targets)
    corpus.push_back({"path " + label, request("GET", target, auth),
                      target.starts_with("/_tenantsim") ? Shape::Admin : Shape::Graph});
  for (const std::string method : {"POST", "PUT", "PATCH", "DELETE"})
    for (const auto& path : kListPaths)
      corpus.push_back({"method " + method + " " + path,
                        request(method, path, auth, method == "DELETE" ? "" : "{}"), Shape::Graph,
                        405});
  for (const std::string method :
       {"FOO", "TRACE", "CONNECT", "PROPFIND", "get", "G\x01T", "GET\x7f"})
    corpus.push_back({"weird method " + method, request(method, kListPaths[0], auth)});

  // 4. Broken request lines and framing (answered by the HTTP layer, in Graph's envelope).
  const std::vector<std::pair<std::string, std::string>> raw = {
      {"garbage line", "GARBAGE\r\n\r\n"},
      {"no version", "GET /v1.0/auditLogs/directoryAudits\r\nHost: x\r\n\r\n"},
      {"bad version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n"},
      {"NUL in request line",
       std::string("GET /v1.0/audit\0Logs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"sv)},
      {"NUL in target start",
       std::string("GET \0/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"sv)},
      {"space in target",
       "GET /v1.0/audit Logs/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"},
      {"header without colon", "GET / HTTP/1.1\r\nHost x\r\nConnection: close\r\n\r\n"},
      {"negative content-length",
       "POST /v1.0/auditLogs/directoryAudits HTTP/1.1\r\nHost: x\r\nContent-Length: "
       "-5\r\nConnection: close\r\n\r\n"},
      {"huge content-length", "POST /" + s.tenantId() +
                                  "/oauth2/v2.0/token HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                  "99999999999\r\nConnection: close\r\n\r\n"},
      {"bad chunked", "POST /" + s.tenantId() +
                          "/oauth2/v2.0/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                          "chunked\r\nConnection: close\r\n\r\nZZZ\r\nxx\r\n0\r\n\r\n"},
  };
  for (const auto& [label, bytes] : raw)
    corpus.push_back(
        {"raw " + label, bytes, label.ends_with("content-length") ? Shape::Closed : Shape::Graph});

  // 5. Long URLs (414) and oversized headers.
  for (size_t size : {9000u, 16384u, 65536u, 262144u})
    corpus.push_back({"long url " + std::to_string(size),
                      request("GET", kListPaths[0] + "?$filter=" + std::string(size, 'a'), auth),
                      Shape::Graph, 414});
  for (size_t size : {9000u, 20000u, 70000u})
    corpus.push_back(
        {"oversized header line " + std::to_string(size),
         request("GET", kListPaths[0], auth + "X-Junk: " + std::string(size, 'j') + "\r\n")});
  for (int count : {300, 1000}) {
    std::string many;
    for (int i = 0; i < count; ++i)
      many += "X-H" + std::to_string(i) + ": " + std::string(200, 'v') + "\r\n";
    corpus.push_back({"many headers " + std::to_string(count),
                      request("GET", kListPaths[0], auth + many), Shape::Graph, 431});
  }

  // 6. Authentication: missing, wrong scheme, garbage, forged, other tenant, expired, alg none.
  Tokens t = hostileTokens(s);
  const std::vector<std::pair<std::string, std::string>> authHeaders = {
      {"missing", ""},
      {"empty bearer", "Authorization: Bearer \r\n"},
      {"basic scheme", "Authorization: Basic dXNlcjpwYXNz\r\n"},
      {"garbage bearer", "Authorization: Bearer x\r\n"},
      {"three dots", "Authorization: Bearer a.b.c\r\n"},
      {"huge bearer", "Authorization: Bearer " + std::string(6000, 'A') + "\r\n"},
      {"bearer utf8", "Authorization: Bearer \xff\xfe.\xfd.\xfc\r\n"},
      {"other tenant", "Authorization: Bearer " + t.otherTenant + "\r\n"},
      {"expired", "Authorization: Bearer " + t.expired + "\r\n"},
      {"not yet valid", "Authorization: Bearer " + t.notYetValid + "\r\n"},
      {"wrong audience", "Authorization: Bearer " + t.wrongAudience + "\r\n"},
      {"wrong key", "Authorization: Bearer " + t.wrongKey + "\r\n"},
      {"alg none", "Authorization: Bearer " + t.algNone + "\r\n"},
      {"tampered payload", "Authorization: Bearer " + t.tampered + "\r\n"},
  };
  for (const auto& path : kListPaths)
    for (const auto& [label, header] : authHeaders)
      corpus.push_back(
          {"auth " + label + " " + path, request("GET", path, header), Shape::Graph, 401});
  for (const auto& path : kListPaths)
    corpus.push_back({"auth no roles " + path,
                      request("GET", path, "Authorization: Bearer " + t.noRoles + "\r\n"),
                      Shape::Graph, 403});

  // 7. Token endpoint bodies (Entra's error shape).
  const std::string tokenPath = "/" + s.tenantId() + "/oauth2/v2.0/token";
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  const std::string good = std::string("client_id=") + kReaderClientId +
                           "&client_secret=" + kReaderSecret +
                           "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default";
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"empty", ""},
      {"percent soup", "%%%&&&==="},
      {"no grant", good},
      {"password grant", "grant_type=password&" + good},
      {"wrong secret",
       "grant_type=client_credentials&client_id=" + std::string(kReaderClientId) +
           "&client_secret=nope&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"},
      {"unknown client",
       "grant_type=client_credentials&client_id=99999999-9999-9999-9999-999999999999&client_secret="
       "x&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"},
      {"bad scope", "grant_type=client_credentials&" + std::string("client_id=") + kReaderClientId +
                        "&client_secret=" + kReaderSecret + "&scope=openid"},
      {"no scope", "grant_type=client_credentials&client_id=" + std::string(kReaderClientId) +
                       "&client_secret=" + kReaderSecret},
      {"NUL in body", std::string("grant_type=client_credentials\0&"sv) + good},
      {"NUL in client id",
       "grant_type=client_credentials&client_id=1111%00&client_secret=x&scope=x"},
      {"invalid utf8",
       "grant_type=client_credentials&client_id=%FF%FE&client_secret=%C0%AF&scope=%ED%A0%80"},
      {"duplicate client_id",
       "grant_type=client_credentials&client_id=a&client_id=b&client_secret=x&scope=https%3A%2F%"
       "2Fgraph.microsoft.com%2F.default"},
      {"huge body", "grant_type=client_credentials&client_secret=" + std::string(100 * 1024, 'x')},
      {"garbage assertion",
       "grant_type=client_credentials&client_id=" + std::string(kReaderClientId) +
           "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-"
           "bearer&client_assertion=a.b.c&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"},
      {"alg none assertion",
       "grant_type=client_credentials&client_id=" + std::string(kReaderClientId) +
           "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-"
           "bearer&client_assertion=" +
           t.algNone + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"},
      {"wrong assertion type",
       "grant_type=client_credentials&client_id=" + std::string(kReaderClientId) +
           "&client_assertion_type=saml&client_assertion=x&scope=https%3A%2F%2Fgraph.microsoft.com%"
           "2F.default"},
      {"only equals", "========"},
      {"only ampersands", "&&&&&&&&"},
  };
  for (const auto& [label, body] : bodies) {
    corpus.push_back({"token " + label, request("POST", tokenPath, form, body), Shape::Entra});
    corpus.push_back({"token json " + label,
                      request("POST", tokenPath, "Content-Type: application/json\r\n", body),
                      Shape::Entra});
  }
  corpus.push_back({"token basic garbage",
                    request("POST", tokenPath, form + "Authorization: Basic %%%\r\n",
                            "grant_type=client_credentials&scope=x"),
                    Shape::Entra});
  corpus.push_back({"token basic no colon",
                    request("POST", tokenPath,
                            form + "Authorization: Basic " + base64UrlEncode("nocolon") + "\r\n",
                            "grant_type=client_credentials&scope=x"),
                    Shape::Entra});
  corpus.push_back({"token unknown tenant",
                    request("POST", "/not-a-tenant.example/oauth2/v2.0/token", form, good),
                    Shape::Entra});
  corpus.push_back({"token other tenant guid",
                    request("POST", "/00000000-1111-2222-3333-444444444444/oauth2/v2.0/token", form,
                            "grant_type=client_credentials&" + good),
                    Shape::Entra});
  corpus.push_back({"token GET", request("GET", tokenPath, ""), Shape::Entra});
  return corpus;
}

void expectGraphShape(const HostileCase& c, const RawAnswer& a) {
  ASSERT_TRUE(a.json.is_object() && a.json.contains("error") && a.json["error"].is_object())
      << c.label << ": " << a.status << " " << a.body.substr(0, 300);
  const auto& error = a.json["error"];
  EXPECT_TRUE(error.contains("code") && error["code"].is_string())
      << c.label << ": " << a.body.substr(0, 300);
  EXPECT_TRUE(error.contains("message") && error["message"].is_string()) << c.label;
  EXPECT_TRUE(error.contains("innerError") && error["innerError"].is_object())
      << c.label << ": " << a.body.substr(0, 300);
}

void expectEntraShape(const HostileCase& c, const RawAnswer& a) {
  ASSERT_TRUE(a.json.is_object()) << c.label << ": " << a.status << " " << a.body.substr(0, 300);
  if (a.json.contains("error") && a.json["error"].is_object())
    return expectGraphShape(c, a);  // 405/414 on the route
  EXPECT_TRUE(a.json.contains("error") && a.json["error"].is_string())
      << c.label << ": " << a.body.substr(0, 300);
  EXPECT_TRUE(a.json.contains("error_description") && a.json["error_description"].is_string())
      << c.label;
  EXPECT_TRUE(a.json.contains("error_codes")) << c.label;
}

TEST(HostileRequests, EveryCaseIsAShapedClientErrorAndTheServerStaysHealthy) {
  TestServer& s = sharedServer();
  std::vector<HostileCase> corpus = buildCorpus(s);
  auto started = std::chrono::steady_clock::now();
  int answered = 0;
  for (const HostileCase& c : corpus) {
    auto sent = std::chrono::steady_clock::now();
    RawAnswer a = rawExchange(s.port(), c.request, 10, /*halfClose=*/c.shape == Shape::Closed);
    if (c.shape == Shape::Closed) {
      EXPECT_LT(std::chrono::steady_clock::now() - sent, std::chrono::seconds(5)) << c.label;
      if (a.status == 0) {
        ++answered;
        continue;
      }
    }
    if (a.status == 0) {
      ADD_FAILURE() << c.label << ": no response";
      continue;
    }
    if (c.status) {
      EXPECT_EQ(a.status, c.status) << c.label << ": " << a.body.substr(0, 300);
    } else {
      EXPECT_GE(a.status, 400) << c.label << ": " << a.body.substr(0, 300);
      EXPECT_LT(a.status, 500) << c.label << ": " << a.body.substr(0, 300);
    }
    if (c.shape == Shape::Entra) {
      expectEntraShape(c, a);
    } else if (c.shape == Shape::Admin) {
      EXPECT_TRUE(a.json.is_object() && a.json.contains("error") &&
                  a.json["error"].contains("code") && a.json["error"].contains("message"))
          << c.label << ": " << a.body.substr(0, 300);
    } else {
      expectGraphShape(c, a);
    }
    ++answered;
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "hostile corpus: %d requests, each a shaped 4xx (or a prompt close where noted), in %.1f s\n",
      answered, seconds);
  EXPECT_GE(answered, 300);

  RawAnswer health = rawExchange(s.port(), request("GET", "/_tenantsim/health", ""));
  EXPECT_EQ(health.status, 200) << health.body;
  HttpAnswer page = s.get("/v1.0/auditLogs/directoryAudits?$top=5");
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json["value"].size(), 5u);
}

}  // namespace
}  // namespace tenantsim::mock::testing
