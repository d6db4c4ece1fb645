// Registers the two request builders this suite needs on @microsoft/msgraph-beta-sdk's service client.
// npm has no fluent packages for these areas (@microsoft/msgraph-beta-sdk-devicemanagement and
// -auditlogs answer 404, docs/fidelity.md#npm-fluent-packages), so this is what those generated packages do:
// `extendGraphBetaServiceClient` with the generated URI templates, query-parameter mappers, the
// model factories shipped in @microsoft/msgraph-beta-sdk/models and the ODataError mapping.
// Request building, sending, parsing and paging stay the unmodified SDK.
import { extendGraphBetaServiceClient, GraphBetaRequestAdapter, createGraphBetaServiceClient } from "@microsoft/msgraph-beta-sdk";
import { AzureIdentityAuthenticationProvider } from "@microsoft/kiota-authentication-azure";
import { PageIterator } from "@microsoft/msgraph-sdk-core";
import { HTTPS, GRAPH_SCOPE, HOSTS } from "./common.js";
import {
  createAuditEventCollectionResponseFromDiscriminatorValue,
  createDirectoryAuditCollectionResponseFromDiscriminatorValue,
  createSignInCollectionResponseFromDiscriminatorValue,
} from "@microsoft/msgraph-beta-sdk/models/index.js";
import { createODataErrorFromDiscriminatorValue } from "@microsoft/msgraph-beta-sdk/models/oDataErrors/index.js";

const queryParametersMapper = {
  count: "%24count", expand: "%24expand", filter: "%24filter", orderby: "%24orderby",
  search: "%24search", select: "%24select", skip: "%24skip", top: "%24top",
};
const errorMappings = { XXX: createODataErrorFromDiscriminatorValue };
const query = "{?%24count,%24expand,%24filter,%24orderby,%24search,%24select,%24skip,%24top}";

function collection(uriTemplate, responseBodyFactory) {
  return {
    requestsMetadata: {
      get: {
        uriTemplate,
        responseBodyContentType: "application/json",
        errorMappings,
        adapterMethodName: "send",
        responseBodyFactory,
        queryParametersMapper,
      },
    },
  };
}

extendGraphBetaServiceClient(
  {
    deviceManagement: {
      navigationMetadata: {
        auditEvents: collection(`{+baseurl}/deviceManagement/auditEvents${query}`, createAuditEventCollectionResponseFromDiscriminatorValue),
      },
    },
    auditLogs: {
      navigationMetadata: {
        directoryAudits: collection(`{+baseurl}/auditLogs/directoryAudits${query}`, createDirectoryAuditCollectionResponseFromDiscriminatorValue),
        signIns: collection(`{+baseurl}/auditLogs/signIns${query}`, createSignInCollectionResponseFromDiscriminatorValue),
      },
    },
  },
  {},
);

export { createAuditEventCollectionResponseFromDiscriminatorValue, createDirectoryAuditCollectionResponseFromDiscriminatorValue, createSignInCollectionResponseFromDiscriminatorValue, createODataErrorFromDiscriminatorValue, errorMappings };

export function betaClient(credential, baseUrl = `${HTTPS}/beta`) {
  // allowedHosts: without it Kiota sends no Authorization header to a non-Graph host.
  const auth = new AzureIdentityAuthenticationProvider(credential, [GRAPH_SCOPE], undefined, HOSTS);
  const adapter = new GraphBetaRequestAdapter(auth);
  adapter.baseUrl = baseUrl; // before createGraphBetaServiceClient
  return { adapter, graph: createGraphBetaServiceClient(adapter) };
}

export async function walkAll(adapter, firstPage, factory) {
  const items = [];
  const iterator = new PageIterator(adapter, firstPage, (item) => {
    items.push(item);
    return true;
  }, factory, errorMappings);
  await iterator.iterate();
  return items;
}

