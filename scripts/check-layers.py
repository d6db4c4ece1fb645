#!/usr/bin/env python3
"""Fails when a source file includes a layer it may not use.

Each folder below is one layer (one CMake library). A file may include its own layer and the
layers listed for it; system headers and the generated embedded/ headers are always allowed.
Usage: scripts/check-layers.py [root]   (prints every violation, exits 1 if there is one)
"""
import os
import re
import sys

BASE = {"base"}
SCENARIO = BASE | {"simulator/scenario"}
SIMULATION = SCENARIO | {"simulator/simulation"}
GRAPH = SIMULATION | {"simulator/graph"}
ODATA = BASE | {"simulator/graph/model.h"}
AUTH = BASE | {"mockserver/auth"}
HTTP = GRAPH | {"mockserver/odata", "mockserver/auth", "mockserver/http"}
ALLOWED = {
    "base": BASE,
    "simulator/scenario": SCENARIO,
    "simulator/simulation": SIMULATION,
    "simulator/graph": GRAPH,
    "simulator/export": GRAPH | {"simulator/export"},
    "mockserver/odata": ODATA | {"mockserver/odata"},
    "mockserver/auth": AUTH,
    "mockserver/http": HTTP,
    "mockserver/stages": HTTP | {"mockserver/stages"},
    "mockserver/routes": HTTP | {"mockserver/routes"},
    "mockserver/server": HTTP | {"mockserver/stages", "mockserver/routes", "mockserver/server"},
    "mockserver/proxy": AUTH | {"mockserver/proxy"},
    # The Redis budget store (serve --throttle-store): the only layer that talks to Redis.
    "mockserver/budget_redis": BASE | {"mockserver/http/budget_store.h", "mockserver/budget_redis"},
    "app": None,  # the executable: every layer
}
SOURCE_FOLDERS = ["base", "simulator", "mockserver", "app"]
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def layer_of(path):
    for layer in sorted(ALLOWED, key=len, reverse=True):
        if path == layer or path.startswith(layer + "/"):
            return layer
    return None


def allowed(target, rules):
    return any(target == rule or target.startswith(rule + "/") for rule in rules)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    violations = []
    for folder in SOURCE_FOLDERS:
        for directory, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if not name.endswith((".h", ".cc")):
                    continue
                path = os.path.relpath(os.path.join(directory, name), root)
                layer = layer_of(path)
                if layer is None:
                    violations.append(f"{path}: in no layer (add its folder to {__file__})")
                    continue
                rules = ALLOWED[layer]
                with open(os.path.join(root, path), encoding="utf-8") as f:
                    text = f.read()
                for match in INCLUDE.finditer(text):
                    target = match.group(1)
                    if target.startswith("embedded/") or rules is None:
                        continue
                    line = text.count("\n", 0, match.start()) + 1
                    if layer_of(target) is None:
                        violations.append(f"{path}:{line}: includes \"{target}\", in no layer")
                    elif not allowed(target, rules):
                        violations.append(
                            f"{path}:{line}: layer {layer} may not include \"{target}\" "
                            f"(layer {layer_of(target)})")
    for v in violations:
        print(v)
    if violations:
        print(f"{len(violations)} layer violation(s); the rule is in scripts/check-layers.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
