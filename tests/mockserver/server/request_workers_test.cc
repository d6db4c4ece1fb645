// RequestWorkers (mockserver/server/request_workers.h): every job runs; no more than `running`
// workers take jobs while they make progress; a job that waits behind stalled workers gets
// another worker; the queue bound sheds.
#include "mockserver/server/request_workers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

namespace tenantsim::mock {
namespace {

using namespace std::chrono_literals;

RequestWorkerOptions options(size_t threads, size_t running,
                             std::chrono::microseconds stallAfter = 2ms) {
  RequestWorkerOptions o;
  o.threads = threads;
  o.running = running;
  o.maxQueued = 100000;
  o.stallAfter = stallAfter;
  return o;
}

// Counts the jobs running at once and the most seen.
struct Concurrency {
  std::atomic<int> now{0}, most{0};
  void enter() {
    int n = ++now;
    int seen = most.load();
    while (n > seen && !most.compare_exchange_weak(seen, n)) {
    }
  }
  void leave() { --now; }
};

TEST(RequestWorkers, RunsEveryJobAndDrainsTheQueueOnShutdown) {
  RequestWorkers workers(options(4, 2));
  std::atomic<int> ran{0};
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE(workers.tryPost([&](bool) { ++ran; }));
  workers.shutdown();
  EXPECT_EQ(ran.load(), 2000);
  EXPECT_FALSE(workers.tryPost([](bool) {})) << "no job after shutdown";
}

TEST(RequestWorkers, NoMoreThanRunningWorkersTakeJobsWhileTheyProgress) {
  // Eight threads, two kept running, and no stall ever declared: whatever the timing, at most
  // two jobs run at once, and no worker is woken beyond them.
  RequestWorkers workers(options(8, 2, std::chrono::hours(1)));
  Concurrency c;
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::atomic<int> ran{0};
  for (int i = 0; i < 400; ++i) {
    ASSERT_TRUE(workers.tryPost([&](bool) {
      c.enter();
      std::this_thread::sleep_for(50us);
      {
        std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
      }
      c.leave();
      ++ran;
    }));
  }
  // (Not shutdown() at once: every worker helps drain the queue on shutdown.)
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (ran.load() < 400 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  EXPECT_EQ(ran.load(), 400);
  workers.shutdown();
  EXPECT_LE(c.most.load(), 2);
  EXPECT_EQ(workers.stallWakeCount(), 0u);
}

TEST(RequestWorkers, AJobWaitingBehindAStalledWorkerGetsAnotherOne) {
  // One worker kept running, held by a job that does not end until the test says so: the next
  // job must still run (a sleeper is called after stallAfter), on another thread.
  RequestWorkers workers(options(4, 1, 5ms));
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<std::thread::id> longStarted;
  ASSERT_TRUE(workers.tryPost([&](bool) {
    longStarted.set_value(std::this_thread::get_id());
    released.wait();
  }));
  std::thread::id longThread = longStarted.get_future().get();
  std::promise<std::thread::id> shortRan;
  std::future<std::thread::id> shortThread = shortRan.get_future();
  ASSERT_TRUE(workers.tryPost([&](bool) { shortRan.set_value(std::this_thread::get_id()); }));
  ASSERT_EQ(shortThread.wait_for(10s), std::future_status::ready)
      << "the queued job waited for the stalled one";
  EXPECT_NE(shortThread.get(), longThread);
  EXPECT_GE(workers.stallWakeCount(), 1u);
  release.set_value();
  workers.shutdown();
}

TEST(RequestWorkers, EveryStalledWorkerIsReplacedUpToTheThreads) {
  // Three workers, one kept running; two jobs that hold their workers: a third job still runs.
  RequestWorkers workers(options(3, 1, 2ms));
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> holding{0};
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(workers.tryPost([&](bool) {
      ++holding;
      released.wait();
    }));
  }
  std::promise<void> thirdRan;
  std::future<void> third = thirdRan.get_future();
  ASSERT_TRUE(workers.tryPost([&](bool) { thirdRan.set_value(); }));
  EXPECT_EQ(third.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(holding.load(), 2);
  release.set_value();
  workers.shutdown();
}

TEST(RequestWorkers, AFullQueueRefusesAndCountsTheShedJob) {
  RequestWorkerOptions o = options(1, 1);
  o.maxQueued = 1;
  RequestWorkers workers(o);
  std::promise<void> release, started;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_TRUE(workers.tryPost([&](bool) {
    started.set_value();
    released.wait();
  }));
  started.get_future().wait();  // the one worker is busy
  std::atomic<int> ran{0};
  EXPECT_TRUE(workers.tryPost([&](bool) { ++ran; })) << "one may wait";
  EXPECT_FALSE(workers.tryPost([&](bool) { ++ran; })) << "a second may not";
  EXPECT_EQ(workers.shedCount(), 1u);
  release.set_value();
  workers.shutdown();
  EXPECT_EQ(ran.load(), 1);
}

TEST(RequestWorkers, AJobThatWaitedPastMaxWaitIsToldItExpired) {
  RequestWorkerOptions o = options(1, 1);
  o.maxWait = 20ms;
  RequestWorkers workers(o);
  std::promise<void> started;
  ASSERT_TRUE(workers.tryPost([&](bool) {
    started.set_value();
    std::this_thread::sleep_for(60ms);
  }));
  started.get_future().wait();
  std::promise<bool> expired;
  ASSERT_TRUE(workers.tryPost([&](bool e) { expired.set_value(e); }));
  EXPECT_TRUE(expired.get_future().get());
  EXPECT_EQ(workers.shedCount(), 1u);
  workers.shutdown();
}

}  // namespace
}  // namespace tenantsim::mock
