#!/usr/bin/python3
"""Proxy mode with the real curl binary: `curl --proxy http://127.0.0.1:PORT --cacert ca.pem` and the
real Microsoft URLs (https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token, then
https://graph.microsoft.com/v1.0/...), pages followed through @odata.nextLink verbatim; the ids must
equal `tenantsim generate`'s. The server behind the proxy is run.sh's `proxied` one (`serve --proxy
--proxy-port 0`, access log on). Prints `# pass N` / `# fail M`.
Environment: TENANTSIM_PROXY_URL, TENANTSIM_CA, TENANTSIM_NDJSON, TENANTSIM_PROXY_LOG (the server's stderr).
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from clientlib import TENANT, load_expected, run_tests, same_ids, tests_in  # noqa: E402

PROXY, CA = os.environ["TENANTSIM_PROXY_URL"], os.environ["TENANTSIM_CA"]
LOG = os.environ["TENANTSIM_PROXY_LOG"]
GRAPH, LOGIN = "https://graph.microsoft.com", "https://login.microsoftonline.com"
AUDITS, INTUNE = load_expected(os.environ["TENANTSIM_NDJSON"])
# Only --proxy may route these requests: no proxy variables from the caller's environment.
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}


def curl(url, *args, cacert=True):
    """Returns (exit code, status, headers text, body text, stderr)."""
    cmd = ["curl", "-sS", "--globoff", "--proxy", PROXY, "-D", "-", *(["--cacert", CA] if cacert else []), *args, url]
    run = subprocess.run(cmd, capture_output=True, timeout=30, env=CLEAN_ENV)
    out = run.stdout.decode()
    # CONNECT's own "200 Connection Established" head comes first on https: skip to the last head.
    while out.startswith("HTTP/1.1 200 Connection Established"):
        out = out.partition("\r\n\r\n")[2]
    head, _, body = out.partition("\r\n\r\n")
    status = int(head.split()[1]) if head.startswith("HTTP/") else 0
    return run.returncode, status, head, body, run.stderr.decode()


TOKEN = []


def token():
    if not TOKEN:
        rc, status, _, text, err = curl(f"{LOGIN}/{TENANT}/oauth2/v2.0/token", "-X", "POST",
                                        "-d", "grant_type=client_credentials",
                                        "-d", "client_id=11111111-2222-3333-4444-555555555555",
                                        "--data-urlencode", "client_secret=tenantsim-demo-secret",
                                        "--data-urlencode", "scope=https://graph.microsoft.com/.default")
        assert rc == 0 and status == 200, f"curl {rc} {status} {text[:300]} {err}"
        TOKEN.append(json.loads(text)["access_token"])
    return TOKEN[0]


def walk(url, origin):
    items, pages = [], 0
    while url:
        rc, status, _, text, err = curl(url, "-H", f"Authorization: Bearer {token()}")
        assert rc == 0 and status == 200, f"curl {rc} {status} {text[:300]} {err}"
        page = json.loads(text)
        items += page["value"]
        pages += 1
        url = page.get("@odata.nextLink")
        if url:
            assert url.startswith(origin + "/"), f"nextLink {url} not on {origin}"
    return items, pages



def log_lines(predicate, wait=10):
    """Lines of the server's stderr matching predicate, waiting (bounded) for at least one: the
    server logs a request after answering it, the proxy a tunnel after it closes."""
    deadline = time.monotonic() + wait
    while True:
        lines = [l for l in open(LOG).read().splitlines() if predicate(l)]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_token_from_login_microsoftonline_through_the_proxy():
    t = token()
    assert t.count(".") == 2, t
    assert log_lines(lambda l: l.startswith("proxy CONNECT login.microsoftonline.com:443 200 -> tenantsim https"))


def test_walk_all_directory_audits_at_graph_microsoft_com():
    items, pages = walk(f"{GRAPH}/v1.0/auditLogs/directoryAudits?$top=500", f"{GRAPH}/v1.0")
    same_ids(items, AUDITS, "all directoryAudits")
    assert pages == -(-len(AUDITS) // 500), pages
    # Every page went through a tunnel the proxy logged, to tenantsim's https listener.
    assert log_lines(lambda l: l.startswith("proxy CONNECT graph.microsoft.com:443 200 -> tenantsim https"))


def test_walk_beta_cloud_pki_audit_events():
    want = [e for e in INTUNE if e["category"] == "CloudPki"]
    items, _ = walk(f"{GRAPH}/beta/deviceManagement/auditEvents?$filter=category%20eq%20'CloudPki'&$top=50", f"{GRAPH}/beta")
    same_ids(items, want, "CloudPki auditEvents")


def test_plain_http_absolute_form_links_back_to_http_graph():
    # curl sends `GET http://graph.microsoft.com/... HTTP/1.1` to the proxy (absolute-form).
    want = [e for e in AUDITS if e["loggedByService"] == "PIM"]
    items, _ = walk("http://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$filter=loggedByService%20eq%20'PIM'&$top=100",
                    "http://graph.microsoft.com/v1.0")
    same_ids(items, want, "PIM over http")


def test_tls_is_tenantsims_local_ca_not_microsofts():
    # Without --cacert, curl's system trust store rejects the certificate: tenantsim terminated TLS.
    rc, status, _, _, err = curl(f"{GRAPH}/v1.0/auditLogs/directoryAudits", cacert=False)
    assert rc == 60 and status == 0, f"curl exit {rc} ({err.strip()})"


def test_other_hosts_are_refused_with_advice():
    rc, _, _, _, err = curl("https://example.com/")
    assert rc == 56 and "403" in err, f"curl exit {rc}: {err.strip()}"  # CONNECT tunnel failed, response 403
    rc, status, _, body, _ = curl("http://example.com/")
    assert rc == 0 and status == 403, (rc, status, body)
    assert "NO_PROXY" in body and "graph.microsoft.com" in body, body


if __name__ == "__main__":
    run_tests(tests_in(globals()))
