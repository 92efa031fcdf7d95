import type { ListEndpointsByPlatformApplicationInput, ListEndpointsByPlatformApplicationResponse } from '@aws-sdk/client-sns';
import { decodeToken, encodeToken, PAGE_SIZE, type SnsOperation } from '../context.js';
import { ENDPOINT, loadApp, type EndpointDoc } from '../mobile.js';

export const listEndpointsByPlatformApplication: SnsOperation<ListEndpointsByPlatformApplicationInput, ListEndpointsByPlatformApplicationResponse> = async (deps, input) => {
  const { doc: app } = await loadApp(deps, input.PlatformApplicationArn);
  const docs = await deps.store.listDocuments(ENDPOINT, app.accountId, app.region, app.key, decodeToken(input.NextToken), PAGE_SIZE + 1);
  const page = docs.slice(0, PAGE_SIZE);
  return {
    Endpoints: page.map((d) => ({ EndpointArn: d.key, Attributes: (JSON.parse(d.data) as EndpointDoc).attributes })),
    NextToken: docs.length > PAGE_SIZE ? encodeToken(page[page.length - 1]!.id) : undefined,
  };
};
