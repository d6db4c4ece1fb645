#!/usr/bin/env bash
# Prints one sha256 per (scenario, format, api) of `tenantsim generate`, plus a shard and a served
# walk of both endpoints: the golden fingerprint a refactoring must leave unchanged. Compare two
# builds with: diff <(scripts/fingerprint.sh old/tenantsim) <(scripts/fingerprint.sh new/tenantsim)
# FINGERPRINT_SCENARIOS overrides the scenario list (enterprise-100k is left out by default: it
# takes minutes; its workloads are the same as the others').
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1")
scenarios=${FINGERPRINT_SCENARIOS:-"quickstart ca-policy-drift catalog-tour cloud-pki-lifecycle pim-escalation load-live"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
digest() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }
for s in $scenarios; do
  for api in beta v1.0; do
    for f in ndjson graph-pages csv eventhub blob loganalytics; do
      rm -rf "$work/out"
      if [ "$f" = ndjson ]; then
        "$bin" generate -q --scenario "scenarios/$s.json" --api "$api" --format ndjson --out - | sha256sum | cut -c1-16 |
          sed "s|^|$s $api $f |"
      else
        "$bin" generate -q --scenario "scenarios/$s.json" --api "$api" --format "$f" --out "$work/out" >/dev/null
        echo "$s $api $f $(digest "$work/out")"
      fi
    done
  done
  echo "$s shard-1/3 $("$bin" generate -q --scenario "scenarios/$s.json" --shard 1/3 --out - | sha256sum | cut -c1-16)"
done
# A served walk of both endpoints (auth off, fixed clock: the scenario's window end).
port=$((20000 + RANDOM % 20000))
# quickstart with auth, throttling and faults off (line edits: the file has comments).
sed -e 's/"auth": *"[a-z]*"/"auth": "off"/' -e 's/"throttling": *true/"throttling": false/' \
  -e 's/"rate": *0\.01/"rate": 0/' scenarios/quickstart.json >"$work/walk.json"
"$bin" serve --scenario "$work/walk.json" --port "$port" --no-tls -q --state-dir "$work/state" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/_tenantsim/health" >/dev/null && break; sleep 0.1; done
python3 - "$port" <<'PY'
import hashlib, json, sys, urllib.request
port = sys.argv[1]
for path in ["v1.0/auditLogs/directoryAudits", "beta/deviceManagement/auditEvents"]:
    url, items, pages, digest = f"http://127.0.0.1:{port}/{path}?$top=997", 0, 0, hashlib.sha256()
    while url:
        page = json.load(urllib.request.urlopen(url))
        for item in page["value"]:
            digest.update(json.dumps(item, sort_keys=True).encode() + b"\n")
        items, pages = items + len(page["value"]), pages + 1
        url = page.get("@odata.nextLink")
    print(f"walk {path} {digest.hexdigest()[:16]} {items} items {pages} pages")
PY
