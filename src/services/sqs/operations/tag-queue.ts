import type { TagQueueRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { validateTags } from '../domain/tags.js';

export const tagQueue: SqsOperation<TagQueueRequest, void> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  if (!input.Tags || Object.keys(input.Tags).length === 0) throw sqsErrors.missingParameter('Tags');
  validateTags(input.Tags, queue.tags);
  await deps.store.tagQueue(queue.id, input.Tags);
};
