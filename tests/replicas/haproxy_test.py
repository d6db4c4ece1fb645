#!/usr/bin/env python3
"""Replicas behind a real load balancer (issue #15): Debian's haproxy with
deploy/haproxy/haproxy.cfg (round-robin per request, health checks on /_tenantsim/health) in front
of three `tenantsim serve` replicas on loopback sharing one --state-dir (the signing key).
- walks of both endpoints through HAProxy list exactly the ids of `tenantsim generate`, and every
  replica served some of their pages;
- a token issued by any replica is accepted by every other;
- one replica SIGKILLed in the middle of a walk: the walk completes with no item lost or repeated;
  the replica restarted rejoins (HAProxy marks it up again) and serves byte-identical pages."""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replicas import (APP, HERE, TENANT, Check, Cluster, expected_ids, free_port, get,  # noqa: E402
                      haproxy, haproxy_retries, haproxy_status, token, wait_servers_up, walk)

ENDPOINTS = {"directoryAudits": "/v1.0/auditLogs/directoryAudits?$top=50",
             "auditEvents": "/v1.0/deviceManagement/auditEvents?$top=50"}
KILL_AT_PAGE = 5


def served(origin, route):
    """200 responses a replica sent on a route (its /_tenantsim/metrics)."""
    _, _, body = get(origin + "/_tenantsim/metrics")
    prefix = f'tenantsim_requests_total{{route="{route}",status="200"}} '
    return sum(int(float(l[len(prefix):])) for l in body.decode().splitlines()
               if l.startswith(prefix))


def main():
    check = Check("haproxy")
    scenario = os.path.join(HERE, "scenario.json")
    with Cluster() as cluster:
        audits, intune = expected_ids(cluster, scenario)
        expected = {"directoryAudits": sorted(audits), "auditEvents": sorted(intune)}
        lb_port = free_port()
        public = ("--public-url", f"http://127.0.0.1:{lb_port}")
        replicas = [cluster.serve(scenario, *public, name=f"replica{i}") for i in (1, 2, 3)]
        origins = [o for _, o in replicas]
        lb = haproxy(cluster, origins, lb_port)

        # Tokens: each replica's accepted by every other.
        tokens = [token(o, TENANT, *APP) for o in origins]
        matrix = [[get(o + ENDPOINTS["auditEvents"], t)[0] for o in origins] for t in tokens]
        check("a token from any replica is accepted by every other",
              matrix == [[200] * 3] * 3, matrix)
        bearer = token(lb, TENANT, *APP)

        for name, path in ENDPOINTS.items():
            before = [served(o, name) for o in origins]
            started = time.monotonic()
            ids, pages, _ = walk(lb, path, bearer)
            seconds = time.monotonic() - started
            after = [served(o, name) for o in origins]
            share = [a - b for a, b in zip(after, before)]
            check(f"{name}: a walk through haproxy lists exactly generate's ids "
                  f"({len(ids)} items, {pages} pages, {seconds:.2f} s)",
                  len(ids) == len(set(ids)) and sorted(ids) == expected[name],
                  f"{len(ids)} ids ({len(set(ids))} distinct), want {len(expected[name])}")
            check(f"{name}: round-robin, every replica served pages {share}",
                  all(n > 0 for n in share) and max(share) - min(share) <= 1, share)

        # SIGKILL replica 2 in the middle of a walk.
        victim, victim_origin = replicas[1]
        killed_at = []

        def kill(page):
            if page == KILL_AT_PAGE:
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                killed_at.append(time.monotonic())

        retries_before = haproxy_retries(cluster)
        started = time.monotonic()
        ids, pages, statuses = walk(lb, ENDPOINTS["directoryAudits"], bearer, kill)
        seconds = time.monotonic() - started
        retried = [a - b for a, b in zip(haproxy_retries(cluster), retries_before)]
        print(f"     kill mid-walk: haproxy retried {retried[0]} request(s), redispatched "
              f"{retried[1]} to another replica")
        check(f"directoryAudits: replica killed at page {KILL_AT_PAGE}: the walk completes with "
              f"no item lost or repeated ({pages} pages, {seconds:.2f} s, every status 200)",
              killed_at and sorted(ids) == expected["directoryAudits"] and
              len(ids) == len(set(ids)) and set(statuses) == {200},
              f"{len(ids)} ids, statuses {set(statuses)}")
        down_seen = time.monotonic()
        while haproxy_status(cluster).get("replica2", "").startswith("UP") and \
                time.monotonic() - down_seen < 10:
            time.sleep(0.05)
        status = haproxy_status(cluster)
        check("haproxy marks the killed replica down", not status["replica2"].startswith("UP"),
              status)
        ids, _, _ = walk(lb, ENDPOINTS["auditEvents"], bearer)
        check("with one replica down, a walk of auditEvents lists exactly generate's ids",
              sorted(ids) == expected["auditEvents"])

        # Restart it on the same port: it rejoins and serves the same bytes.
        port = int(victim_origin.rsplit(":", 1)[1])
        restarted = time.monotonic()
        cluster.serve(scenario, *public, port=port, name="replica2-again")
        wait_servers_up(cluster, 3)
        rejoin = time.monotonic() - restarted
        check(f"the restarted replica rejoins ({rejoin:.2f} s from start to up in haproxy)", True)
        for name, path in ENDPOINTS.items():
            first, _, body = get(origins[0] + path, tokens[0])
            again, _, body2 = get(victim_origin + path, tokens[0])
            check(f"{name}: the restarted replica serves byte-identical pages (token issued "
                  "before its restart)", first == again == 200 and body == body2)
            ids, _, _ = walk(lb, path, bearer)
            check(f"{name}: after the rejoin, a walk lists exactly generate's ids",
                  sorted(ids) == expected[name])
    check.finish()


if __name__ == "__main__":
    main()
