#!/usr/bin/env bash
# scripts/check-layers.py passes on the tree, and fails on planted violations: a base file that
# includes the simulation, an odata file that includes the simulator, a stage that includes the
# server. Usage: tests/layers_test.sh SOURCE_DIR
set -euo pipefail
src=$1
check="$src/scripts/check-layers.py"
python3 "$check" "$src"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plant() {  # plant FILE INCLUDE: a tree with one file that includes INCLUDE must fail the check
  rm -rf "${tmp:?}"/*
  mkdir -p "$tmp/$(dirname "$1")"
  printf '#include "%s"\n' "$2" >"$tmp/$1"
  if python3 "$check" "$tmp" >"$tmp/out"; then
    echo "FAIL: $1 including $2 passed the layer check" >&2
    exit 1
  fi
  grep -q "may not include \"$2\"" "$tmp/out" || { cat "$tmp/out" >&2; exit 1; }
}
plant base/time.cc simulator/simulation/store.h
plant mockserver/odata/filter.cc simulator/simulation/event.h
plant mockserver/stages/auth.cc mockserver/server/graph_server.h
plant simulator/simulation/tenant.cc simulator/graph/render.h
plant mockserver/http/metrics.cc mockserver/server/serving_state.h
# and the allowed direction passes
rm -rf "${tmp:?}"/*
mkdir -p "$tmp/mockserver/odata" "$tmp/app"
printf '#include "base/time.h"\n#include "simulator/graph/model.h"\n' >"$tmp/mockserver/odata/x.cc"
printf '#include "mockserver/server/graph_server.h"\n' >"$tmp/app/main.cc"
python3 "$check" "$tmp"
echo "layer check: ok"
