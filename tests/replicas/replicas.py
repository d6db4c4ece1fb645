"""Shared helpers for the replica tests (tests/replicas/run.sh): start and stop real
`tenantsim serve` processes, redis-server and haproxy on loopback, and walk pages over plain HTTP.
Every process started here is stopped by Cluster.close() (or the `with` block)."""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.path.realpath(os.environ.get("TENANTSIM", os.path.join(ROOT, "build", "tenantsim")))
START_TIMEOUT = 60  # seconds a process may take to listen


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, what, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} in {timeout} s")


class Cluster:
    """Processes of one test, in one scratch folder (state dir shared by every replica)."""

    def __init__(self):
        self.work = tempfile.mkdtemp(prefix="tenantsim-replicas-")
        self.state = os.path.join(self.work, "state")
        self.procs = []

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        subprocess.run(["rm", "-rf", self.work], check=False)

    def spawn(self, args, name):
        log = open(os.path.join(self.work, name + ".log"), "wb")
        p = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=self.work)
        self.procs.append(p)
        return p

    def serve(self, scenario, *extra, port=None, name="replica"):
        """Starts `tenantsim serve` on a free loopback port; returns (process, origin)."""
        port = port or free_port()
        p = self.spawn([BIN, "serve", "--scenario", scenario, "--port", str(port), "--no-tls",
                        "--state-dir", self.state, "--threads", "16", "-q", *extra],
                       f"{name}-{port}")
        wait_listening(port, p, f"tenantsim serve ({name})")
        return p, f"http://127.0.0.1:{port}"

    def log(self, name):
        path = os.path.join(self.work, name + ".log")
        return open(path, errors="replace").read() if os.path.exists(path) else ""


def get(url, token=None, timeout=30):
    """Returns (status, headers, body bytes) of a GET."""
    req = urllib.request.Request(url)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def token(origin, tenant, client_id, secret):
    body = urllib.parse.urlencode({
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret,
        "scope": "https://graph.microsoft.com/.default"}).encode()
    with urllib.request.urlopen(f"{origin}/{tenant}/oauth2/v2.0/token", body, timeout=30) as r:
        return json.loads(r.read())["access_token"]


def load_jsonc(path):
    """A scenario file (JSON with comments on lines of their own) as a dict."""
    return json.loads("".join(l for l in open(path) if not l.lstrip().startswith("//")))


def write_scenario(cluster, name, scenario):
    path = os.path.join(cluster.work, name)
    with open(path, "w") as f:
        json.dump(scenario, f)
    return path


class Check:
    """Counts test outcomes; prints `name: ok|FAIL detail` lines and a TAP-like summary."""

    def __init__(self, suite):
        self.suite, self.passed, self.failed = suite, 0, 0

    def __call__(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {self.suite}: {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {self.suite}: {name} {detail}", flush=True)

    def finish(self):
        print(f"# {self.suite}: {self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed else 0)


def redis_server(cluster, port=None, name="redis"):
    """Starts Debian's redis-server on a free loopback port (no persistence); returns (proc, port)."""
    port = port or free_port()
    p = cluster.spawn(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                       "--appendonly", "no", "--dir", cluster.work], f"{name}-{port}")
    wait_listening(port, p, "redis-server")
    return p, port


def metric(origin, name):
    """The value of an unlabelled counter in /_tenantsim/metrics."""
    _, _, body = get(origin + "/_tenantsim/metrics")
    for line in body.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


APP = ("11111111-2222-3333-4444-555555555555", "tenantsim-demo-secret")
TENANT = "7a1c5e2b-3d4f-4a6b-8c9d-0e1f2a3b4c5d"
AUDITS = "/v1.0/auditLogs/directoryAudits?$top=1"


HAPROXY_CFG = os.path.join(ROOT, "deploy", "haproxy", "haproxy.cfg")


def haproxy(cluster, replicas, port=None, extra_configs=(), extra_env=None):
    """Starts Debian's haproxy with deploy/haproxy/haproxy.cfg (and extra_configs after it, their
    variables in extra_env) in front of three replica origins (http://127.0.0.1:PORT); waits until
    every replica passes its health check. Returns origin."""
    port = port or free_port()
    env = dict(os.environ, TENANTSIM_LB_BIND=f"127.0.0.1:{port}", **(extra_env or {}))
    for i, origin in enumerate(replicas, 1):
        env[f"TENANTSIM_REPLICA{i}"] = origin.split("://", 1)[1]
    stats = os.path.join(cluster.work, f"haproxy-{port}.sock")  # one per haproxy of the test
    cfg = os.path.join(cluster.work, f"haproxy-{port}-stats.cfg")
    with open(cfg, "w") as f:  # a second file: the stats socket the test reads health from
        f.write(f"global\n  stats socket {stats} level admin\n")
    log = open(os.path.join(cluster.work, f"haproxy-{port}.log"), "wb")
    configs = [a for c in (HAPROXY_CFG, *extra_configs, cfg) for a in ("-f", c)]
    p = subprocess.Popen(["haproxy", "-db", *configs], env=env, stdout=log,
                         stderr=subprocess.STDOUT)
    cluster.procs.append(p)
    cluster.haproxy_stats = stats
    wait_listening(port, p, "haproxy")
    wait_servers_up(cluster, len(replicas))
    return f"http://127.0.0.1:{port}"


def haproxy_stats(cluster):
    """The rows of HAProxy's `show stat` as dicts (pxname, svname, status, wretr, wredis, ...)."""
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(cluster.haproxy_stats)
        s.sendall(b"show stat\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    lines = data.decode().splitlines()
    header = lines[0].lstrip("# ").split(",")
    return [dict(zip(header, line.split(","))) for line in lines[1:] if line]


def haproxy_status(cluster):
    """{server name: status} of the replicas backend (UP, DOWN, ...)."""
    return {r["svname"]: r["status"] for r in haproxy_stats(cluster)
            if r["pxname"] == "replicas" and r["svname"].startswith("replica")}


def haproxy_retries(cluster):
    """(retries, redispatches) of the replicas backend so far."""
    row = next(r for r in haproxy_stats(cluster)
               if r["pxname"] == "replicas" and r["svname"] == "BACKEND")
    return int(row["wretr"] or 0), int(row["wredis"] or 0)


def wait_servers_up(cluster, count, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = haproxy_status(cluster)
        if sum(1 for v in status.values() if v.startswith("UP")) == count:
            return status
        time.sleep(0.1)
    raise RuntimeError(f"haproxy: not {count} replicas up in {timeout} s: {haproxy_status(cluster)}")


def expected_ids(cluster, scenario):
    """(directoryAudits ids, auditEvents ids) as `tenantsim generate --format ndjson` writes them."""
    out = os.path.join(cluster.work, "expected.ndjson")
    subprocess.run([BIN, "generate", "--scenario", scenario, "--format", "ndjson", "--out", out],
                   check=True, stdout=subprocess.DEVNULL)
    audits, intune = [], []
    for line in open(out):
        if line.strip():
            e = json.loads(line)
            (audits if "loggedByService" in e else intune).append(e["id"])
    return audits, intune


def walk(origin, url, bearer, on_page=None):
    """Follows @odata.nextLink from origin+url; returns (ids, pages, statuses seen)."""
    ids, pages, statuses, url = [], 0, [], origin + url
    while url:
        status, _, body = get(url, bearer)
        statuses.append(status)
        if status != 200:
            raise RuntimeError(f"walk: {status} {body[:200]!r}")
        page = json.loads(body)
        ids += [item["id"] for item in page["value"]]
        pages += 1
        if on_page:
            on_page(pages)
        url = page.get("@odata.nextLink")
    return ids, pages, statuses


# `timeout` (run.sh) sends SIGTERM: leave through the `with Cluster()` blocks, which stop every
# process the test started.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
