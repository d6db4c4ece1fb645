// Specification of the token signing key: persistence shared by replicas, and its JWKS form.
#include "mockserver/auth/signing_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "base/atomic_file.h"
#include "base/base64.h"
#include "mockserver/auth/access_token.h"
#include "mockserver/auth/certificate_builder.h"
#include "tests/support/files.h"

namespace tenantsim::auth {
namespace {

class SigningKeyFileTest : public ::testing::Test {
 protected:
  tenantsim::testing::TempDir temp_{"tenantsim-signing-key"};
  std::filesystem::path dir_ = temp_.path();
};

TEST_F(SigningKeyFileTest, LoadOrCreateWritesOwnerOnlyPemFile) {
  Result<SigningKey> key = SigningKey::loadOrCreate(dir_ / "signing-key.pem");
  ASSERT_TRUE(key) << key.error().message;
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "signing-key.pem").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(SigningKeyFileTest, ReplicasLoadingTheSameFileShareKeyId) {
  Result<SigningKey> first = SigningKey::loadOrCreate(dir_ / "k.pem");
  Result<SigningKey> second = SigningKey::loadOrCreate(dir_ / "k.pem");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->keyId(), second->keyId());
  EXPECT_EQ(first->jwks(), second->jwks());
}

TEST_F(SigningKeyFileTest, TokenFromOneReplicaValidatesOnAnother) {
  Result<SigningKey> first = SigningKey::loadOrCreate(dir_ / "k.pem");
  Result<SigningKey> second = SigningKey::loadOrCreate(dir_ / "k.pem");
  App app{"A", "11111111-2222-3333-4444-555555555555", "s", {}, ""};
  std::string token = mintAccessToken(*first, {"t", &app, ClientAuthMethod::Secret, 1000, 3599});
  EXPECT_EQ(validateAccessToken(token, *second, {"t", 1000, 0}).rejection,
            TokenRejection::Accepted);
}

TEST_F(SigningKeyFileTest, GarbageFileIsAnError) {
  ASSERT_TRUE(writeFileAtomically(dir_ / "k.pem", "not a key", {.permissions = 0600}).ok());
  Result<SigningKey> key = SigningKey::loadOrCreate(dir_ / "k.pem");
  ASSERT_FALSE(key);
  EXPECT_FALSE(key.error().message.empty());
}

TEST(SigningKey, RejectsKeysShorterThan2048Bits) {
  Result<PkeyPtr> small = generateRsaKey(1024);
  ASSERT_TRUE(small);
  Result<SigningKey> key = SigningKey::fromPem(privateKeyToPem(small->get()));
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("2048"), std::string::npos);
}

TEST(SigningKey, PemRoundTripKeepsKeyId) {
  Result<SigningKey> key = SigningKey::generate();
  ASSERT_TRUE(key);
  Result<SigningKey> again = SigningKey::fromPem(key->privateKeyPem());
  ASSERT_TRUE(again);
  EXPECT_EQ(key->keyId(), again->keyId());
}

TEST(SigningKey, JwkHasRsaPublicParametersAndCertificate) {
  Result<SigningKey> key = SigningKey::generate();
  nlohmann::json jwk = key->jwk();
  EXPECT_EQ(jwk["kty"], "RSA");
  EXPECT_EQ(jwk["use"], "sig");
  EXPECT_EQ(jwk["kid"], key->keyId());
  EXPECT_EQ(jwk["x5t"], key->keyId());
  EXPECT_EQ(jwk["e"], "AQAB");
  EXPECT_EQ(base64UrlDecode(jwk["n"].get<std::string>())->size(), 256u);
  std::optional<std::string> der = base64Decode(jwk["x5c"][0].get<std::string>());
  ASSERT_TRUE(der);
  EXPECT_EQ(base64UrlEncode(digest("SHA1", *der)), key->keyId());
}

TEST(SigningKey, KeyIdIsSha1ThumbprintLength) {
  EXPECT_EQ(SigningKey::generate()->keyId().size(), 27u);  // 20 bytes, base64url
}

}  // namespace
}  // namespace tenantsim::auth
