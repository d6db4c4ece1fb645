// Stateless, tamper-checked $skiptoken: round trips, and every kind of bad token is a 400.
#include "mockserver/odata/skiptoken.h"

#include <gtest/gtest.h>

#include <random>

#include "tests/support/fake_event.h"

namespace tenantsim::odata {
namespace {

QueryOptions someQuery() {
  QueryOptions query;
  query.filter = "activityDateTime ge 2024-05-01T00:00:00Z";
  query.top = 100;
  query.orderBy = SortDirection::Descending;
  return query;
}

const QueryFingerprint kQuery =
    fingerprintQuery(someQuery(), Endpoint::DirectoryAudits, ApiVersion::V1);

const PageCursor kCursor{{.activityTicks = 17'145'216'001'234'567,
                          .eventKey = 0xfedcba9876543210ULL,
                          .direction = SortDirection::Descending},
                         3};

SkiptokenCodec codec() { return SkiptokenCodec(SkiptokenCodec::keyFromSeed(42)); }

TEST(Skiptoken, RoundTripsPositionDirectionAndPage) {
  const std::string token = codec().encode(kCursor, kQuery);
  const Result<PageCursor> decoded = codec().decode(token, kQuery);
  ASSERT_TRUE(decoded.ok()) << decoded.error().detail;
  EXPECT_EQ(decoded.value(), kCursor);
}

TEST(Skiptoken, RoundTripsNegativeTicksAndAscendingOrder) {
  const PageCursor cursor{{-5, 0, SortDirection::Ascending}, 0};
  EXPECT_EQ(codec().decode(codec().encode(cursor, kQuery), kQuery).value(), cursor);
}

TEST(Skiptoken, IsLowercaseHexAndThereforeUrlSafe) {
  const std::string token = codec().encode(kCursor, kQuery);
  EXPECT_EQ(token.size(), 92u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Skiptoken, ReplicasWithTheSameSeedAgree) {
  const std::string token = SkiptokenCodec(SkiptokenCodec::keyFromSeed(42)).encode(kCursor, kQuery);
  EXPECT_TRUE(SkiptokenCodec(SkiptokenCodec::keyFromSeed(42)).decode(token, kQuery).ok());
}

TEST(Skiptoken, AnotherSeedRejectsTheToken) {
  const std::string token = codec().encode(kCursor, kQuery);
  const Result<PageCursor> decoded =
      SkiptokenCodec(SkiptokenCodec::keyFromSeed(43)).decode(token, kQuery);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().status, 400);
  EXPECT_EQ(decoded.error().code, "BadRequest");
  EXPECT_EQ(decoded.error().message, "Invalid $skiptoken");
  EXPECT_EQ(decoded.error().detail, "signature mismatch");
}

TEST(Skiptoken, EveryFlippedCharacterIsDetected) {
  const std::string token = codec().encode(kCursor, kQuery);
  for (size_t i = 0; i < token.size(); ++i) {
    std::string forged = token;
    forged[i] = forged[i] == '0' ? '1' : '0';
    EXPECT_FALSE(codec().decode(forged, kQuery).ok()) << i;
  }
}

TEST(Skiptoken, TruncatedOrExtendedTokenIsRejected) {
  const std::string token = codec().encode(kCursor, kQuery);
  EXPECT_EQ(codec().decode(token.substr(0, 90), kQuery).error().detail, "wrong length");
  EXPECT_EQ(codec().decode(token + "00", kQuery).error().detail, "wrong length");
  EXPECT_EQ(codec().decode("", kQuery).error().message, "Invalid $skiptoken");
}

TEST(Skiptoken, NonHexTokenIsRejected) {
  const std::string garbage(92, 'z');
  EXPECT_EQ(codec().decode(garbage, kQuery).error().detail, "not hexadecimal");
}

TEST(Skiptoken, TokenFromAnotherQueryIsRejected) {
  const std::string token = codec().encode(kCursor, kQuery);
  QueryOptions changed = someQuery();
  changed.filter = "activityDateTime ge 2020-01-01T00:00:00Z";
  const auto other = fingerprintQuery(changed, Endpoint::DirectoryAudits, ApiVersion::V1);
  EXPECT_EQ(codec().decode(token, other).error().detail, "the token belongs to a different query");
}

TEST(Skiptoken, FingerprintCoversEveryShapingOption) {
  const QueryOptions base = someQuery();
  const auto fingerprint = [](const QueryOptions& q, Endpoint e = Endpoint::DirectoryAudits,
                              ApiVersion v = ApiVersion::V1) { return fingerprintQuery(q, e, v); };
  QueryOptions top = base;
  top.top = 101;
  QueryOptions order = base;
  order.orderBy = SortDirection::Ascending;
  QueryOptions select = base;
  select.select = {"id"};
  QueryOptions count = base;
  count.count = true;
  QueryOptions token = base;
  token.skiptoken = "anything";
  EXPECT_NE(fingerprint(top), fingerprint(base));
  EXPECT_NE(fingerprint(order), fingerprint(base));
  EXPECT_NE(fingerprint(select), fingerprint(base));
  EXPECT_NE(fingerprint(count), fingerprint(base));
  EXPECT_NE(fingerprint(base, Endpoint::AuditEvents), fingerprint(base));
  EXPECT_NE(fingerprint(base, Endpoint::DirectoryAudits, ApiVersion::Beta), fingerprint(base));
  EXPECT_EQ(fingerprint(token), fingerprint(base));  // the token itself is not part of the query
}

TEST(Skiptoken, RandomGarbageIsRejectedNotCrashed) {
  std::mt19937 random(99);
  for (int round = 0; round < 2000; ++round) {
    std::string garbage;
    const size_t length = round % 3 == 0 ? 92 : random() % 200;
    for (size_t i = 0; i < length; ++i) {
      garbage.push_back(round % 2 ? "0123456789abcdef"[random() % 16]
                                  : static_cast<char>(random() % 256));
    }
    EXPECT_FALSE(codec().decode(garbage, kQuery).ok());
  }
}

}  // namespace
}  // namespace tenantsim::odata
