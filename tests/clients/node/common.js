// Shared setup for the Node client suites: where the server is, the scenario's apps, and the
// expected events, read from `tenantsim generate --format ndjson` output for the same scenario.
import fs from "node:fs";

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run these tests through tests/clients/run.sh)`);
  return v;
}

export const HTTPS = need("TENANTSIM_HTTPS");            // https://127.0.0.1:PORT
export const TENANT = process.env.TENANTSIM_TENANT ?? "4f2c8a1e-6d3b-4e7a-9c5f-0b1d2e3f4a5b";
export const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
export const SECRET = "tenantsim-demo-secret";
export const NOPERM_ID = "66666666-7777-8888-9999-000000000000";
export const NOPERM_SECRET = "no-permissions-secret";
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
export const HOSTS = new Set([new URL(HTTPS).hostname]);

let cache;
// { audits: [...directoryAudit], intune: [...auditEvent] } from the NDJSON file.
export function expectedEvents() {
  if (cache) return cache;
  const audits = [];
  const intune = [];
  for (const line of fs.readFileSync(need("TENANTSIM_NDJSON"), "utf8").split("\n")) {
    if (!line) continue;
    const e = JSON.parse(line);
    ("loggedByService" in e ? audits : intune).push(e);
  }
  cache = { audits, intune };
  return cache;
}

// activityDateTime as 100-ns ticks (BigInt), exact for 0-7 fractional digits: Date would cut to ms.
export function ticks(iso) {
  if (iso instanceof Date) return BigInt(iso.getTime()) * 10000n; // Kiota parses into Date (ms)
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(iso);
  if (!m) throw new Error(`unexpected timestamp ${iso}`);
  const whole = BigInt(Date.parse(m[1] + "Z")) * 10000n;
  return whole + BigInt((m[2] ?? "").padEnd(7, "0"));
}

export function idsOf(items) {
  return items.map((e) => e.id);
}

// Same multiset of ids, no duplicates; diff in the message when not.
export function assertSameIds(assert, got, want, what) {
  const g = [...got].sort();
  const w = [...want].sort();
  assert.ok(w.length > 0, `${what}: the expected set is empty, the test would prove nothing`);
  assert.equal(new Set(g).size, g.length, `${what}: duplicate ids across pages`);
  const missing = w.filter((id) => !got.includes(id)).slice(0, 3);
  const extra = g.filter((id) => !want.includes(id)).slice(0, 3);
  assert.deepEqual(g, w, `${what}: got ${g.length} ids, want ${w.length}; missing ${missing}; extra ${extra}`);
}

// Times must be monotonic in the requested order (ties broken by the server's key).
export function assertOrdered(assert, times, direction, what) {
  for (let i = 1; i < times.length; i++) {
    const a = ticks(times[i - 1]);
    const b = ticks(times[i]);
    assert.ok(direction === "asc" ? a <= b : a >= b, `${what}: ${times[i - 1]} then ${times[i]} is not ${direction}`);
  }
}
