// SHA-256 and HMAC-SHA-256 (RFC 2104) on OpenSSL, for per-request use: the digest is fetched from
// the provider once per process and each thread reuses one digest context. OpenSSL 3's one-shot
// HMAC() and SHA256() look the algorithm up on every call (a locked table, string compares and
// allocations): a fifth of the server's time on small pages went to the skiptoken's HMAC, the
// query fingerprint and request ids (docs/performance.md#per-request-crypto).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace tenantsim {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest sha256(std::string_view data);
Sha256Digest hmacSha256(std::string_view key, std::string_view data);

inline std::string_view digestBytes(const Sha256Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace tenantsim
