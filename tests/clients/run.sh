#!/usr/bin/env bash
# Client conformance suite (issue #5): unmodified Microsoft client libraries against a freshly
# started `tenantsim serve` on loopback. Two servers share one state dir (one local CA):
#   main      tests/clients/scenario.json: strict auth, no faults, no throttling, no ingest delay;
#   throttled the same scenario with budgets of 3 requests per 4 s, for the retry-handler tests.
# Expected ids come from `tenantsim generate --format ndjson` for the same scenario.
#   proxied   the main scenario with `--proxy --proxy-port 0` and its access log on, for proxy mode:
#             clients with Graph's and Entra's real host names, HTTPS_PROXY and the CA only.
# Usage: tests/clients/run.sh [TENANTSIM_BINARY]   (default build/tenantsim)
# Needs node >= 20 (deps: npm ci in tests/clients/node) and /usr/bin/python3 with python3-msal.
# Prints `clients: N passed, M failed` and exits non-zero on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(realpath "${1:-${TENANTSIM:-$root/build/tenantsim}}")
suite_timeout=${CLIENTS_SUITE_TIMEOUT:-120}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$bin" ] || { echo "no tenantsim binary at $bin"; echo "clients: 0 passed, 1 failed"; exit 1; }

# start_server NAME SCENARIO [SERVE ARGS...]: sets NAME_http and NAME_https to the origins it
# listens on, and NAME_proxy to its proxy's URL when started with --proxy. Default args: -q.
start_server() {
  local name=$1 scenario=$2 out="$work/$1.out" http= https= proxy= wants_proxy=
  shift 2
  [ $# -gt 0 ] || set -- -q
  [[ " $* " == *" --proxy "* ]] && wants_proxy=1
  # --threads 16: each idle keep-alive connection holds a worker for up to 30 s (cpp-httplib), and
  # the clients here keep several open; the default (max(4, cores)) stalls them.
  "$bin" serve --scenario "$scenario" --port 0 --tls-port 0 --state-dir "$work/state" --threads 16 "$@" \
    >"$out" 2>"$work/$name.err" &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 300); do
    http=$(sed -n 's|^listening on \(http://127.0.0.1:[0-9]*\)$|\1|p' "$out" | head -n1)
    https=$(sed -n 's|^listening on \(https://127.0.0.1:[0-9]*\)$|\1|p' "$out" | head -n1)
    proxy=$(sed -n 's|^proxying on \(http://127.0.0.1:[0-9]*\) .*|\1|p' "$out" | head -n1)
    [ -n "$http" ] && [ -n "$https" ] && { [ -z "$wants_proxy" ] || [ -n "$proxy" ]; } && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$http" ] || [ -z "$https" ] || { [ -n "$wants_proxy" ] && [ -z "$proxy" ]; }; then
    echo "server '$name' did not start:"; cat "$work/$name.err"
    echo "clients: 0 passed, 1 failed"; exit 1
  fi
  printf -v "${name}_http" %s "$http"
  printf -v "${name}_https" %s "$https"
  printf -v "${name}_proxy" %s "$proxy"
}

sed 's|"throttling": false|"throttling": { "directoryAudits": { "requests": 3, "perSeconds": 4 }, "auditEvents": { "requests": 3, "perSeconds": 4 } }|' \
  "$here/scenario.json" >"$work/throttled.json"
grep -q '"perSeconds": 4' "$work/throttled.json" || { echo "could not derive the throttled scenario"; exit 1; }

"$bin" generate --scenario "$here/scenario.json" --format ndjson --out "$work/events.ndjson" >/dev/null ||
  { echo "generate failed"; echo "clients: 0 passed, 1 failed"; exit 1; }
"$bin" generate --scenario "$here/scenario.json" --log signIns --api beta --format ndjson \
  --out "$work/signins.ndjson" >/dev/null ||
  { echo "generate --log signIns failed"; echo "clients: 0 passed, 1 failed"; exit 1; }
for log in alerts incidents; do
  "$bin" generate --scenario "$here/scenario.json" --log "$log" --api v1.0 --format ndjson \
    --out "$work/$log.ndjson" >/dev/null ||
    { echo "generate --log $log failed"; echo "clients: 0 passed, 1 failed"; exit 1; }
done
"$bin" generate --scenario "$here/scenario.json" --log riskDetections --format ndjson \
  --out "$work/risks.ndjson" >/dev/null ||
  { echo "generate --log riskDetections failed"; echo "clients: 0 passed, 1 failed"; exit 1; }
start_server main "$here/scenario.json"
start_server throttled "$work/throttled.json"
start_server proxied "$here/scenario.json" --proxy --proxy-port 0
ca="$work/state/ca.pem"
echo "servers: $main_https (+ $main_http), throttled $throttled_https, proxy $proxied_proxy;" \
  "$(wc -l <"$work/events.ndjson") events"

total_pass=0
total_fail=0
# run_suite NAME DIR COMMAND...: runs with a timeout, reads TAP `# pass N` / `# fail M`.
run_suite() {
  local name=$1 dir=$2; shift 2
  local log="$work/suite-$name.log" start=$SECONDS rc=0
  (cd "$dir" && env TENANTSIM_HTTPS="$main_https" TENANTSIM_HTTP="$main_http" TENANTSIM_CA="$ca" \
      TENANTSIM_NDJSON="$work/events.ndjson" TENANTSIM_SIGNINS_NDJSON="$work/signins.ndjson" \
      TENANTSIM_RISKS_NDJSON="$work/risks.ndjson" TENANTSIM_ALERTS_NDJSON="$work/alerts.ndjson" TENANTSIM_INCIDENTS_NDJSON="$work/incidents.ndjson" NODE_EXTRA_CA_CERTS="$ca" REQUESTS_CA_BUNDLE="$ca" \
      timeout --kill-after=5 "$suite_timeout" "$@") >"$log" 2>&1 || rc=$?
  local pass fail
  pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n1)
  fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n1)
  pass=${pass:-0}
  fail=${fail:-0}
  # A crash, a timeout or a missing dependency counts as one failure even without TAP counts.
  if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
  printf '%-18s %3d passed, %d failed (%ds)%s\n' "$name" "$pass" "$fail" $((SECONDS - start)) \
    "$([ "$rc" -eq 124 ] && echo ', timed out')"
  grep -E '^# (graph-client|Kiota|python)' "$log" | sed 's/^/  /'
  if [ "$fail" -ne 0 ] || [ "$rc" -ne 0 ]; then
    grep -E -A25 '^not ok' "$log" | head -n 80 | sed 's/^/  | /'
    [ "$rc" -ne 0 ] && tail -n 15 "$log" | sed 's/^/  ! /'
  fi
  return 0
}

node_dir="$here/node"
if [ ! -d "$node_dir/node_modules" ]; then
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error) >"$work/npm.log" 2>&1 || { cat "$work/npm.log"; }
fi
run_suite node "$node_dir" node --test --test-reporter=tap identity.test.js graph-client.test.js kiota-beta.test.js \
  signins.test.js alerts.test.js
run_suite python-msal "$here/python" /usr/bin/python3 test_msal.py
run_suite raw-curl "$here/raw" /usr/bin/python3 test_raw.py
run_suite consumer-replays "$here/python" /usr/bin/python3 test_consumer_replays.py
# The retry-handler runs: the same clients against the throttled server.
main_https=$throttled_https main_http=$throttled_http run_suite node-throttling "$node_dir" \
  env TENANTSIM_THROTTLED_ADMIN="$throttled_http" node --test --test-reporter=tap throttling.test.js
run_suite python-throttling "$here/python" env TENANTSIM_THROTTLED_HTTPS="$throttled_https" \
  TENANTSIM_THROTTLED_ADMIN="$throttled_http" /usr/bin/python3 test_msal.py throttling_survived_by_urllib3_retry
# Proxy mode: the real host names through the proxied server's proxy. curl gets --proxy; MSAL
# and requests get nothing but HTTPS_PROXY and REQUESTS_CA_BUNDLE (every other proxy variable unset).
no_proxy_env=(-u http_proxy -u HTTP_PROXY -u https_proxy -u all_proxy -u ALL_PROXY -u no_proxy -u NO_PROXY)
run_suite proxy-curl "$here/raw" env "${no_proxy_env[@]}" TENANTSIM_PROXY_URL="$proxied_proxy" \
  TENANTSIM_PROXY_LOG="$work/proxied.err" /usr/bin/python3 test_proxy_curl.py
run_suite proxy-msal "$here/python" env "${no_proxy_env[@]}" HTTPS_PROXY="$proxied_proxy" \
  TENANTSIM_PROXY_LOG="$work/proxied.err" /usr/bin/python3 test_msal_proxy.py
run_suite proxy-node "$node_dir" env "${no_proxy_env[@]}" HTTPS_PROXY="$proxied_proxy" \
  TENANTSIM_PROXY_LOG="$work/proxied.err" node --test --test-reporter=tap proxy.test.js

echo "clients: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
