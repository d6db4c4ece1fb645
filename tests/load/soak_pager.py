#!/usr/bin/env python3
"""Paging clients for tests/load/soak.sh: N threads walk both audit endpoints to the end, again and
again, for a bounded time. A walk retries injected 503s (honouring Retry-After, bounded) and must
end, be duplicate-free, and never shrink below the previous walk of the same endpoint (live mode
only adds). Prints a JSON summary."""
import json, sys, threading, time, urllib.error, urllib.request
from collections import Counter

base, seconds, clients = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
deadline = time.monotonic() + seconds
lock = threading.Lock()
summary = {"walks": 0, "pages": 0, "items": 0, "incomplete": 0, "duplicates": 0, "errors": Counter(),
           "shrunk": 0}
last_size = {}

def get(url):
    for attempt in range(20):
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            with lock:
                summary["errors"][str(e.code)] += 1
            if e.code != 503:
                return None
            time.sleep(min(float(e.headers.get("Retry-After", "1")), 2) / 4)
    return None

def client(i):
    first = ["/v1.0/auditLogs/directoryAudits?$top=500", "/v1.0/deviceManagement/auditEvents?$top=300"][i % 2]
    while time.monotonic() < deadline:
        url, ids, pages, ended = base + first, set(), 0, False
        dup = 0
        while pages < 2000:
            page = get(url)
            if page is None:
                break
            pages += 1
            for item in page["value"]:
                if item["id"] in ids:
                    dup += 1
                ids.add(item["id"])
            nxt = page.get("@odata.nextLink")
            if not nxt:
                ended = True
                break
            url = nxt
        with lock:
            summary["walks"] += 1
            summary["pages"] += pages
            summary["items"] += len(ids)
            summary["duplicates"] += dup
            summary["incomplete"] += 0 if ended else 1
            if len(ids) < last_size.get(first, 0):
                summary["shrunk"] += 1
            last_size[first] = max(last_size.get(first, 0), len(ids))

threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
summary["errors"] = dict(summary["errors"])
print(json.dumps(summary))
