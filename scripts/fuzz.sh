#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang, ASan+UBSan) in build-fuzz and runs each for a bounded
# time: scripts/fuzz.sh [seconds per target, default 20] [target...]. Each run starts from the
# committed seeds (fuzz/corpus/<target>/) plus fuzz/regressions/<target>/, writes new inputs to a
# scratch corpus (not the committed one) and prints executions per target. A crash leaves its input
# in build-fuzz/crashes/<target>/ and fails the script: copy it to fuzz/regressions/<target>/ and
# the ctest FuzzRegressions test replays it from then on. FUZZ_SEED sets libFuzzer's seed (default
# 0: a random one; scripts/test.sh fixes it at 1 so CI's runs repeat). FUZZ_BUILD_ONLY=1 only builds.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-20}"
shift || true
BUILD="${FUZZ_BUILD_DIR:-build-fuzz}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(filter query_options skiptoken scenario token_endpoint access_token client_assertion raw_request)

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  launcher=()
  if command -v ccache >/dev/null; then
    export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  CC=clang CXX=clang++ cmake -S fuzz -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
fi
cmake --build "$BUILD" -j"${FUZZ_JOBS:-2}" --target $(printf '%s_fuzz ' "${TARGETS[@]}") >/dev/null
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0 # scripts/test.sh builds while other suites run

# fuzz TARGET: runs one target; its summary line goes to $BUILD/TARGET.result.
fuzz() {
  local t=$1 work="$BUILD/corpus/$1" crashes="$BUILD/crashes/$1" log="$BUILD/$1.log" rc execs cov
  mkdir -p "$work" "$crashes" "fuzz/regressions/$t"
  set +e
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    timeout -k 10 $((SECONDS_PER_TARGET + 60)) \
    "$BUILD/${t}_fuzz" "$work" "fuzz/corpus/$t" "fuzz/regressions/$t" \
      -max_total_time="$SECONDS_PER_TARGET" -seed="${FUZZ_SEED:-0}" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
      -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -m1 '^stat::number_of_executed_units' "$log" | awk '{print $2}') || true
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}') || true
  if [ $rc -ne 0 ]; then
    printf '%-17s FAILED (rc %d) executions=%s; see %s and %s\n' "$t" "$rc" "${execs:-?}" "$log" "$crashes"
  else
    printf '%-17s executions=%-9s coverage=%-6s seconds=%s\n' "$t" "${execs:-?}" "${cov:-?}" "$SECONDS_PER_TARGET"
  fi >"$BUILD/$t.result"
}
# FUZZ_PARALLEL targets at a time (default: one per core). A libFuzzer run is one thread, so each
# target still has a core for its whole time: the same executions, in half the wall time on 2 cores.
parallel=${FUZZ_PARALLEL:-$(nproc)}
running=0
for t in "${TARGETS[@]}"; do
  rm -f "$BUILD/$t.result"
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  fuzz "$t" &
  running=$((running + 1))
done
wait
failed=0
for t in "${TARGETS[@]}"; do
  cat "$BUILD/$t.result" 2>/dev/null || echo "$t: no result"
  grep -qv FAILED "$BUILD/$t.result" 2>/dev/null || failed=1
done
exit $failed
