#!/usr/bin/python3
"""Walks both audit endpoints on v1.0 and beta with a token from Debian's python3-msal (unmodified,
ConfidentialClientApplication, validate_authority off) and `requests` following @odata.nextLink
verbatim; prints the ids of every walk as one JSON object {"v1.0 directoryAudits": [ids...], ...}.
Used by tests/replicas/clients_test.py through HAProxy; the caller compares the ids with
`tenantsim generate`.
Usage: walk_pages.py HTTPS_ORIGIN TENANT_ID CLIENT_ID SECRET TOP (REQUESTS_CA_BUNDLE names the
certificate the origin presents)."""
import json
import sys

import msal
import requests

origin, tenant, client_id, secret, top = sys.argv[1:6]
app = msal.ConfidentialClientApplication(client_id, client_credential=secret,
                                         authority=f"{origin}/{tenant}", validate_authority=False)
result = app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])
if "access_token" not in result:
    sys.exit(f"no token: {result}")
headers = {"Authorization": "Bearer " + result["access_token"]}
walks = {}
with requests.Session() as session:
    for version in ("v1.0", "beta"):
        for name, path in (("directoryAudits", "auditLogs/directoryAudits"),
                           ("auditEvents", "deviceManagement/auditEvents")):
            ids, url = [], f"{origin}/{version}/{path}?$top={top}"
            while url:
                r = session.get(url, headers=headers, timeout=30)
                if r.status_code != 200:
                    sys.exit(f"{url}: {r.status_code} {r.text[:300]}")
                page = r.json()
                ids += [item["id"] for item in page["value"]]
                url = page.get("@odata.nextLink")
            walks[f"{version} {name}"] = ids
print(json.dumps(walks))
