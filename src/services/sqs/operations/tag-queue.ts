import type { TagQueueRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { MAX_TAGS, validateTags } from '../domain/tags.js';

export const tagQueue: SqsOperation<TagQueueRequest, void> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  if (!input.Tags || Object.keys(input.Tags).length === 0) throw sqsErrors.missingParameter('Tags');
  validateTags(input.Tags, queue.tags);
  // The store checks the limit again with the merge: TagQueues racing each other all passed the
  // check above against the same tags (on PostgreSQL 60 concurrent single tags made 60).
  if (!(await deps.store.tagQueue(queue.id, input.Tags, MAX_TAGS))) throw sqsErrors.tooManyTags();
};
