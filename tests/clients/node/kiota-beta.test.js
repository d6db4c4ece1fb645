// @microsoft/msgraph-beta-sdk (Kiota) with AzureIdentityAuthenticationProvider and msgraph-sdk-core's
// PageIterator: Cloud PKI auditEvents and PIM / Conditional Access directoryAudits with $filter,
// $top and $orderby, following every page. Ids must equal `tenantsim generate`'s for the same filter.
// Then beta auditLogs/signIns with a signInEventTypes lambda (the non-interactive population, which
// beta lists only when the filter names it), ids equal to `generate --log signIns --api beta`.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { ClientSecretCredential } from "@azure/identity";
import { DefaultApiError } from "@microsoft/kiota-abstractions";
import {
  betaClient, walkAll,
  createAuditEventCollectionResponseFromDiscriminatorValue,
  createDirectoryAuditCollectionResponseFromDiscriminatorValue,
  createSignInCollectionResponseFromDiscriminatorValue,
} from "./graph-beta.js";
import {
  HTTPS, TENANT, CLIENT_ID, SECRET, NOPERM_ID, NOPERM_SECRET,
  expectedEvents, ticks, idsOf, assertSameIds, assertOrdered,
} from "./common.js";

const credOptions = { authorityHost: HTTPS, disableInstanceDiscovery: true };

const { adapter, graph } = betaClient(new ClientSecretCredential(TENANT, CLIENT_ID, SECRET, credOptions));

const CLOUD_PKI_TYPES = [
  "RevokeLeafCertAsync CloudCertificationAuthorityLeafCertificate",
  "Search CloudCertificationAuthority",
  "Get CloudCertificationAuthority",
  "Search CloudCertificationAuthorityLeafCertificate",
];

test("Kiota beta: deviceManagement.auditEvents, Cloud PKI activity types, $top + $orderby asc", async () => {
  const filter = CLOUD_PKI_TYPES.map((t) => `activityType eq '${t}'`).join(" or ");
  const first = await graph.deviceManagement.auditEvents.get({
    queryParameters: { filter, top: 15, orderby: ["activityDateTime asc"] },
  });
  const items = await walkAll(adapter, first, createAuditEventCollectionResponseFromDiscriminatorValue);
  const want = expectedEvents().intune.filter((e) => CLOUD_PKI_TYPES.includes(e.activityType));
  assert.ok(want.length > 15 * 3, "several pages");
  assertSameIds(assert, idsOf(items), idsOf(want), "Cloud PKI activity types");
  assertOrdered(assert, items.map((e) => e.activityDateTime), "asc", "Cloud PKI activity types");
  assert.ok(items.every((e) => e.activityDateTime instanceof Date), "Kiota parsed activityDateTime");
  assert.ok(items.every((e) => e.category === "CloudPki"));
});

test("Kiota beta: deviceManagement.auditEvents, category CloudPki and a time range, default order", async () => {
  const filter = "category eq 'CloudPki' and activityDateTime ge 2026-10-29T12:00:00Z and activityDateTime lt 2026-10-31T12:00:00Z";
  const first = await graph.deviceManagement.auditEvents.get({ queryParameters: { filter, top: 25 } });
  const items = await walkAll(adapter, first, createAuditEventCollectionResponseFromDiscriminatorValue);
  const lo = ticks("2026-10-29T12:00:00Z"), hi = ticks("2026-10-31T12:00:00Z");
  const want = expectedEvents().intune.filter((e) => e.category === "CloudPki" && ticks(e.activityDateTime) >= lo && ticks(e.activityDateTime) < hi);
  assertSameIds(assert, idsOf(items), idsOf(want), "CloudPki time range");
  assertOrdered(assert, items.map((e) => e.activityDateTime), "desc", "CloudPki time range");
});

test("Kiota beta: auditLogs.directoryAudits, PIM, $top + $orderby asc", async () => {
  const first = await graph.auditLogs.directoryAudits.get({
    queryParameters: { filter: "loggedByService eq 'PIM'", top: 50, orderby: ["activityDateTime asc"] },
  });
  const items = await walkAll(adapter, first, createDirectoryAuditCollectionResponseFromDiscriminatorValue);
  const want = expectedEvents().audits.filter((e) => e.loggedByService === "PIM");
  assert.ok(want.length > 50 * 3, "several pages");
  assertSameIds(assert, idsOf(items), idsOf(want), "PIM");
  assertOrdered(assert, items.map((e) => e.activityDateTime), "asc", "PIM");
});

test("Kiota beta: auditLogs.directoryAudits, PIM role activations in a window, $orderby desc", async () => {
  const filter = "loggedByService eq 'PIM' and startswith(activityDisplayName, 'Add member to role') and activityDateTime ge 2026-10-29T00:00:00Z and activityDateTime le 2026-10-31T00:00:00Z";
  const first = await graph.auditLogs.directoryAudits.get({ queryParameters: { filter, top: 10, orderby: ["activityDateTime desc"] } });
  const items = await walkAll(adapter, first, createDirectoryAuditCollectionResponseFromDiscriminatorValue);
  const lo = ticks("2026-10-29T00:00:00Z"), hi = ticks("2026-10-31T00:00:00Z");
  const want = expectedEvents().audits.filter((e) => e.loggedByService === "PIM" && e.activityDisplayName.startsWith("Add member to role") && ticks(e.activityDateTime) >= lo && ticks(e.activityDateTime) <= hi);
  assertSameIds(assert, idsOf(items), idsOf(want), "PIM activations");
  assertOrdered(assert, items.map((e) => e.activityDateTime), "desc", "PIM activations");
});

test("Kiota beta: auditLogs.directoryAudits, Conditional Access (category Policy), $top 2", async () => {
  const first = await graph.auditLogs.directoryAudits.get({
    queryParameters: { filter: "loggedByService eq 'Conditional Access' or category eq 'Policy'", top: 2 },
  });
  const items = await walkAll(adapter, first, createDirectoryAuditCollectionResponseFromDiscriminatorValue);
  const want = expectedEvents().audits.filter((e) => e.loggedByService === "Conditional Access" || e.category === "Policy");
  assertSameIds(assert, idsOf(items), idsOf(want), "Conditional Access");
  assert.ok(items.some((e) => e.initiatedBy?.user || e.initiatedBy?.app), "initiatedBy parsed");
});

// Kiota throws the error model its errorMappings name (ODataError, deserialized from Graph's
// envelope); DefaultApiError would mean the body could not be parsed into it.
function assertODataError(err, status, code) {
  assert.ok(!(err instanceof DefaultApiError), `got DefaultApiError (unparsed body): ${err?.message}`);
  assert.equal(err.responseStatusCode, status);
  // The generated model names Graph's "error" property errorEscaped (it clashes with Error).
  assert.equal(err.errorEscaped?.code, code, `ODataError.errorEscaped.code of ${JSON.stringify(err)}`);
  assert.equal(err.message, err.errorEscaped.message, "message lifted from the envelope");
  assert.ok(err.errorEscaped.innerError?.requestId, "innerError.request-id parsed");
  assert.ok(err.errorEscaped.innerError?.date instanceof Date, "innerError.date parsed");
}

test("Kiota beta: auditLogs.signIns, signInEventTypes/any(t: t eq 'nonInteractiveUser') in a window", async () => {
  const lo = "2026-10-30T09:00:00Z", hi = "2026-10-30T11:00:00Z";
  const filter = `signInEventTypes/any(t: t eq 'nonInteractiveUser') and createdDateTime ge ${lo} and createdDateTime lt ${hi}`;
  const first = await graph.auditLogs.signIns.get({ queryParameters: { filter, top: 200 } });
  const items = await walkAll(adapter, first, createSignInCollectionResponseFromDiscriminatorValue);
  const want = fs.readFileSync(process.env.TENANTSIM_SIGNINS_NDJSON, "utf8").split("\n").filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((x) => x.signInEventTypes[0] === "nonInteractiveUser" && ticks(x.createdDateTime) >= ticks(lo) && ticks(x.createdDateTime) < ticks(hi));
  assert.ok(want.length > 200, `several pages (${want.length} sign-ins)`);
  assertSameIds(assert, idsOf(items), idsOf(want), "non-interactive sign-ins");
  assertOrdered(assert, items.map((x) => x.createdDateTime), "desc", "non-interactive sign-ins");
  // Kiota's typed model: enums and dates parsed, the collection property read.
  assert.ok(items.every((x) => x.createdDateTime instanceof Date), "Kiota parsed createdDateTime");
  assert.ok(items.every((x) => x.signInEventTypes?.length === 1 && x.signInEventTypes[0] === "nonInteractiveUser"));
  assert.ok(items.every((x) => x.isInteractive === false), "isInteractive false on refreshes");
  assert.ok(items.every((x) => typeof x.status?.errorCode === "number"), "status.errorCode parsed");
});

test("Kiota beta: a 403 reaches the caller as ODataError", async () => {
  const { graph: noperm } = betaClient(new ClientSecretCredential(TENANT, NOPERM_ID, NOPERM_SECRET, credOptions));
  await assert.rejects(noperm.deviceManagement.auditEvents.get({ queryParameters: { top: 1 } }), (err) => {
    assertODataError(err, 403, "Authorization_RequestDenied");
    assert.match(err.message, /Insufficient privileges/);
    return true;
  });
});

test("Kiota beta: a 401 (unsigned token) reaches the caller as ODataError", async () => {
  const unsigned = {
    async getToken() {
      const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const now = Math.floor(Date.now() / 1000);
      return { token: `${b64({ alg: "none" })}.${b64({ tid: TENANT, appid: CLIENT_ID, exp: now + 3600 })}.`, expiresOnTimestamp: (now + 3600) * 1000 };
    },
  };
  const { graph: bad } = betaClient(unsigned);
  await assert.rejects(bad.auditLogs.directoryAudits.get({ queryParameters: { top: 1 } }), (err) => {
    assertODataError(err, 401, "InvalidAuthenticationToken");
    return true;
  });
});
