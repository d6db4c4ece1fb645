#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: first the normal build, then the whole
# suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BUILD_DIR=build scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
if [ "${TENANTSIM_SKIP_SANITIZERS:-0}" != 1 ]; then
  # -O1: quick to compile, still fast enough under the sanitizers.
  BUILD_DIR=build-asan BUILD_TYPE=RelWithDebInfo scripts/build.sh -DTENANTSIM_SANITIZE=address,undefined \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
fi
