#include "mockserver/budget_redis/redis_budget_store.h"

#include <hiredis/hiredis.h>

#include <atomic>
#include <charconv>
#include <iostream>
#include <mutex>
#include <vector>

namespace tenantsim::mock {
namespace {

using SteadyClock = std::chrono::steady_clock;

// KEYS[1] the window; ARGV[1] the period in microseconds, ARGV[2] the budget, ARGV[3] a member
// unique to this request. Returns {1, 0} when admitted, else {0, microseconds until a slot frees}.
constexpr const char* kAdmitScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local period = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(period / 1000))
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + period - now}
)lua";

struct ContextFree {
  void operator()(redisContext* c) const { redisFree(c); }
};
using Connection = std::unique_ptr<redisContext, ContextFree>;
struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

timeval toTimeval(std::chrono::milliseconds ms) {
  return {static_cast<time_t>(ms.count() / 1000),
          static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

class RedisBudgetStore final : public BudgetStore {
 public:
  RedisBudgetStore(RedisEndpoint endpoint, RedisBudgetStoreOptions options)
      : endpoint_(std::move(endpoint)), options_(std::move(options)) {
    // Unique admission members across replicas: this process's address and id, then a counter.
    instance_ = std::to_string(reinterpret_cast<uintptr_t>(this)) + "." +
                std::to_string(SteadyClock::now().time_since_epoch().count());
  }

  Admission admit(std::string_view key, int64_t requests, SteadyClock::duration period) override {
    Connection connection = take();
    if (!connection) return unavailable("cannot connect");
    std::string window = options_.keyPrefix;
    window.append(key);
    std::string periodMicros = std::to_string(std::max<int64_t>(
        1, std::chrono::duration_cast<std::chrono::microseconds>(period).count()));
    std::string budget = std::to_string(requests);
    std::string member = instance_ + "." + std::to_string(sequence_.fetch_add(1));
    const char* argv[] = {"EVAL",         kAdmitScript,  "1", window.c_str(), periodMicros.c_str(),
                          budget.c_str(), member.c_str()};
    Reply reply(static_cast<redisReply*>(redisCommandArgv(connection.get(), 7, argv, nullptr)));
    if (!reply || connection->err) return unavailable(connection->errstr);
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
        reply->element[0]->type != REDIS_REPLY_INTEGER ||
        reply->element[1]->type != REDIS_REPLY_INTEGER) {
      give(std::move(connection));
      return unavailable(reply->type == REDIS_REPLY_ERROR ? reply->str : "unexpected reply");
    }
    give(std::move(connection));
    recovered();
    if (reply->element[0]->integer == 1) return {};
    return {false, std::chrono::microseconds(std::max<long long>(0, reply->element[1]->integer)),
            false};
  }

 private:
  // A pooled connection, or a new one (nullptr while Redis is down and no retry is due).
  Connection take() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        Connection c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
      if (down_ && SteadyClock::now() < nextAttempt_) return nullptr;
      if (down_) nextAttempt_ = SteadyClock::now() + options_.reconnectEvery;
    }
    timeval timeout = toTimeval(options_.timeout);
    Connection c(redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port, timeout));
    if (!c || c->err) return nullptr;
    redisSetTimeout(c.get(), timeout);
    if (endpoint_.database != 0) {
      Reply r(static_cast<redisReply*>(redisCommand(c.get(), "SELECT %d", endpoint_.database)));
      if (!r || r->type == REDIS_REPLY_ERROR) return nullptr;
    }
    return c;
  }

  void give(Connection c) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdle) idle_.push_back(std::move(c));
  }

  // Fail open; the first failure of an outage is logged, and the pool is dropped (its connections
  // are to the Redis that went away).
  Admission unavailable(const char* why) {
    std::lock_guard lock(mutex_);
    if (!down_) {
      std::cerr << "tenantsim: throttle store redis://" << endpoint_.host << ":" << endpoint_.port
                << " unavailable (" << (why ? why : "?")
                << "); serving without shared budgets until it answers again\n";
      down_ = true;
      nextAttempt_ = SteadyClock::now() + options_.reconnectEvery;
    }
    idle_.clear();
    return {true, {}, true};
  }

  void recovered() {
    if (!down_.load(std::memory_order_relaxed)) return;
    std::lock_guard lock(mutex_);
    if (!down_) return;
    down_ = false;
    std::cerr << "tenantsim: throttle store redis://" << endpoint_.host << ":" << endpoint_.port
              << " answers again; budgets are shared again\n";
  }

  static constexpr size_t kMaxIdle = 64;
  RedisEndpoint endpoint_;
  RedisBudgetStoreOptions options_;
  std::string instance_;
  std::atomic<uint64_t> sequence_{0};
  std::mutex mutex_;
  std::vector<Connection> idle_;
  std::atomic<bool> down_{false};
  SteadyClock::time_point nextAttempt_{};
};

bool parseInt(std::string_view text, int lo, int hi, int* out) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi)
    return false;
  *out = value;
  return true;
}

}  // namespace

Result<RedisEndpoint> parseRedisUrl(const std::string& url) {
  auto bad = [&](const char* why) {
    return plainError("--throttle-store " + url + ": " + why +
                      " (expected redis://host[:port][/db])");
  };
  constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) return bad("not a redis:// URL");
  std::string_view rest = std::string_view(url).substr(kScheme.size());
  RedisEndpoint endpoint;
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    if (!parseInt(rest.substr(slash + 1), 0, 15, &endpoint.database))
      return bad("the database is a number from 0 to 15");
    rest = rest.substr(0, slash);
  }
  std::string_view port;
  if (rest.starts_with('[')) {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return bad("unclosed [");
    endpoint.host = std::string(rest.substr(1, close - 1));
    rest = rest.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return bad("junk after ]");
    if (!rest.empty()) port = rest.substr(1);
  } else if (size_t colon = rest.find(':'); colon != std::string_view::npos) {
    endpoint.host = std::string(rest.substr(0, colon));
    port = rest.substr(colon + 1);
  } else {
    endpoint.host = std::string(rest);
  }
  if (endpoint.host.empty()) return bad("no host");
  if (!port.empty() && !parseInt(port, 1, 65535, &endpoint.port)) return bad("bad port");
  return endpoint;
}

std::unique_ptr<BudgetStore> makeRedisBudgetStore(RedisEndpoint endpoint,
                                                  RedisBudgetStoreOptions options) {
  return std::make_unique<RedisBudgetStore>(std::move(endpoint), std::move(options));
}

}  // namespace tenantsim::mock
