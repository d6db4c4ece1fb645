#!/usr/bin/python3
"""Replays of real Graph log consumers (issue #13): the exact URL shapes and checkpoint logic of
Splunk's TA-MS-AAD, ANSSI's DFIR-O365RC, CISA's Untitled Goose Tool and Microsoft-Extractor-Suite,
as read in their code, against tenantsim. Each replay runs the consumer's loop (its windows, its
time formats, its encoding, its checkpoint) and checks that it collects exactly the events its
predicates select from `tenantsim generate`'s output: nothing lost at a window edge or a
checkpoint, nothing twice.

Sources (read with the project's code search, not copied):
- Splunk TA-MS-AAD, MS_AAD_audit input: `$orderby=activityDateTime&$filter=activityDateTime+ge+{start}+and+
  activityDateTime+le+{end}` on the first run, then `gt {checkpoint}` where the checkpoint is the largest
  activityDateTime string seen; times `%Y-%m-%dT%H:%M:%S.%fZ`.
- DFIR-O365RC Get-AADLogs: v1.0, `$filter=activityDateTime gt {s}Z and activityDateTime lt {e}Z` per day,
  whole seconds (`{0:s}`), the first day from the start instant, the others midnight to midnight.
- Untitled Goose Tool entra_id_datadumper: beta, aiohttp params `api-version=beta`, `$orderby=activityDateTime`,
  `$filter=(activityDateTime ge {day}T00:00:00.000000Z and activityDateTime lt {day}T23:59:59.999999Z)`.
- Microsoft-Extractor-Suite Get-ADAuditLogsGraph: Graph PowerShell `-ExpandProperty * -All -Filter
  "activityDateTime gt {yyyy-MM-dd}"` (a date-only literal), optionally prefixed by
  `initiatedBy/user/userPrincipalName eq '{upn}' ` (two spaces before `and`).
The sign-in replays: DFIR-O365RC's `$top=1` premium probe and hourly `createdDateTime gt/lt` windows (also with
its huge-tenant `status/errorCode eq 0 and (appId eq … or …)` narrowing), Goose's beta day windows (with its
`source` parameter), Extractor-Suite's beta `UserPrincipalName eq` (PascalCase) with date-only bounds.
The security replays: Elastic's m365_defender alert and incident streams (`packages/m365_defender/data_stream/
{alert,incident}/agent/stream/httpjson.yml.hbs`): `$top=N&$skip=K&$filter=lastUpdateDateTime ge {cursor}&
$orderby=lastUpdateDateTime asc`, `$skip` bumped by the consumer while pages are full, `Prefer:
include-unknown-enum-members`, the cursor the last lastUpdateDateTime seen; incidents with `$expand=alerts`.
The riskDetections replays: Splunk's `lastUpdatedDateTime gt {checkpoint}&$orderby=lastUpdatedDateTime` loop
(fact sheet §3.2), Wazuh's `activityDateTime ge {start} and activityDateTime lt {end}` windows with `$top`
(docs clients.md §5), and DFIR-O365RC's and Goose's day-window shapes (gt/lt, beta ge/lt with `api-version`)
as they send them to the audit logs, applied to riskDetections' detectedDateTime (their risk queries were not
read). The riskyUsers replay: Splunk's `riskLastUpdatedDateTime gt {checkpoint}&$orderby=riskLastUpdatedDateTime`
loop (fact sheet §3.2) with the default page size, against a full walk of the same server.
Prints `# pass N` / `# fail M`. Environment: TENANTSIM_HTTPS, TENANTSIM_NDJSON, TENANTSIM_SIGNINS_NDJSON,
TENANTSIM_RISKS_NDJSON, TENANTSIM_ALERTS_NDJSON, TENANTSIM_INCIDENTS_NDJSON, REQUESTS_CA_BUNDLE.
"""
import datetime
import json
import os
import sys
import urllib.parse

import msal
import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from clientlib import CLIENT_ID, SCOPES, SECRET, TENANT, load_expected, run_tests, tests_in, ticks  # noqa: E402

HTTPS = os.environ["TENANTSIM_HTTPS"]
AUDITS, INTUNE = load_expected(os.environ["TENANTSIM_NDJSON"])
SESSION = requests.Session()
_TOKEN = []


def bearer():
    if not _TOKEN:
        app = msal.ConfidentialClientApplication(CLIENT_ID, client_credential=SECRET,
                                                 authority=f"{HTTPS}/{TENANT}", validate_authority=False)
        result = app.acquire_token_for_client(scopes=SCOPES)
        assert "access_token" in result, result
        _TOKEN.append(result["access_token"])
    return {"Authorization": f"Bearer {_TOKEN[0]}"}


def get(url, params=None):
    r = SESSION.get(url, params=params, headers=bearer(), timeout=30)
    assert r.status_code == 200, f"{r.status_code} {r.url}\n{r.text[:400]}"
    return r.json()


def collect(url, params=None):
    """The first page and every @odata.nextLink followed verbatim, as all four consumers do."""
    page = get(url, params)
    items = list(page["value"])
    while page.get("@odata.nextLink"):
        page = get(page["@odata.nextLink"])
        items += page["value"]
    return items


def parse(iso):
    return datetime.datetime.strptime(iso[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)


def window():
    """(first, last) activityDateTime of the expected directory audits, as ticks() keys."""
    keys = sorted(ticks(e["activityDateTime"]) for e in AUDITS)
    return keys[0], keys[-1]


def key_of(dt, digits=7):
    """A datetime as a ticks() key, with its microseconds."""
    return (dt.strftime("%Y-%m-%dT%H:%M:%S"), f"{dt.microsecond:06d}".ljust(7, "0")[:7])


def assert_exactly(got, want, what):
    ids = [e["id"] for e in got]
    assert len(set(ids)) == len(ids), f"{what}: {len(ids) - len(set(ids))} events collected twice"
    want_ids = {e["id"] for e in want}
    assert want_ids, f"{what}: the replay selects nothing; the scenario does not exercise it"
    missing, extra = want_ids - set(ids), set(ids) - want_ids
    assert not missing and not extra, (f"{what}: {len(missing)} missing (e.g. {sorted(missing)[:2]}), "
                                       f"{len(extra)} extra (e.g. {sorted(extra)[:2]})")


def splunk_ta_ms_aad(version, polls):
    """MS_AAD_audit with query_window_size 0: each poll asks from the checkpoint to `end`."""
    first, _ = window()
    start = parse(first[0] + "Z") - datetime.timedelta(hours=1)
    checkpoint = start.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    collected, op = [], "ge"
    for end in polls:
        url = (f"{HTTPS}/{version}/auditLogs/directoryAudits?$orderby=activityDateTime&$filter=activityDateTime+"
               f"{op}+{checkpoint}+and+activityDateTime+le+{end.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}")
        items = collect(url)
        stamps = [ticks(e["activityDateTime"]) for e in items]
        assert stamps == sorted(stamps), f"{url}: not in ascending activityDateTime order"
        for e in items:
            if e["activityDateTime"] > checkpoint:  # the add-on compares the strings
                checkpoint = e["activityDateTime"]
        collected += items
        op = "gt"
    lo, hi = key_of(start), key_of(polls[-1])
    return collected, [e for e in AUDITS if lo <= ticks(e["activityDateTime"]) <= hi]


def test_splunk_ta_ms_aad_checkpointed_polls_v1():
    first, last = window()
    t0, t1 = parse(first[0] + "Z"), parse(last[0] + "Z")
    polls = [t0 + (t1 - t0) * k / 4 for k in (1, 2, 3)] + [t1 + datetime.timedelta(seconds=1)]
    got, want = splunk_ta_ms_aad("v1.0", polls)
    assert_exactly(got, want, "Splunk TA-MS-AAD v1.0")


def test_splunk_ta_ms_aad_poll_with_nothing_new_beta():
    # A second run with the same end: `gt checkpoint` finds nothing and the page has no nextLink.
    first, last = window()
    end = parse(last[0] + "Z") + datetime.timedelta(seconds=1)
    got, want = splunk_ta_ms_aad("beta", [end, end])
    assert_exactly(got, want, "Splunk TA-MS-AAD beta, repeated poll")


def test_dfir_o365rc_daily_gt_lt_windows():
    first, last = window()
    start = parse(first[0] + "Z") + datetime.timedelta(hours=5, minutes=17, seconds=3)
    end = parse(last[0] + "Z")
    edges = [start]
    midnight = start.replace(hour=0, minute=0, second=0) + datetime.timedelta(days=1)
    while midnight < end:
        edges.append(midnight)
        midnight += datetime.timedelta(days=1)
    edges.append(end)
    got, want = [], []
    for s, e in zip(edges, edges[1:]):
        fs, fe = s.strftime("%Y-%m-%dT%H:%M:%S") + "Z", e.strftime("%Y-%m-%dT%H:%M:%S") + "Z"
        # Invoke-RestMethod sends the URI's spaces as %20 and keeps `$` and `:` as they are.
        url = (f"{HTTPS}/v1.0/auditLogs/directoryAudits?$filter=activityDateTime%20gt%20{fs}%20and%20"
               f"activityDateTime%20lt%20{fe}")
        got += collect(url)
        lo, hi = key_of(s), key_of(e)
        want += [x for x in AUDITS if lo < ticks(x["activityDateTime"]) < hi]
    assert_exactly(got, want, "DFIR-O365RC Get-AADLogs")


def test_untitled_goose_beta_day_windows():
    first, last = window()
    day = parse(first[0] + "Z").date()
    got, want = [], []
    while day <= parse(last[0] + "Z").date():
        start, end = f"{day}T00:00:00.000000Z", f"{day}T23:59:59.999999Z"
        params = {"api-version": "beta", "$orderby": "activityDateTime",
                  "$filter": f"(activityDateTime ge {start} and activityDateTime lt {end})"}
        items = collect(f"{HTTPS}/beta/auditLogs/directoryAudits", params)
        stamps = [ticks(e["activityDateTime"]) for e in items]
        assert stamps == sorted(stamps), f"{day}: not ascending"
        got += items
        lo, hi = (f"{day}T00:00:00", "0000000"), (f"{day}T23:59:59", "9999990")
        want += [x for x in AUDITS if lo <= ticks(x["activityDateTime"]) < hi]
        day += datetime.timedelta(days=1)
    assert_exactly(got, want, "Untitled Goose Tool")


def powershell_sdk_url(path, filter_text):
    """How Microsoft Graph PowerShell builds the request for `-ExpandProperty * -All -Filter ...`."""
    query = urllib.parse.urlencode({"$expand": "*", "$filter": filter_text}, quote_via=urllib.parse.quote, safe="*$")
    return f"{HTTPS}/v1.0/{path}?{query}"


def test_extractor_suite_date_only_literal_and_expand_all():
    first, _ = window()
    day = (parse(first[0] + "Z") + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    got = collect(powershell_sdk_url("auditLogs/directoryAudits", f"activityDateTime gt {day}"))
    want = [x for x in AUDITS if ticks(x["activityDateTime"]) > (f"{day}T00:00:00", "0000000")]
    assert_exactly(got, want, "Microsoft-Extractor-Suite Get-ADAuditLogsGraph -startDate")


def test_extractor_suite_one_user():
    first, _ = window()
    day = parse(first[0] + "Z").strftime("%Y-%m-%d")
    users = [x["initiatedBy"]["user"]["userPrincipalName"] for x in AUDITS
             if (x.get("initiatedBy") or {}).get("user") and x["initiatedBy"]["user"].get("userPrincipalName")]
    upn = max(set(users), key=users.count)
    filter_text = f"initiatedBy/user/userPrincipalName eq '{upn}'  and activityDateTime gt {day}"
    got = collect(powershell_sdk_url("auditLogs/directoryAudits", filter_text))
    want = [x for x in AUDITS if ((x.get("initiatedBy") or {}).get("user") or {}).get("userPrincipalName") == upn
            and ticks(x["activityDateTime"]) > (f"{day}T00:00:00", "0000000")]
    assert_exactly(got, want, f"Microsoft-Extractor-Suite -UserIds {upn}")


# ---- auditLogs/signIns ------------------------------------------------------------------------

def interactive_signins():
    """The interactive user sign-ins of `tenantsim generate --log signIns --api beta`."""
    with open(os.environ["TENANTSIM_SIGNINS_NDJSON"]) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [s for s in rows if s["signInEventTypes"] == ["interactiveUser"]]


SIGNINS = []


def signins():
    if not SIGNINS:
        SIGNINS.extend(interactive_signins())
    return SIGNINS


def signin_days():
    keys = sorted(ticks(s["createdDateTime"]) for s in signins())
    return parse(keys[0][0] + "Z").date(), parse(keys[-1][0] + "Z").date()


def test_dfir_o365rc_signins_premium_probe_and_hourly_windows():
    # The P1 probe: `$top=1` must not be RequestFromNonPremiumTenant on a P2 tenant.
    probe = get(f"{HTTPS}/v1.0/auditLogs/signIns?$top=1")
    assert len(probe["value"]) == 1 and "@odata.nextLink" in probe, probe
    first, _ = signin_days()
    day = datetime.datetime.combine(first + datetime.timedelta(days=1), datetime.time(),
                                    datetime.timezone.utc)
    apps = ["00000002-0000-0ff1-ce00-000000000000", "d3590ed6-52b3-4102-aeff-aad2292ab01c",
            "1fec8e78-bce4-4aaf-ab1b-5451cc387264"]
    huge = " and status/errorCode eq 0 and (" + " or ".join(f"appId eq '{a}'" for a in apps) + ")"
    for variant in ("", huge):
        got, want = [], []
        for h in range(24):
            s, e = day + datetime.timedelta(hours=h), day + datetime.timedelta(hours=h + 1)
            fs, fe = s.strftime("%Y-%m-%dT%H:%M:%S") + "Z", e.strftime("%Y-%m-%dT%H:%M:%S") + "Z"
            text = f"createdDateTime gt {fs} and createdDateTime lt {fe}{variant}"
            got += collect(f"{HTTPS}/v1.0/auditLogs/signIns?$filter=" + urllib.parse.quote(text, safe="'()/:"))
            lo, hi = key_of(s), key_of(e)
            want += [x for x in signins() if lo < ticks(x["createdDateTime"]) < hi and
                     (not variant or (x["status"]["errorCode"] == 0 and x["appId"] in apps))]
        assert_exactly(got, want, "DFIR-O365RC sign-ins" + (" (huge tenant)" if variant else ""))


def test_untitled_goose_beta_signins_day_windows():
    first, last = signin_days()
    day, got, want = first, [], []
    while day <= last:
        start, end = f"{day}T00:00:00.000000Z", f"{day}T23:59:59.999999Z"
        params = {"api-version": "beta", "$orderby": "createdDateTime", "source": "adfs",
                  "$filter": f"(createdDateTime ge {start} and createdDateTime lt {end})"}
        items = collect(f"{HTTPS}/beta/auditLogs/signIns", params)
        stamps = [ticks(s["createdDateTime"]) for s in items]
        assert stamps == sorted(stamps), f"{day}: not ascending"
        got += items
        lo, hi = (f"{day}T00:00:00", "0000000"), (f"{day}T23:59:59", "9999990")
        want += [x for x in signins() if lo <= ticks(x["createdDateTime"]) < hi]
        day += datetime.timedelta(days=1)
    assert_exactly(got, want, "Untitled Goose Tool sign-ins (beta default population)")


def test_extractor_suite_signins_of_one_user_pascal_case():
    first, last = signin_days()
    users = [s["userPrincipalName"] for s in signins()]
    upn = max(set(users), key=users.count)
    d1, d2 = first.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d")
    text = f"UserPrincipalName eq '{upn}' and createdDateTime lt {d2} and createdDateTime gt {d1}"
    query = urllib.parse.urlencode({"$expand": "*", "$filter": text}, quote_via=urllib.parse.quote, safe="*$")
    got = collect(f"{HTTPS}/beta/auditLogs/signIns?{query}")
    lo, hi = (f"{d1}T00:00:00", "0000000"), (f"{d2}T00:00:00", "0000000")
    want = [x for x in signins() if x["userPrincipalName"] == upn and lo < ticks(x["createdDateTime"]) < hi]
    assert_exactly(got, want, f"Microsoft-Extractor-Suite Get-ADSignInLogsGraph -UserIds {upn}")


def expected_lines(variable):
    path = os.environ.get(variable)
    if not path:
        return None
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def elastic_loop(path, cursor, top, extra=None):
    """One run of Elastic's httpjson loop: pages of $top from $skip 0, the consumer bumping $skip while
    a page is full; returns (items, the new cursor)."""
    items, skip = [], 0
    while True:
        params = {"$top": str(top), "$skip": str(skip), "$filter": f"lastUpdateDateTime ge {cursor}",
                  "$orderby": "lastUpdateDateTime asc", **(extra or {})}
        query = urllib.parse.urlencode(params, quote_via=urllib.parse.quote, safe="$")
        r = SESSION.get(f"{HTTPS}/v1.0/{path}?{query}",
                        headers={**bearer(), "Prefer": "include-unknown-enum-members"}, timeout=30)
        assert r.status_code == 200, f"{r.status_code} {r.url}\n{r.text[:400]}"
        page = r.json()["value"]
        items += page
        if len(page) < top:
            break
        skip += top
    if items:
        cursor = max(items, key=lambda x: ticks(x["lastUpdateDateTime"]))["lastUpdateDateTime"]
    return items, cursor


def test_elastic_m365_defender_alerts_skip_loop_and_cursor():
    want = expected_lines("TENANTSIM_ALERTS_NDJSON")
    if want is None:
        return "skip"
    assert want, "the clients scenario raises alerts"
    got, cursor = elastic_loop("security/alerts_v2", "2026-01-01T00:00:00Z", 2)
    assert_exactly(got, want, "Elastic m365_defender alerts (first run)")
    keys = [ticks(x["lastUpdateDateTime"]) for x in got]
    assert keys == sorted(keys), "pages in lastUpdateDateTime order"
    again, _ = elastic_loop("security/alerts_v2", cursor, 2)
    assert_exactly(again, [x for x in want if x["lastUpdateDateTime"] == cursor],
                   "Elastic m365_defender alerts (the next run: only the cursor's instant)")


def test_elastic_m365_defender_incidents_expand_alerts():
    want = expected_lines("TENANTSIM_INCIDENTS_NDJSON")
    if want is None:
        return "skip"
    got, _ = elastic_loop("security/incidents", "2026-01-01T00:00:00Z", 1, {"$expand": "alerts"})
    assert_exactly(got, want, "Elastic m365_defender incidents")
    alerts_of = {x["id"]: sorted(a["id"] for a in x["alerts"]) for x in want}
    for incident in got:
        assert sorted(a["id"] for a in incident["alerts"]) == alerts_of[incident["id"]], incident["id"]


# ---- identityProtection/riskDetections --------------------------------------------------------

RISKS = []


def risks():
    """`tenantsim generate --log riskDetections` (v1.0), oldest first."""
    if not RISKS:
        with open(os.environ["TENANTSIM_RISKS_NDJSON"]) as f:
            RISKS.extend(json.loads(line) for line in f if line.strip())
    return RISKS


def risk_days(field):
    keys = sorted(ticks(r[field]) for r in risks())
    return parse(keys[0][0] + "Z").date(), parse(keys[-1][0] + "Z").date()


def test_splunk_risk_detections_checkpoint():
    """Splunk's risk input: `lastUpdatedDateTime gt {checkpoint}&$orderby=lastUpdatedDateTime`, the checkpoint the
    largest lastUpdatedDateTime string read; started mid-window, then polled again with nothing new."""
    stamps = sorted(r["lastUpdatedDateTime"] for r in risks())
    checkpoint = stamps[len(stamps) // 3]
    want = [r for r in risks() if ticks(r["lastUpdatedDateTime"]) > ticks(checkpoint)]
    got = []
    for _ in range(2):
        url = (f"{HTTPS}/v1.0/identityProtection/riskDetections?$filter=lastUpdatedDateTime+gt+{checkpoint}"
               f"&$orderby=lastUpdatedDateTime&$top=500")
        items = collect(url)
        for r in items:
            checkpoint = max(checkpoint, r["lastUpdatedDateTime"])
        got += items
    assert_exactly(got, want, "Splunk riskDetections checkpoint")
    assert checkpoint == stamps[-1], (checkpoint, stamps[-1])


def test_wazuh_risk_detections_activity_windows():
    """Wazuh's ms-graph module: `$top={page_size}&$filter=activityDateTime+ge+{start}+and+activityDateTime+lt+{end}`,
    whole seconds, nextLink followed verbatim."""
    first, last = risk_days("activityDateTime")
    edges = [datetime.datetime.combine(first, datetime.time(), datetime.timezone.utc) + datetime.timedelta(hours=6 * k)
             for k in range(0, ((last - first).days + 1) * 4 + 1)]
    got, want = [], []
    for s, e in zip(edges, edges[1:]):
        fs, fe = s.strftime("%Y-%m-%dT%H:%M:%SZ"), e.strftime("%Y-%m-%dT%H:%M:%SZ")
        got += collect(f"{HTTPS}/v1.0/identityProtection/riskDetections?$top=50&$filter=activityDateTime+ge+{fs}"
                       f"+and+activityDateTime+lt+{fe}")
        lo, hi = key_of(s), key_of(e)
        want += [r for r in risks() if lo <= ticks(r["activityDateTime"]) < hi]
    assert_exactly(got, want, "Wazuh riskDetections")


def test_dfir_and_goose_day_window_shapes_on_risk_detections():
    first, last = risk_days("detectedDateTime")
    day, got_dfir, got_goose, want = first, [], [], []
    while day <= last:
        d0 = datetime.datetime.combine(day, datetime.time(), datetime.timezone.utc)
        d1 = d0 + datetime.timedelta(days=1)
        fs, fe = d0.strftime("%Y-%m-%dT%H:%M:%S") + "Z", d1.strftime("%Y-%m-%dT%H:%M:%S") + "Z"
        # DFIR-O365RC: v1.0, gt/lt, spaces as %20.
        got_dfir += collect(f"{HTTPS}/v1.0/identityProtection/riskDetections?$filter=detectedDateTime%20gt%20{fs}"
                            f"%20and%20detectedDateTime%20lt%20{fe}")
        # Goose: beta through aiohttp params, ge/lt with microseconds.
        params = {"api-version": "beta", "$orderby": "detectedDateTime",
                  "$filter": f"(detectedDateTime ge {day}T00:00:00.000000Z and detectedDateTime lt {day}T23:59:59.999999Z)"}
        items = collect(f"{HTTPS}/beta/identityProtection/riskDetections", params)
        stamps = [ticks(r["detectedDateTime"]) for r in items]
        assert stamps == sorted(stamps), f"{day}: not ascending"
        assert all(r["riskType"] == r["riskEventType"] for r in items), "beta rows carry riskType"
        got_goose += items
        lo, hi = (f"{day}T00:00:00", "0000000"), (f"{day}T23:59:59", "9999990")
        want += [r for r in risks() if lo <= ticks(r["detectedDateTime"]) < hi]
        day += datetime.timedelta(days=1)
    # Both miss only what sits exactly on a window edge (gt/lt) or in the last microsecond (Goose).
    assert_exactly([r for r in got_dfir], [r for r in want if not r["detectedDateTime"].endswith("T00:00:00Z")],
                   "DFIR-O365RC-shaped day windows")
    assert_exactly(got_goose, want, "Goose-shaped beta day windows")


def test_splunk_risky_users_checkpoint():
    """Splunk's risky-user input: `riskLastUpdatedDateTime gt {checkpoint}&$orderby=riskLastUpdatedDateTime`, the
    checkpoint the largest riskLastUpdatedDateTime read, pages of the default 20 followed; started a third of the way
    in, then polled again with nothing new. The state is the server clock's, so the expected set is a full walk."""
    everyone = collect(f"{HTTPS}/v1.0/identityProtection/riskyUsers?$top=500")
    stamps = sorted(u["riskLastUpdatedDateTime"] for u in everyone)
    assert len(stamps) >= 3, f"{len(stamps)} risky users: too few for a checkpoint"
    checkpoint = stamps[len(stamps) // 3]
    want = [u for u in everyone if ticks(u["riskLastUpdatedDateTime"]) > ticks(checkpoint)]
    got = []
    for _ in range(2):
        items = collect(f"{HTTPS}/v1.0/identityProtection/riskyUsers?$filter=riskLastUpdatedDateTime+gt+{checkpoint}"
                        f"&$orderby=riskLastUpdatedDateTime")
        stamps_read = [ticks(u["riskLastUpdatedDateTime"]) for u in items]
        assert stamps_read == sorted(stamps_read), "not in riskLastUpdatedDateTime order"
        for u in items:
            checkpoint = max(checkpoint, u["riskLastUpdatedDateTime"])
        got += items
    assert_exactly(got, want, "Splunk riskyUsers checkpoint")
    assert checkpoint == stamps[-1], (checkpoint, stamps[-1])


if __name__ == "__main__":
    run_tests(tests_in(globals()))
