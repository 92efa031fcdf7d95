import type { SetQueueAttributesRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { checkRedriveTarget } from '../domain/dead-letter.js';
import { isFifo, validateSettableAttributes } from '../domain/queue-attributes.js';
import { queueArn } from '../domain/queue-url.js';

export const setQueueAttributes: SqsOperation<SetQueueAttributesRequest, void> = async (deps, input, ctx) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  if (!input.Attributes) throw sqsErrors.missingParameter('Attributes');
  const fifo = isFifo(queue.attributes);
  const given = input.Attributes.FifoQueue;
  // A FIFO queue stays FIFO; on a standard queue FifoQueue is simply an unknown attribute (below).
  if (fifo && given !== undefined && String(given).toLowerCase() !== 'true') throw sqsErrors.queueTypeImmutable();
  const attributes = validateSettableAttributes(input.Attributes, fifo);
  delete attributes.FifoQueue;
  await checkRedriveTarget(deps, { arn: queueArn(ctx.region, queue.accountId, queue.name), fifo }, attributes.RedrivePolicy);
  await deps.store.setQueueAttributes(queue.id, attributes, deps.clock.now());
};
