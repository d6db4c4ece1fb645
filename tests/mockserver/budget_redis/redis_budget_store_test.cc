// The Redis budget store (serve --throttle-store): its URL, and failing open while Redis is away.
// The shared budget itself runs against a real redis-server in tests/replicas/throttle_test.py.
#include "mockserver/budget_redis/redis_budget_store.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tenantsim::mock {
namespace {

TEST(RedisUrl, HostPortAndDatabase) {
  Result<RedisEndpoint> e = parseRedisUrl("redis://127.0.0.1:6390/2");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, 6390);
  EXPECT_EQ(e->database, 2);
}

TEST(RedisUrl, PortDefaultsTo6379) {
  Result<RedisEndpoint> e = parseRedisUrl("redis://cache.internal");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "cache.internal");
  EXPECT_EQ(e->port, 6379);
  EXPECT_EQ(e->database, 0);
}

TEST(RedisUrl, BracketedIpv6Host) {
  Result<RedisEndpoint> e = parseRedisUrl("redis://[::1]:7000");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "::1");
  EXPECT_EQ(e->port, 7000);
}

TEST(RedisUrl, RejectsOtherSchemesAndBadPorts) {
  EXPECT_FALSE(parseRedisUrl("http://127.0.0.1:6379"));
  EXPECT_FALSE(parseRedisUrl("redis://"));
  EXPECT_FALSE(parseRedisUrl("redis://127.0.0.1:0"));
  EXPECT_FALSE(parseRedisUrl("redis://127.0.0.1:65536"));
  EXPECT_FALSE(parseRedisUrl("redis://127.0.0.1:63x9"));
  EXPECT_FALSE(parseRedisUrl("redis://127.0.0.1/16"));
}

// A loopback port nothing listens on: bound, never listened to, then closed.
int closedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(RedisBudgetStore, FailsOpenWhenRedisIsAway) {
  auto store = makeRedisBudgetStore({"127.0.0.1", closedPort(), 0});
  for (int i = 0; i < 3; ++i) {
    Admission a = store->admit("app:x|t|directoryAudits", 1, std::chrono::seconds(10));
    EXPECT_TRUE(a.allowed);
    EXPECT_TRUE(a.storeUnavailable);
  }
}

}  // namespace
}  // namespace tenantsim::mock
