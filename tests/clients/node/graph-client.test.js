// @microsoft/microsoft-graph-client v3 (unmodified) with an @azure/identity credential, walking
// directoryAudits and auditEvents with PageIterator. Every walk must return exactly the events
// `tenantsim generate` wrote for the same scenario and filter.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { ClientSecretCredential } from "@azure/identity";
import {
  HTTPS, TENANT, CLIENT_ID, SECRET, NOPERM_ID, NOPERM_SECRET, GRAPH_SCOPE, HOSTS,
  expectedEvents, ticks, idsOf, assertSameIds, assertOrdered,
} from "./common.js";

// graph-client v3 ships CommonJS; its token-credential provider lives at a sub-path.
const require = createRequire(import.meta.url);
const { Client, PageIterator, GraphError } = require("@microsoft/microsoft-graph-client");
const { TokenCredentialAuthenticationProvider } = require("@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials");

function clientFor(credential) {
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] });
  // customHosts: host names only. Without it v3 drops the Authorization header for non-Graph hosts.
  return Client.initWithMiddleware({ authProvider, baseUrl: HTTPS, customHosts: HOSTS });
}
const credOptions = { authorityHost: HTTPS, disableInstanceDiscovery: true };
const client = clientFor(new ClientSecretCredential(TENANT, CLIENT_ID, SECRET, credOptions));

// Walks every page with the library's PageIterator (it follows @odata.nextLink verbatim).
async function walk(request) {
  const items = [];
  const iterator = new PageIterator(client, await request.get(), (item) => {
    items.push(item);
    return true;
  });
  await iterator.iterate();
  return { items };
}

const atLeast = (iso) => (e) => ticks(e.activityDateTime) >= ticks(iso);
const atMost = (iso) => (e) => ticks(e.activityDateTime) <= ticks(iso);
const after = (iso) => (e) => ticks(e.activityDateTime) > ticks(iso);
const before = (iso) => (e) => ticks(e.activityDateTime) < ticks(iso);

const cases = [
  // [name, version, path, filter or null, top, predicate, orderby]
  ["v1.0 directoryAudits, every event", "v1.0", "/auditLogs/directoryAudits", null, 500, () => true],
  ["beta directoryAudits, PIM", "beta", "/auditLogs/directoryAudits", "loggedByService eq 'PIM'", 40,
    (e) => e.loggedByService === "PIM"],
  ["v1.0 directoryAudits, time window ge/le", "v1.0", "/auditLogs/directoryAudits",
    "activityDateTime ge 2026-10-30T00:00:00Z and activityDateTime le 2026-10-30T12:00:00.5Z", 100,
    (e) => atLeast("2026-10-30T00:00:00Z")(e) && atMost("2026-10-30T12:00:00.5Z")(e)],
  ["beta directoryAudits, category and startswith", "beta", "/auditLogs/directoryAudits",
    "category eq 'RoleManagement' and startswith(activityDisplayName, 'Add')", 25,
    (e) => e.category === "RoleManagement" && e.activityDisplayName.startsWith("Add")],
  ["beta directoryAudits, Conditional Access asc", "beta", "/auditLogs/directoryAudits",
    "loggedByService eq 'Conditional Access'", 3, (e) => e.loggedByService === "Conditional Access", "activityDateTime asc"],
  ["beta auditEvents, every event", "beta", "/deviceManagement/auditEvents", null, 100, () => true],
  ["v1.0 auditEvents, CloudPki after a time", "v1.0", "/deviceManagement/auditEvents",
    "category eq 'CloudPki' and activityDateTime gt 2026-10-29T06:00:00Z", 30,
    (e) => e.category === "CloudPki" && after("2026-10-29T06:00:00Z")(e)],
  ["beta auditEvents, revocations or not-before", "beta", "/deviceManagement/auditEvents",
    "activityType eq 'RevokeLeafCertAsync CloudCertificationAuthorityLeafCertificate' or activityDateTime lt 2026-10-29T02:00:00Z", 20,
    (e) => e.activityType === "RevokeLeafCertAsync CloudCertificationAuthorityLeafCertificate" || before("2026-10-29T02:00:00Z")(e),
    "activityDateTime asc"],
];

for (const [name, version, path, filter, top, predicate, orderby] of cases) {
  test(`graph-client v3 PageIterator: ${name}`, async () => {
    let request = client.api(path).version(version).top(top);
    if (filter) request = request.filter(filter);
    if (orderby) request = request.orderby(orderby);
    const { items } = await walk(request);
    const pool = path.includes("directoryAudits") ? expectedEvents().audits : expectedEvents().intune;
    const want = pool.filter(predicate);
    assertSameIds(assert, idsOf(items), idsOf(want), name);
    assert.ok(want.length > top, `${name}: ${want.length} events fit on one page of ${top}; paging is not exercised`);
    assertOrdered(assert, items.map((e) => e.activityDateTime), orderby === "activityDateTime asc" ? "asc" : "desc", name);
  });
}

test("graph-client v3: a 403 (app without permissions) reaches the caller as GraphError", async () => {
  const noperm = clientFor(new ClientSecretCredential(TENANT, NOPERM_ID, NOPERM_SECRET, credOptions));
  for (const path of ["/auditLogs/directoryAudits", "/deviceManagement/auditEvents"]) {
    await assert.rejects(noperm.api(path).version("beta").top(1).get(), (err) => {
      assert.ok(err instanceof GraphError, `got ${err?.constructor?.name}: ${err?.message}`);
      assert.equal(err.statusCode, 403);
      assert.equal(err.code, "Authorization_RequestDenied");
      assert.match(err.message, /Insufficient privileges/);
      assert.ok(err.requestId, "request-id from the error body");
      return true;
    });
  }
});

test("graph-client v3: a 401 (token the server did not sign) reaches the caller as GraphError", async () => {
  const forged = {
    async getToken() {
      const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const now = Math.floor(Date.now() / 1000);
      const jwt = `${b64({ alg: "RS256", typ: "JWT" })}.${b64({ aud: "https://graph.microsoft.com", tid: TENANT, appid: CLIENT_ID, roles: ["AuditLog.Read.All"], iat: now, nbf: now, exp: now + 3600, iss: `https://sts.windows.net/${TENANT}/` })}.${Buffer.from("not a signature").toString("base64url")}`;
      return { token: jwt, expiresOnTimestamp: (now + 3600) * 1000 };
    },
  };
  await assert.rejects(clientFor(forged).api("/auditLogs/directoryAudits").version("v1.0").get(), (err) => {
    assert.ok(err instanceof GraphError, `got ${err?.constructor?.name}: ${err?.message}`);
    assert.equal(err.statusCode, 401);
    assert.equal(err.code, "InvalidAuthenticationToken");
    return true;
  });
});

test("graph-client v3: an unknown filter property reaches the caller as GraphError 400", async () => {
  await assert.rejects(client.api("/auditLogs/directoryAudits").version("v1.0").filter("createdDateTime ge 2026-10-30T00:00:00Z").get(), (err) => {
    assert.ok(err instanceof GraphError);
    assert.equal(err.statusCode, 400);
    assert.match(err.message, /Could not find a property named 'createdDateTime' on type 'microsoft.graph.directoryAudit'/);
    return true;
  });
});
