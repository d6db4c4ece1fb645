// Evaluating a compiled filter allocates nothing per event (the hot path of every listing).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "tests/support/fake_event.h"

// GCC 12 at -O2 wrongly sees the replaced operator delete's free() as mismatched with new.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }

namespace tenantsim::odata {
namespace {

TEST(FilterAllocation, MatchingAllocatesNothing) {
  testing::FakeEvent event;
  event.with(Field::Category, "RoleManagement")
      .with(Field::ActivityDisplayName, "Add member to role")
      .at("2024-05-01T10:00:00Z")
      .withElement(Collection::TargetResources, {{Field::TargetId, "a"}})
      .withElement(Collection::TargetResources, {{Field::TargetId, "b"}});
  const CompiledFilter filter = testing::compiled(
      "activityDateTime ge 2024-05-01 and activityDateTime le 2024-05-02 and "
      "(category eq 'RoleManagement' or startswith(activityDisplayName,'Add')) and "
      "targetResources/any(t: t/id eq 'b') and initiatedBy/app/appId eq null",
      testing::entra(), {.caseInsensitiveStrings = true});
  bool all = true;
  counting = true;
  for (int i = 0; i < 1000; ++i) all = filter.matches(event) && all;
  counting = false;
  EXPECT_TRUE(all);
  EXPECT_EQ(allocations.load(), 0);
}

}  // namespace
}  // namespace tenantsim::odata
