import type { SetQueueAttributesRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { validateSettableAttributes } from '../domain/queue-attributes.js';

export const setQueueAttributes: SqsOperation<SetQueueAttributesRequest, void> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  if (!input.Attributes) throw sqsErrors.missingParameter('Attributes');
  const attributes = validateSettableAttributes(input.Attributes);
  await deps.store.setQueueAttributes(queue.id, attributes, deps.clock.now());
};
