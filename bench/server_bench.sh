#!/usr/bin/env bash
# Loopback benchmark of `tenantsim serve` against nginx serving the same response bytes from
# files (the ceiling: no query, no rendering). Same wrk load on both; prints req/s, MB/s, p99 and
# the ratios as a Markdown table (paste it into bench/server_bench.md).
#
#   bench/server_bench.sh [10k|100k] [path/to/tenantsim]
#
# Then the connection-scale runs (issue #14): `$top=10` with SCALE_CONNECTIONS (default
# "1000 10000") keep-alive connections against both servers, with errors (socket errors and
# non-2xx answers, which must be 0) and each server's resident memory sampled mid-run, and the
# resident memory of 10,000 idle keep-alive connections (bench/hold_connections.py).
#
# Environment: DURATION (wrk seconds, max 15, default 10), THREADS (wrk -t, 2), CONNECTIONS
# (wrk -c, 64), SCALE_CONNECTIONS ("1000 10000"; "" skips), STARTUP_TIMEOUT (seconds to wait for
# the store to be generated, default 240), PORT (tenantsim, 18080), NGINX_PORT (18081), SERVE_ARGS
# (extra `tenantsim serve` flags, e.g. "--threads 8"), ONLY (a subset of the request names, e.g.
# ONLY="user correlation target"; default all: top10 top1000 filter user correlation target),
# SCENARIO (another scenario file, e.g. bench-10k with server.renderCache.megabytes 0: cache off).
set -euo pipefail

size="${1:-10k}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${2:-$repo/build/tenantsim}"
scenario="${SCENARIO:-$repo/bench/scenarios/bench-$size.json}"
duration="${DURATION:-10}"
(( duration > 15 )) && duration=15
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
scale_connections="${SCALE_CONNECTIONS-1000 10000}"
startup_timeout="${STARTUP_TIMEOUT:-240}"
port="${PORT:-18080}"
nginx_port="${NGINX_PORT:-18081}"

[[ -f "$scenario" ]] || { echo "no scenario $scenario (size: 10k or 100k)" >&2; exit 2; }
[[ -x "$bin" ]] || { echo "no tenantsim binary at $bin (build it, or pass its path)" >&2; exit 2; }
# wrk -c10000 and nginx's 10,000 connections need more than the usual 1,024 descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

install_missing() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  if (( ${#missing[@]} )); then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
install_missing
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d /tmp/tenantsim-bench.XXXXXX)"
server_pid=""
nginx_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The requests: a small page, a full page, a selective filter over the last day, and the three
# narrow questions of issue #14 over the whole retention (one user's events, one correlationId,
# one target id), whose values are sampled from the newest events once the server is up.
base="http://127.0.0.1:$port/v1.0/auditLogs/directoryAudits"
declare -A query=(
  [top10]='$top=10'
  [top1000]='$top=1000'
  [filter]="\$filter=loggedByService%20eq%20'PIM'%20and%20activityDateTime%20ge%202026-10-31T00:00:00Z&\$top=100"
)
read -r -a names <<<"${ONLY:-top10 top1000 filter user correlation target}"

echo "starting tenantsim ($size) on 127.0.0.1:$port" >&2
started=$(date +%s)
"$bin" serve --scenario "$scenario" --host 127.0.0.1 --port "$port" --no-tls --quiet \
  --state-dir "$work/state" ${SERVE_ARGS:-} >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
until curl -fsS -o /dev/null "$base?\$top=1" 2>/dev/null; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "tenantsim exited:" >&2; cat "$work/server.err" >&2; exit 1
  fi
  if (( $(date +%s) - started > startup_timeout )); then
    echo "tenantsim not answering after ${startup_timeout}s" >&2; exit 1
  fi
  sleep 0.5
done
echo "tenantsim ready after $(( $(date +%s) - started ))s: $(grep -m1 generated "$work/server.err" || true)" >&2
events="$(grep -m1 generated "$work/server.err" | awk '{ print $3 + $7 }')"
rss_kb="$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")"
echo "tenantsim RSS after startup: $(( rss_kb / 1024 )) MB for ${events:-?} events ($(awk -v r="$rss_kb" -v e="${events:-0}" 'BEGIN { printf "%.1f", (e > 0 ? r * 1024 / e : 0) }') bytes per event, process total)" >&2

# Values for the narrow questions, from the newest page.
read -r upn correlation target < <(curl -fsS "$base?\$top=200" | python3 -c '
import json, sys
items = json.load(sys.stdin)["value"]
user = next(i for i in items if (i["initiatedBy"].get("user") or {}).get("userPrincipalName"))
target = next(t for i in items for t in i["targetResources"] if t.get("type") == "User")
print(user["initiatedBy"]["user"]["userPrincipalName"], user["correlationId"], target["id"])')
query[user]="\$filter=initiatedBy/user/userPrincipalName%20eq%20'$upn'&\$top=100"
query[correlation]="\$filter=correlationId%20eq%20'$correlation'&\$top=100"
query[target]="\$filter=targetResources/any(t:%20t/id%20eq%20'$target')&\$top=100"

# The same bytes, for nginx (its workers run unprivileged: let them read the files).
mkdir -p "$work/www"
for n in "${names[@]}"; do
  curl -fsS -o "$work/www/$n.json" "$base?${query[$n]}"
done
chmod a+rx "$work" "$work/www" && chmod a+r "$work/www"/*.json

cat >"$work/nginx.conf" <<EOF
worker_processes 2;
worker_rlimit_nofile 20000;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 12000; }
http {
  access_log off;
  client_body_temp_path $work/tmp-body;
  proxy_temp_path $work/tmp-proxy;
  fastcgi_temp_path $work/tmp-fastcgi;
  uwsgi_temp_path $work/tmp-uwsgi;
  scgi_temp_path $work/tmp-scgi;
  sendfile on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    default_type "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    location / { root $work/www; }
  }
}
EOF
"$nginx_bin" -c "$work/nginx.conf" -p "$work" 2>"$work/nginx.err" &
nginx_pid=$!
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/top10.json" 2>/dev/null && break; sleep 0.1; done

# Idle connections first, while the server's memory is what the store and one request made it.
idle_line=""
if [[ -n "$scale_connections" ]]; then
  idle_line="$(python3 "$repo/bench/hold_connections.py" 10000 "$port" "$server_pid")"
  sleep 1
fi

# wrk's "Transfer/sec: 12.34MB" -> MB/s; "99%  1.23ms" -> ms.
to_mb() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; gsub(/[0-9.]/, "", u);
  f = (u == "GB") ? 1024 : (u == "MB") ? 1 : (u == "KB") ? 1/1024 : 1/1048576; printf "%.1f", n * f }'; }
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; gsub(/[0-9.]/, "", u);
  f = (u == "s") ? 1000 : (u == "ms") ? 1 : (u == "us") ? 0.001 : 60000; printf "%.2f", n * f }'; }

# Resident memory (MB) of a process and its children (nginx: the master and its workers).
rss_mb() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$(( total + $(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0) ))
  done
  awk -v k="$total" 'BEGIN { printf "%.0f", k / 1024 }'
}

# CPU time (user + system, clock ticks) of a process and its children (nginx's workers).
cpu_ticks() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

# url [connections] [pid to sample] [pid to charge] -> "req/s MB/s p99ms errors rssMB cpu-us/req"
# (the CPU per request is steadier than req/s on a shared machine: it leaves out waiting)
run_wrk() {
  local out c="${2:-$connections}" sample="${3:-}" charged="${4:-}" rss=0 cpu0=0 cpu1=0
  [[ -n "$charged" ]] && cpu0="$(cpu_ticks "$charged")"
  wrk -t"$threads" -c"$c" -d"${duration}s" --timeout 10s --latency "$1" >"$work/wrk.out" 2>&1 &
  local wrk_pid=$!
  if [[ -n "$sample" ]]; then sleep $(( duration / 2 + 1 )); rss="$(rss_mb "$sample")"; fi
  wait "$wrk_pid" || true
  [[ -n "$charged" ]] && cpu1="$(cpu_ticks "$charged")"
  out="$(cat "$work/wrk.out")"
  local rps mbs p99 errors
  if grep -q "Non-2xx" <<<"$out"; then echo "warning: $(grep Non-2xx <<<"$out") from $1" >&2; fi
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
  mbs="$(to_mb "$(awk '/^Transfer\/sec:/ { print $2 }' <<<"$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
  errors="$(awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } /Non-2xx/ { n += $NF }
    END { print n + 0 }' <<<"$out")"
  local requests cpu
  requests="$(awk '/ requests in / { print $1 }' <<<"$out")"
  cpu="$(awk -v a="$cpu0" -v b="$cpu1" -v n="${requests:-0}" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f", (n > 0 ? (b - a) / hz / n * 1e6 : 0) }')"
  echo "$rps $mbs $p99 $errors $rss $cpu"
}

echo
echo "| request | bytes | tenantsim req/s | MB/s | p99 ms | CPU µs/req | nginx req/s | MB/s | p99 ms | CPU µs/req | req/s ratio | p99 ratio | load |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${names[@]}"; do
  bytes="$(stat -c %s "$work/www/$n.json")"
  read -r t_rps t_mbs t_p99 _ _ t_cpu <<<"$(run_wrk "$base?${query[$n]}" "" "" "$server_pid")"
  read -r n_rps n_mbs n_p99 _ _ n_cpu <<<"$(run_wrk "http://127.0.0.1:$nginx_port/$n.json" "" "" "$nginx_pid")"
  ratio="$(awk -v a="$t_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
  p99ratio="$(awk -v a="$t_p99" -v b="$n_p99" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')"
  echo "| \`${query[$n]}\` | $bytes | $t_rps | $t_mbs | $t_p99 | $t_cpu | $n_rps | $n_mbs | $n_p99 | $n_cpu | $ratio | ${p99ratio}x | $(cut -d' ' -f1 /proc/loadavg) |"
done

if [[ -n "$scale_connections" ]]; then
  echo
  echo "| connections | request | tenantsim req/s | errors | p99 ms | RSS MB | nginx req/s | errors | p99 ms | RSS MB | req/s ratio |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for c in $scale_connections; do
    read -r t_rps _ t_p99 t_err t_rss <<<"$(run_wrk "$base?${query[top10]}" "$c" "$server_pid")"
    read -r n_rps _ n_p99 n_err n_rss <<<"$(run_wrk "http://127.0.0.1:$nginx_port/top10.json" "$c" "$nginx_pid")"
    ratio="$(awk -v a="$t_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
    echo "| $c | \`${query[top10]}\` | $t_rps | $t_err | $t_p99 | $t_rss | $n_rps | $n_err | $n_p99 | $n_rss | $ratio |"
  done
fi
[[ -n "$idle_line" ]] && { echo; echo "$idle_line"; }
echo
echo "wrk -t$threads -c$connections -d${duration}s --latency; $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
