#include "mockserver/server/request_framing.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace tenantsim::mock {
namespace {

// RFC 9110 §5.6.2 tchar.
constexpr std::array<bool, 256> kTokenChars = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return kTokenChars[static_cast<unsigned char>(c)];
  });
}

// A control character other than HT (field values may hold SP, HT, VCHAR and obs-text).
bool isControl(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && u != '\t') || u == 0x7f;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trimWhitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls fn on each comma-separated element of a field value, trimmed; empty elements skipped.
template <typename Fn>
void forEachListElement(std::string_view value, Fn fn) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view element = trimWhitespace(value.substr(0, comma));
    if (!element.empty()) fn(element);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

const std::array<std::string_view, 7> kMethods = {"GET",   "HEAD",   "POST",   "PUT",
                                                  "PATCH", "DELETE", "OPTIONS"};

FramingError badRequest(std::string detail) { return {400, std::move(detail)}; }

// RFC 9110 §7.2: Host = uri-host [ ":" port ]. uri-host is an IP-literal in brackets, or
// unreserved / pct-encoded / sub-delims characters; port is digits. No space, '/', '@', '?'.
bool isValidHost(std::string_view host) {
  size_t portColon = std::string_view::npos;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    for (char c : host.substr(1, close - 1))
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
    if (close + 1 < host.size() && host[close + 1] != ':') return false;
    portColon = close + 1 < host.size() ? close + 1 : std::string_view::npos;
  } else {
    portColon = host.rfind(':');
    for (char c : host.substr(0, portColon)) {
      unsigned char u = static_cast<unsigned char>(c);
      bool allowed =
          std::isalnum(u) || std::string_view("-._~%!$&'()*+,;=").find(c) != std::string_view::npos;
      if (!allowed) return false;
    }
  }
  if (portColon != std::string_view::npos)
    for (char c : host.substr(portColon + 1))
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

FramingError parseRequestLine(std::string_view line, const FramingLimits& limits,
                              httplib::Request& request) {
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos)
    return badRequest("the request line is not METHOD SP request-target SP HTTP-version");
  std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1),
                   version = line.substr(sp2 + 1);
  if (!isToken(method)) return badRequest("the request method is not a token");
  if (target.size() > limits.maxTargetBytes)
    return {414, "the request-target is longer than " + std::to_string(limits.maxTargetBytes) +
                     " bytes"};
  if (target.empty() ||
      !std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7f; }))
    return badRequest("the request-target is empty or holds a space, control or non-ASCII byte");
  if (version != "HTTP/1.1" && version != "HTTP/1.0")
    return badRequest("the HTTP version is not HTTP/1.1 or HTTP/1.0");
  if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end())
    return badRequest("method " + std::string(method) + " is not supported");
  bool originForm = target.front() == '/';
  bool absoluteForm = target.starts_with("http://") || target.starts_with("https://");
  if (!originForm && !absoluteForm && !(target == "*" && method == "OPTIONS"))
    return badRequest("the request-target is not in origin form (/path?query)");
  request.method = method;
  request.target = target;
  request.version = version;
  size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  request.path = httplib::detail::decode_url(std::string(path), false);
  // request.params stays empty: the routes read the raw query (RequestTarget), and filling a
  // multimap of decoded strings was 3 % of a small request's server time
  // (docs/performance.md#fixed-costs).
  return {};
}

FramingError parseFieldLine(std::string_view line, httplib::Request& request) {
  if (line.front() == ' ' || line.front() == '\t')
    return badRequest("obsolete line folding (a header line starting with whitespace)");
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return badRequest("a header line has no colon");
  std::string_view name = line.substr(0, colon);
  if (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
    return badRequest("whitespace between a header name and its colon");
  if (!isToken(name)) return badRequest("a header name is not a token");
  std::string_view value = trimWhitespace(line.substr(colon + 1));
  if (std::any_of(value.begin(), value.end(), isControl))
    return badRequest("header " + std::string(name) + " holds a control character");
  request.headers.emplace(std::string(name), std::string(value));
  return {};
}

// Content-Length: one value, 1*DIGIT, not past the body limit.
FramingError parseContentLength(const httplib::Request& request, const FramingLimits& limits,
                                uint64_t& length) {
  if (request.get_header_value_count("Content-Length") > 1)
    return badRequest("more than one Content-Length header");
  std::string value = request.get_header_value("Content-Length");
  if (value.empty() || value.size() > 19 ||
      !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return badRequest("Content-Length is not a single non-negative decimal number");
  length = std::stoull(value);
  if (length > limits.maxBodyBytes)
    return {413, "the body is larger than " + std::to_string(limits.maxBodyBytes) + " bytes"};
  return {};
}

// Transfer-Encoding: exactly the one coding "chunked" (we decode no other).
FramingError checkTransferEncoding(const httplib::Request& request) {
  if (request.version == "HTTP/1.0") return badRequest("Transfer-Encoding on an HTTP/1.0 request");
  if (request.has_header("Content-Length"))
    return badRequest("both Transfer-Encoding and Content-Length");
  int codings = 0;
  bool onlyChunked = true;
  auto [begin, end] = request.headers.equal_range("Transfer-Encoding");
  for (auto it = begin; it != end; ++it)
    forEachListElement(it->second, [&](std::string_view coding) {
      ++codings;
      onlyChunked = onlyChunked && equalsIgnoreCase(coding, "chunked");
    });
  if (codings != 1 || !onlyChunked)
    return badRequest("Transfer-Encoding is not the single coding \"chunked\"");
  return {};
}

}  // namespace

RequestHeadScanner::State RequestHeadScanner::fail(int status, std::string detail) {
  error_ = {status, std::move(detail)};
  return State::Error;
}

RequestHeadScanner::State RequestHeadScanner::scan(std::string_view received) {
  const FramingLimits& limits = *limits_;
  for (; scanned_ < received.size(); ++scanned_) {
    char c = received[scanned_];
    bool afterCr = scanned_ > 0 && received[scanned_ - 1] == '\r';
    if (afterCr && c != '\n') return fail(400, "a bare CR in the request head");
    if (c != '\n') continue;
    if (!afterCr) return fail(400, "a bare LF in the request head (lines end in CRLF)");
    size_t length = scanned_ - 1 - lineStart_;
    lineStart_ = scanned_ + 1;
    if (length == 0 && lines_ == 0) {  // an empty line before the request line
      leading_ = lineStart_;
      if (leading_ > 64) return fail(400, "empty lines instead of a request line");
      continue;
    }
    if (length == 0) {
      headEnd_ = ++scanned_;
      return State::Complete;
    }
    if (lines_ > 0) {
      headerBytes_ += length + 2;
      if (length > limits.maxHeaderLineBytes || lines_ > limits.maxHeaderCount ||
          headerBytes_ > limits.maxHeaderBytes)
        return fail(431, "the request header fields are too large");
    }
    ++lines_;
  }
  size_t partial = scanned_ - lineStart_;
  if (lines_ == 0 && partial > limits.maxTargetBytes + 64)
    return fail(414, "the request-target is longer than " + std::to_string(limits.maxTargetBytes) +
                         " bytes");
  if (lines_ > 0 &&
      (partial > limits.maxHeaderLineBytes || headerBytes_ + partial > limits.maxHeaderBytes))
    return fail(431, "the request header fields are too large");
  return State::NeedMore;
}

FramingError parseRequestHead(std::string_view head, const FramingLimits& limits,
                              httplib::Request& request, RequestFraming& framing) {
  size_t eol = head.find("\r\n");
  if (FramingError e = parseRequestLine(head.substr(0, eol), limits, request)) return e;
  size_t headerBytes = 0;
  for (size_t pos = eol + 2; pos < head.size();) {
    size_t end = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, end - pos);
    pos = end + 2;
    if (line.empty()) break;
    if (FramingError e = parseFieldLine(line, request)) return e;
  }
  for (const auto& [name, value] : request.headers) headerBytes += name.size() + value.size() + 4;
  if (request.headers.size() > limits.maxHeaderCount || headerBytes > limits.maxHeaderBytes)
    return {431, "the request header fields are too large"};

  bool http11 = request.version == "HTTP/1.1";
  size_t hosts = request.get_header_value_count("Host");
  if (hosts > 1) return badRequest("more than one Host header");
  if (http11 && hosts == 0) return badRequest("an HTTP/1.1 request without a Host header");
  if (hosts == 1 && !isValidHost(request.get_header_value("Host")))
    return badRequest("the Host header is not host[:port]");

  framing = {};
  if (request.has_header("Transfer-Encoding")) {
    if (FramingError e = checkTransferEncoding(request)) return e;
    framing.chunked = true;
  } else if (request.has_header("Content-Length")) {
    if (FramingError e = parseContentLength(request, limits, framing.contentLength)) return e;
  }
  bool close = false, keepAlive = false;
  auto [begin, end] = request.headers.equal_range("Connection");
  for (auto it = begin; it != end; ++it)
    forEachListElement(it->second, [&](std::string_view option) {
      close = close || equalsIgnoreCase(option, "close");
      keepAlive = keepAlive || equalsIgnoreCase(option, "keep-alive");
    });
  framing.keepAlive = !close && (http11 || keepAlive);
  framing.expectContinue =
      http11 && equalsIgnoreCase(request.get_header_value("Expect"), "100-continue");
  return {};
}

ChunkedBodyDecoder::State ChunkedBodyDecoder::fail(int status, std::string detail) {
  error_ = {status, std::move(detail)};
  return State::Error;
}

ChunkedBodyDecoder::State ChunkedBodyDecoder::feed(std::string_view input, std::string& body,
                                                   uint64_t maxBodyBytes) {
  constexpr size_t kMaxLine = 4096;
  while (pos_ < input.size()) {
    if (phase_ == Phase::Data) {
      size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, input.size() - pos_));
      body.append(input.data() + pos_, take);
      pos_ += take;
      remaining_ -= take;
      if (remaining_ == 0) phase_ = Phase::DataEnd;
      continue;
    }
    if (phase_ == Phase::DataEnd) {
      if (input.size() - pos_ < 2) return State::NeedMore;
      if (input.substr(pos_, 2) != "\r\n") return fail(400, "chunk data not followed by CRLF");
      pos_ += 2;
      phase_ = Phase::Size;
      continue;
    }
    // Size and Trailer: one line at a time.
    size_t lf = input.find('\n', pos_);
    if (lf == std::string_view::npos) {
      if (input.size() - pos_ > kMaxLine) return fail(400, "a chunk line is too long");
      return State::NeedMore;
    }
    if (lf == pos_ || input[lf - 1] != '\r') return fail(400, "a bare LF in the chunked body");
    std::string_view line = input.substr(pos_, lf - 1 - pos_);
    if (line.size() > kMaxLine) return fail(400, "a chunk line is too long");
    if (std::any_of(line.begin(), line.end(), isControl))
      return fail(400, "a control character in a chunk line");
    pos_ = lf + 1;
    if (phase_ == Phase::Trailer) {
      if (line.empty()) return State::Done;
      if (line.front() == ' ' || line.front() == '\t' || line.find(':') == std::string_view::npos)
        return fail(400, "a malformed trailer field");
      continue;
    }
    size_t digits = 0;
    uint64_t size = 0;
    for (; digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits]));
         ++digits) {
      if (digits == 15) return fail(400, "a chunk size is too large");
      char c = static_cast<char>(std::tolower(static_cast<unsigned char>(line[digits])));
      size = size * 16 + static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    std::string_view rest = trimWhitespace(line.substr(digits));
    if (digits == 0 || (!rest.empty() && rest.front() != ';'))
      return fail(400, "a chunk size is not a hexadecimal number");
    if (size == 0) {
      phase_ = Phase::Trailer;
      continue;
    }
    if (body.size() + size > maxBodyBytes)
      return fail(413, "the body is larger than " + std::to_string(maxBodyBytes) + " bytes");
    remaining_ = size;
    phase_ = Phase::Data;
  }
  return State::NeedMore;
}

}  // namespace tenantsim::mock
