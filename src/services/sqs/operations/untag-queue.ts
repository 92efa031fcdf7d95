import type { UntagQueueRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';

export const untagQueue: SqsOperation<UntagQueueRequest, void> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  if (!input.TagKeys || input.TagKeys.length === 0) throw sqsErrors.missingParameter('TagKeys');
  await deps.store.untagQueue(queue.id, input.TagKeys);
};
