#!/usr/bin/env python3
"""`generate --shard auto` (issue #15): N processes given a Kubernetes Indexed Job's variables
(JOB_COMPLETION_INDEX 0..N-1, the count from --shard-count or TENANTSIM_SHARD_COUNT), the same
arguments otherwise (as the pods of deploy/kubernetes/generate-job.yaml are), write N disjoint
files whose union is the unsharded export."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from replicas import BIN, HERE, Check, Cluster  # noqa: E402

SHARDS = 4


def generate(cluster, out, *extra, env=None):
    return subprocess.run([BIN, "generate", "--scenario", os.path.join(HERE, "scenario.json"),
                           "--format", "ndjson", "--quiet", "--out", out, *extra],
                          env=dict(os.environ, **(env or {})), capture_output=True, text=True,
                          cwd=cluster.work)


def lines(path):
    with open(path) as f:
        return [line for line in f if line.strip()]


def main():
    check = Check("shard")
    with Cluster() as cluster:
        whole = os.path.join(cluster.work, "whole.ndjson")
        check("the unsharded export", generate(cluster, whole).returncode == 0)
        want = lines(whole)

        for how, extra, env in [
                ("--shard-count", ("--shard", "auto", "--shard-count", str(SHARDS)), {}),
                ("TENANTSIM_SHARD_COUNT", ("--shard", "auto"), {"TENANTSIM_SHARD_COUNT": str(SHARDS)})]:
            out = os.path.join(cluster.work, how, "events-{shard}.ndjson")
            os.makedirs(os.path.dirname(out))
            procs = [subprocess.Popen(
                [BIN, "generate", "--scenario", os.path.join(HERE, "scenario.json"), "--format",
                 "ndjson", "--quiet", "--out", out, *extra],
                env=dict(os.environ, JOB_COMPLETION_INDEX=str(i), **env)) for i in range(SHARDS)]
            codes = [p.wait(timeout=120) for p in procs]
            check(f"{how}: {SHARDS} processes exit 0", codes == [0] * SHARDS, codes)
            parts = [lines(out.replace("{shard}", str(i))) for i in range(SHARDS)]
            union = [line for part in parts for line in part]
            check(f"{how}: every shard wrote its own file, none empty",
                  all(parts), [len(p) for p in parts])
            check(f"{how}: shards are disjoint", len(set(union)) == len(union))
            check(f"{how}: the union is the unsharded export ({len(union)} events)",
                  sorted(union) == sorted(want))
            check(f"{how}: shard files in index order concatenate to the unsharded export",
                  union == want)

        missing = generate(cluster, "-", "--shard", "auto", "--shard-count", "2")
        check("--shard auto without JOB_COMPLETION_INDEX: exit 2 naming the variable",
              missing.returncode == 2 and "JOB_COMPLETION_INDEX" in missing.stderr,
              missing.stderr)
        no_count = generate(cluster, "-", "--shard", "auto", env={"JOB_COMPLETION_INDEX": "0"})
        check("--shard auto without a count: exit 2 naming --shard-count",
              no_count.returncode == 2 and "--shard-count" in no_count.stderr, no_count.stderr)
        beyond = generate(cluster, "-", "--shard", "auto", "--shard-count", "2",
                          env={"JOB_COMPLETION_INDEX": "2"})
        check("--shard auto with an index beyond the count: exit 2", beyond.returncode == 2,
              beyond.stderr)
    check.finish()


if __name__ == "__main__":
    main()
