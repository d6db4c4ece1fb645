// BodyBufferPool (mockserver/server/body_buffers.h): response bodies kept between requests, empty
// when taken, within their bounds.
#include "mockserver/server/body_buffers.h"

#include <gtest/gtest.h>

#include <string>

namespace tenantsim::mock {
namespace {

TEST(BodyBufferPool, ATakenBufferIsEmptyAndKeepsTheCapacityGivenBack) {
  BodyBufferPool pool(1 << 20, 256 << 10);
  EXPECT_EQ(pool.take().capacity(), std::string().capacity()) << "nothing kept yet";
  std::string page(100000, 'x');
  size_t capacity = page.capacity();
  pool.give(std::move(page));
  EXPECT_TRUE(page.empty());  // NOLINT(bugprone-use-after-move): give() leaves it empty
  EXPECT_EQ(pool.keptBuffers(), 1u);
  std::string again = pool.take();
  EXPECT_TRUE(again.empty()) << "no bytes of the last answer";
  EXPECT_EQ(again.capacity(), capacity);
  EXPECT_EQ(pool.keptBuffers(), 0u);
  EXPECT_EQ(pool.keptBytes(), 0u);
}

TEST(BodyBufferPool, KeepsWithinItsBounds) {
  BodyBufferPool pool(300 << 10, 200 << 10);
  pool.give(std::string(100, 'x'));        // too small to be worth keeping
  pool.give(std::string(300 << 10, 'x'));  // larger than one buffer may be
  EXPECT_EQ(pool.keptBuffers(), 0u);
  pool.give(std::string(160 << 10, 'x'));
  pool.give(std::string(160 << 10, 'x'));  // over the total
  EXPECT_EQ(pool.keptBuffers(), 1u);
  EXPECT_LE(pool.keptBytes(), size_t{300} << 10);
}

}  // namespace
}  // namespace tenantsim::mock
