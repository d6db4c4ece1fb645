#!/usr/bin/env python3
"""Differential framing test (issue #15): every request of tests/replicas/framing-corpus/ is sent
to tenantsim, to Debian's nginx (nginx-light) and to Debian's haproxy, each started here on
loopback with a minimal frontend that answers 200 to anything it accepts. Wherever nginx or HAProxy
rejects a request's framing (a 4xx or 5xx status, or no answer), tenantsim must reject it too.
Each request is also sent through HAProxy to tenantsim (deploy/haproxy/haproxy.cfg as shipped):
where HAProxy accepts what tenantsim alone rejects, it forwards a normalised request; the test
prints what tenantsim answers to it, and requires every request HAProxy accepts to be answered.
Prints the agreement tables (docs/reliability.md)."""
import glob
import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replicas import (HERE, Check, Cluster, free_port, haproxy, load_jsonc,  # noqa: E402
                      wait_listening, write_scenario)

NGINX_CONF = """daemon off;
master_process off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {work}/nginx-body;
  proxy_temp_path {work}/nginx-proxy;
  fastcgi_temp_path {work}/nginx-fastcgi;
  uwsgi_temp_path {work}/nginx-uwsgi;
  scgi_temp_path {work}/nginx-scgi;
  server {{
    listen 127.0.0.1:{port};
    location / {{ return 200 "ok\\n"; }}
  }}
}}
"""


# A second HAProxy frontend, beside deploy/haproxy/haproxy.cfg's: it answers 200 itself to every
# request it accepts (as the nginx above), so its refusals are HAProxy's own.
HAPROXY_JUDGE = """frontend judge
  bind 127.0.0.1:{port}
  http-request return status 200 content-type text/plain string ok
"""


def status_of(port, raw, timeout=2.0):
    """The status code of the first response line, or None when the server closed (or waited
    `timeout` seconds) without one. The connection stays open for writing: a server may wait for
    a body the request announced."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(raw)
        except OSError:
            pass
        data = b""
        try:
            while b"\r\n" not in data and len(data) < 4096:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except (socket.timeout, ConnectionResetError):
            pass
    line = data.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) >= 2 and line[1].isdigit() else None


def rejects(status):
    return status is None or status >= 400


def main():
    check = Check("framing")
    corpus = sorted(glob.glob(os.path.join(HERE, "framing-corpus", "*.http")))
    with Cluster() as cluster:
        nginx_port = free_port()
        conf = os.path.join(cluster.work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(work=cluster.work, port=nginx_port))
        nginx = cluster.spawn(["nginx", "-c", conf, "-p", cluster.work], "nginx")
        wait_listening(nginx_port, nginx, "nginx")
        scenario = load_jsonc(os.path.join(HERE, "scenario.json"))
        scenario["server"]["auth"] = "off"
        _, origin = cluster.serve(write_scenario(cluster, "open.json", scenario), name="framing")
        port = int(origin.rsplit(":", 1)[1])

        judge_port = free_port()
        judge = os.path.join(cluster.work, "haproxy-judge.cfg")
        with open(judge, "w") as f:
            f.write(HAPROXY_JUDGE.format(port=judge_port))
        lb = haproxy(cluster, [origin] * 3, extra_configs=[judge])
        lb_port = int(lb.rsplit(":", 1)[1])

        tables = {peer: {"both reject": 0, "both accept": 0, "only tenantsim rejects": 0,
                         f"only {peer} rejects": 0} for peer in ("nginx", "haproxy")}
        normalised = []
        for path in corpus:
            name = os.path.basename(path)[:-5]
            raw = open(path, "rb").read()
            ours = status_of(port, raw)
            peers = {"nginx": status_of(nginx_port, raw), "haproxy": status_of(judge_port, raw)}
            through = status_of(lb_port, raw)
            for peer, theirs in peers.items():
                key = ("both reject" if rejects(theirs) and rejects(ours) else
                       f"only {peer} rejects" if rejects(theirs) else
                       "only tenantsim rejects" if rejects(ours) else "both accept")
                tables[peer][key] += 1
            print(f"     {name}: nginx {peers['nginx']}, haproxy {peers['haproxy']}, "
                  f"tenantsim {ours}, tenantsim behind haproxy {through}")
            if name.split("-", 1)[1].startswith("valid"):
                check(f"{name}: every server accepts the control, also through haproxy",
                      not any(map(rejects, (ours, through, *peers.values()))),
                      (peers, ours, through))
                continue
            for peer, theirs in peers.items():
                if rejects(theirs):
                    check(f"{name}: {peer} answers {theirs}, tenantsim rejects too ({ours})",
                          ours is not None and ours >= 400, ours)
            if not rejects(peers["haproxy"]):
                check(f"{name}: haproxy forwards it, tenantsim behind it answers ({through})",
                      through is not None, through)
                if rejects(ours):
                    normalised.append(f"{name} (alone {ours}, behind haproxy {through})")
        for peer, table in tables.items():
            agreement = table["both reject"] + table["both accept"]
            print(f"     corpus {len(corpus)} requests vs {peer}: " +
                  ", ".join(f"{k} {v}" for k, v in table.items()) +
                  f"; agreement {agreement}/{len(corpus)}")
        print(f"     haproxy accepts and forwards, tenantsim alone rejects: {len(normalised)}: " +
              "; ".join(normalised))
        check("tenantsim stays up", status_of(port, open(corpus[0], "rb").read()) == 200)
    check.finish()


if __name__ == "__main__":
    main()
