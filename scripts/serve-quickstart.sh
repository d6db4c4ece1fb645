#!/usr/bin/env bash
# Installs what is missing, builds, and serves scenarios/quickstart.json (Ctrl-C to stop).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BUILD_DIR=build BUILD_TARGETS=tenantsim scripts/build.sh
exec build/tenantsim serve --scenario scenarios/quickstart.json "$@"
