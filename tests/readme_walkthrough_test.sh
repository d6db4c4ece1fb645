#!/usr/bin/env bash
# Runs the README's curl walkthrough against a freshly started `tenantsim serve` of the
# quick-start scenario and checks every request answered a Graph page; then the proxy-mode block
# (real host names through `--proxy`) against the same server.
# Usage: tests/readme_walkthrough_test.sh TENANTSIM_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
work=$(mktemp -d)
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$binary" serve --scenario "$source_dir/scenarios/quickstart.json" --port 0 --tls-port 0 --proxy --proxy-port 0 \
  --state-dir "$work/state" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
# Under ASan on a busy machine the quick-start takes most of a minute to generate.
for _ in $(seq 1 1800); do
  port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$work/serve.out" | head -n1)
  proxy_port=$(sed -n 's|^proxying on http://127.0.0.1:\([0-9]*\) .*|\1|p' "$work/serve.out" | head -n1)
  [ -n "$port" ] && [ -n "$proxy_port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "server did not start"; cat "$work/serve.err"; exit 1; }

# The README's block, pointed at this server's port.
sed -n '/<!-- walkthrough:start/,/<!-- walkthrough:end -->/p' "$source_dir/README.md" |
  sed -e '/^```/d' -e '/^<!--/d' -e "s/127.0.0.1:8080/127.0.0.1:$port/g" >"$work/walkthrough.sh"
grep -q curl "$work/walkthrough.sh" || { echo "README has no walkthrough block"; exit 1; }
(cd "$work" && bash -euo pipefail walkthrough.sh) >"$work/answers.txt"

# The proxy-mode block, without its `serve` line, pointed at this server's proxy and CA.
sed -n '/<!-- proxy-walkthrough:start/,/<!-- proxy-walkthrough:end -->/p' "$source_dir/README.md" |
  sed -e '/^```/d' -e '/^<!--/d' -e '/tenantsim serve/d' -e "s/127.0.0.1:8000/127.0.0.1:$proxy_port/g" \
    -e "s|\.tenantsim/ca.pem|$work/state/ca.pem|g" >"$work/proxy.sh"
grep -q graph.microsoft.com "$work/proxy.sh" || { echo "README has no proxy-walkthrough block"; exit 1; }
(cd "$work" && env -u https_proxy -u all_proxy -u ALL_PROXY -u no_proxy -u NO_PROXY bash -euo pipefail proxy.sh) \
  >"$work/proxy_answers.txt"
python3 - "$work/proxy_answers.txt" <<'PY'
import json, sys
page = json.load(open(sys.argv[1]))
assert len(page["value"]) == 2, "the proxy block asks for $top=2"
assert page["@odata.nextLink"].startswith("https://graph.microsoft.com/v1.0/"), page["@odata.nextLink"]
print("README proxy walkthrough: 1 passed, 0 failed")
PY

python3 - "$work/answers.txt" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
decoder, pos, answers = json.JSONDecoder(), 0, []
while pos < len(text):
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    obj, pos = decoder.raw_decode(text, pos)
    answers.append(obj)
assert len(answers) == 8, f"expected 8 answers, got {len(answers)}: {text[:500]}"
for a in answers:
    assert "value" in a and "@odata.context" in a, f"not a Graph page: {json.dumps(a)[:300]}"
assert len(answers[0]["value"]) == 2, "first request asks for $top=2"
assert all(e["loggedByService"] == "PIM" for e in answers[1]["value"]), "PIM filter"
assert all(e["activityType"].startswith("RevokeLeafCertAsync") for e in answers[2]["value"]), "Cloud PKI filter"
assert "Create CloudCertificationAuthority" in answers[3]["value"], "activity types of CloudPki"
assert all(s["signInEventTypes"] == ["servicePrincipal"] and s["status"]["errorCode"] != 0
           for s in answers[4]["value"]), "sign-in filter"
assert answers[5]["value"] and all(i["classification"] == "truePositive" and i["alerts"]
                                   for i in answers[5]["value"]), "resolved storyline incidents"
assert answers[6]["value"] and all(
    p["servicePrincipal"]["displayName"] == "ServiceNow" and p["provisioningStatusInfo"]["status"] == "failure"
    for p in answers[6]["value"]), "provisioning filter"
assert answers[7]["value"] and all(r["riskLevel"] == "high" for r in answers[7]["value"]), "risk filter"
print("README walkthrough: 8 passed, 0 failed")
PY
