#include "simulator/graph/render.h"

#include <array>
#include <cstring>

namespace tenantsim {
namespace {

constexpr std::array<std::string_view, 13> kDirectoryAuditProperties = {"id",
                                                                        "category",
                                                                        "correlationId",
                                                                        "result",
                                                                        "resultReason",
                                                                        "activityDisplayName",
                                                                        "activityDateTime",
                                                                        "loggedByService",
                                                                        "operationType",
                                                                        "initiatedBy",
                                                                        "userAgent",
                                                                        "targetResources",
                                                                        "additionalDetails"};
constexpr std::array<std::string_view, 13> kAuditEventProperties = {"id",
                                                                    "displayName",
                                                                    "componentName",
                                                                    "actor",
                                                                    "activity",
                                                                    "activityDateTime",
                                                                    "activityType",
                                                                    "activityOperationType",
                                                                    "activityResult",
                                                                    "correlationId",
                                                                    "resources",
                                                                    "category",
                                                                    "@odata.type"};

template <size_t N>
PropertyMask bitFor(const std::array<std::string_view, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == name) return PropertyMask{1} << i;
  return 0;
}

// Writes the separator and key of one property when the projection includes it.
class ObjectWriter {
 public:
  ObjectWriter(std::string& out, PropertyMask select) : out_(out), select_(select) { out_ += '{'; }
  ~ObjectWriter() { out_ += '}'; }
  bool key(int bit, std::string_view name) {
    if (!(select_ & (PropertyMask{1} << bit))) return false;
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += name;
    out_ += "\":";
    return true;
  }

 private:
  std::string& out_;
  PropertyMask select_;
  bool first_ = true;
};

void appendNullable(std::string& out, std::string_view s, bool isNull) {
  if (isNull)
    out += "null";
  else
    appendJsonString(out, s);
}

void appendField(std::string& out, std::string_view key, std::string_view value,
                 bool isNull = false, bool comma = true) {
  if (comma) out += ',';
  out += '"';
  out += key;
  out += "\":";
  appendNullable(out, value, isNull);
}

const char* resultName(Result r) {
  switch (r) {
    case Result::Success:
      return "success";
    case Result::Failure:
      return "failure";
    case Result::Timeout:
      return "timeout";
  }
  return "unknownFutureValue";
}

void renderModifiedProperties(std::string& out, const TargetResource& t, bool intune) {
  out += "\"modifiedProperties\":[";
  for (size_t i = 0; i < t.propCount; ++i) {
    const ModifiedProperty& m = t.props[i];
    if (i) out += ',';
    if (intune)
      out += "{\"displayName\":";
    else
      out += "{\"displayName\":";
    appendJsonString(out, m.displayName);
    appendField(out, "oldValue", m.oldValue, m.oldNull);
    appendField(out, "newValue", m.newValue, m.newNull);
    out += '}';
  }
  out += ']';
}

void renderDirectoryAudit(const EventDetails& d, ApiVersion api, std::string& out,
                          PropertyMask select) {
  const Event& e = *d.event;
  const Activity& a = *d.activity;
  ObjectWriter w(out, select);
  if (w.key(0, "id")) appendJsonString(out, d.id);
  if (w.key(1, "category")) appendJsonString(out, a.category);
  if (w.key(2, "correlationId")) appendJsonString(out, d.correlationId);
  if (w.key(3, "result")) {
    out += '"';
    out += resultName(e.result);
    out += '"';
  }
  if (w.key(4, "resultReason")) appendNullable(out, d.resultReason, d.resultReasonNull);
  if (w.key(5, "activityDisplayName")) appendJsonString(out, a.name);
  if (w.key(6, "activityDateTime")) {
    out += '"';
    appendIsoTime(out, e.time);
    out += '"';
  }
  if (w.key(7, "loggedByService")) appendJsonString(out, a.service);
  if (w.key(8, "operationType")) appendJsonString(out, a.operationType);
  if (w.key(9, "initiatedBy")) {
    if (d.byApp()) {
      out += "{\"app\":{";
      appendField(out, "appId", d.appId, d.appId.empty(), false);
      appendField(out, "displayName", d.appDisplayName);
      appendField(out, "servicePrincipalId", d.servicePrincipalId);
      appendField(out, "servicePrincipalName", d.servicePrincipalName,
                  d.servicePrincipalName.empty());
      out += "},\"user\":null}";
    } else {
      out += "{\"app\":null,\"user\":{";
      appendField(out, "id", d.userId, false, false);
      appendField(out, "displayName", d.userDisplayName, d.userDisplayNameNull);
      appendField(out, "userPrincipalName", d.userPrincipalName);
      appendField(out, "ipAddress", d.ipAddress, d.ipAddressNull);
      out += ",\"userType\":null,\"homeTenantId\":null,\"homeTenantName\":null}}";
    }
  }
  if (api == ApiVersion::Beta && w.key(10, "userAgent"))
    appendNullable(out, d.userAgent, d.userAgent.empty());
  if (w.key(11, "targetResources")) {
    out += '[';
    for (size_t i = 0; i < d.targetCount; ++i) {
      const TargetResource& t = d.targets[i];
      if (i) out += ',';
      out += '{';
      appendField(out, "id", t.id, false, false);
      appendField(out, "displayName", t.displayName, t.displayNameNull);
      appendField(out, "type", t.type);
      appendField(out, "userPrincipalName", t.userPrincipalName, t.upnNull);
      appendField(out, "groupType", t.groupType, t.groupTypeNull);
      out += ',';
      renderModifiedProperties(out, t, false);
      out += '}';
    }
    out += ']';
  }
  if (w.key(12, "additionalDetails")) {
    out += '[';
    for (size_t i = 0; i < d.detailCount; ++i) {
      if (i) out += ',';
      out += "{\"key\":";
      appendJsonString(out, d.details[i].key);
      out += ",\"value\":";
      appendJsonString(out, d.details[i].value);
      out += '}';
    }
    out += ']';
  }
}

void renderAuditEvent(const EventDetails& d, ApiVersion api, std::string& out,
                      PropertyMask select) {
  const Event& e = *d.event;
  const Activity& a = *d.activity;
  bool beta = api == ApiVersion::Beta;
  ObjectWriter w(out, select);
  if (beta && w.key(12, "@odata.type")) out += "\"#microsoft.graph.auditEvent\"";
  if (w.key(0, "id")) appendJsonString(out, d.id);
  if (w.key(1, "displayName")) appendJsonString(out, a.name);
  if (w.key(2, "componentName")) appendJsonString(out, a.componentName);
  if (w.key(3, "actor")) {
    out += '{';
    bool app = d.byApp();
    if (beta) {
      appendField(out, "type", d.actorType, false, false);
      appendField(out, "auditActorType", d.actorType);
    } else {
      appendField(out, "auditActorType", d.actorType, false, false);
    }
    out += ",\"userPermissions\":";
    out += app ? "[]" : d.userPermissions;
    appendField(out, "applicationId", d.appId, d.appId.empty());
    appendField(out, "applicationDisplayName", d.appDisplayName, d.appDisplayName.empty());
    appendField(out, "userPrincipalName", d.userPrincipalName, app);
    appendField(out, "servicePrincipalName", d.appDisplayName, !app);
    appendField(out, "ipAddress", d.ipAddress, true);
    appendField(out, "userId", d.userId, app);
    if (beta)
      out +=
          ",\"userRoleScopeTags\":[{\"displayName\":\"Default\",\"roleScopeTagId\":\"0\"}],"
          "\"remoteTenantId\":null,\"remoteUserId\":null";
    out += '}';
  }
  if (w.key(4, "activity")) appendJsonString(out, a.name);
  if (w.key(5, "activityDateTime")) {
    out += '"';
    appendIsoTime(out, e.time);
    out += '"';
  }
  if (w.key(6, "activityType")) appendJsonString(out, a.name);
  if (w.key(7, "activityOperationType")) appendJsonString(out, a.operationType);
  if (w.key(8, "activityResult"))
    out += e.result == Result::Success ? "\"Success\"" : "\"Failure\"";
  if (w.key(9, "correlationId")) appendJsonString(out, d.correlationId);
  if (w.key(10, "resources")) {
    out += '[';
    for (size_t i = 0; i < d.targetCount; ++i) {
      const TargetResource& t = d.targets[i];
      if (i) out += ',';
      out += '{';
      appendField(out, "displayName", t.displayName, false, false);
      if (beta) appendField(out, "type", t.type);
      appendField(out, "auditResourceType", t.type);
      appendField(out, "resourceId", t.id);
      out += ',';
      renderModifiedProperties(out, t, true);
      out += '}';
    }
    out += ']';
  }
  if (w.key(11, "category")) appendJsonString(out, a.category);
}

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void civilFromDays(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

void appendDigits(char*& p, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  p += n;
}

}  // namespace

std::string_view apiName(ApiVersion v) { return v == ApiVersion::Beta ? "beta" : "v1.0"; }

PropertyMask directoryAuditProperty(std::string_view name) {
  return bitFor(kDirectoryAuditProperties, name);
}
PropertyMask auditEventProperty(std::string_view name) {
  return bitFor(kAuditEventProperties, name);
}

void renderGraphItem(const EventDetails& d, ApiVersion api, std::string& out, PropertyMask select) {
  if (d.activity->source == Source::Intune)
    renderAuditEvent(d, api, out, select);
  else
    renderDirectoryAudit(d, api, out, select);
}

void beginPage(std::string& out, std::string_view context, std::string_view nextLink) {
  out += "{\"@odata.context\":";
  appendJsonString(out, context);
  if (!nextLink.empty()) {
    out += ",\"@odata.nextLink\":";
    appendJsonString(out, nextLink);
  }
  out += ",\"value\":[";
}

void appendIsoTime(std::string& out, Ticks t) {
  int64_t days = t >= 0 ? t / kTicksPerDay : (t - kTicksPerDay + 1) / kTicksPerDay;
  int64_t rest = t - days * kTicksPerDay;
  int y;
  unsigned m, d;
  civilFromDays(days, y, m, d);
  char buf[32];
  char* p = buf;
  appendDigits(p, static_cast<uint64_t>(y), 4);
  *p++ = '-';
  appendDigits(p, m, 2);
  *p++ = '-';
  appendDigits(p, d, 2);
  *p++ = 'T';
  appendDigits(p, static_cast<uint64_t>(rest / kTicksPerHour), 2);
  *p++ = ':';
  appendDigits(p, static_cast<uint64_t>(rest / kTicksPerMinute % 60), 2);
  *p++ = ':';
  appendDigits(p, static_cast<uint64_t>(rest / kTicksPerSecond % 60), 2);
  *p++ = '.';
  appendDigits(p, static_cast<uint64_t>(rest % kTicksPerSecond), 7);
  *p++ = 'Z';
  out.append(buf, static_cast<size_t>(p - buf));
}

namespace {

// Whether any of the 8 bytes in `word` is a control character, '"' or '\\' (the bytes JSON
// escapes). Bytes of 0x80 and above never match; a match can make the bytes above it match too,
// which only sends the caller to its byte loop early.
inline bool anyByteNeedsEscape(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto hasZeroByte = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  return ((word - kOnes * 0x20) & ~word & kHigh) | hasZeroByte(word ^ (kOnes * '"')) |
         hasZeroByte(word ^ (kOnes * '\\'));
}

}  // namespace

void appendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight bytes at a time while none needs escaping (most strings need none at all).
    while (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (anyByteNeedsEscape(word)) break;
      i += 8;
    }
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + start, i - start);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
  out += '"';
}

}  // namespace tenantsim
