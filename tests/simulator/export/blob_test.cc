// blob: the storage-account archive, JSON Lines, one blob per resource and hour.
#include <regex>

#include "tests/support/export_test_support.h"
#include "tests/support/json.h"

namespace tenantsim::testing {
namespace {

class BlobExport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    runOrFail(optionsFor("blob", dir_->str()));
  }
  static void TearDownTestSuite() { delete dir_; }
  static TempDir* dir_;
};
TempDir* BlobExport::dir_ = nullptr;

TEST_F(BlobExport, BlobsArePartitionedByResourceAndHourOfRecordTime) {
  std::string tenant = exportSimulation().tenant().id();
  std::regex layout(
      R"(insights-logs-auditlogs/resourceId=(/tenants/[0-9a-f-]+/providers/microsoft\.aadiam|/providers/microsoft\.intune/tenants/[0-9a-f-]+)/y=(\d{4})/m=(\d\d)/d=(\d\d)/h=(\d\d)/m=00/PT1H\.json)");
  size_t blobs = 0;
  for (const auto& [path, bytes] : readTree(dir_->str())) {
    if (path == "labels.ndjson") continue;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(path, m, layout)) << path;
    ++blobs;
    std::string hourPrefix =
        m[2].str() + "-" + m[3].str() + "-" + m[4].str() + "T" + m[5].str() + ":";
    bool intune = m[1].str().starts_with("/providers/");
    EXPECT_EQ(m[1].str(), intune ? "/providers/microsoft.intune/tenants/" + tenant
                                 : "/tenants/" + tenant + "/providers/microsoft.aadiam");
    for (const json& record : readNdjson(*dir_ / path)) {
      EXPECT_TRUE(record["time"].get<std::string>().starts_with(hourPrefix)) << path;
      EXPECT_EQ(record["resourceId"].get<std::string>().starts_with("/providers/"), intune);
    }
  }
  EXPECT_GE(blobs, 2u * 48 - 4) << "about one blob per resource and hour of the 2-day window";
}

TEST_F(BlobExport, BlobsAreJsonLinesWithoutWrapper) {
  for (const auto& [path, bytes] : readTree(dir_->str())) {
    ASSERT_TRUE(bytes.ends_with("\n")) << path;
    std::istringstream in(bytes);
    for (std::string line; std::getline(in, line);) {
      json record = parseJson(line);
      ASSERT_TRUE(record.is_object());
      EXPECT_FALSE(record.contains("records"));
    }
  }
}

TEST_F(BlobExport, EveryEventIsInExactlyOneBlob) {
  EXPECT_EQ(exportedItems("blob", dir_->str()), ndjsonIds());
}

}  // namespace
}  // namespace tenantsim::testing
