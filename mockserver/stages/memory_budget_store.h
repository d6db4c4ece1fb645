// The in-memory budget store: each server counts its own requests (the default; replicas behind a
// load balancer each grant the whole budget). Windows of keys idle longer than `idleAfter` are
// dropped, and at most maxKeys keys are tracked (the oldest-idle evicted first).
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "mockserver/http/budget_store.h"

namespace tenantsim::mock {

std::unique_ptr<BudgetStore> makeMemoryBudgetStore(
    size_t maxKeys, std::chrono::steady_clock::duration idleAfter,
    std::function<std::chrono::steady_clock::time_point()> now);

}  // namespace tenantsim::mock
