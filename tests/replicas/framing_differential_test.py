#!/usr/bin/env python3
"""Differential framing test (issue #15): every request of tests/replicas/framing-corpus/ is sent
to tenantsim and to Debian's nginx (nginx-light, started here on loopback with a minimal config
that answers 200 to anything it accepts). Wherever nginx rejects a request's framing (a 4xx or 5xx
status), tenantsim must reject it too. Prints the agreement table (docs/reliability.md)."""
import glob
import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replicas import HERE, Check, Cluster, free_port, load_jsonc, wait_listening, write_scenario  # noqa: E402,E501

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

        table = {"both reject": 0, "both accept": 0, "only tenantsim rejects": 0,
                 "only nginx rejects": 0}
        for path in corpus:
            name = os.path.basename(path)[:-5]
            raw = open(path, "rb").read()
            theirs, ours = status_of(nginx_port, raw), status_of(port, raw)
            key = ("both reject" if rejects(theirs) and rejects(ours) else
                   "only nginx rejects" if rejects(theirs) else
                   "only tenantsim rejects" if rejects(ours) else "both accept")
            table[key] += 1
            print(f"     {name}: nginx {theirs}, tenantsim {ours}")
            if name.split("-", 1)[1].startswith("valid"):
                check(f"{name}: both accept the control", not rejects(theirs) and not rejects(ours),
                      (theirs, ours))
            elif rejects(theirs):
                check(f"{name}: nginx answers {theirs}, tenantsim rejects too ({ours})",
                      ours is not None and ours >= 400, ours)
        agreement = table["both reject"] + table["both accept"]
        print(f"     corpus {len(corpus)} requests: " +
              ", ".join(f"{k} {v}" for k, v in table.items()) +
              f"; agreement {agreement}/{len(corpus)}")
        check("tenantsim stays up", status_of(port, open(corpus[0], "rb").read()) == 200)
    check.finish()


if __name__ == "__main__":
    main()
