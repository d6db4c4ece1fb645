#!/usr/bin/env python3
"""One live clock across replicas (issue #15): two `tenantsim serve` processes given the same
--live-epoch and started REPLICAS_LIVE_GAP seconds apart (default 30) serve byte-identical live
pages at the same wall time. A third, started with the second but without an epoch, does not
(its clock started later), which shows the pages compared do depend on the clock. The second,
reloaded (POST /_tenantsim/reload re-reads a file that has no epoch), keeps the flag's epoch and
still serves the first one's bytes."""
import datetime
import json
import os
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replicas import HERE, Check, Cluster, get, load_jsonc, write_scenario  # noqa: E402

GAP = float(os.environ.get("REPLICAS_LIVE_GAP", "30"))
SPEED = 120  # two simulated minutes per real second: the gap is an hour of live events
PUBLIC = "http://replicas.example"  # the same nextLink origin for both replicas
WINDOW_END = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.timezone.utc)  # midday: busy


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def pages(origin, path, upto, count=3):
    """The bytes of the first `count` pages of path filtered to activityDateTime le upto."""
    query = urllib.parse.urlencode({"$filter": f"activityDateTime le {iso(upto)}", "$top": "40"})
    url, out = f"{origin}{path}?{query}", []
    for _ in range(count):
        status, _, body = get(url)
        out.append((status, body))
        if status != 200:
            break
        link = json.loads(body).get("@odata.nextLink")
        if not link:
            break
        url = origin + link[len(PUBLIC):]
    return out


def main():
    check = Check("live-clock")
    with Cluster() as cluster:
        scenario = load_jsonc(os.path.join(HERE, "scenario.json"))
        scenario["server"]["auth"] = "off"
        scenario["window"]["end"] = iso(WINDOW_END)
        scenario["live"] = {"speed": SPEED}
        path = write_scenario(cluster, "live.json", scenario)
        epoch = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        flags = ("--live-epoch", iso(epoch), "--public-url", PUBLIC)
        _, first = cluster.serve(path, *flags, name="first")
        time.sleep(GAP)
        _, second = cluster.serve(path, *flags, name="second")
        _, own_clock = cluster.serve(path, "--public-url", PUBLIC, name="no-epoch")
        # The simulated instant now, less two simulated minutes (a second): every replica sharing the
        # epoch has appended every event up to it.
        wall = datetime.datetime.now(datetime.timezone.utc)
        upto = WINDOW_END + (wall - epoch) * SPEED - datetime.timedelta(minutes=2)
        for endpoint in ("/v1.0/auditLogs/directoryAudits", "/beta/deviceManagement/auditEvents"):
            a, b = pages(first, endpoint, upto), pages(second, endpoint, upto)
            c = pages(own_clock, endpoint, upto)
            check(f"{endpoint}: 200 pages", all(s == 200 for s, _ in a + b), [s for s, _ in a + b])
            check(f"{endpoint}: byte-identical pages from replicas started {GAP:g} s apart",
                  a == b, f"{len(a)} vs {len(b)} pages")
            newest = json.loads(a[0][1])["value"][0]["activityDateTime"]
            check(f"{endpoint}: the pages hold live events ({newest} after the window end)",
                  newest > iso(WINDOW_END))
            check(f"{endpoint}: a replica without the epoch serves other pages", a != c)
        reload = urllib.request.Request(second + "/_tenantsim/reload", data=b"", method="POST")
        with urllib.request.urlopen(reload, timeout=60) as r:
            reloaded = r.status
        clock = json.loads(get(second + "/_tenantsim/clock")[2])
        check(f"after a reload, the clock keeps the flag's epoch ({clock.get('epoch')})",
              clock.get("epoch", "").startswith(iso(epoch)[:-1]), clock)
        for endpoint in ("/v1.0/auditLogs/directoryAudits", "/beta/deviceManagement/auditEvents"):
            a, b = pages(first, endpoint, upto), pages(second, endpoint, upto)
            check(f"{endpoint}: after a reload, --live-epoch still decides the clock (reload "
                  f"{reloaded}, byte-identical pages)", reloaded == 200 and a == b,
                  f"{len(a)} vs {len(b)} pages")
    check.finish()


if __name__ == "__main__":
    main()
