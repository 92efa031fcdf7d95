import type { SetEndpointAttributesInput } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { checkAttributes, ENDPOINT_ATTRIBUTES, loadEndpoint, type EndpointDoc } from '../mobile.js';

export const setEndpointAttributes: SnsOperation<SetEndpointAttributesInput, void> = async (deps, input) => {
  const changes = checkAttributes(input.Attributes, ENDPOINT_ATTRIBUTES);
  const { doc, endpoint } = await loadEndpoint(deps, input.EndpointArn);
  const next: EndpointDoc = { attributes: { ...endpoint.attributes, ...changes } };
  await deps.store.updateDocument(doc, JSON.stringify(next));
};
