// Walks both audit endpoints on v1.0 and beta with the Graph JS SDK's PageIterator (graph-client
// v3, unmodified) and an @azure/identity credential, and prints the ids of every walk as one JSON
// object {"v1.0 directoryAudits": [ids...], ...}. Used by tests/replicas/clients_test.py through
// HAProxy; the caller compares the ids with `tenantsim generate`.
// Usage: node walk-pages.mjs HTTPS_ORIGIN TENANT_ID CLIENT_ID SECRET TOP
// (NODE_EXTRA_CA_CERTS names the certificate the origin presents).
import { createRequire } from "node:module";
import { ClientSecretCredential } from "@azure/identity";

const require = createRequire(import.meta.url);
const { Client, PageIterator } = require("@microsoft/microsoft-graph-client");
const { TokenCredentialAuthenticationProvider } = require("@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials");

const [origin, tenant, clientId, secret, top] = process.argv.slice(2);
const credential = new ClientSecretCredential(tenant, clientId, secret,
  { authorityHost: origin, disableInstanceDiscovery: true });
const authProvider = new TokenCredentialAuthenticationProvider(credential,
  { scopes: ["https://graph.microsoft.com/.default"] });
const client = Client.initWithMiddleware({ authProvider, baseUrl: origin,
  customHosts: new Set([new URL(origin).hostname]) });

const walks = {};
for (const version of ["v1.0", "beta"]) {
  for (const [name, path] of [["directoryAudits", "/auditLogs/directoryAudits"],
                              ["auditEvents", "/deviceManagement/auditEvents"]]) {
    const ids = [];
    const first = await client.api(path).version(version).top(Number(top)).get();
    await new PageIterator(client, first, (item) => { ids.push(item.id); return true; }).iterate();
    walks[`${version} ${name}`] = ids;
  }
}
process.stdout.write(JSON.stringify(walks));
