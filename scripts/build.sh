#!/usr/bin/env bash
# Configures and builds tenantsim into build/ (or $BUILD_DIR), Release with debug info and warnings as errors; every target,
# or only the ninja targets named in $BUILD_TARGETS.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
launcher=()
if command -v ccache >/dev/null; then
  # Paths relative to the checkout, so clones in other folders share cached objects.
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} -DTENANTSIM_WERROR=ON "${launcher[@]}" "$@" >/dev/null
# shellcheck disable=SC2086  # BUILD_TARGETS is a list
ninja -C "$build" -j"$(nproc)" ${BUILD_TARGETS:-}
