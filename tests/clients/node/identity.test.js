// @azure/identity ClientSecretCredential against tenantsim's authority (OIDC discovery + token POST).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ClientSecretCredential, AuthenticationRequiredError } from "@azure/identity";
import { HTTPS, TENANT, CLIENT_ID, SECRET, GRAPH_SCOPE } from "./common.js";

const options = { authorityHost: HTTPS, disableInstanceDiscovery: true };

test("ClientSecretCredential gets a Graph token from the mock authority", async () => {
  const cred = new ClientSecretCredential(TENANT, CLIENT_ID, SECRET, options);
  const token = await cred.getToken(GRAPH_SCOPE);
  assert.ok(token.token.split(".").length === 3, "a JWT");
  assert.ok(token.expiresOnTimestamp > Date.now() + 30 * 60 * 1000, "expires_in honoured (~1 h)");
  const claims = JSON.parse(Buffer.from(token.token.split(".")[1], "base64url").toString());
  assert.equal(claims.tid, TENANT);
  assert.equal(claims.appid, CLIENT_ID);
  assert.equal(claims.aud, "https://graph.microsoft.com");
  assert.ok(claims.roles.includes("AuditLog.Read.All"));
  // Cached: the second call must not fail or change the token.
  assert.equal((await cred.getToken(GRAPH_SCOPE)).token, token.token);
});

// azure-identity 4.x turns MSAL's ServerError (Entra's error JSON) into AuthenticationRequiredError
// whose message starts with the `error` code and carries the AADSTS text: what callers see with Entra.
test("a wrong secret reaches the caller as AuthenticationRequiredError (invalid_client, AADSTS7000215)", async () => {
  const cred = new ClientSecretCredential(TENANT, CLIENT_ID, "wrong-secret", options);
  await assert.rejects(cred.getToken(GRAPH_SCOPE), (err) => {
    assert.ok(err instanceof AuthenticationRequiredError, `got ${err?.name}: ${err?.message}`);
    assert.match(err.message, /^invalid_client: .*AADSTS7000215: Invalid client secret/s);
    return true;
  });
});

test("an unknown client reaches the caller as AuthenticationRequiredError (unauthorized_client)", async () => {
  const cred = new ClientSecretCredential(TENANT, "00000000-0000-0000-0000-0000000000aa", SECRET, options);
  await assert.rejects(cred.getToken(GRAPH_SCOPE), (err) => {
    assert.ok(err instanceof AuthenticationRequiredError, `got ${err?.name}: ${err?.message}`);
    assert.match(err.message, /^unauthorized_client: .*AADSTS700016/s);
    return true;
  });
});
