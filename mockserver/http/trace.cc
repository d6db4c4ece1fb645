#include "mockserver/http/trace.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "base/strings.h"
#include "base/time.h"
#include "mockserver/auth/form_body.h"

namespace tenantsim::mock {
namespace {

constexpr std::array<std::string_view, 6> kSecretParameters = {
    "client_secret", "client_assertion", "code", "password", "access_token", "refresh_token"};
constexpr size_t kSkiptokenKept = 8;

// One query parameter (name=value) as the trace shows it.
void appendRedactedParameter(std::string& out, std::string_view parameter) {
  size_t eq = parameter.find('=');
  std::string_view name = parameter.substr(0, eq);
  if (eq == std::string_view::npos) {
    out += parameter;
    return;
  }
  std::string_view value = parameter.substr(eq + 1);
  out += name;
  out += '=';
  bool secret = std::any_of(kSecretParameters.begin(), kSecretParameters.end(),
                            [&](std::string_view s) { return equalsIgnoreAsciiCase(name, s); });
  bool skiptoken =
      equalsIgnoreAsciiCase(name, "$skiptoken") || equalsIgnoreAsciiCase(name, "%24skiptoken");
  if (secret) {
    out += "[redacted]";
  } else if (skiptoken && value.size() > kSkiptokenKept) {
    out += value.substr(0, kSkiptokenKept);
    out += "\xE2\x80\xA6";  // …
  } else {
    out += value;
  }
}

}  // namespace

std::string redactTarget(std::string_view target) {
  size_t q = target.find('?');
  std::string out(target.substr(0, q));
  if (q == std::string_view::npos) return out;
  out += '?';
  std::string_view query = target.substr(q + 1);
  bool first = true;
  while (true) {
    size_t amp = query.find('&');
    if (!first) out += '&';
    first = false;
    appendRedactedParameter(out, query.substr(0, amp));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string_view redactAuthorization(std::string_view header) {
  if (header.empty()) return {};
  if (header.size() > 7 && equalsIgnoreAsciiCase(header.substr(0, 7), "Bearer "))
    return "Bearer [redacted]";
  return "[redacted]";
}

std::string QueryPlanTrace::describe() const {
  if (!present) return {};
  auto bound = [](const std::optional<int64_t>& t) {
    return t ? formatIsoTime(*t) : std::string("(open)");
  };
  std::string text = "activityDateTime " + bound(timeLo) + " .. " + bound(timeHi);
  text +=
      "; visible at " + formatIsoTime(visibleAt) + ", retained from " + formatIsoTime(retainedFrom);
  text += "; " + std::to_string(equalities) + (equalities == 1 ? " equality" : " equalities");
  text += usedIndex ? "; index" : "; scan";
  text += ", " + std::to_string(examined) + " examined";
  text += ascending ? "; ascending" : "; descending";
  if (fromSkiptoken) text += "; from skiptoken position";
  text += "; page size " + std::to_string(pageSize) + "; " + std::to_string(returned) + " returned";
  if (total) text += " of " + std::to_string(*total);
  text += nextPage ? "; next page: yes" : "; next page: no";
  return text;
}

RequestTrace beginTrace(const httplib::Request& request, std::string_view endpoint) {
  RequestTrace trace;
  trace.startedUnixMicros = unixMicrosNow();
  trace.method = request.method;
  trace.target = redactTarget(request.target);
  trace.endpoint = endpoint;
  auto authorization = request.headers.find("Authorization");
  if (authorization != request.headers.end())
    trace.authorization = redactAuthorization(authorization->second);
  if (endpoint == "token" && !request.body.empty()) {
    if (std::optional<auth::FormBody> form = auth::FormBody::parse(request.body)) {
      trace.appId = std::string(form->get("client_id"));
      std::string grant(form->get("grant_type"));
      std::string credential = form->find("client_assertion") ? "client_assertion"
                               : form->find("client_secret")  ? "client_secret"
                                                              : "none";
      trace.note("request", "grant_type " + (grant.empty() ? "(none)" : grant) + "; credential " +
                                credential + " (redacted)");
    }
  }
  return trace;
}

void finishTrace(RequestTrace& trace, const httplib::Response& response,
                 std::chrono::steady_clock::time_point started) {
  trace.status = response.status;
  trace.bytes = response.body.size();
  trace.durationMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
}

bool TraceFilter::matches(const RequestTrace& trace) const {
  if (status >= 1 && status <= 9 && trace.status / 100 != status) return false;
  if (status >= 100 && trace.status != status) return false;
  if (!app.empty() && !equalsIgnoreAsciiCase(app, trace.appId)) return false;
  if (!path.empty() && trace.target.find(path) == std::string::npos) return false;
  return trace.startedUnixMicros >= sinceUnixMicros;
}

TraceRing::TraceRing(size_t capacity) : slots_(std::max<size_t>(1, capacity)) {}

uint64_t TraceRing::push(RequestTrace trace) {
  uint64_t id = pushed_.fetch_add(1, std::memory_order_relaxed) + 1;
  trace.id = id;
  {
    std::lock_guard lock(stripe(id));
    // A record a full ring newer may have got here first (its push overtook this one): keep it.
    if (slot(id).id < id) std::swap(slot(id), trace);
  }
  return id;  // `trace` now holds the replaced record, freed here outside the lock
}

std::vector<RequestTrace> TraceRing::recent(const TraceFilter& filter) const {
  std::vector<RequestTrace> out;
  uint64_t newest = pushed_.load(std::memory_order_relaxed);
  for (uint64_t id = newest; id >= oldestKept(newest) && id > 0 && out.size() < filter.limit;
       --id) {
    std::lock_guard lock(stripe(id));
    const RequestTrace& trace = slot(id);
    if (trace.id == id && filter.matches(trace)) out.push_back(trace);
  }
  return out;
}

std::optional<RequestTrace> TraceRing::find(uint64_t id) const {
  uint64_t newest = pushed_.load(std::memory_order_relaxed);
  if (id == 0 || id > newest || id < oldestKept(newest)) return std::nullopt;
  std::lock_guard lock(stripe(id));
  if (slot(id).id != id) return std::nullopt;
  return slot(id);
}

std::vector<double> TraceRing::recentDurations(size_t count) const {
  std::vector<double> out;
  uint64_t newest = pushed_.load(std::memory_order_relaxed);
  for (uint64_t id = newest; id >= oldestKept(newest) && id > 0 && out.size() < count; --id) {
    std::lock_guard lock(stripe(id));
    if (slot(id).id == id) out.push_back(slot(id).durationMs);
  }
  return out;
}

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
  rank = std::clamp<size_t>(rank, 1, values.size()) - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank),
                   values.end());
  return values[rank];
}

int64_t unixMicrosNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tenantsim::mock
