#!/usr/bin/env python3
"""One throttling budget across replicas (issue #15), against a real redis-server on loopback.
The budget is Graph's directoryAudits default: 5 requests per 10 s per app, tenant and endpoint.
- one replica refuses the 6th request in 10 s; three replicas sharing --throttle-store behind
  HAProxy (deploy/haproxy/haproxy.cfg, round-robin per request) refuse the 6th exactly as one
  does, and so under load; three replicas without it grant the budget once each;
- Redis killed mid-run: requests are still answered 200 (fail open), the metric
  tenantsim_throttle_store_unavailable_total counts them, the outage is logged once, nothing
  crashes; Redis started again on its port: the replicas share the budget again."""
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replicas import (APP, AUDITS, HERE, TENANT, Check, Cluster, get, haproxy,  # noqa: E402
                      load_jsonc, metric, redis_server, token, write_scenario)

REQUESTS = 9  # in well under 10 s: 5 allowed, then 429s
LOAD_SECONDS = 9  # under load: clients hammer for less than one window
LOAD_CLIENTS = 6


def hammer(origins, seconds=LOAD_SECONDS, clients=LOAD_CLIENTS):
    """Clients sending requests round-robin over origins for `seconds`: (allowed, refused)."""
    counts, lock, stop = {200: 0, 429: 0}, threading.Lock(), time.monotonic() + seconds

    def client(k):
        i = k
        while time.monotonic() < stop:
            status = get(origins[i % len(origins)] + AUDITS)[0]
            i += 1
            with lock:
                counts[status] = counts.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts


def sum_requests(origin):
    """Requests on the directoryAudits route a replica answered (any status), from its metrics."""
    _, _, body = get(origin + "/_tenantsim/metrics")
    prefix = 'tenantsim_requests_total{route="directoryAudits",'
    return sum(int(float(l.split()[-1])) for l in body.decode().splitlines()
               if l.startswith(prefix))


def statuses(origins, bearer, count=REQUESTS):
    return [get(origins[i % len(origins)] + AUDITS, bearer)[0] for i in range(count)]


def main():
    check = Check("throttle")
    with Cluster() as cluster:
        scenario = load_jsonc(os.path.join(HERE, "scenario.json"))
        scenario["server"]["throttling"] = {"directoryAudits": {"requests": 5, "perSeconds": 10}}
        path = write_scenario(cluster, "throttled.json", scenario)
        redis, redis_port = redis_server(cluster)
        store = ("--throttle-store", f"redis://127.0.0.1:{redis_port}")

        _, alone = cluster.serve(path, name="alone")
        bearer = token(alone, TENANT, *APP)
        got = statuses([alone], bearer)
        check("one replica: 5 allowed, the 6th refused", got == [200] * 5 + [429] * 4, got)

        shared = [cluster.serve(path, *store, name=f"shared{i}")[1] for i in range(3)]
        lb = haproxy(cluster, shared)
        got = statuses([lb], bearer)
        spread = [sum_requests(o) for o in shared]
        check("three replicas sharing redis behind haproxy: 5 allowed, the 6th refused (as one "
              f"replica; requests per replica {spread})",
              got == [200] * 5 + [429] * 4 and all(n > 0 for n in spread), got)
        status, headers, _ = get(shared[0] + AUDITS, bearer)
        retry = float(headers.get("Retry-After", "0"))
        check("the refusal says when the shared window frees a slot", status == 429 and
              1 <= retry <= 10, (status, retry))

        separate = [cluster.serve(path, name=f"separate{i}")[1] for i in range(3)]
        got = statuses(separate, bearer, 15)
        check("three replicas without a shared store: each grants the budget (15 allowed)",
              got == [200] * 15, got)

        # Under load, no token (auth off: the budget key is the client address), one window.
        scenario["server"]["auth"] = "off"
        open_path = write_scenario(cluster, "throttled-open.json", scenario)
        _, one = cluster.serve(open_path, name="load-alone")
        load_shared = [cluster.serve(open_path, *store, name=f"load{i}")[1] for i in range(3)]
        load_lb = haproxy(cluster, load_shared)
        for label, origins in (("1 replica", [one]),
                               ("3 replicas sharing redis behind haproxy", [load_lb])):
            counts = hammer(origins)
            print(f"     under load, {label}: {LOAD_CLIENTS} clients for {LOAD_SECONDS} s: "
                  f"{counts.get(200, 0)} allowed, {counts.get(429, 0)} refused")
            check(f"under load, {label}: exactly 5 allowed in the window",
                  counts.get(200, 0) == 5 and set(counts) <= {200, 429}, counts)

        # Redis goes away in the middle of the run.
        redis.send_signal(signal.SIGKILL)
        redis.wait()
        got = statuses(shared, bearer, 6)
        check("redis killed: every request still 200 (fail open)", got == [200] * 6, got)
        unavailable = sum(metric(o, "tenantsim_throttle_store_unavailable_total") or 0
                          for o in shared)
        check("redis killed: the metric counts the requests served without a budget",
              unavailable == 6, unavailable)
        logs = [cluster.log(f"shared{i}-{o.rsplit(':', 1)[1]}") for i, o in enumerate(shared)]
        once = [log.count("throttle store redis://") for log in logs]
        check("redis killed: each replica logs the outage once", once == [1, 1, 1], once)
        alive = all(get(o + "/_tenantsim/health")[0] == 200 for o in shared)
        check("redis killed: every replica still healthy", alive)

        # Redis back on the same port: the replicas reconnect (at most once a second).
        redis_server(cluster, redis_port, name="redis-again")
        time.sleep(1.2)
        got = statuses(shared, bearer)
        check("redis back: the replicas share the budget again", got == [200] * 5 + [429] * 4, got)
    check.finish()


if __name__ == "__main__":
    main()
