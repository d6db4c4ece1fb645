"""Shared by the Python client suites (tests/clients/python, tests/clients/raw): the scenario's
tenant and apps, the expected events from `tenantsim generate`, id comparison, and the runner that
prints the `ok N` / `not ok N` lines and the `# pass N` / `# fail M` summary run.sh counts."""
import json
import re
import sys
import traceback

TENANT = "4f2c8a1e-6d3b-4e7a-9c5f-0b1d2e3f4a5b"
CLIENT_ID, SECRET = "11111111-2222-3333-4444-555555555555", "tenantsim-demo-secret"
NOPERM_ID, NOPERM_SECRET = "66666666-7777-8888-9999-000000000000", "no-permissions-secret"
SCOPES = ["https://graph.microsoft.com/.default"]


def load_expected(ndjson_path):
    """(directory audits, Intune audit events) as `tenantsim generate --format ndjson` wrote them."""
    audits, intune = [], []
    with open(ndjson_path) as f:
        for line in f:
            if line.strip():
                e = json.loads(line)
                (audits if "loggedByService" in e else intune).append(e)
    return audits, intune


def ticks(iso):
    """activityDateTime as (seconds string, 7-digit fraction): exact ordering for 0-7 digits."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z", iso)
    assert m, iso
    return (m.group(1), (m.group(2) or "").ljust(7, "0"))


def same_ids(got, want, what):
    g, w = sorted(e["id"] for e in got), sorted(e["id"] for e in want)
    assert w, f"{what}: expected set is empty"
    assert len(set(g)) == len(g), f"{what}: duplicate ids across pages"
    assert g == w, (f"{what}: got {len(g)} ids, want {len(w)}; "
                    f"missing {sorted(set(w) - set(g))[:3]} extra {sorted(set(g) - set(w))[:3]}")


def tests_in(namespace):
    """The test_* functions of a module's globals(), in definition order."""
    return [v for k, v in list(namespace.items()) if k.startswith("test_")]


def run_tests(tests):
    """Runs the tests (only those named on the command line, if any); a test returning "skip" is
    reported as skipped. Exits 1 if any failed."""
    selected = [fn for fn in tests if not sys.argv[1:] or fn.__name__ in sys.argv[1:]]
    passed = failed = 0
    for i, fn in enumerate(selected, 1):
        try:
            if fn() == "skip":
                print(f"ok {i} - {fn.__name__} # SKIP")
                continue
            print(f"ok {i} - {fn.__name__}")
            passed += 1
        except Exception:
            print(f"not ok {i} - {fn.__name__}")
            print("  " + traceback.format_exc().replace("\n", "\n  "))
            failed += 1
    print(f"# pass {passed}\n# fail {failed}")
    sys.exit(1 if failed else 0)
