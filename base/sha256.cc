#include "base/sha256.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace tenantsim {
namespace {

constexpr size_t kBlockBytes = 64;  // SHA-256's block

const EVP_MD* fetchedSha256() {
  static EVP_MD* md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!fetched) throw std::runtime_error("OpenSSL has no SHA256");
    return fetched;
  }();
  return md;
}

EVP_MD_CTX* threadContext() {
  struct Free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  thread_local std::unique_ptr<EVP_MD_CTX, Free> context(EVP_MD_CTX_new());
  return context.get();
}

// The digest of the parts, one after another.
template <typename... Parts>
Sha256Digest digestOf(const Parts&... parts) {
  EVP_MD_CTX* c = threadContext();
  Sha256Digest out{};
  unsigned int length = 0;
  bool ok = c && EVP_DigestInit_ex(c, fetchedSha256(), nullptr) == 1;
  ((ok = ok && EVP_DigestUpdate(c, parts.data(), parts.size()) == 1), ...);
  if (!ok || EVP_DigestFinal_ex(c, out.data(), &length) != 1 || length != out.size())
    throw std::runtime_error("SHA-256 failed");
  return out;
}

}  // namespace

Sha256Digest sha256(std::string_view data) { return digestOf(data); }

Sha256Digest hmacSha256(std::string_view key, std::string_view data) {
  // RFC 2104: H((K ^ opad) || H((K ^ ipad) || data)), K padded to the block (hashed first when
  // longer than a block).
  std::array<char, kBlockBytes> block{};
  if (key.size() > kBlockBytes) {
    Sha256Digest hashed = sha256(key);
    std::copy(hashed.begin(), hashed.end(), block.begin());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::array<char, kBlockBytes> inner, outer;
  for (size_t i = 0; i < kBlockBytes; ++i) {
    inner[i] = static_cast<char>(block[i] ^ 0x36);
    outer[i] = static_cast<char>(block[i] ^ 0x5c);
  }
  Sha256Digest innerDigest = digestOf(std::string_view(inner.data(), inner.size()), data);
  return digestOf(std::string_view(outer.data(), outer.size()), digestBytes(innerDigest));
}

}  // namespace tenantsim
