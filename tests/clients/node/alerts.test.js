// @microsoft/microsoft-graph-client v3 (unmodified) PageIterator walking security/alerts_v2 (and
// incidents with $expand=alerts): the $skip nextLinks must give every alert of
// `tenantsim generate --log alerts` once, newest first.
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

const expected = (variable) =>
  fs.readFileSync(process.env[variable], "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

async function walk(path, top, configure = (r) => r) {
  const items = [];
  await new PageIterator(client, await configure(client.api(path).version("v1.0").top(top)).get(), (item) => {
    items.push(item);
    return true;
  }).iterate();
  return items;
}

test("graph-client: alerts_v2 PageIterator walk", async () => {
  const items = await walk("/security/alerts_v2", 2);
  const want = expected("TENANTSIM_ALERTS_NDJSON");
  assert.ok(want.length > 0, "the clients scenario raises alerts");
  assertSameIds(assert, idsOf(items), idsOf(want), "alerts_v2");
  assertOrdered(assert, items.map((a) => a.createdDateTime), "desc", "alerts_v2");
  assert.ok(items.every((a) => a["@odata.type"] === "#microsoft.graph.security.alert"));
});

test("graph-client: incidents PageIterator walk with $expand=alerts", async () => {
  const items = await walk("/security/incidents", 2, (r) => r.expand("alerts"));
  const want = expected("TENANTSIM_INCIDENTS_NDJSON");
  assertSameIds(assert, idsOf(items), idsOf(want), "incidents");
  const alerts = items.flatMap((i) => i.alerts.map((a) => a.id));
  assertSameIds(assert, alerts, idsOf(expected("TENANTSIM_ALERTS_NDJSON")), "incidents' alerts");
});
