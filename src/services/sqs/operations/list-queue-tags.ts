import type { ListQueueTagsRequest, ListQueueTagsResult } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';

export const listQueueTags: SqsOperation<ListQueueTagsRequest, ListQueueTagsResult> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  return Object.keys(queue.tags).length > 0 ? { Tags: { ...queue.tags } } : {};
};
