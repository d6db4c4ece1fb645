#!/usr/bin/env bash
# What per-request tracing costs: two `tenantsim serve` processes on the same scenario, one with
# the default trace ring (--trace-buffer 1000) and one with tracing off (--trace-buffer 0), and
# wrk on `$top=10` against each in turn, ROUNDS times (alternating which goes first, so a noisy
# neighbour hits both alike). Prints req/s and p99 per run and the median cost in % (bench/server_bench.md#tracing).
#
#   bench/trace_bench.sh [10k|100k] [path/to/tenantsim]
#
# Environment: DURATION (wrk seconds per run, max 15, default 8), ROUNDS (default 6), THREADS
# (wrk -t, 2), CONNECTIONS (wrk -c, 64), PORT (tracing on, 18090; off is PORT+1),
# STARTUP_TIMEOUT (seconds, 240).
set -euo pipefail

size="${1:-10k}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${2:-$repo/build/tenantsim}"
scenario="$repo/bench/scenarios/bench-$size.json"
duration="${DURATION:-8}"
(( duration > 15 )) && duration=15
rounds="${ROUNDS:-6}"
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

cpu_ticks() {  # pid -> user+system clock ticks used so far
  awk '{print $14 + $15}' "/proc/$1/stat"
}
run_wrk() {  # port pid -> "req/s p99ms cpu-us-per-request"
  local out rps p99 requests before after
  before="$(cpu_ticks "$2")"
  out="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
    "http://127.0.0.1:$1/v1.0/auditLogs/directoryAudits?\$top=10")"
  after="$(cpu_ticks "$2")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  p99="$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")"
  echo "$rps $p99 $(awk -v t="$((after - before))" -v n="$requests" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.1f", t / hz * 1e6 / n}')"
}

echo "wrk -t$threads -c$connections -d${duration}s --latency, \$top=10, $size; $(nproc) cores"
echo "| round | tracing on req/s | p99 ms | CPU µs/req | tracing off req/s | p99 ms | CPU µs/req | throughput cost | CPU cost |"
echo "|---|---|---|---|---|---|---|---|---|"
costs=()
cpu_costs=()
for ((r = 1; r <= rounds; r++)); do
  # Odd rounds measure tracing on first, even rounds off first (no order bias).
  if ((r % 2)); then
    read -r on_rps on_p99 on_cpu <<<"$(run_wrk "$port_on" "${pids[0]}")"
    read -r off_rps off_p99 off_cpu <<<"$(run_wrk "$port_off" "${pids[1]}")"
  else
    read -r off_rps off_p99 off_cpu <<<"$(run_wrk "$port_off" "${pids[1]}")"
    read -r on_rps on_p99 on_cpu <<<"$(run_wrk "$port_on" "${pids[0]}")"
  fi
  cost="$(awk -v a="$on_rps" -v b="$off_rps" 'BEGIN {printf "%.1f", (b - a) / b * 100}')"
  cpu_cost="$(awk -v a="$on_cpu" -v b="$off_cpu" 'BEGIN {printf "%.1f", (a - b) / b * 100}')"
  costs+=("$cost")
  cpu_costs+=("$cpu_cost")
  echo "| $r | $on_rps | $on_p99 | $on_cpu | $off_rps | $off_p99 | $off_cpu | $cost % | $cpu_cost % |"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "median cost of tracing on \$top=10: throughput $(median "${costs[@]}") %, server CPU per request $(median "${cpu_costs[@]}") %"
