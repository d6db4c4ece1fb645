// Run only against the throttled server run.sh starts (budgets of a few requests per few seconds):
// a burst of page requests is answered 429 + Retry-After, and each library's own retry handler
// (graph-client v3 RetryHandler, Kiota RetryHandler) must carry the walk to the same ids.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { ClientSecretCredential } from "@azure/identity";
import { betaClient, walkAll, createAuditEventCollectionResponseFromDiscriminatorValue } from "./graph-beta.js";
import { HTTPS, TENANT, CLIENT_ID, SECRET, GRAPH_SCOPE, HOSTS, expectedEvents, idsOf, assertSameIds } from "./common.js";

const require = createRequire(import.meta.url);
const { Client, PageIterator } = require("@microsoft/microsoft-graph-client");
const { TokenCredentialAuthenticationProvider } = require("@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials");

const ADMIN = process.env.TENANTSIM_THROTTLED_ADMIN; // plain-http origin of the throttled server
const skip = ADMIN ? false : "needs the throttled server (TENANTSIM_THROTTLED_ADMIN), see run.sh";
const cred = new ClientSecretCredential(TENANT, CLIENT_ID, SECRET, { authorityHost: HTTPS, disableInstanceDiscovery: true });

async function throttled(route) {
  const text = await (await fetch(`${ADMIN}/_tenantsim/metrics`)).text();
  const m = new RegExp(`^tenantsim_throttled_total\\{route="${route}"\\} (\\d+)`, "m").exec(text);
  return Number(m?.[1] ?? NaN);
}

test("graph-client v3 RetryHandler survives 429 bursts on directoryAudits", { skip, timeout: 90_000 }, async () => {
  const before = await throttled("directoryAudits");
  const authProvider = new TokenCredentialAuthenticationProvider(cred, { scopes: [GRAPH_SCOPE] });
  const client = Client.initWithMiddleware({ authProvider, baseUrl: HTTPS, customHosts: HOSTS });
  const items = [];
  const first = await client.api("/auditLogs/directoryAudits").version("beta").filter("loggedByService eq 'PIM'").top(60).get();
  await new PageIterator(client, first, (e) => (items.push(e), true)).iterate();
  assertSameIds(assert, idsOf(items), idsOf(expectedEvents().audits.filter((e) => e.loggedByService === "PIM")), "PIM under throttling");
  const hits = (await throttled("directoryAudits")) - before;
  assert.ok(hits > 0, `the walk was never throttled (${hits} 429s): the test proves nothing`);
  console.log(`# graph-client v3: ${items.length} events, ${hits} 429 answers retried`);
});

test("Kiota RetryHandler survives 429 bursts on auditEvents", { skip, timeout: 90_000 }, async () => {
  const before = await throttled("auditEvents");
  const { adapter, graph } = betaClient(cred);
  const first = await graph.deviceManagement.auditEvents.get({ queryParameters: { filter: "category eq 'CloudPki'", top: 25 } });
  const items = await walkAll(adapter, first, createAuditEventCollectionResponseFromDiscriminatorValue);
  assertSameIds(assert, idsOf(items), idsOf(expectedEvents().intune.filter((e) => e.category === "CloudPki")), "CloudPki under throttling");
  const hits = (await throttled("auditEvents")) - before;
  assert.ok(hits > 0, `the walk was never throttled (${hits} 429s): the test proves nothing`);
  console.log(`# Kiota: ${items.length} events, ${hits} 429 answers retried`);
});
