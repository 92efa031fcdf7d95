import type { DeleteEndpointInput } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { endpointAddress } from '../mobile.js';

/** Deleting an endpoint that does not exist succeeds (AWS: idempotent). */
export const deleteEndpoint: SnsOperation<DeleteEndpointInput, void> = async (deps, input) => {
  await deps.store.deleteDocument(endpointAddress(input.EndpointArn ?? ''));
};
