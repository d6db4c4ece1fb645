#!/usr/bin/python3
"""Proxy mode with Debian python3-msal (unmodified) and its real default authority.

ConfidentialClientApplication(authority="https://login.microsoftonline.com/<tenant>") with no
authority overrides (validate_authority and instance_discovery left at their defaults); the only
set-up is the environment: HTTPS_PROXY (tenantsim's proxy) and REQUESTS_CA_BUNDLE (its local CA).
MSAL fetches the tenant's OIDC document and, for its cache lookup, instance discovery from
login.microsoftonline.com; tenantsim answers both through the proxy (its access log shows them).
Then plain `requests` pages https://graph.microsoft.com/... through the same proxy and the ids
must equal `tenantsim generate`'s. Prints `# pass N` / `# fail M`.
Environment: HTTPS_PROXY, REQUESTS_CA_BUNDLE, TENANTSIM_NDJSON, TENANTSIM_PROXY_LOG (the server's stderr).
"""
import os
import sys
import time

import msal
import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from clientlib import CLIENT_ID, SCOPES, SECRET, TENANT, load_expected, run_tests, same_ids, tests_in  # noqa: E402

AUTHORITY = f"https://login.microsoftonline.com/{TENANT}"
GRAPH = "https://graph.microsoft.com"
LOG = os.environ["TENANTSIM_PROXY_LOG"]

AUDITS, INTUNE = load_expected(os.environ["TENANTSIM_NDJSON"])


def app(secret=SECRET):
    # Exactly what the MSAL samples write: nothing but the client and the real authority.
    return msal.ConfidentialClientApplication(CLIENT_ID, client_credential=secret, authority=AUTHORITY)


def log_lines(predicate, wait=10):
    """Lines of the server's stderr matching predicate, waiting (bounded) for at least one: the
    server logs a request after answering it, the proxy a tunnel after it closes."""
    deadline = time.monotonic() + wait
    while True:
        lines = [l for l in open(LOG).read().splitlines() if predicate(l)]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)



def walk(session, url, bearer):
    items, pages = [], 0
    while url:
        r = session.get(url, headers={"Authorization": f"Bearer {bearer}"}, timeout=30)
        assert r.status_code == 200, f"{r.status_code} {r.text[:300]}"
        page = r.json()
        items += page["value"]
        pages += 1
        url = page.get("@odata.nextLink")
        if url:
            assert url.startswith(GRAPH + "/"), f"nextLink {url} not on {GRAPH}"
    return items, pages


TOKEN = []


def test_environment_is_only_the_proxy_and_the_ca():
    proxies = sorted(k for k in os.environ if k.lower().endswith("_proxy"))
    assert proxies == ["HTTPS_PROXY"], proxies
    assert os.environ["REQUESTS_CA_BUNDLE"], "REQUESTS_CA_BUNDLE not set"


def test_msal_default_authority_discovers_and_gets_a_token_from_tenantsim():
    a = app()
    # The samples' pattern: the cache first (no token yet: MSAL asks instance discovery for
    # the authority's aliases), then the token endpoint from the tenant's OIDC document.
    assert a.acquire_token_silent(SCOPES, account=None) is None
    result = a.acquire_token_for_client(scopes=SCOPES)
    assert result.get("token_type") == "Bearer", result
    assert result["access_token"].count(".") == 2
    TOKEN.append(result["access_token"])
    assert a.authority.token_endpoint == f"{AUTHORITY}/oauth2/v2.0/token", a.authority.token_endpoint
    assert any("login.windows.net" in group for group in a.authority_groups), a.authority_groups
    a.http_client.close()
    # What tenantsim answered, from its access log (a proxied request is logged origin-form).
    for request in (f"GET /{TENANT}/v2.0/.well-known/openid-configuration 200 ",
                    "GET /common/discovery/instance?api-version=1.1&authorization_endpoint="
                    "https://login.microsoftonline.com/common/oauth2/authorize 200 ",
                    f"POST /{TENANT}/oauth2/v2.0/token 200 "):
        assert log_lines(lambda l: l.startswith(request)), f"not in the server's log: {request}"
    assert log_lines(lambda l: l.startswith("proxy CONNECT login.microsoftonline.com:443 200 -> tenantsim https"))


def test_msal_wrong_secret_is_tenantsims_invalid_client():
    result = app(secret="wrong").acquire_token_for_client(scopes=SCOPES)
    assert result.get("error") == "invalid_client", result
    assert 7000215 in result.get("error_codes", []), result


def bearer():
    if not TOKEN:
        TOKEN.append(app().acquire_token_for_client(scopes=SCOPES)["access_token"])
    return TOKEN[0]


def test_requests_walks_all_directory_audits_at_graph_microsoft_com():
    items, pages = walk(requests.Session(), f"{GRAPH}/v1.0/auditLogs/directoryAudits?$top=700", bearer())
    same_ids(items, AUDITS, "all directoryAudits")
    assert pages == -(-len(AUDITS) // 700), pages


def test_requests_walks_beta_pim_audits():
    want = [e for e in AUDITS if e["loggedByService"] == "PIM"]
    items, _ = walk(requests.Session(),
                    f"{GRAPH}/beta/auditLogs/directoryAudits?$filter=loggedByService%20eq%20%27PIM%27&$top=40", bearer())
    same_ids(items, want, "PIM")


def test_other_hosts_are_refused_by_the_proxy():
    try:
        requests.get("https://example.com/", timeout=30)
        raise AssertionError("example.com answered through tenantsim's proxy")
    except requests.exceptions.ProxyError as err:  # CONNECT answered 403
        assert "403" in str(err), err


if __name__ == "__main__":
    run_tests(tests_in(globals()))
