#!/usr/bin/env python3
"""deploy/kubernetes/ run locally (issue #15): the container command, flags and environment of
each manifest, with the pod's mounts mapped to local folders and its addresses to loopback.
- serve.yaml: `replicas` processes serving the ConfigMap's scenario with the Secret's signing key
  as --state-dir and the Redis store of redis.yaml: a token from one replica is accepted by every
  other, they serve byte-identical pages, and they share one throttling budget;
- generate-job.yaml: `completions` processes with JOB_COMPLETION_INDEX set as an Indexed Job sets
  it: their files' union is the unsharded export."""
import os
import subprocess
import sys
import json
import urllib.parse
import urllib.request

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replicas import (BIN, ROOT, Check, Cluster, free_port, get, redis_server,  # noqa: E402
                      wait_listening)

DEPLOY = os.path.join(ROOT, "deploy", "kubernetes")


def documents(name):
    with open(os.path.join(DEPLOY, name)) as f:
        return {d["kind"]: d for d in yaml.safe_load_all(f) if d}


def local_args(args, mounts):
    """The container's args with every mount path replaced by its local folder."""
    out = []
    for a in args:
        for pod_path, local in mounts.items():
            a = a.replace(pod_path, local)
        out.append(a)
    return out


def flag(args, name):
    return next(a.split("=", 1)[1] for a in args if a.startswith(f"--{name}="))


def main():
    check = Check("kubernetes")
    serve_docs = documents("serve.yaml")
    job = documents("generate-job.yaml")["Job"]
    with Cluster() as cluster:
        # The ConfigMap's scenario and the Secret's key, as the pod sees them mounted.
        etc = os.path.join(cluster.work, "etc-tenantsim")
        os.makedirs(etc)
        for key, text in serve_docs["ConfigMap"]["data"].items():
            with open(os.path.join(etc, key), "w") as f:
                f.write(text)
        state = os.path.join(cluster.work, "secret")
        os.makedirs(state)
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                        "rsa_keygen_bits:2048", "-out", os.path.join(state, "signing-key.pem")],
                       check=True, capture_output=True)
        check("the Secret's file exists (signing-key.pem)",
              os.path.exists(os.path.join(state, "signing-key.pem")))
        mounts = {"/etc/tenantsim": etc, "/var/lib/tenantsim/state": state}

        # serve.yaml: the Deployment's replicas, Redis from redis.yaml.
        deployment = serve_docs["Deployment"]
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        check("serve.yaml: the container runs tenantsim serve",
              container["command"] == ["tenantsim"] and container["args"][0] == "serve")
        _, redis_port = redis_server(cluster)
        store_host = urllib.parse.urlparse(flag(container["args"], "throttle-store")).hostname
        public = flag(container["args"], "public-url")
        origins = []
        for i in range(deployment["spec"]["replicas"]):
            port = free_port()
            args = local_args(container["args"], mounts)
            args = [a.replace("--host=0.0.0.0", "--host=127.0.0.1")
                     .replace("--port=8080", f"--port={port}")
                     .replace(f"redis://{store_host}:6379", f"redis://127.0.0.1:{redis_port}")
                    for a in args]
            p = cluster.spawn([BIN, *args], f"pod{i}")
            try:
                wait_listening(port, p, f"serve.yaml replica {i}")
            except RuntimeError:
                print(cluster.log(f"pod{i}"))
                raise
            origins.append(f"http://127.0.0.1:{port}")
        check(f"serve.yaml: {len(origins)} replicas listen", len(origins) == 3)

        scenario = yaml.safe_load(serve_docs["ConfigMap"]["data"]["scenario.json"])
        tenant = "contoso.onmicrosoft.com"
        client_id, secret = scenario["apps"][0]["clientId"], scenario["apps"][0]["secret"]
        body = urllib.parse.urlencode({
            "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret,
            "scope": "https://graph.microsoft.com/.default"}).encode()
        with urllib.request.urlopen(f"{origins[0]}/{tenant}/oauth2/v2.0/token", body) as r:
            bearer = json.loads(r.read())["access_token"]
        path = ("/v1.0/auditLogs/directoryAudits?$top=5&$filter=" +
                urllib.parse.quote(f"activityDateTime le {scenario['window']['end']}"))
        answers = [get(o + path, bearer) for o in origins]
        check("serve.yaml: the token of replica 0 is accepted by every replica",
              [a[0] for a in answers] == [200] * 3, [a[0] for a in answers])
        check("serve.yaml: every replica serves the same page, nextLinks on the Service's URL",
              len({a[2] for a in answers}) == 1 and public.encode() in answers[0][2])
        more = [get(origins[i % 3] + path, bearer)[0] for i in range(6)]
        check("serve.yaml: one budget across replicas (5 per 10 s; 3 used above, then 2 more)",
              more == [200, 200, 429, 429, 429, 429], more)

        # generate-job.yaml: the Indexed Job's pods.
        spec = job["spec"]
        pod = spec["template"]["spec"]["containers"][0]
        out = os.path.join(cluster.work, "out")
        os.makedirs(out)
        mounts["/out"] = out
        env = dict(os.environ, **{e["name"]: e["value"] for e in pod.get("env", [])})
        args = local_args(pod["args"], mounts)
        check("generate-job.yaml: Indexed, shard count = completions",
              spec["completionMode"] == "Indexed" and
              env.get("TENANTSIM_SHARD_COUNT") == str(spec["completions"]))
        procs = [subprocess.Popen([BIN, *args], env=dict(env, JOB_COMPLETION_INDEX=str(i)))
                 for i in range(spec["completions"])]
        codes = [p.wait(timeout=120) for p in procs]
        check(f"generate-job.yaml: {len(codes)} pods exit 0", codes == [0] * len(codes), codes)
        union = []
        for name in sorted(os.listdir(out)):
            with open(os.path.join(out, name)) as f:
                union += [line for line in f if line.strip()]
        whole = subprocess.run([BIN, "generate", "--scenario", os.path.join(etc, "scenario.json"),
                                "--format", "ndjson", "--quiet", "--out", "-"],
                               capture_output=True, text=True, check=True).stdout
        want = [line + "\n" for line in whole.splitlines() if line.strip()]
        check(f"generate-job.yaml: {len(os.listdir(out))} files whose union is the unsharded "
              f"export ({len(union)} events)", sorted(union) == sorted(want) and
              len(os.listdir(out)) == spec["completions"])
    check.finish()


if __name__ == "__main__":
    main()
