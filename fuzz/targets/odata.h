// Fuzz entry points for the OData layer ($filter, the query string, skiptokens). Shared by the
// libFuzzer targets (fuzz/*_fuzz.cc) and the regression replay test (tests/hostile/).
// Each returns 0 and must never crash, hang or trip a sanitizer, whatever the bytes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "mockserver/odata/capabilities.h"
#include "mockserver/odata/filter.h"
#include "mockserver/odata/query_options.h"
#include "mockserver/odata/skiptoken.h"

namespace tenantsim::fuzz {

// An event with a value for every field and two elements in every collection.
class FuzzEventSource final : public odata::FieldSource {
 public:
  std::optional<std::string_view> string(odata::Field) const override {
    return std::string_view("Add user");
  }
  int64_t dateTime(odata::Field) const override {
    return 17145576000000000;
  }  // 2024-05-01T10:00:00Z
  size_t count(odata::Collection) const override { return 2; }
  std::optional<std::string_view> elementString(odata::Collection, size_t index,
                                                odata::Field) const override {
    if (index == 1) return std::nullopt;
    return std::string_view("72f988bf-86f1-41af-91ab-2d7cd011db47");
  }
};

// Bits 0-2 pick an audit endpoint, version and leniency; with bit 6 set, bits 0-1 pick signIns'
// (bit 2 clear) or, with bit 2 set, riskDetections' (v1.0, beta) or servicePrincipalRiskDetections'
// (v1.0) and riskyServicePrincipals' (beta) strict tables; with bit 7 set, the security
// collections' (alerts_v2, incidents); with bits 6 and 7 set, provisioning's.
inline const odata::EndpointCapabilities& fuzzCapabilities(uint8_t selector) {
  static const odata::EndpointCapabilities caps[24] = {
      odata::EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits,
                                               {ApiVersion::V1, false, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits,
                                               {ApiVersion::Beta, true, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits,
                                               {ApiVersion::V1, true, false}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::DirectoryAudits,
                                               {ApiVersion::Beta, false, false}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::AuditEvents,
                                               {ApiVersion::V1, false, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::AuditEvents,
                                               {ApiVersion::Beta, true, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::AuditEvents,
                                               {ApiVersion::V1, true, false}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::AuditEvents,
                                               {ApiVersion::Beta, false, false}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, {ApiVersion::V1, true, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, {ApiVersion::Beta, true, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, {ApiVersion::V1, false, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::SignIns, {ApiVersion::Beta, false, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::Alerts, {ApiVersion::V1, true, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::Incidents, {ApiVersion::Beta, true, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::Alerts, {ApiVersion::Beta, false, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::Incidents, {ApiVersion::V1, false, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::Provisioning,
                                               {ApiVersion::V1, true, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::Provisioning,
                                               {ApiVersion::Beta, true, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::Provisioning,
                                               {ApiVersion::V1, false, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::Provisioning,
                                               {ApiVersion::Beta, false, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::RiskDetections,
                                               {ApiVersion::V1, true, true}),
      odata::EndpointCapabilities::forEndpoint(Endpoint::RiskDetections,
                                               {ApiVersion::Beta, true, true}),
      odata::EndpointCapabilities::servicePrincipalRiskDetections({ApiVersion::V1, false, true}),
      odata::EndpointCapabilities::riskyServicePrincipals({ApiVersion::Beta, false, true}),
  };
  if ((selector & 192) == 192) return caps[16 + (selector & 3)];
  if (selector & 128) return caps[12 + (selector & 3)];
  if (selector & 64) return caps[((selector & 4) ? 20 : 8) + (selector & 3)];
  return caps[selector & 7];
}

inline void fuzzCheck(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

// Byte 0: endpoint/version/leniency (bits 0-2, 6), case-insensitive strings (bit 3). Rest: the
// decoded $filter text.
inline int fuzzFilter(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const auto& caps = fuzzCapabilities(data[0]);
  odata::FilterOptions options;
  options.caseInsensitiveStrings = data[0] & 8;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto compiled = odata::CompiledFilter::compile(text, caps, options);
  if (compiled.ok()) {
    FuzzEventSource event;
    (void)compiled.value().matches(event);
    (void)compiled.value().plan().provablyEmpty();
    (void)compiled.value().matchesEverything();
  } else {
    const Error& e = compiled.error();
    fuzzCheck(e.status >= 400 && e.status < 500, "filter error is not a 4xx");
    fuzzCheck(!e.message.empty(), "filter error without a message");
  }
  return 0;
}

// Byte 0: endpoint (bits 0-2, 6), clamp $top (bit 3), options without '$' (bit 4). Rest: the raw
// query string (after '?').
inline int fuzzQueryOptions(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const auto& caps = fuzzCapabilities(data[0]);
  odata::QueryParseOptions options;
  options.clampTopToMax = data[0] & 8;
  options.allowOptionsWithoutDollar = data[0] & 16;
  std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = odata::parseQueryOptions(raw, caps, options);
  if (parsed.ok()) {
    const odata::QueryOptions& q = parsed.value();
    fuzzCheck(!q.top || (*q.top >= 0 && *q.top <= options.maxPageSize) || !options.clampTopToMax,
              "$top outside [0, max] although clamping");
    // What the server does next with an accepted query: compile its filter, fingerprint it.
    auto compiled = odata::CompiledFilter::compile(q.filter, caps);
    (void)compiled.ok();
    (void)odata::fingerprintQuery(q, caps.endpoint, ApiVersion::V1);
  } else {
    fuzzCheck(parsed.error().status >= 400 && parsed.error().status < 500,
              "query error is not a 4xx");
  }
  return 0;
}

// Byte 0 even: the rest is a presented $skiptoken, decoded against a fixed query. Byte 0 odd: the
// rest seeds a cursor that must survive encode -> decode unchanged, and any one-byte change of
// the token must be refused or decode to the same cursor (never crash).
inline int fuzzSkiptoken(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const odata::SkiptokenCodec codec(odata::SkiptokenCodec::keyFromSeed(42));
  const odata::QueryFingerprint fingerprint{1, 2, 3, 4, 5, 6, 7, 8};
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if ((data[0] & 1) == 0) {
    auto decoded = codec.decode(rest, fingerprint);
    if (!decoded.ok()) fuzzCheck(decoded.error().status == 400, "skiptoken error is not a 400");
    return 0;
  }
  odata::PageCursor cursor;
  uint64_t words[3] = {0, 0, 0};
  std::memcpy(words, rest.data(), std::min(rest.size(), sizeof words));
  cursor.position.activityTicks = static_cast<int64_t>(words[0]);
  cursor.position.eventKey = words[1];
  cursor.position.direction =
      (words[2] & 1) ? odata::SortDirection::Ascending : odata::SortDirection::Descending;
  cursor.pageNumber = static_cast<uint32_t>(words[2] >> 1);
  std::string token = codec.encode(cursor, fingerprint);
  auto decoded = codec.decode(token, fingerprint);
  fuzzCheck(decoded.ok(), "a token we encoded does not decode");
  fuzzCheck(decoded.value() == cursor, "skiptoken round trip changed the cursor");
  if (!token.empty() && rest.size() > sizeof words) {
    size_t at = static_cast<uint8_t>(rest[sizeof words]) % token.size();
    token[at] = static_cast<char>(
        token[at] ^ (rest.size() > sizeof words + 1 ? rest[sizeof words + 1] | 1 : 1));
    auto tampered = codec.decode(token, fingerprint);
    (void)tampered.ok();
  }
  return 0;
}

}  // namespace tenantsim::fuzz
