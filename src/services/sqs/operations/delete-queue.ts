import type { DeleteQueueRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';

export const deleteQueue: SqsOperation<DeleteQueueRequest, void> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  await deps.store.deleteQueue(queue.id, deps.clock.now());
};
