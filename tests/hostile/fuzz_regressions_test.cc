// Replays every committed fuzz input (fuzz/corpus/<target>/ seeds and fuzz/regressions/<target>/
// crash reproducers) through the same entry points the libFuzzer targets use, in the normal
// (and sanitizer) builds: a crash the fuzzer once found stays fixed.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>

#include "fuzz/targets/auth.h"
#include "fuzz/targets/odata.h"
#include "fuzz/targets/scenario.h"
#include "fuzz/targets/server.h"
#include "tests/support/files.h"

namespace tenantsim::fuzz {
namespace {

using tenantsim::testing::readFile;
using tenantsim::testing::sourcePath;

int replay(const std::string& target, const std::function<int(const uint8_t*, size_t)>& entry) {
  int replayed = 0;
  for (const char* folder : {"corpus", "regressions"}) {
    std::filesystem::path dir = sourcePath("fuzz/" + std::string(folder) + "/" + target);
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entryFile : std::filesystem::directory_iterator(dir)) {
      if (!entryFile.is_regular_file() || entryFile.path().filename().string().starts_with("."))
        continue;
      std::string data = readFile(entryFile.path());
      SCOPED_TRACE(entryFile.path().string());
      EXPECT_EQ(entry(reinterpret_cast<const uint8_t*>(data.data()), data.size()), 0);
      ++replayed;
    }
  }
  return replayed;
}

TEST(FuzzRegressions, Filter) { EXPECT_GT(replay("filter", fuzzFilter), 0); }
TEST(FuzzRegressions, QueryOptions) { EXPECT_GT(replay("query_options", fuzzQueryOptions), 0); }
TEST(FuzzRegressions, Skiptoken) { EXPECT_GT(replay("skiptoken", fuzzSkiptoken), 0); }
TEST(FuzzRegressions, Scenario) { EXPECT_GT(replay("scenario", fuzzScenario), 0); }
TEST(FuzzRegressions, TokenEndpoint) { EXPECT_GT(replay("token_endpoint", fuzzTokenEndpoint), 0); }
TEST(FuzzRegressions, AccessToken) { EXPECT_GT(replay("access_token", fuzzAccessToken), 0); }
// Raw request bytes framed and answered in process (the framing corpus and the seeds).
TEST(FuzzRegressions, RawRequest) { EXPECT_GT(replay("raw_request", fuzzRawRequest), 0); }
TEST(FuzzRegressions, ClientAssertion) {
  EXPECT_GT(replay("client_assertion", fuzzClientAssertion), 0);
}

// The signed seeds are worth fuzzing only if they get past the signature: the valid ones must be
// accepted, so mutations explore the claim checks behind it.
std::string seedText(const std::string& target, const std::string& name) {
  return readFile(sourcePath("fuzz/corpus/" + target + "/" + name));
}

TEST(FuzzSeeds, SignedSeedsReachAcceptance) {
  std::string token = seedText("access_token", "signed_valid");
  ASSERT_EQ(token[0], 1);
  auto [header, payload] = splitLine(std::string_view(token).substr(1));
  auto check = auth::validateAccessToken(fuzzSign(fuzzSigningKey().publicKey(), header, payload),
                                         fuzzSigningKey(),
                                         auth::AccessTokenPolicy{kFuzzTenantId, kFuzzNow, 0});
  EXPECT_EQ(auth::rejectionName(check.rejection),
            auth::rejectionName(auth::TokenRejection::Accepted));

  std::string assertion = seedText("client_assertion", "signed_valid");
  auto [aHeader, aPayload] = splitLine(std::string_view(assertion).substr(1));
  auth::ClientAssertionPolicy policy{kFuzzCertClientId, {kFuzzTokenUrl}, kFuzzNow, 300};
  EXPECT_EQ(auth::verifyClientAssertion(fuzzSign(fuzzCertificate().key, aHeader, aPayload),
                                        fuzzCertificate().pem, policy),
            auth::AssertionRejection::Accepted);
}

}  // namespace
}  // namespace tenantsim::fuzz
