import type { UntagQueueRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { validateTagKey } from '../domain/tags.js';

export const untagQueue: SqsOperation<UntagQueueRequest, void> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  if (!input.TagKeys || input.TagKeys.length === 0) throw sqsErrors.missingParameter('TagKeys');
  for (const key of input.TagKeys) validateTagKey(key);
  await deps.store.untagQueue(queue.id, input.TagKeys);
};
