#!/usr/bin/python3
"""Raw requests as curl, PowerShell's Invoke-RestMethod and Wazuh's collectors send them, made with the
real curl binary (URLs passed verbatim with --globoff), pages followed through @odata.nextLink.
The README walkthrough itself is covered by tests/readme_walkthrough_test.sh (ctest).
Prints `# pass N` / `# fail M`. Environment: TENANTSIM_HTTPS, TENANTSIM_HTTP, TENANTSIM_CA, TENANTSIM_NDJSON.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from clientlib import TENANT, load_expected, run_tests, same_ids, tests_in, ticks  # noqa: E402

HTTPS, HTTP, CA = os.environ["TENANTSIM_HTTPS"], os.environ["TENANTSIM_HTTP"], os.environ["TENANTSIM_CA"]
AUDITS, INTUNE = load_expected(os.environ["TENANTSIM_NDJSON"])



def curl(url, *args):
    """Returns (status, headers text, body text)."""
    out = subprocess.run(["curl", "-sS", "--globoff", "--cacert", CA, "-D", "-", *args, url],
                         capture_output=True, timeout=30, check=True).stdout.decode()
    head, _, body = out.partition("\r\n\r\n")
    return int(head.split()[1]), head, body


def token(origin=HTTPS):
    # Wazuh's body: not url-encoded, the only header Content-Type: application/x-www-form-urlencoded.
    body = ("scope=https://graph.microsoft.com/.default&grant_type=client_credentials"
            "&client_id=11111111-2222-3333-4444-555555555555&client_secret=tenantsim-demo-secret")
    status, _, text = curl(f"{origin}/{TENANT}/oauth2/v2.0/token", "-X", "POST",
                           "-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", body)
    assert status == 200, text
    answer = json.loads(text)
    assert isinstance(answer["expires_in"], int), "expires_in must be a JSON number (Wazuh)"
    return answer["access_token"]


TOKEN = {}


def walk(url, *extra, origin=HTTPS):
    tok = TOKEN.setdefault(origin, token(origin))
    items, pages = [], 0
    while url:
        status, head, text = curl(url, "-H", f"Authorization: Bearer {tok}", *extra)
        assert status == 200, f"{status} {text[:300]}"
        page = json.loads(text)
        items += page["value"]
        pages += 1
        url = page.get("@odata.nextLink")
        if url:
            assert url.startswith(origin + "/"), f"nextLink {url} not on {origin}"
    return items, pages



# PowerShell: Invoke-RestMethod -Method Get -ContentType 'application/x-www-form-urlencoded' with
# -Headers @{ConsistencyLevel='eventual'}: GET with a form Content-Type and an empty body, and a
# query built with [uri]::EscapeDataString / HttpUtility (%24filter, + for spaces, %27 quotes).
POWERSHELL = ["-X", "GET", "-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", "",
              "-H", "ConsistencyLevel: eventual", "-H", "User-Agent: Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.1"]


def test_powershell_pim_percent24_plus():
    items, pages = walk(f"{HTTPS}/beta/auditLogs/directoryAudits?%24filter=loggedByService+eq+%27PIM%27&%24top=100", *POWERSHELL)
    same_ids(items, [e for e in AUDITS if e["loggedByService"] == "PIM"], "PIM")
    assert pages > 1


def test_powershell_leading_space_gt_on_audit_events():
    items, _ = walk(f"{HTTPS}/beta/deviceManagement/auditEvents?$filter=%20activityDateTime%20gt%202026-10-30T00:00:00Z&$top=50", *POWERSHELL)
    same_ids(items, [e for e in INTUNE if ticks(e["activityDateTime"]) > ticks("2026-10-30T00:00:00Z")], "auditEvents gt")


def test_wazuh_ms_graph_audit_events_plus_window():
    # wm_ms_graph: v1.0, $top then $filter, + as space, raw $ and :, CUSTOMREQUEST GET with POSTFIELDS "".
    url = (f"{HTTPS}/v1.0/deviceManagement/auditEvents?$top=50&$filter=activityDateTime+ge+2026-10-29T12:00:00Z"
           "+and+activityDateTime+lt+2026-10-31T00:00:00Z")
    items, _ = walk(url, "-X", "GET", "-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", "",
                    "-H", "User-Agent: curl/7.58.0")
    lo, hi = ticks("2026-10-29T12:00:00Z"), ticks("2026-10-31T00:00:00Z")
    same_ids(items, [e for e in INTUNE if lo <= ticks(e["activityDateTime"]) < hi], "Wazuh window")


def test_wazuh_azure_logs_empty_param_six_digits():
    # azure-logs wodle: `?&$filter=`, 6 fractional digits, no $top (server-driven page size).
    items, _ = walk(f"{HTTPS}/v1.0/auditLogs/directoryAudits?&$filter=activityDateTime+ge+2026-10-30T06:30:00.000000Z")
    same_ids(items, [e for e in AUDITS if ticks(e["activityDateTime"]) >= ticks("2026-10-30T06:30:00Z")], "wodle ge")


def test_plain_http_origin_and_nextlinks():
    items, pages = walk(f"{HTTP}/beta/auditLogs/directoryAudits?$filter=loggedByService%20eq%20'Conditional%20Access'&$top=4", origin=HTTP)
    same_ids(items, [e for e in AUDITS if e["loggedByService"] == "Conditional Access"], "CA over http")
    assert pages > 1


def test_missing_token_is_401_envelope():
    status, head, text = curl(f"{HTTPS}/v1.0/auditLogs/directoryAudits?$top=1")
    assert status == 401, status
    assert json.loads(text)["error"]["code"] == "InvalidAuthenticationToken", text
    assert re.search(r"(?im)^www-authenticate: Bearer", head), head


def test_wazuh_created_date_time_is_graphs_400():
    tok = TOKEN.setdefault(HTTPS, token())
    status, _, text = curl(f"{HTTPS}/v1.0/auditLogs/directoryAudits?$top=50&$filter=createdDateTime+ge+2026-10-30T00:00:00Z",
                           "-H", f"Authorization: Bearer {tok}")
    assert status == 400, status
    assert "Could not find a property named 'createdDateTime' on type 'microsoft.graph.directoryAudit'" in text, text


if __name__ == "__main__":
    run_tests(tests_in(globals()))
