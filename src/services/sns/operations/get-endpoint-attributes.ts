import type { GetEndpointAttributesInput, GetEndpointAttributesResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { loadEndpoint } from '../mobile.js';

export const getEndpointAttributes: SnsOperation<GetEndpointAttributesInput, GetEndpointAttributesResponse> = async (deps, input) => {
  const { endpoint } = await loadEndpoint(deps, input.EndpointArn);
  return { Attributes: endpoint.attributes };
};
