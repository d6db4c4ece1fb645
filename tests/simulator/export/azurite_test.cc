// --out azblob://: the blob layout uploaded to Azure Blob Storage (Shared Key, append blobs),
// checked against Azurite. Skipped when Azurite (npm ci in tests/simulator/export) cannot run.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "simulator/export/azure_blob_client.h"
#include "tests/support/export_test_support.h"
#include "tests/support/raw_http.h"

extern char** environ;

namespace tenantsim::testing {
namespace {

constexpr const char* kDevKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

using mock::testing::connectLoopback;
using mock::testing::loopbackAddress;

int freePort() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = loopbackAddress();
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(s);
  return port;
}

bool accepts(int port) {
  int s = connectLoopback(port, 5);
  if (s >= 0) ::close(s);
  return s >= 0;
}

// Azurite's blob service on a free port with its data in a temporary directory.
class Azurite {
 public:
  Azurite() {
    std::string binary = std::string(TENANTSIM_SOURCE_DIR) +
                         "/tests/simulator/export/node_modules/.bin/azurite-blob";
    if (!fs::exists(binary)) {
      problem_ = "Azurite is not installed (run `npm ci` in tests/simulator/export)";
      return;
    }
    port_ = freePort();
    std::string port = std::to_string(port_), location = data_.str();
    std::vector<std::string> args = {binary,    "--blobHost", "127.0.0.1", "--blobPort",
                                     port,      "--location", location,    "--skipApiVersionCheck",
                                     "--loose", "--silent"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (::posix_spawn(&pid_, binary.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
      pid_ = 0;
      problem_ = "cannot start " + binary;
      return;
    }
    for (int i = 0; i < 300 && !accepts(port_); ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        problem_ = "Azurite exited at start (is node installed?)";
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!accepts(port_)) problem_ = "Azurite did not listen within 30 s";
  }
  ~Azurite() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  const std::string& problem() const { return problem_; }
  std::string connectionString() const {
    return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" +
           std::string(kDevKey) + ";BlobEndpoint=http://127.0.0.1:" + std::to_string(port_) +
           "/devstoreaccount1;";
  }

 private:
  TempDir data_;
  pid_t pid_ = 0;
  int port_ = 0;
  std::string problem_;
};

// Every blob under prefix/ in the container: name relative to the prefix -> bytes.
std::map<std::string, std::string> downloadAll(const std::string& connection,
                                               const std::string& container,
                                               const std::string& prefix) {
  AzureBlobClient client(*parseStorageConnectionString(connection));
  Result<std::vector<std::string>> names = client.listBlobs(container, prefix + "/");
  EXPECT_TRUE(names.ok()) << names.error().message;
  std::map<std::string, std::string> blobs;
  for (const std::string& name : names.value_or({})) {
    Result<std::string> bytes = client.getBlob(container, name);
    EXPECT_TRUE(bytes.ok()) << name;
    blobs[name.substr(prefix.size() + 1)] = bytes.value_or("");
  }
  return blobs;
}

class AzureBlobExport : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!azurite_.problem().empty()) GTEST_SKIP() << "azblob test skipped: " << azurite_.problem();
    ::setenv("AZURE_STORAGE_CONNECTION_STRING", azurite_.connectionString().c_str(), 1);
  }
  static std::map<std::string, std::string> localBlobs() {
    TempDir local;
    runOrFail(optionsFor("blob", local.str()));
    return readTree(local / "insights-logs-auditlogs");
  }
  Azurite azurite_;
};

TEST_F(AzureBlobExport, UploadedBlobsEqualTheLocalBlobExportByteForByte) {
  runOrFail(optionsFor("blob", "azblob://devstoreaccount1/auditlogs/run1"));
  auto uploaded = downloadAll(azurite_.connectionString(), "auditlogs", "run1");
  auto local = localBlobs();
  ASSERT_FALSE(local.empty());
  EXPECT_EQ(uploaded.size(), local.size());
  EXPECT_TRUE(uploaded == local);
}

TEST_F(AzureBlobExport, ReuploadReplacesBlobsInsteadOfAppendingTwice) {
  runOrFail(optionsFor("blob", "azblob://devstoreaccount1/auditlogs/again"));
  runOrFail(optionsFor("blob", "azblob://devstoreaccount1/auditlogs/again"));
  EXPECT_TRUE(downloadAll(azurite_.connectionString(), "auditlogs", "again") == localBlobs());
}

TEST_F(AzureBlobExport, BlobsLargerThanOneAppendBlockArriveWhole) {
  Scenario s = exportScenario();
  s.tenant.users = 10000;
  s.windowDays = 1.0 / 24;
  s.windowEnd -= 2 * kTicksPerDay + 8 * kTicksPerHour;  // Thursday 15:00-16:00, a busy hour
  s.storylines.clear();
  Simulation sim(std::move(s));
  runOrFail(optionsFor("blob", "azblob://devstoreaccount1/big"), sim);
  TempDir local;
  runOrFail(optionsFor("blob", local.str()), sim);
  auto expected = readTree(local / "insights-logs-auditlogs");
  AzureBlobClient client(*parseStorageConnectionString(azurite_.connectionString()));
  size_t largest = 0;
  for (const auto& [name, bytes] : expected) {
    Result<std::string> downloaded = client.getBlob("big", name);
    ASSERT_TRUE(downloaded.ok()) << downloaded.error().message;
    EXPECT_TRUE(*downloaded == bytes) << name;
    largest = std::max(largest, bytes.size());
  }
  EXPECT_GT(largest, AzureBlobClient::kMaxAppendBlock) << "no blob needed two append blocks";
}

TEST_F(AzureBlobExport, AccountMustMatchTheConnectionString) {
  Status exported =
      runExport(exportSimulation(), optionsFor("blob", "azblob://otheraccount/auditlogs"), nullptr);
  ASSERT_FALSE(exported.ok());
  EXPECT_NE(exported.error().message.find("otheraccount"), std::string::npos)
      << exported.error().message;
}

}  // namespace
}  // namespace tenantsim::testing
