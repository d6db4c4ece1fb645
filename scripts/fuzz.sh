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

failed=0
summary=()
for t in "${TARGETS[@]}"; do
  work="$BUILD/corpus/$t"; crashes="$BUILD/crashes/$t"
  mkdir -p "$work" "$crashes" "fuzz/regressions/$t"
  log="$BUILD/$t.log"
  set +e
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    timeout -k 10 $((SECONDS_PER_TARGET + 60)) \
    "$BUILD/${t}_fuzz" "$work" "fuzz/corpus/$t" "fuzz/regressions/$t" \
      -max_total_time="$SECONDS_PER_TARGET" -seed="${FUZZ_SEED:-0}" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
      -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -m1 '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  if [ $rc -ne 0 ]; then
    failed=1
    summary+=("$(printf '%-17s FAILED (rc %d) executions=%s; see %s and %s' "$t" "$rc" "${execs:-?}" "$log" "$crashes")")
  else
    summary+=("$(printf '%-17s executions=%-9s coverage=%-6s seconds=%s' "$t" "${execs:-?}" "${cov:-?}" "$SECONDS_PER_TARGET")")
  fi
done
printf '%s\n' "${summary[@]}"
exit $failed
