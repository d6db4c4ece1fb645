#!/usr/bin/env bash
# Does a whole tenant fit and serve? Starts `tenantsim serve` on a scenario with every served log
# on (default bench/scenarios/bench-100k.json: 100,000 users, 30 days, sign-ins, risk,
# provisioning and alerts at their defaults), and reports what docs/performance.md#full-tenant
# records: the startup time, each store's count and bytes (the server's `memory:` log line),
# resident memory (VmHWM peak and VmRSS after startup and after a quiet minute, from
# /proc/<pid>/status), bytes per stored record, and a few single requests timed with curl
# (`$top=10` and a one-user filter on directoryAudits and signIns, cold then repeated). No load
# generator: this measures fit and first answers, not throughput (bench/server_bench.sh does that).
#
#   bench/full_tenant.sh [scenario.json] [path/to/tenantsim]
#
# Environment: PORT (18090), STARTUP_TIMEOUT (seconds, default 1800), NICE (niceness, 10),
# SETTLE (seconds between the two steady readings, 60).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
scenario="${1:-$repo/bench/scenarios/bench-100k.json}"
bin="${2:-$repo/build/tenantsim}"
port="${PORT:-18090}"
startup_timeout="${STARTUP_TIMEOUT:-1800}"
settle="${SETTLE:-60}"
[[ -f "$scenario" ]] || { echo "no scenario $scenario" >&2; exit 2; }
[[ -x "$bin" ]] || { echo "no tenantsim binary at $bin (build it, or pass its path)" >&2; exit 2; }

work="$(mktemp -d /tmp/tenantsim-full.XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

status_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$server_pid/status"; }
mb() { echo "$(( $1 / 1024 )) MB"; }

echo "scenario: $scenario" >&2
started=$(date +%s.%N)
nice -n "${NICE:-10}" "$bin" serve --scenario "$scenario" --host 127.0.0.1 --port "$port" \
  --no-tls --quiet --state-dir "$work/state" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
base="http://127.0.0.1:$port"
until [[ "$(curl -s -o /dev/null -w "%{http_code}" "$base/v1.0/auditLogs/directoryAudits?\$top=1")" != 000 ]]; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "tenantsim exited:" >&2; cat "$work/server.err" >&2; exit 1
  fi
  if (( $(date +%s) - ${started%.*} > startup_timeout )); then
    echo "tenantsim not answering after ${startup_timeout}s" >&2; exit 1
  fi
  sleep 1
done
ready=$(date +%s.%N)
echo "ready after $(awk -v a="$started" -v b="$ready" 'BEGIN { printf "%.0f", b - a }') s" >&2
grep -E "generated|memory:" "$work/server.err" >&2 || true
echo "VmHWM (peak) $(mb "$(status_kb VmHWM)"), VmRSS after startup $(mb "$(status_kb VmRSS)")" >&2
# CPU seconds spent by then (user + system), which the machine's other load does not inflate.
echo "CPU $(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) / hz }' "/proc/$server_pid/stat") s by then" >&2

# Bytes per record over every store, process total (binary, catalogs, arenas included).
records="$(grep -m1 'tenantsim: memory:' "$work/server.err" | grep -oE '(audit events|sign-ins|risk detections|provisioning) [0-9]+' | awk '{ n += $NF } END { print n + 0 }')"
rss_kb="$(status_kb VmRSS)"
echo "records in the stores: $records; $(awk -v r="$rss_kb" -v n="$records" 'BEGIN { printf "%.1f", n ? r * 1024 / n : 0 }') resident bytes per record (process total)" >&2

# Timed single requests: cold, then twice more (the render cache warm).
timed() {
  local name="$1" url="$2"
  for round in cold warm warm; do
    curl -sS -o "$work/last.json" -w "$name $round: %{http_code} %{size_download} bytes %{time_total} s\n" "$url" >&2
  done
}
audits="$base/v1.0/auditLogs/directoryAudits"
signins="$base/beta/auditLogs/signIns"
timed "directoryAudits \$top=10" "$audits?\$top=10"
timed "signIns v1.0 \$top=10" "$base/v1.0/auditLogs/signIns?\$top=10"
timed "signIns beta \$top=10" "$signins?\$top=10"
upn="$(python3 -c 'import json,sys; print(next(i["initiatedBy"]["user"]["userPrincipalName"] for i in json.load(open(sys.argv[1]))["value"] if (i["initiatedBy"].get("user") or {}).get("userPrincipalName")))' \
  <(curl -fsS "$audits?\$top=200"))"
timed "directoryAudits one user (30 days, \$top=100)" \
  "$audits?\$filter=initiatedBy/user/userPrincipalName%20eq%20'$upn'&\$top=100"
timed "signIns v1.0 one user (\$top=100)" \
  "$base/v1.0/auditLogs/signIns?\$filter=userPrincipalName%20eq%20'$upn'&\$top=100"
timed "riskDetections \$top=10" "$base/v1.0/identityProtection/riskDetections?\$top=10"
timed "provisioning \$top=10" "$base/v1.0/auditLogs/provisioning?\$top=10"
timed "alerts_v2 \$top=10" "$base/v1.0/security/alerts_v2?\$top=10"

sleep "$settle"
echo "after ${settle}s more: VmRSS $(mb "$(status_kb VmRSS)"), VmHWM $(mb "$(status_kb VmHWM)")" >&2
