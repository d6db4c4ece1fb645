#!/usr/bin/python3
"""Debian python3-msal (unmodified) against tenantsim, then plain `requests` paging.

ConfidentialClientApplication with authority https://127.0.0.1:PORT/<tenant> (validate_authority off,
so no instance discovery), the CA trusted through REQUESTS_CA_BUNDLE (run.sh sets it; on these
machines a preset REQUESTS_CA_BUNDLE beats MSAL's verify=). Pages are followed through
@odata.nextLink verbatim; the ids must equal `tenantsim generate`'s for the same filter.
Prints TAP-style `# pass N` / `# fail M` for run.sh. Environment: TENANTSIM_HTTPS, TENANTSIM_NDJSON,
TENANTSIM_CA, and for the throttling test TENANTSIM_THROTTLED_HTTPS / TENANTSIM_THROTTLED_ADMIN.
"""
import os
import re
import sys
import urllib.parse

import msal
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from clientlib import CLIENT_ID, NOPERM_ID, NOPERM_SECRET, SCOPES, SECRET, TENANT, load_expected, run_tests, same_ids, ticks  # noqa: E402

HTTPS = os.environ["TENANTSIM_HTTPS"]
CA = os.environ["TENANTSIM_CA"]

AUDITS, INTUNE = load_expected(os.environ["TENANTSIM_NDJSON"])



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
def walk_sign_ins_v1_and_beta_event_types():
    import json
    with open(os.environ["TENANTSIM_SIGNINS_NDJSON"]) as f:
        signins = [json.loads(line) for line in f if line.strip()]
    session, bearer = requests.Session(), token()
    items, _ = walk(session, f"{HTTPS}/v1.0/auditLogs/signIns?{q(top=400)}", bearer)
    same_ids(items, [s for s in signins if s["signInEventTypes"] == ["interactiveUser"]], "v1.0 signIns")
    f = "signInEventTypes/any(t: t eq 'managedIdentity' or t eq 'servicePrincipal')"
    items, pages = walk(session, f"{HTTPS}/beta/auditLogs/signIns?{q(filter=f, top=900)}", bearer)
    want = [s for s in signins if s["signInEventTypes"][0] in ("managedIdentity", "servicePrincipal")]
    same_ids(items, want, "beta workload-identity signIns")
    assert pages > 1, pages


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
    run_tests(TESTS)
