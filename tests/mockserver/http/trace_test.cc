// Trace records: what a record hides (secrets, long skiptokens), how the ring keeps the newest
// ones and how the list filter picks them.
#include "mockserver/http/trace.h"

#include <gtest/gtest.h>

#include <thread>

namespace tenantsim::mock {
namespace {

RequestTrace traceWith(int status, std::string app = "", std::string target = "/v1.0/x",
                       int64_t started = 0) {
  RequestTrace t;
  t.status = status;
  t.appId = std::move(app);
  t.target = std::move(target);
  t.startedUnixMicros = started;
  return t;
}

TEST(RedactTarget, HidesSecretsInTheQuery) {
  EXPECT_EQ(redactTarget("/t/oauth2/token?client_id=abc&client_secret=s3cr3t&client_assertion=eyJ"),
            "/t/oauth2/token?client_id=abc&client_secret=[redacted]&client_assertion=[redacted]");
}

TEST(RedactTarget, ShortensALongSkiptokenToItsFirstEightCharacters) {
  EXPECT_EQ(redactTarget("/v1.0/auditLogs/directoryAudits?$top=5&$skiptoken=ABCDEFGHIJKLMNOP"),
            "/v1.0/auditLogs/directoryAudits?$top=5&$skiptoken=ABCDEFGH\xE2\x80\xA6");
}

TEST(RedactTarget, KeepsEverythingElseAsSent) {
  std::string target = "/v1.0/auditLogs/directoryAudits?$filter=category%20eq%20'x'&$top=1";
  EXPECT_EQ(redactTarget(target), target);
  EXPECT_EQ(redactTarget("/v1.0/x"), "/v1.0/x");
}

TEST(RedactAuthorization, NamesTheSchemeOnly) {
  EXPECT_EQ(redactAuthorization("Bearer eyJhbGciOi.payload.sig"), "Bearer [redacted]");
  EXPECT_EQ(redactAuthorization("Basic dXNlcjpwYXNz"), "[redacted]");
  EXPECT_EQ(redactAuthorization(""), "");
}

TEST(TraceRing, NumbersRecordsFromOneAndListsThemNewestFirst) {
  TraceRing ring(10);
  EXPECT_EQ(ring.push(traceWith(200)), 1u);
  EXPECT_EQ(ring.push(traceWith(429)), 2u);
  std::vector<RequestTrace> recent = ring.recent({});
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].id, 2u);
  EXPECT_EQ(recent[0].status, 429);
  EXPECT_EQ(recent[1].id, 1u);
}

TEST(TraceRing, KeepsOnlyTheNewestCapacityRecords) {
  TraceRing ring(3);
  for (int i = 0; i < 5; ++i) ring.push(traceWith(200 + i));
  std::vector<RequestTrace> recent = ring.recent({});
  ASSERT_EQ(recent.size(), 3u);
  EXPECT_EQ(recent.front().id, 5u);
  EXPECT_EQ(recent.back().id, 3u);
  EXPECT_FALSE(ring.find(2).has_value());
  ASSERT_TRUE(ring.find(3).has_value());
  EXPECT_EQ(ring.find(3)->status, 202);
  EXPECT_FALSE(ring.find(6).has_value());
  EXPECT_FALSE(ring.find(0).has_value());
}

TEST(TraceFilter, MatchesAnExactStatusOrAStatusClass) {
  TraceFilter exact;
  exact.status = 429;
  EXPECT_TRUE(exact.matches(traceWith(429)));
  EXPECT_FALSE(exact.matches(traceWith(400)));
  TraceFilter clientErrors;
  clientErrors.status = 4;
  EXPECT_TRUE(clientErrors.matches(traceWith(401)));
  EXPECT_FALSE(clientErrors.matches(traceWith(503)));
}

TEST(TraceFilter, MatchesAppPathAndSince) {
  TraceFilter f;
  f.app = "ABC";
  f.path = "directoryAudits";
  f.sinceUnixMicros = 100;
  EXPECT_TRUE(f.matches(traceWith(200, "abc", "/v1.0/auditLogs/directoryAudits", 100)));
  EXPECT_FALSE(f.matches(traceWith(200, "other", "/v1.0/auditLogs/directoryAudits", 100)));
  EXPECT_FALSE(f.matches(traceWith(200, "abc", "/v1.0/deviceManagement/auditEvents", 100)));
  EXPECT_FALSE(f.matches(traceWith(200, "abc", "/v1.0/auditLogs/directoryAudits", 99)));
}

TEST(TraceRing, ListStopsAtTheLimit) {
  TraceRing ring(10);
  for (int i = 0; i < 6; ++i) ring.push(traceWith(200));
  TraceFilter f;
  f.limit = 4;
  EXPECT_EQ(ring.recent(f).size(), 4u);
}

TEST(TraceRing, ConcurrentPushesKeepTheNewestRecordsEachOnce) {
  TraceRing ring(100);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&ring] {
      for (int i = 0; i < 1000; ++i) ring.push(traceWith(200));
    });
  for (std::thread& t : threads) t.join();
  TraceFilter all;
  all.limit = 1000;
  std::vector<RequestTrace> recent = ring.recent(all);
  ASSERT_EQ(recent.size(), 100u);
  for (size_t i = 0; i < recent.size(); ++i) EXPECT_EQ(recent[i].id, 8000u - i);
}

TEST(Percentile, TakesTheNearestRank) {
  std::vector<double> values = {5, 1, 4, 2, 3, 100, 7, 8, 9, 6};
  EXPECT_EQ(percentile(values, 0.5), 5);
  EXPECT_EQ(percentile(values, 0.99), 100);
  std::vector<double> none;
  EXPECT_EQ(percentile(none, 0.5), 0);
}

}  // namespace
}  // namespace tenantsim::mock
