#!/usr/bin/env python3
"""Unmodified Microsoft clients through HAProxy (issue #15): Debian's haproxy with
deploy/haproxy/haproxy.cfg and deploy/haproxy/tls.cfg (HTTPS at HAProxy, round-robin per request)
in front of three `tenantsim serve` replicas sharing one --state-dir. The Graph JS SDK's
PageIterator (tests/clients/node/walk-pages.mjs, the client suite's node_modules) and MSAL Python
(tests/clients/python/walk_pages.py, Debian's python3-msal) each walk directoryAudits and
auditEvents on v1.0 and beta: every walk lists exactly the ids of `tenantsim generate`, no id
twice, and the pages came from every replica."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replicas import (APP, HERE, ROOT, TENANT, Check, Cluster, expected_ids,  # noqa: E402
                      free_port, get, haproxy)

CLIENTS = os.path.join(ROOT, "tests", "clients")
TOP = 40  # items per page: each walk is tens of pages, spread over the replicas
WALK_TIMEOUT = 120


def certificate(cluster):
    """A self-signed certificate for 127.0.0.1: (PEM of certificate + key for HAProxy, CA file)."""
    cert, key = (os.path.join(cluster.work, n) for n in ("lb.crt", "lb.key"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pem = os.path.join(cluster.work, "lb.pem")
    with open(pem, "w") as f:
        f.write(open(cert).read() + open(key).read())
    return pem, cert


def served(origin):
    """Graph pages (200s on either audit route) a replica answered, from its /_tenantsim/metrics."""
    _, _, body = get(origin + "/_tenantsim/metrics")
    total = 0
    for line in body.decode().splitlines():
        for route in ("directoryAudits", "auditEvents"):
            if line.startswith(f'tenantsim_requests_total{{route="{route}",status="200"}} '):
                total += int(float(line.split()[-1]))
    return total


def run_client(command, cwd, env, what):
    """Runs a walk script; returns its {walk name: ids} or raises with its output."""
    r = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                       timeout=WALK_TIMEOUT)
    if r.returncode != 0:
        raise RuntimeError(f"{what} exited {r.returncode}: {r.stderr[-2000:]}{r.stdout[-500:]}")
    return json.loads(r.stdout)


def main():
    check = Check("clients")
    node_dir = os.path.join(CLIENTS, "node")
    if not os.path.isdir(os.path.join(node_dir, "node_modules")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=node_dir,
                       check=True)
    scenario = os.path.join(HERE, "scenario.json")
    with Cluster() as cluster:
        audits, intune = expected_ids(cluster, scenario)
        expected = {"directoryAudits": sorted(audits), "auditEvents": sorted(intune)}
        pem, ca = certificate(cluster)
        tls_port = free_port()
        lb = f"https://127.0.0.1:{tls_port}"
        replicas = [cluster.serve(scenario, "--public-url", lb, name=f"replica{i}")[1]
                    for i in (1, 2, 3)]
        tls_cfg = os.path.join(ROOT, "deploy", "haproxy", "tls.cfg")
        haproxy(cluster, replicas, extra_configs=[tls_cfg],
                extra_env={"TENANTSIM_LB_TLS_BIND": f"127.0.0.1:{tls_port}",
                           "TENANTSIM_LB_TLS_PEM": pem})
        args = [lb, TENANT, *APP, str(TOP)]
        clean = {k: v for k, v in os.environ.items()
                 if not k.lower().endswith("_proxy")}  # loopback, never through a proxy
        clients = {
            "Graph JS SDK PageIterator": (["node", "walk-pages.mjs", *args], node_dir,
                                          dict(clean, NODE_EXTRA_CA_CERTS=ca)),
            "MSAL Python + requests": (["/usr/bin/python3", "walk_pages.py", *args],
                                       os.path.join(CLIENTS, "python"),
                                       dict(clean, REQUESTS_CA_BUNDLE=ca)),
        }
        for client, (command, cwd, env) in clients.items():
            before = [served(o) for o in replicas]
            try:
                walks = run_client(command, cwd, env, client)
            except (OSError, RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
                check(f"{client}: walks through haproxy", False, str(e))
                continue
            share = [served(o) - b for o, b in zip(replicas, before)]
            for version in ("v1.0", "beta"):
                for endpoint, want in expected.items():
                    ids = walks.get(f"{version} {endpoint}", [])
                    check(f"{client}: {version} {endpoint} through haproxy lists exactly "
                          f"generate's ids ({len(ids)} items, pages of {TOP})",
                          len(ids) == len(set(ids)) and sorted(ids) == want,
                          f"{len(ids)} ids ({len(set(ids))} distinct), want {len(want)}")
            check(f"{client}: every replica served pages {share}", all(n > 0 for n in share),
                  share)
    check.finish()


if __name__ == "__main__":
    main()
