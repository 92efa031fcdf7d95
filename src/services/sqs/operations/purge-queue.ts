import type { PurgeQueueRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';

/** AWS allows one PurgeQueue per queue every 60 seconds (PurgeQueueInProgress, 403). */
const PURGE_COOLDOWN_MS = 60_000;

export const purgeQueue: SqsOperation<PurgeQueueRequest, void> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  const purged = await deps.store.purgeQueue(queue.id, deps.clock.now(), PURGE_COOLDOWN_MS);
  if (!purged) throw sqsErrors.purgeInProgress(queue.name);
};
