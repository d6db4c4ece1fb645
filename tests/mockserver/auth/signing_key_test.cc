// Specification of the token signing key: persistence shared by replicas, and its JWKS form.
#include "mockserver/auth/signing_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "mockserver/auth/access_token.h"
#include "mockserver/auth/atomic_file.h"
#include "mockserver/auth/base64url.h"
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
  std::string error;
  ASSERT_TRUE(SigningKey::loadOrCreate(dir_ / "signing-key.pem", &error)) << error;
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "signing-key.pem").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(SigningKeyFileTest, ReplicasLoadingTheSameFileShareKeyId) {
  std::optional<SigningKey> first = SigningKey::loadOrCreate(dir_ / "k.pem", nullptr);
  std::optional<SigningKey> second = SigningKey::loadOrCreate(dir_ / "k.pem", nullptr);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->keyId(), second->keyId());
  EXPECT_EQ(first->jwks(), second->jwks());
}

TEST_F(SigningKeyFileTest, TokenFromOneReplicaValidatesOnAnother) {
  std::optional<SigningKey> first = SigningKey::loadOrCreate(dir_ / "k.pem", nullptr);
  std::optional<SigningKey> second = SigningKey::loadOrCreate(dir_ / "k.pem", nullptr);
  App app{"A", "11111111-2222-3333-4444-555555555555", "s", {}, ""};
  std::string token = mintAccessToken(*first, {"t", &app, ClientAuthMethod::kSecret, 1000, 3599});
  EXPECT_EQ(validateAccessToken(token, *second, {"t", 1000, 0}).rejection,
            TokenRejection::kAccepted);
}

TEST_F(SigningKeyFileTest, GarbageFileIsAnError) {
  ASSERT_TRUE(writeFileAtomically(dir_ / "k.pem", "not a key", 0600, nullptr));
  std::string error;
  EXPECT_FALSE(SigningKey::loadOrCreate(dir_ / "k.pem", &error));
  EXPECT_FALSE(error.empty());
}

TEST(SigningKey, RejectsKeysShorterThan2048Bits) {
  PkeyPtr small = generateRsaKey(1024, nullptr);
  std::string error;
  EXPECT_FALSE(SigningKey::fromPem(privateKeyToPem(small.get()), &error));
  EXPECT_NE(error.find("2048"), std::string::npos);
}

TEST(SigningKey, PemRoundTripKeepsKeyId) {
  std::optional<SigningKey> key = SigningKey::generate(nullptr);
  ASSERT_TRUE(key);
  std::optional<SigningKey> again = SigningKey::fromPem(key->privateKeyPem(), nullptr);
  ASSERT_TRUE(again);
  EXPECT_EQ(key->keyId(), again->keyId());
}

TEST(SigningKey, JwkHasRsaPublicParametersAndCertificate) {
  std::optional<SigningKey> key = SigningKey::generate(nullptr);
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
  EXPECT_EQ(SigningKey::generate(nullptr)->keyId().size(), 27u);  // 20 bytes, base64url
}

}  // namespace
}  // namespace tenantsim::auth
