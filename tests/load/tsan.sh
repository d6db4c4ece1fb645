#!/usr/bin/env bash
# ThreadSanitizer step (issue #6): builds only the multithreaded server, store and live-feeder
# tests with -DTENANTSIM_SANITIZE=thread in build-tsan and runs them (TSAN_BUILD_ONLY=1: only
# builds them). Any data race fails the run.
# The connection layer (event loops, request workers, the latency timer, stop while serving) runs
# in every one of them; limits_test drives its queue, connection and timeout limits.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${TSAN_BUILD_DIR:-build-tsan}"
TESTS=(paging_randomized_test live_admin_test skiptoken_replicas_test pipeline_wiring_test
       live_paging_concurrency_test limits_test reload_test indexed_live_paging_test
       connection_layer_test request_workers_test)
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
generator=(); command -v ninja >/dev/null && [ ! -f "$BUILD/CMakeCache.txt" ] && generator=(-G Ninja)
cmake -S . -B "$BUILD" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTENANTSIM_SANITIZE=thread "${launcher[@]}" >/dev/null
cmake --build "$BUILD" -j"${TSAN_JOBS:-$(nproc)}" --target "${TESTS[@]}"
[ "${TSAN_BUILD_ONLY:-0}" = 1 ] && exit 0 # scripts/test.sh builds while other suites run
failed=0
for t in "${TESTS[@]}"; do
  start=$(date +%s)
  if TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}" timeout 600 "$BUILD/$t" >"$BUILD/$t.log" 2>&1; then
    echo "tsan: $t passed ($(( $(date +%s) - start )) s, $(grep -c '^\[       OK' "$BUILD/$t.log") tests)"
  else
    failed=1
    echo "tsan: $t FAILED; log: $BUILD/$t.log"
    grep -m5 -A20 'WARNING: ThreadSanitizer' "$BUILD/$t.log" || tail -40 "$BUILD/$t.log"
  fi
done
exit $failed
