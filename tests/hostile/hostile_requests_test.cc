// The hostile-request corpus (tests/hostile/corpus/, format in its README.md): several hundred
// malformed or adversarial requests, one file each, sent over real HTTP (raw sockets, so nothing
// is cleaned up on the way) to an in-process server. Each must be answered with a Graph-shaped 4xx
// (Entra-shaped for the token endpoint), and the server must still be healthy afterwards.
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/base64.h"
#include "fuzz/targets/auth.h"
#include "mockserver/auth/access_token.h"
#include "mockserver/auth/signing_key.h"
#include "tests/support/files.h"
#include "tests/support/raw_http.h"
#include "tests/support/server_test_support.h"

namespace tenantsim::mock::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::string_view_literals;
using tenantsim::testing::readFile;
using tenantsim::testing::sourcePath;

// Admin: the /_tenantsim/ surface answers {"error":{"code","message"}} (no innerError).
// Closed: a declared body that never comes. The server may wait for it (bounded by the read
// timeout, see tests/load/limits_test.cc); sent with our side shut down, the case passes when the
// server answers a 4xx or closes promptly. (Malformed or oversized Content-Length values are
// answered 400/413 at once by the strict framing, mockserver/server/request_framing.h.)
enum class Shape { Graph, Entra, Admin, Closed };

struct HostileCase {
  std::string label;    // the file name
  std::string request;  // the raw bytes sent
  Shape shape = Shape::Graph;
  int status = 0;  // 0 = any 4xx
};

// What a corpus file's {{tenant}} and {{token NAME}} stand for on this server.
struct Substitutions {
  std::string tenant;
  std::map<std::string, std::string> tokens;
};

// ---- The corpus file format (tests/hostile/corpus/README.md).

// A request template: bytes, the {{n}} of the innermost {{repeat}}, a repeated part, or the
// {{body-length}} placeholder.
struct TemplateNode {
  enum class Kind { Bytes, Index, Repeat, BodyLength } kind = Kind::Bytes;
  std::string bytes;
  int64_t count = 0;
  std::vector<TemplateNode> body;
};

class TemplateParser {
 public:
  TemplateParser(std::string_view text, const Substitutions& substitutions)
      : text_(text), substitutions_(substitutions) {}

  // Parses up to the end of the text (or, inside a repeat, up to its {{end}}).
  bool parse(std::vector<TemplateNode>& out, int depth = 0) {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n' || c == '\r') {  // line breaks of the file are not part of the request
        ++pos_;
      } else if (c == '\\') {
        if (!escape(bytesNode(out))) return false;
      } else if (text_.substr(pos_, 2) == "{{") {
        const size_t close = text_.find("}}", pos_ + 2);
        if (close == std::string_view::npos) return fail("unterminated {{");
        const std::string_view directive = text_.substr(pos_ + 2, close - pos_ - 2);
        pos_ = close + 2;
        if (directive == "end") {
          return depth > 0 || fail("{{end}} without {{repeat}}");
        } else if (directive == "n") {
          if (depth == 0) return fail("{{n}} outside {{repeat}}");
          out.push_back({TemplateNode::Kind::Index, "", 0, {}});
        } else if (directive == "tenant") {
          bytesNode(out) += substitutions_.tenant;
        } else if (directive == "body-length") {
          out.push_back({TemplateNode::Kind::BodyLength, "", 0, {}});
        } else if (directive.starts_with("token ")) {
          auto token = substitutions_.tokens.find(std::string(directive.substr(6)));
          if (token == substitutions_.tokens.end())
            return fail("unknown token '" + std::string(directive.substr(6)) + "'");
          bytesNode(out) += token->second;
        } else if (directive.starts_with("repeat ")) {
          TemplateNode repeat{TemplateNode::Kind::Repeat, "", 0, {}};
          const std::string_view count = directive.substr(7);
          auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), repeat.count);
          if (ec != std::errc() || end != count.data() + count.size() || repeat.count < 0 ||
              repeat.count > 10'000'000)
            return fail("bad repeat count '" + std::string(count) + "'");
          if (!parse(repeat.body, depth + 1)) return false;
          out.push_back(std::move(repeat));
        } else {
          return fail("unknown directive {{" + std::string(directive) + "}}");
        }
      } else {
        bytesNode(out) += c;
        ++pos_;
      }
    }
    return depth == 0 || fail("{{repeat}} without {{end}}");
  }

  const std::string& error() const { return error_; }

 private:
  std::string& bytesNode(std::vector<TemplateNode>& out) {
    if (out.empty() || out.back().kind != TemplateNode::Kind::Bytes) out.push_back({});
    return out.back().bytes;
  }

  bool escape(std::string& bytes) {
    if (pos_ + 1 >= text_.size()) return fail("backslash at the end");
    const char e = text_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case 'r':
        bytes += '\r';
        return true;
      case 'n':
        bytes += '\n';
        return true;
      case 't':
        bytes += '\t';
        return true;
      case '0':
        bytes += '\0';
        return true;
      case '\\':
        bytes += '\\';
        return true;
      case 'x': {
        unsigned value = 0;
        std::string_view hex = text_.substr(pos_, 2);
        auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
        if (hex.size() != 2 || ec != std::errc() || end != hex.data() + 2)
          return fail("\\x needs two hex digits");
        bytes += static_cast<char>(value);
        pos_ += 2;
        return true;
      }
      default:
        return fail(std::string("unknown escape \\") + e);
    }
  }

  bool fail(std::string message) {
    error_ = std::move(message) + " (at byte " + std::to_string(pos_) + ")";
    return false;
  }

  std::string_view text_;
  const Substitutions& substitutions_;
  size_t pos_ = 0;
  std::string error_;
};

void render(const std::vector<TemplateNode>& nodes, int64_t index, std::string& out,
            std::vector<size_t>& bodyLengthAt) {
  for (const TemplateNode& node : nodes) {
    switch (node.kind) {
      case TemplateNode::Kind::Bytes:
        out += node.bytes;
        break;
      case TemplateNode::Kind::Index:
        out += std::to_string(index);
        break;
      case TemplateNode::Kind::Repeat:
        for (int64_t i = 0; i < node.count; ++i) render(node.body, i, out, bodyLengthAt);
        break;
      case TemplateNode::Kind::BodyLength:
        bodyLengthAt.push_back(out.size());
        break;
    }
  }
}

// The case a corpus file describes, or an error message.
std::variant<HostileCase, std::string> parseCorpusFile(const std::string& label,
                                                       std::string_view text,
                                                       const Substitutions& substitutions) {
  HostileCase c;
  c.label = label;
  bool haveStatus = false, haveShape = false;
  size_t pos = 0;
  while (true) {  // header lines, up to the first empty line
    if (pos >= text.size()) return std::string("no empty line after the header");
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) break;
    if (line.starts_with('#')) continue;
    const size_t colon = line.find(": ");
    if (colon == std::string_view::npos) return "header line without ': ': " + std::string(line);
    const std::string_view key = line.substr(0, colon), value = line.substr(colon + 2);
    if (key == "status") {
      haveStatus = true;
      if (value == "4xx") {
        c.status = 0;
      } else {
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), c.status);
        if (ec != std::errc() || end != value.data() + value.size() || c.status < 400 ||
            c.status > 499)
          return "status must be 4xx or a number from 400 to 499: " + std::string(value);
      }
    } else if (key == "shape") {
      haveShape = true;
      static const std::map<std::string_view, Shape> kShapes = {{"graph", Shape::Graph},
                                                                {"entra", Shape::Entra},
                                                                {"admin", Shape::Admin},
                                                                {"closed", Shape::Closed}};
      auto shape = kShapes.find(value);
      if (shape == kShapes.end()) return "unknown shape: " + std::string(value);
      c.shape = shape->second;
    } else {
      return "unknown header key: " + std::string(key);
    }
  }
  if (!haveStatus || !haveShape) return std::string("the header needs status: and shape:");

  TemplateParser parser(text.substr(pos), substitutions);
  std::vector<TemplateNode> nodes;
  if (!parser.parse(nodes)) return parser.error();
  std::vector<size_t> bodyLengthAt;
  render(nodes, 0, c.request, bodyLengthAt);
  if (c.request.empty()) return std::string("empty request");
  if (bodyLengthAt.size() > 1) return std::string("more than one {{body-length}}");
  if (bodyLengthAt.size() == 1) {
    const size_t headerEnd = c.request.find("\r\n\r\n");
    if (headerEnd == std::string::npos || bodyLengthAt[0] > headerEnd)
      return std::string("{{body-length}} outside the header");
    c.request.insert(bodyLengthAt[0], std::to_string(c.request.size() - (headerEnd + 4)));
  }
  return c;
}

// Every *.http file of the corpus directory, in name order.
std::vector<HostileCase> loadCorpus(const Substitutions& substitutions) {
  const fs::path dir = sourcePath("tests/hostile/corpus");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".http")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<HostileCase> corpus;
  for (const fs::path& file : files) {
    auto parsed = parseCorpusFile(file.filename().string(), readFile(file.string()), substitutions);
    if (auto* error = std::get_if<std::string>(&parsed)) {
      ADD_FAILURE() << file << ": " << *error;
      continue;
    }
    corpus.push_back(std::get<HostileCase>(std::move(parsed)));
  }
  return corpus;
}

struct Tokens {
  std::string otherTenant, expired, notYetValid, wrongAudience, wrongKey, algNone, tampered,
      noRoles;
};

Tokens hostileTokens(TestServer& s) {
  Result<auth::SigningKey> key = auth::SigningKey::loadOrCreate(testStateDir() / "signing-key.pem");
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

Substitutions substitutionsFor(TestServer& s) {
  Tokens t = hostileTokens(s);
  return {s.tenantId(),
          {{"reader", s.readerToken()},
           {"no-roles", t.noRoles},
           {"other-tenant", t.otherTenant},
           {"expired", t.expired},
           {"not-yet-valid", t.notYetValid},
           {"wrong-audience", t.wrongAudience},
           {"wrong-key", t.wrongKey},
           {"alg-none", t.algNone},
           {"tampered", t.tampered}}};
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

// ---- The file format itself.

HostileCase parsedOrFail(std::string_view text, const Substitutions& substitutions = {}) {
  auto parsed = parseCorpusFile("test.http", text, substitutions);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    ADD_FAILURE() << *error;
    return {};
  }
  return std::get<HostileCase>(parsed);
}

std::string errorOf(std::string_view text) {
  auto parsed = parseCorpusFile("test.http", text, {});
  return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
}

TEST(HostileCorpusFormat, HeaderGivesStatusAndShape) {
  HostileCase c = parsedOrFail("# a comment\nstatus: 405\nshape: entra\n\nx");
  EXPECT_EQ(c.status, 405);
  EXPECT_EQ(c.shape, Shape::Entra);
  EXPECT_EQ(c.label, "test.http");
  EXPECT_EQ(parsedOrFail("status: 4xx\nshape: closed\n\nx").status, 0);  // any 4xx
  EXPECT_EQ(parsedOrFail("status: 4xx\r\nshape: admin\r\n\r\nx").shape, Shape::Admin);
}

TEST(HostileCorpusFormat, FileLineBreaksAreDroppedAndEscapesGiveTheBytes) {
  HostileCase c = parsedOrFail(
      "status: 4xx\nshape: graph\n\nGET /\\0 \\x7f\\xFF\\t\\\\\\r\\n\nHost: x\\r\\n\r\n");
  EXPECT_EQ(c.request, "GET /\0 \x7f\xff\t\\\r\nHost: x\r\n"sv);
}

TEST(HostileCorpusFormat, RepeatsNestAndNumberTheirCopies) {
  HostileCase c = parsedOrFail(
      "status: 4xx\nshape: graph\n\n{{repeat 3}}H{{n}}:{{repeat 2}}v{{n}}{{end}};{{end}}{{repeat "
      "0}}never{{end}}");
  EXPECT_EQ(c.request, "H0:v0v1;H1:v0v1;H2:v0v1;");
}

TEST(HostileCorpusFormat, SubstitutesTheTenantTokensAndBodyLength) {
  Substitutions substitutions{"contoso-id", {{"reader", "eyJ.x.y"}}};
  HostileCase c = parsedOrFail(
      "status: 4xx\nshape: graph\n\nPOST /{{tenant}} HTTP/1.1\\r\\nAuthorization: Bearer {{token "
      "reader}}\\r\\nContent-Length: {{body-length}}\\r\\n\\r\\n{{repeat 12}}a{{end}}\\0",
      substitutions);
  EXPECT_EQ(c.request,
            "POST /contoso-id HTTP/1.1\r\nAuthorization: Bearer eyJ.x.y\r\nContent-Length: "
            "13\r\n\r\naaaaaaaaaaaa\0"sv);
}

TEST(HostileCorpusFormat, MistakesAreReportedNotSent) {
  const std::string header = "status: 4xx\nshape: graph\n\n";
  EXPECT_NE(errorOf("shape: graph\n\nx"), "");                     // no status
  EXPECT_NE(errorOf("status: 200\nshape: graph\n\nx"), "");        // not a client error
  EXPECT_NE(errorOf("status: 4xx\nshape: round\n\nx"), "");        // unknown shape
  EXPECT_NE(errorOf("status: 4xx\nshape: graph\nx: y\n\nx"), "");  // unknown key
  EXPECT_NE(errorOf("status: 4xx\nshape: graph\n"), "");           // no request
  EXPECT_NE(errorOf(header), "");                                  // empty request
  EXPECT_NE(errorOf(header + "\\q"), "");
  EXPECT_NE(errorOf(header + "\\x4"), "");
  EXPECT_NE(errorOf(header + "\\"), "");
  EXPECT_NE(errorOf(header + "{{what}}"), "");
  EXPECT_NE(errorOf(header + "{{token nobody}}"), "");
  EXPECT_NE(errorOf(header + "{{repeat 2}}x"), "");
  EXPECT_NE(errorOf(header + "x{{end}}"), "");
  EXPECT_NE(errorOf(header + "{{n}}"), "");
  EXPECT_NE(errorOf(header + "{{repeat -1}}x{{end}}"), "");
  EXPECT_NE(errorOf(header + "{{repeat 2x}}x{{end}}"), "");
  EXPECT_NE(errorOf(header + "x{{tenant"), "");
  EXPECT_NE(errorOf(header + "GET /\\r\\n\\r\\n{{body-length}}"), "");  // not in the header
  EXPECT_EQ(errorOf(header + "x{y}"), "");                              // single braces are bytes
}

// ---- The corpus.

TEST(HostileRequests, EveryCaseIsAShapedClientErrorAndTheServerStaysHealthy) {
  TestServer& s = sharedServer();
  std::vector<HostileCase> corpus = loadCorpus(substitutionsFor(s));
  ASSERT_FALSE(corpus.empty()) << "no *.http file in tests/hostile/corpus/";
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
      "hostile corpus: %d of %zu requests, each a shaped 4xx (or a prompt close where noted), in "
      "%.1f s\n",
      answered, corpus.size(), seconds);
  EXPECT_EQ(static_cast<size_t>(answered), corpus.size());
  EXPECT_GE(answered, 300);

  RawAnswer health = rawExchange(s.port(), rawRequest("GET", "/_tenantsim/health"));
  EXPECT_EQ(health.status, 200) << health.body;
  HttpAnswer page = s.get("/v1.0/auditLogs/directoryAudits?$top=5");
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json["value"].size(), 5u);
}

}  // namespace
}  // namespace tenantsim::mock::testing
