#include "mockserver/odata/skiptoken.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>

#include "base/sha256.h"
#include "base/strings.h"

namespace tenantsim::odata {
namespace {

// version | direction | ticks (8, big-endian) | key (8) | page (4) | query (8) | mac (16)
constexpr uint8_t kVersion = 1;
constexpr size_t kPayloadSize = 1 + 1 + 8 + 8 + 4 + 8;
constexpr size_t kMacSize = 16;
constexpr size_t kTokenBytes = kPayloadSize + kMacSize;

void putBigEndian(std::string& out, uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

uint64_t getBigEndian(std::string_view in, size_t offset, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | static_cast<uint8_t>(in[offset + i]);
  return value;
}

Error invalidToken(std::string detail) {
  return badRequest("Invalid $skiptoken", std::move(detail));
}

}  // namespace

QueryFingerprint fingerprintQuery(const QueryOptions& query, Endpoint endpoint,
                                  ApiVersion apiVersion) {
  std::string normalized;
  normalized += endpoint == Endpoint::DirectoryAudits ? "directoryAudits" : "auditEvents";
  normalized += apiVersion == ApiVersion::Beta ? "\nbeta" : "\nv1.0";
  normalized += "\nfilter=" + query.filter;
  normalized += "\norderby=";
  if (query.orderBy) normalized += *query.orderBy == SortDirection::Ascending ? "asc" : "desc";
  normalized += "\nselect=";
  for (std::string_view property : query.select) normalized.append(property).push_back(',');
  normalized += "\ntop=" + (query.top ? std::to_string(*query.top) : std::string());
  normalized += query.count ? "\ncount" : "";
  if (query.skip) normalized += "\nskip=" + std::to_string(*query.skip);
  const Sha256Digest digest = sha256(normalized);
  QueryFingerprint fingerprint{};
  std::copy_n(digest.begin(), fingerprint.size(), fingerprint.begin());
  return fingerprint;
}

SkiptokenCodec::SkiptokenCodec(std::string key) : key_(std::move(key)) {}

std::string SkiptokenCodec::keyFromSeed(uint64_t scenarioSeed) {
  std::string material = "tenantsim skiptoken key v1:";
  putBigEndian(material, scenarioSeed, 8);
  return std::string(digestBytes(sha256(material)));
}

std::string SkiptokenCodec::encode(const PageCursor& cursor, const QueryFingerprint& query) const {
  std::string bytes;
  bytes.reserve(kTokenBytes);
  bytes.push_back(static_cast<char>(kVersion));
  bytes.push_back(cursor.position.direction == SortDirection::Ascending ? 'a' : 'd');
  putBigEndian(bytes, static_cast<uint64_t>(cursor.position.activityTicks), 8);
  putBigEndian(bytes, cursor.position.eventKey, 8);
  putBigEndian(bytes, cursor.pageNumber, 4);
  bytes.append(reinterpret_cast<const char*>(query.data()), query.size());
  const Sha256Digest mac = hmacSha256(key_, bytes);
  bytes.append(reinterpret_cast<const char*>(mac.data()), kMacSize);
  return hexEncode(bytes);
}

Result<PageCursor> SkiptokenCodec::decode(std::string_view token,
                                          const QueryFingerprint& query) const {
  if (token.size() != kTokenBytes * 2) return invalidToken("wrong length");
  std::string bytes(kTokenBytes, '\0');
  for (size_t i = 0; i < kTokenBytes; ++i) {
    const int high = hexDigitValue(token[2 * i]);
    const int low = hexDigitValue(token[2 * i + 1]);
    if (high < 0 || low < 0) return invalidToken("not hexadecimal");
    bytes[i] = static_cast<char>(high * 16 + low);
  }
  const std::string_view payload = std::string_view(bytes).substr(0, kPayloadSize);
  const Sha256Digest mac = hmacSha256(key_, payload);
  if (CRYPTO_memcmp(mac.data(), bytes.data() + kPayloadSize, kMacSize) != 0) {
    return invalidToken("signature mismatch");
  }
  if (static_cast<uint8_t>(bytes[0]) != kVersion) return invalidToken("unknown version");
  const char direction = bytes[1];
  if (direction != 'a' && direction != 'd') return invalidToken("bad direction");
  if (std::memcmp(bytes.data() + kPayloadSize - query.size(), query.data(), query.size()) != 0) {
    return invalidToken("the token belongs to a different query");
  }
  PageCursor cursor;
  cursor.position.direction =
      direction == 'a' ? SortDirection::Ascending : SortDirection::Descending;
  cursor.position.activityTicks = static_cast<int64_t>(getBigEndian(bytes, 2, 8));
  cursor.position.eventKey = getBigEndian(bytes, 10, 8);
  cursor.pageNumber = static_cast<uint32_t>(getBigEndian(bytes, 18, 4));
  return cursor;
}

}  // namespace tenantsim::odata
