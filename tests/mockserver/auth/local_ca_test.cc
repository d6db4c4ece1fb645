// Specification of the local CA: creation, reuse, SANs, chain verification, on-demand minting.
#include "mockserver/auth/local_ca.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "base/atomic_file.h"
#include "tests/support/files.h"

namespace tenantsim::auth {
namespace {

constexpr UnixSeconds kNow = 1714557600;  // 2024-05-01T10:00:00Z

class LocalCaTest : public ::testing::Test {
 protected:
  std::string read(const char* name) { return readWholeFile(dir_ / name).value_or(""); }

  tenantsim::testing::TempDir temp_{"tenantsim-local-ca"};
  std::filesystem::path dir_ = temp_.path() / "certificates";  // not there yet
};

TEST_F(LocalCaTest, CreatesFourFilesInNewDirectory) {
  Result<LocalCertificateFiles> result = ensureLocalCertificates(dir_, kNow);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->createdCa);
  EXPECT_TRUE(result->createdServer);
  for (const char* name : {"ca.pem", "ca-key.pem", "server.pem", "server-key.pem"}) {
    EXPECT_TRUE(std::filesystem::exists(dir_ / name)) << name;
  }
}

TEST_F(LocalCaTest, PrivateKeysAreOwnerOnly) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  for (const char* name : {"ca-key.pem", "server-key.pem"}) {
    struct stat info {};
    ASSERT_EQ(::stat((dir_ / name).c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u) << name;
  }
}

TEST_F(LocalCaTest, ServerCertificateVerifiesAgainstCa) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  EXPECT_TRUE(certificateChainsTo(read("server.pem"), read("ca.pem"), kNow));
}

TEST_F(LocalCaTest, ServerCertificateCoversLocalAndMicrosoftNames) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  std::string server = read("server.pem");
  for (const char* name :
       {"localhost", "127.0.0.1", "::1", "graph.microsoft.com", "login.microsoftonline.com",
        "login.microsoft.com", "login.windows.net", "graph.microsoft.us", "dod-graph.microsoft.us",
        "login.microsoftonline.us"}) {
    EXPECT_TRUE(certificateCoversName(server, name)) << name;
  }
  EXPECT_FALSE(certificateCoversName(server, "example.com"));
  EXPECT_FALSE(certificateCoversName(server, "10.0.0.1"));
}

TEST_F(LocalCaTest, SecondCallReusesExistingFiles) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  std::string ca_before = read("ca.pem"), server_before = read("server.pem");
  Result<LocalCertificateFiles> again = ensureLocalCertificates(dir_, kNow + 86400);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->createdCa);
  EXPECT_FALSE(again->createdServer);
  EXPECT_EQ(read("ca.pem"), ca_before);
  EXPECT_EQ(read("server.pem"), server_before);
}

TEST_F(LocalCaTest, CorruptServerCertificateIsReplacedButCaKept) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  std::string ca_before = read("ca.pem");
  ASSERT_TRUE(writeFileAtomically(dir_ / "server.pem", "garbage", {.permissions = 0644}).ok());
  Result<LocalCertificateFiles> again = ensureLocalCertificates(dir_, kNow);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->createdCa);
  EXPECT_TRUE(again->createdServer);
  EXPECT_EQ(read("ca.pem"), ca_before);
  EXPECT_TRUE(certificateChainsTo(read("server.pem"), ca_before, kNow));
}

// A state dir from before a name was added (login.microsoft.com) gets a new server certificate
// from the same CA, so clients that trust ca.pem keep working.
TEST_F(LocalCaTest, ServerCertificateMissingANameIsReissuedUnderTheSameCa) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  std::string ca_before = read("ca.pem");
  Result<CertificateAuthority> ca = loadCertificateAuthority(dir_);
  ASSERT_TRUE(ca);
  Result<IssuedCertificate> older =
      issueServerCertificate(*ca, {"localhost", "graph.microsoft.com"}, kNow);
  ASSERT_TRUE(older);
  ASSERT_TRUE(
      writeFileAtomically(dir_ / "server-key.pem", older->privateKeyPem, {.permissions = 0600})
          .ok());
  ASSERT_TRUE(
      writeFileAtomically(dir_ / "server.pem", older->certificatePem, {.permissions = 0644}).ok());
  Result<LocalCertificateFiles> again = ensureLocalCertificates(dir_, kNow);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->createdCa);
  EXPECT_TRUE(again->createdServer);
  EXPECT_EQ(read("ca.pem"), ca_before);
  EXPECT_TRUE(certificateCoversName(read("server.pem"), "login.microsoft.com"));
}

TEST_F(LocalCaTest, MismatchedCaKeyRegeneratesEverything) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  ASSERT_TRUE(
      writeFileAtomically(dir_ / "ca-key.pem", read("server-key.pem"), {.permissions = 0600}).ok());
  Result<LocalCertificateFiles> again = ensureLocalCertificates(dir_, kNow);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->createdCa);
  EXPECT_TRUE(certificateChainsTo(read("server.pem"), read("ca.pem"), kNow));
}

TEST_F(LocalCaTest, CaNearExpiryIsRenewed) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  Result<LocalCertificateFiles> later = ensureLocalCertificates(dir_, kNow + 3640LL * 86400);
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->createdCa);
}

TEST_F(LocalCaTest, ServerCertificateDoesNotVerifyAgainstAnotherCa) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  std::filesystem::path other = dir_ / "other";
  ASSERT_TRUE(ensureLocalCertificates(other, kNow).ok());
  EXPECT_FALSE(
      certificateChainsTo(read("server.pem"), readWholeFile(other / "ca.pem").value_or(""), kNow));
}

TEST_F(LocalCaTest, MintsCertificateForArbitraryHost) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  Result<CertificateAuthority> ca = loadCertificateAuthority(dir_);
  ASSERT_TRUE(ca) << ca.error().message;
  Result<IssuedCertificate> issued = issueServerCertificate(*ca, {"graph.microsoft.us"}, kNow);
  ASSERT_TRUE(issued) << issued.error().message;
  EXPECT_TRUE(certificateCoversName(issued->certificatePem, "graph.microsoft.us"));
  EXPECT_TRUE(certificateChainsTo(issued->certificatePem, ca->certificatePem, kNow));
  EXPECT_EQ(issued->chainPem, issued->certificatePem + ca->certificatePem);
}

TEST_F(LocalCaTest, MintingWithoutNamesFails) {
  ASSERT_TRUE(ensureLocalCertificates(dir_, kNow).ok());
  Result<CertificateAuthority> ca = loadCertificateAuthority(dir_);
  ASSERT_TRUE(ca);
  Result<IssuedCertificate> issued = issueServerCertificate(*ca, {}, kNow);
  ASSERT_FALSE(issued);
  EXPECT_FALSE(issued.error().message.empty());
}

TEST_F(LocalCaTest, LoadingFromEmptyDirectoryFails) {
  Result<CertificateAuthority> ca = loadCertificateAuthority(dir_);
  ASSERT_FALSE(ca);
  EXPECT_FALSE(ca.error().message.empty());
}

}  // namespace
}  // namespace tenantsim::auth
