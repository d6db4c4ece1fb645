// One throttling budget across replicas (issue #15): the sliding windows in Redis, so N servers
// sharing `--throttle-store redis://host:port[/db]` grant an app Graph's budget once, not N times.
// Each admit() is one Lua script run atomically by Redis on a sorted set of admission times:
// ZREMRANGEBYSCORE (drop what left the window) + ZCARD + ZADD + PEXPIRE, times from Redis's own
// TIME so every replica reads one clock. If Redis does not answer, requests are let through
// (fail open, Admission::storeUnavailable, counted by the throttling stage in
// tenantsim_throttle_store_unavailable_total), the outage is logged once, and the store tries to
// reconnect at most once per second until Redis is back.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "base/result.h"
#include "mockserver/http/budget_store.h"

namespace tenantsim::mock {

struct RedisEndpoint {
  std::string host;
  int port = 6379;
  int database = 0;
};

// Parses redis://host[:port][/db] (host may be a bracketed IPv6 address).
Result<RedisEndpoint> parseRedisUrl(const std::string& url);

struct RedisBudgetStoreOptions {
  std::chrono::milliseconds timeout{250};          // connect and per-command
  std::chrono::milliseconds reconnectEvery{1000};  // while down: one attempt per interval
  std::string keyPrefix = "tenantsim:throttle:";
};

// Does not connect yet: the first admit() does, so a server starts even while Redis is down.
std::unique_ptr<BudgetStore> makeRedisBudgetStore(RedisEndpoint endpoint,
                                                  RedisBudgetStoreOptions options = {});

}  // namespace tenantsim::mock
