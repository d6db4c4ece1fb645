#!/usr/bin/python3
"""Debian python3-msal (unmodified) against tenantsim, then plain `requests` paging.

ConfidentialClientApplication with authority https://127.0.0.1:PORT/<tenant> (validate_authority off,
so no instance discovery), the CA trusted through REQUESTS_CA_BUNDLE (run.sh sets it; on these
machines a preset REQUESTS_CA_BUNDLE beats MSAL's verify=). Pages are followed through
@odata.nextLink verbatim; the ids must equal `tenantsim generate`'s for the same filter.
Prints TAP-style `# pass N` / `# fail M` for run.sh. Environment: TENANTSIM_HTTPS, TENANTSIM_NDJSON,
TENANTSIM_CA, and for the throttling test TENANTSIM_THROTTLED_HTTPS / TENANTSIM_THROTTLED_ADMIN.
"""
import json
import os
import re
import sys
import traceback
import urllib.parse

import msal
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

HTTPS = os.environ["TENANTSIM_HTTPS"]
CA = os.environ["TENANTSIM_CA"]
TENANT = "4f2c8a1e-6d3b-4e7a-9c5f-0b1d2e3f4a5b"
CLIENT_ID, SECRET = "11111111-2222-3333-4444-555555555555", "tenantsim-demo-secret"
NOPERM_ID, NOPERM_SECRET = "66666666-7777-8888-9999-000000000000", "no-permissions-secret"
SCOPES = ["https://graph.microsoft.com/.default"]

AUDITS, INTUNE = [], []
with open(os.environ["TENANTSIM_NDJSON"]) as f:
    for line in f:
        if line.strip():
            e = json.loads(line)
            (AUDITS if "loggedByService" in e else INTUNE).append(e)


def ticks(iso):
    """activityDateTime as (seconds string, 7-digit fraction): exact ordering for 0-7 digits."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z", iso)
    assert m, iso
    return (m.group(1), (m.group(2) or "").ljust(7, "0"))


def app(origin=HTTPS, client_id=CLIENT_ID, secret=SECRET):
    return msal.ConfidentialClientApplication(
        client_id, client_credential=secret, authority=f"{origin}/{TENANT}",
        validate_authority=False)  # no instance discovery at login.microsoftonline.com


def token(origin=HTTPS):
    result = app(origin).acquire_token_for_client(scopes=SCOPES)
    assert "access_token" in result, f"no token: {result}"
    return result["access_token"]


def walk(session, url, bearer):
    """Follows @odata.nextLink verbatim; returns (items, pages)."""
    items, pages = [], 0
    while url:
        r = session.get(url, headers={"Authorization": f"Bearer {bearer}"}, timeout=30)
        assert r.status_code == 200, f"{r.status_code} {r.text[:300]}"
        assert r.headers["Content-Type"].startswith("application/json"), r.headers["Content-Type"]
        page = r.json()
        items += page["value"]
        pages += 1
        url = page.get("@odata.nextLink")
        if url:
            assert url.startswith(HTTPS.split("://")[0] + "://"), f"nextLink on another scheme: {url}"
    return items, pages


def same_ids(got, want, what):
    g, w = sorted(e["id"] for e in got), sorted(e["id"] for e in want)
    assert w, f"{what}: expected set is empty"
    assert len(set(g)) == len(g), f"{what}: duplicate ids across pages"
    assert g == w, f"{what}: got {len(g)} ids, want {len(w)}; missing {sorted(set(w) - set(g))[:3]} extra {sorted(set(g) - set(w))[:3]}"


def q(**params):
    return urllib.parse.urlencode({f"${k}": v for k, v in params.items()}, quote_via=urllib.parse.quote)


TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


@test
def msal_token_from_the_mock():
    result = app().acquire_token_for_client(scopes=SCOPES)
    assert result.get("token_type") == "Bearer", result
    assert int(result["expires_in"]) > 3000, result
    assert result["access_token"].count(".") == 2


@test
def msal_wrong_secret_is_an_msal_error_result():
    # MSAL Python reports Entra errors in the result dict (its error type), not as an exception.
    result = app(secret="wrong").acquire_token_for_client(scopes=SCOPES)
    assert result.get("error") == "invalid_client", result
    assert 7000215 in result.get("error_codes", []), result
    assert "AADSTS7000215" in result.get("error_description", ""), result


@test
def walk_v1_directory_audits_all():
    items, pages = walk(requests.Session(), f"{HTTPS}/v1.0/auditLogs/directoryAudits?{q(top=700)}", token())
    same_ids(items, AUDITS, "all directoryAudits")
    assert pages == -(-len(AUDITS) // 700), pages


@test
def walk_beta_directory_audits_pim_window():
    f = "loggedByService eq 'PIM' and activityDateTime ge 2026-10-29T00:00:00Z and activityDateTime le 2026-10-30T23:59:59.9999999Z"
    items, _ = walk(requests.Session(), f"{HTTPS}/beta/auditLogs/directoryAudits?{q(filter=f, top=25, orderby='activityDateTime asc')}", token())
    lo, hi = ticks("2026-10-29T00:00:00Z"), ticks("2026-10-30T23:59:59.9999999Z")
    want = [e for e in AUDITS if e["loggedByService"] == "PIM" and lo <= ticks(e["activityDateTime"]) <= hi]
    same_ids(items, want, "PIM window")
    assert [ticks(e["activityDateTime"]) for e in items] == sorted(ticks(e["activityDateTime"]) for e in items)


@test
def walk_beta_audit_events_cloud_pki_revocations():
    f = "activityType eq 'RevokeLeafCertAsync CloudCertificationAuthorityLeafCertificate'"
    items, pages = walk(requests.Session(), f"{HTTPS}/beta/deviceManagement/auditEvents?{q(filter=f, top=10)}", token())
    same_ids(items, [e for e in INTUNE if e["activityType"] == f.split("'")[1]], "revocations")
    assert pages > 1


@test
def forbidden_is_a_graph_error_envelope():
    t = app(client_id=NOPERM_ID, secret=NOPERM_SECRET).acquire_token_for_client(scopes=SCOPES)["access_token"]
    r = requests.get(f"{HTTPS}/v1.0/auditLogs/directoryAudits", headers={"Authorization": f"Bearer {t}"}, timeout=30)
    assert r.status_code == 403, r.status_code
    try:
        r.raise_for_status()
        raise AssertionError("raise_for_status did not raise")
    except requests.HTTPError as err:  # the library's own error type
        assert err.response.json()["error"]["code"] == "Authorization_RequestDenied"


@test
def throttling_survived_by_urllib3_retry():
    origin, admin = os.environ.get("TENANTSIM_THROTTLED_HTTPS"), os.environ.get("TENANTSIM_THROTTLED_ADMIN")
    if not origin:
        return "skip"

    def throttled():
        text = requests.get(f"{admin}/_tenantsim/metrics", timeout=10).text
        return int(re.search(r'^tenantsim_throttled_total\{route="directoryAudits"\} (\d+)', text, re.M).group(1))

    before = throttled()
    s = requests.Session()
    # urllib3's Retry honours Retry-After on 429: the library's own retry handling.
    s.mount("https://", HTTPAdapter(max_retries=Retry(total=8, status_forcelist=[429], allowed_methods=["GET"],
                                                      respect_retry_after_header=True, backoff_factor=0)))
    global HTTPS
    saved, HTTPS = HTTPS, origin
    try:
        items, _ = walk(s, f"{origin}/v1.0/auditLogs/directoryAudits?{q(filter='loggedByService eq ' + chr(39) + 'PIM' + chr(39), top=60)}", token(origin))
    finally:
        HTTPS = saved
    same_ids(items, [e for e in AUDITS if e["loggedByService"] == "PIM"], "PIM under throttling")
    hits = throttled() - before
    assert hits > 0, "never throttled: the test proves nothing"
    print(f"# python requests/urllib3: {len(items)} events, {hits} 429 answers retried")


if __name__ == "__main__":
    selected = [fn for fn in TESTS if not sys.argv[1:] or fn.__name__ in sys.argv[1:]]
    passed = failed = 0
    for i, fn in enumerate(selected, 1):
        try:
            outcome = fn()
            if outcome == "skip":
                print(f"ok {i} - {fn.__name__} # SKIP no throttled server")
                continue
            print(f"ok {i} - {fn.__name__}")
            passed += 1
        except Exception:
            print(f"not ok {i} - {fn.__name__}")
            print("  " + traceback.format_exc().replace("\n", "\n  "))
            failed += 1
    print(f"# pass {passed}\n# fail {failed}")
    sys.exit(1 if failed else 0)
