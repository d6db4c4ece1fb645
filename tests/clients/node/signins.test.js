// @microsoft/microsoft-graph-client v3 (unmodified) PageIterator walking auditLogs/signIns on v1.0
// (interactive user sign-ins) and beta (the default population, and signInEventTypes filters).
// Ids must equal `tenantsim generate --log signIns --api beta` for the same population and filter.
// Then identityProtection/riskDetections (v1.0 and beta) from its default page of 20 and with
// $top, $filter and $select: ids equal `tenantsim generate --log riskDetections`, oldest first.
// (One file, one process: each extra test process holds more of the server's keep-alive workers.)
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { ClientSecretCredential } from "@azure/identity";
import { HTTPS, TENANT, CLIENT_ID, SECRET, GRAPH_SCOPE, HOSTS, idsOf, assertSameIds, assertOrdered } from "./common.js";

const require = createRequire(import.meta.url);
const { Client, PageIterator } = require("@microsoft/microsoft-graph-client");
const { TokenCredentialAuthenticationProvider } = require("@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials");

const credential = new ClientSecretCredential(TENANT, CLIENT_ID, SECRET, { authorityHost: HTTPS, disableInstanceDiscovery: true });
const client = Client.initWithMiddleware({
  authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] }),
  baseUrl: HTTPS,
  customHosts: HOSTS,
});

let signIns;
function expectedSignIns() {
  signIns ??= fs.readFileSync(process.env.TENANTSIM_SIGNINS_NDJSON, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  return signIns;
}
const ofTypes = (...types) => (s) => types.includes(s.signInEventTypes[0]);

async function walk(version, filter, top, orderby) {
  let request = client.api("/auditLogs/signIns").version(version).top(top);
  if (filter) request = request.filter(filter);
  if (orderby) request = request.orderby(orderby);
  const items = [];
  await new PageIterator(client, await request.get(), (item) => {
    items.push(item);
    return true;
  }).iterate();
  return items;
}

const cases = [
  // [name, version, filter, top, predicate, orderby]
  ["v1.0 signIns, every interactive sign-in", "v1.0", null, 500, ofTypes("interactiveUser")],
  ["beta signIns, default population ascending", "beta", null, 300, ofTypes("interactiveUser"), "createdDateTime asc"],
  ["beta signIns, service principals and managed identities", "beta",
    "signInEventTypes/any(t: t eq 'servicePrincipal' or t eq 'managedIdentity')", 1000,
    ofTypes("servicePrincipal", "managedIdentity")],
  ["beta signIns, failed interactive", "beta",
    "signInEventTypes/any(t: t eq 'interactiveUser') and status/errorCode ne 0", 20,
    (s) => ofTypes("interactiveUser")(s) && s.status.errorCode !== 0],
];

for (const [name, version, filter, top, predicate, orderby] of cases) {
  test(`graph-client: ${name}`, async () => {
    const items = await walk(version, filter, top, orderby);
    const want = expectedSignIns().filter(predicate);
    assertSameIds(assert, idsOf(items), idsOf(want), name);
    assertOrdered(assert, items.map((s) => s.createdDateTime), orderby ? "asc" : "desc", name);
    if (version === "v1.0") assert.ok(items.every((s) => !("signInEventTypes" in s)), "v1.0 rows have no signInEventTypes");
  });
}

// ---- identityProtection/riskDetections ----

let risks;
function expectedRisks() {
  risks ??= fs.readFileSync(process.env.TENANTSIM_RISKS_NDJSON, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  return risks;
}

async function walkRisks(version, { filter, top, select } = {}) {
  let request = client.api("/identityProtection/riskDetections").version(version);
  if (top) request = request.top(top);
  if (filter) request = request.filter(filter);
  if (select) request = request.select(select);
  const items = [];
  const first = await request.get();
  await new PageIterator(client, first, (item) => {
    items.push(item);
    return true;
  }).iterate();
  return { items, first };
}

test("graph-client: riskDetections v1.0, default page of 20, every detection once", async () => {
  const { items, first } = await walkRisks("v1.0");
  const want = expectedRisks();
  if (want.length > 20) assert.equal(first.value.length, 20, "default page size");
  assertSameIds(assert, idsOf(items), idsOf(want), "riskDetections v1.0");
  assert.deepEqual(idsOf(items), idsOf(want), "oldest first, as generate lists them");
  assertOrdered(assert, items.map((r) => r.detectedDateTime), "asc", "riskDetections v1.0");
});

test("graph-client: riskDetections beta, $top=2 and a riskLevel filter", async () => {
  const { items } = await walkRisks("beta", { top: 2, filter: "riskLevel eq 'medium' or riskLevel eq 'high'" });
  const want = expectedRisks().filter((r) => r.riskLevel === "medium" || r.riskLevel === "high");
  assertSameIds(assert, idsOf(items), idsOf(want), "riskDetections beta medium/high");
  assert.ok(items.every((r) => r.riskType === r.riskEventType), "beta rows carry riskType");
});

test("graph-client: riskDetections $select", async () => {
  const { items } = await walkRisks("v1.0", { top: 500, select: "riskEventType,userPrincipalName" });
  assertSameIds(assert, idsOf(items), idsOf(expectedRisks()), "riskDetections $select");
  for (const r of items) assert.deepEqual(Object.keys(r).sort(), ["id", "riskEventType", "userPrincipalName"]);
});
