#!/usr/bin/env bash
# Configures and builds tenantsim into build/ (or $BUILD_DIR), Release with debug info.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
ninja -C "$build" -j"$(nproc)"
