#!/usr/bin/env bash
# What per-request tracing costs: two `tenantsim serve` processes on the same scenario, one with
# the default trace ring (--trace-buffer 1000) and one with tracing off (--trace-buffer 0), and
# wrk on `$top=10` against each in turn, ROUNDS times (alternating, so a noisy neighbour hits both
# alike). Prints req/s and p99 per run and the median cost in % (bench/server_bench.md#tracing).
#
#   bench/trace_bench.sh [10k|100k] [path/to/tenantsim]
#
# Environment: DURATION (wrk seconds per run, max 15, default 8), ROUNDS (default 3), THREADS
# (wrk -t, 2), CONNECTIONS (wrk -c, 64), PORT (tracing on, 18090; off is PORT+1),
# STARTUP_TIMEOUT (seconds, 240).
set -euo pipefail

size="${1:-10k}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${2:-$repo/build/tenantsim}"
scenario="$repo/bench/scenarios/bench-$size.json"
duration="${DURATION:-8}"
(( duration > 15 )) && duration=15
rounds="${ROUNDS:-3}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
port_on="${PORT:-18090}"
port_off=$((port_on + 1))
startup_timeout="${STARTUP_TIMEOUT:-240}"

[[ -f "$scenario" ]] || { echo "no scenario $scenario (size: 10k or 100k)" >&2; exit 2; }
[[ -x "$bin" ]] || { echo "no tenantsim binary at $bin" >&2; exit 2; }
command -v wrk >/dev/null || "$repo/scripts/install-deps.sh" wrk

work="$(mktemp -d /tmp/tenantsim-trace-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

start() {  # port trace-buffer
  "$bin" serve --scenario "$scenario" --host 127.0.0.1 --port "$1" --no-tls --quiet \
    --trace-buffer "$2" --state-dir "$work/state-$1" >"$work/out-$1" 2>"$work/err-$1" &
  pids+=($!)
}
wait_ready() {  # port
  local started
  started=$(date +%s)
  until curl -fsS -o /dev/null "http://127.0.0.1:$1/v1.0/auditLogs/directoryAudits?\$top=1" 2>/dev/null; do
    (( $(date +%s) - started > startup_timeout )) && { echo "port $1 not ready" >&2; exit 1; }
    sleep 0.5
  done
}
# The two generate their stores one after the other (each takes both cores).
start "$port_on" 1000
wait_ready "$port_on"
start "$port_off" 0
wait_ready "$port_off"

run_wrk() {  # port -> "req/s p99ms"
  local out rps p99
  out="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
    "http://127.0.0.1:$1/v1.0/auditLogs/directoryAudits?\$top=10")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")"
  echo "$rps $p99"
}

echo "wrk -t$threads -c$connections -d${duration}s --latency, \$top=10, $size; $(nproc) cores"
echo "| round | tracing on req/s | p99 ms | tracing off req/s | p99 ms | cost |"
echo "|---|---|---|---|---|---|"
costs=()
for ((r = 1; r <= rounds; r++)); do
  read -r on_rps on_p99 <<<"$(run_wrk "$port_on")"
  read -r off_rps off_p99 <<<"$(run_wrk "$port_off")"
  cost="$(awk -v a="$on_rps" -v b="$off_rps" 'BEGIN {printf "%.1f", (b - a) / b * 100}')"
  costs+=("$cost")
  echo "| $r | $on_rps | $on_p99 | $off_rps | $off_p99 | $cost % |"
done
median="$(printf '%s\n' "${costs[@]}" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')"
echo "median cost of tracing: $median % of \$top=10 throughput"
