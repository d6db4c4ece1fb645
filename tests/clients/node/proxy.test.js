// Proxy mode with @azure/identity (unmodified) and its real default authority: no authorityHost,
// instance discovery left on. The only set-up is the environment, as for an application whose
// hosts are hard-coded: HTTPS_PROXY (tenantsim's proxy) and NODE_EXTRA_CA_CERTS (its local CA).
// MSAL's discovery and token requests to login.microsoftonline.com go through the Azure SDK
// pipeline, which honours HTTPS_PROXY; tenantsim answers them. Graph is then paged at
// https://graph.microsoft.com through the same pipeline (what every Azure SDK client sends with),
// and the ids must equal `tenantsim generate`'s.
// Environment: HTTPS_PROXY, NODE_EXTRA_CA_CERTS, TENANTSIM_NDJSON, TENANTSIM_PROXY_LOG.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { ClientSecretCredential, AuthenticationRequiredError } from "@azure/identity";
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
} from "@azure/core-rest-pipeline";
import { TENANT, CLIENT_ID, SECRET, GRAPH_SCOPE, expectedEvents, idsOf, assertSameIds } from "./common.js";

const GRAPH = "https://graph.microsoft.com";
const LOG = process.env.TENANTSIM_PROXY_LOG;

// Lines of the server's stderr that match, waiting (bounded) for one: the server logs a request
// after answering it.
async function logLines(predicate, waitMs = 10000) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lines = fs.readFileSync(LOG, "utf8").split("\n").filter(predicate);
    if (lines.length || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pipeline = createPipelineFromOptions({});
const httpClient = createDefaultHttpClient();

async function walk(url, token) {
  const items = [];
  let pages = 0;
  while (url) {
    const request = createPipelineRequest({ url, headers: createHttpHeaders({ Authorization: `Bearer ${token}` }) });
    const response = await pipeline.sendRequest(httpClient, request);
    assert.equal(response.status, 200, `${url}: ${response.bodyAsText?.slice(0, 300)}`);
    const page = JSON.parse(response.bodyAsText);
    items.push(...page.value);
    pages++;
    url = page["@odata.nextLink"];
    if (url) assert.ok(url.startsWith(`${GRAPH}/`), `nextLink ${url} is not on ${GRAPH}`);
  }
  return { items, pages };
}

let token;

test("the environment holds only the proxy and the CA", () => {
  const proxies = Object.keys(process.env).filter((k) => k.toLowerCase().endsWith("_proxy")).sort();
  assert.deepEqual(proxies, ["HTTPS_PROXY"]);
  assert.ok(process.env.NODE_EXTRA_CA_CERTS, "NODE_EXTRA_CA_CERTS not set");
});

test("ClientSecretCredential with the default authority gets its token from tenantsim", async () => {
  const cred = new ClientSecretCredential(TENANT, CLIENT_ID, SECRET); // no options at all
  const t = await cred.getToken(GRAPH_SCOPE);
  const claims = JSON.parse(Buffer.from(t.token.split(".")[1], "base64url").toString());
  assert.equal(claims.tid, TENANT);
  assert.equal(claims.appid, CLIENT_ID);
  assert.equal(claims.aud, GRAPH);
  token = t.token;
  // MSAL asked login.microsoftonline.com for instance discovery and the token; only the proxy
  // leads there from this machine, and tenantsim's access log shows both (origin-form).
  const discovery = await logLines((l) => l.startsWith("GET /common/discovery/instance?") && l.includes(" 200 "));
  assert.ok(discovery.length > 0, "MSAL's instance discovery did not reach tenantsim");
  const posts = await logLines((l) => l.startsWith(`POST /${TENANT}/oauth2/v2.0/token 200`));
  assert.ok(posts.length > 0, "no token POST answered 200 in the server log");
});

test("a wrong secret through the proxy is AuthenticationRequiredError (AADSTS7000215)", async () => {
  const cred = new ClientSecretCredential(TENANT, CLIENT_ID, "wrong-secret");
  await assert.rejects(cred.getToken(GRAPH_SCOPE), (err) => {
    assert.ok(err instanceof AuthenticationRequiredError, `got ${err?.name}: ${err?.message}`);
    assert.match(err.message, /AADSTS7000215/);
    return true;
  });
});

test("directoryAudits and auditEvents at graph.microsoft.com through the proxy equal generate's", async () => {
  assert.ok(token, "needs the token from the test above");
  const { audits, intune } = expectedEvents();
  const pim = await walk(`${GRAPH}/v1.0/auditLogs/directoryAudits?$filter=loggedByService eq 'PIM'&$top=50`, token);
  assertSameIds(assert, idsOf(pim.items), idsOf(audits.filter((e) => e.loggedByService === "PIM")), "PIM audits");
  assert.ok(pim.pages > 1, `several pages expected, got ${pim.pages}`);
  const all = await walk(`${GRAPH}/beta/deviceManagement/auditEvents?$top=200`, token);
  assertSameIds(assert, idsOf(all.items), idsOf(intune), "Intune audit events");
});
