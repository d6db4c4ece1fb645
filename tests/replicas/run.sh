#!/usr/bin/env bash
# Replicas on real infrastructure (issue #15): runs every tests/replicas/*_test.{py,sh} against
# TENANTSIM_BINARY (default build/tenantsim), each bounded by REPLICAS_TEST_TIMEOUT seconds
# (default 180). Needs haproxy, redis-server, nginx (nginx-light), openssl and python3-msal from
# Debian, and node (clients_test.py runs tests/clients/node's npm ci when node_modules is missing).
# Usage: tests/replicas/run.sh [TENANTSIM_BINARY] [TEST_NAME...]
# Tests named in tests/replicas/PENDING run and report, but their failure does not fail the run.
# Prints `replicas: N passed, M failed` (test files) and exits non-zero on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export TENANTSIM
TENANTSIM=$(realpath "${1:-$root/build/tenantsim}")
shift || true
[ -x "$TENANTSIM" ] || { echo "no tenantsim binary at $TENANTSIM"; exit 1; }
timeout_s=${REPLICAS_TEST_TIMEOUT:-180}
passed=0 failed=0 pending=0
pending_names=" $(grep -v '^#' "$here/PENDING" 2>/dev/null | tr '\n' ' ') "
for test in "$here"/*_test.py "$here"/*_test.sh; do
  [ -e "$test" ] || continue
  name=$(basename "$test"); name=${name%_test.*}
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  echo "== $name"
  if timeout --kill-after=10 "$timeout_s" "$test"; then
    passed=$((passed + 1))
  elif [[ "$pending_names" == *" $name "* ]]; then
    echo "PENDING (tests/replicas/PENDING): $name"
    pending=$((pending + 1))
  else
    echo "FAILED: $name"
    failed=$((failed + 1))
  fi
done
echo "replicas: $passed passed, $failed failed, $pending pending"
[ "$failed" -eq 0 ]
